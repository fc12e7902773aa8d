#!/usr/bin/env bash
# Website throughput: wrk against the home page, a commission page and the results JSON endpoint of
# `hattama serve --demo --scale kz2011`, while a second process imports recounted protocols into
# the same database (every import grows the log and so invalidates every cached page), compared with
# nginx serving the same bytes as static files in the same run. Loopback only, bounded duration.
#
#   scripts/bench-web.sh [DURATION_SECONDS]      (default 10 s per endpoint and server)
#
# HATTAMA_BIN picks the binary (default: a release build, made if missing). Needs wrk and nginx
# (apt-get install wrk nginx).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
DURATION="${1:-10}"
THREADS=2
CONNECTIONS=32
for tool in wrk nginx curl; do command -v "$tool" >/dev/null || { echo "bench-web: $tool is missing (apt-get install wrk nginx curl)" >&2; exit 1; }; done
if [ -z "${HATTAMA_BIN:-}" ]; then
    swift build -c release --product hattama >/dev/null
    HATTAMA_BIN="$(swift build -c release --show-bin-path)/hattama"
fi
WORK="$(mktemp -d /tmp/hattama-bench-web.XXXXXX)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT="$(free_port)"; NGINX_PORT="$(free_port)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

"$HATTAMA_BIN" serve --demo --scale "${SCALE:-kz2011}" --db "$WORK/hattama.sqlite" --port "$PORT" --sth-interval 0 >"$WORK/serve.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$WORK/serve.log"; exit 1; }
ELECTION=kz-2011-presidential
REGION="$(curl -sf "http://127.0.0.1:$PORT/api/v1/elections/$ELECTION/commissions/cec" | python3 -c 'import json,sys; print(json.load(sys.stdin)["children"][0]["id"])')"
PATHS=("/en/" "/en/commissions/$REGION" "/api/v1/elections/$ELECTION/results?commission=$REGION")
NAMES=("home" "commission" "results-json")

# The same bytes as static files for nginx.
mkdir -p "$WORK/www"
chmod 755 "$WORK" "$WORK/www"
for i in "${!PATHS[@]}"; do curl -sf "http://127.0.0.1:$PORT${PATHS[$i]}" -o "$WORK/www/${NAMES[$i]}"; chmod 644 "$WORK/www/${NAMES[$i]}"; done
cat >"$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; location / { default_type text/html; } }
}
CONF
nginx -c "$WORK/nginx.conf"

# Recounts of real protocols, imported one small batch at a time by a second process.
curl -sf "http://127.0.0.1:$PORT/open-data/$ELECTION/results-nist.json" >/dev/null  # warm the store
python3 - "$PORT" "$ELECTION" "$WORK/recounts" <<'PY'
import json, sys, urllib.request
port, election, out = sys.argv[1:]
ids = [row.split(",")[0] for row in urllib.request.urlopen(f"http://127.0.0.1:{port}/open-data/{election}/results-precinct.csv").read().decode().splitlines()[1:201]]
for n, pid in enumerate(ids):
    record = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/elections/{election}/protocols/{pid}"))
    figures = record["latest"]["figures"]
    votes = figures["candidateVotes"]
    # A recount that moves one vote between the two first candidates (identical versions are refused).
    a, b = sorted(votes)[:2]
    if votes[a] > 0:
        votes[a] -= 1
        votes[b] += 1
    with open(f"{out}-{n // 5}.jsonl", "a") as f:
        f.write(json.dumps({"precinctID": pid, "lines": figures["lines"], "candidateVotes": figures["candidateVotes"], "reason": "recount"}) + "\n")
PY
(
    for file in "$WORK"/recounts-*.jsonl; do
        "$HATTAMA_BIN" import protocols --db "$WORK/hattama.sqlite" --election "$ELECTION" --sign-with-demo-keys "$file" >/dev/null 2>&1 || true
        echo x >>"$WORK/imports"
        sleep 0.2
    done
) &
PIDS+=($!)

printf '\n| Endpoint | Server | Requests/s | p50 | p99 | Errors |\n|---|---|---:|---:|---:|---:|\n'
for i in "${!PATHS[@]}"; do
    for target in hattama nginx; do
        if [ "$target" = hattama ]; then url="http://127.0.0.1:$PORT${PATHS[$i]}"; else url="http://127.0.0.1:$NGINX_PORT/${NAMES[$i]}"; fi
        out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url")"
        rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
        p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
        p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
        errors="$(awk '/Non-2xx/ {sum += $NF} /Socket errors/ {gsub(/,/, ""); sum += $4 + $6 + $8 + $10} END {print sum+0}' <<<"$out")"
        printf '| %s | %s | %s | %s | %s | %s |\n' "${NAMES[$i]}" "$target" "$rps" "$p50" "$p99" "$errors"
    done
done
echo
echo "protocol batches imported during the run: $(wc -l <"$WORK/imports" 2>/dev/null || echo 0); log size now: $(curl -sf "http://127.0.0.1:$PORT/api/v1/log/sth" | python3 -c 'import json,sys; print(json.load(sys.stdin)["treeSize"])')"
