#!/usr/bin/env bash
# Public voter lookup over HTTP (issue 6: lookup p99 under 1 ms): wrk against
# `GET /api/v1/voters/lookup?iin=` of `hattama serve`, random IINs of the register, one client
# address per request in X-Forwarded-For (trusted from loopback, as behind a reverse proxy), so
# that the per-client rate limit (10 lookups, then one per 5 s) does not answer instead.
# One connection gives the lookup's own latency; four show it under load on this machine.
#
#   scripts/bench-voter-lookup-http.sh [DB] [DURATION_SECONDS]
#
# DB: a database with a voter register (e.g. the one scripts/bench-voter-import.sh leaves in
# /tmp/hattama-bench-voters/hattama.sqlite); without it, `hattama demo --scale small --voters`
# makes one (361,200 voters). HATTAMA_BIN picks the binary (default: a release build). Needs wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
DB="${1:-}"
DURATION="${2:-10}"
command -v wrk >/dev/null || { echo "bench-voter-lookup-http: wrk is missing (apt-get install wrk)" >&2; exit 1; }
if [ -z "${HATTAMA_BIN:-}" ]; then
    swift build -c release --product hattama >/dev/null
    HATTAMA_BIN="$(swift build -c release --show-bin-path)/hattama"
fi
WORK="$(mktemp -d /tmp/hattama-bench-lookup.XXXXXX)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
if [ -z "$DB" ]; then
    DB="$WORK/hattama.sqlite"
    "$HATTAMA_BIN" demo --scale small --voters --db "$DB" >/dev/null 2>&1
fi
sqlite3 "$DB" "SELECT printf('%012d', iin) FROM voters ORDER BY random() LIMIT 10000" >"$WORK/iins.txt"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$HATTAMA_BIN" serve --db "$DB" --port "$PORT" --sth-interval 0 >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
cat >"$WORK/lookup.lua" <<'LUA'
local iins = {}
for line in io.lines(os.getenv("IINS")) do iins[#iins + 1] = line end
local n, threads = 0, 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
request = function()
  n = n + 1
  local address = string.format("10.%d.%d.%d", tid, math.floor(n / 256) % 256, n % 256)
  return wrk.format("GET", "/api/v1/voters/lookup?iin=" .. iins[(n * 7919 + tid) % #iins + 1], { ["X-Forwarded-For"] = address })
end
LUA
echo "voters: $(sqlite3 "$DB" 'SELECT COUNT(*) FROM voters'), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
for connections in 1 4; do
    threads=$((connections < 2 ? 1 : 2))
    echo "== $connections connection(s), ${DURATION} s"
    IINS="$WORK/iins.txt" wrk -t"$threads" -c"$connections" -d"${DURATION}s" --latency -s "$WORK/lookup.lua" "http://127.0.0.1:$PORT" |
        grep -E "^ +(50|90|99)%|Requests/sec|Non-2xx"
done
