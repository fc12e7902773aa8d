#!/usr/bin/env bash
# Election-night benchmark (issue 3, "Performance"), everything measured in one run on one machine:
#
#   (i)   the Russian 2012 import (95,415 protocols) on SQLite: `hattama import election
#         --profile ru-2012 …` into a fresh file, wall time with /usr/bin/time (target: < 30 s);
#   (ii)  `hattama demo --results` (kz2011: structure, keys, 9,700 signed protocols, turnout)
#         into a fresh SQLite file, with hyperfine;
#   (iii) ingest rate against the raw Ed25519 verify rate, in one process (the helper, see
#         scripts/bench-election-night-helper.swift): per round on fresh SQLite files, the
#         9,700 kz2011 protocols through ResultsStore.submitProtocols (validation, key look-up,
#         signature verification, control checks, log append, one durable transaction), once on
#         one thread (workers: 1) and once with one worker per core (the default), against
#         verifying the same 9,700 signatures with swift-crypto on one thread and on one thread
#         per core (target: ≥ 50 % of the verify rate; every ratio is printed); plus the Russian import's phases one by one, with the same comparison over
#         its 95,415 signatures, a full recount from the stored protocols, and the cost of each
#         per-protocol step (verify, SHA-256 hex, validate, canonical bytes, assess) on its own;
#   (iv)  full re-tabulation of N (default 1,000,000) synthetic stations: the same CSV is loaded
#         into PostgreSQL (COPY) and into a Hattama Tabulation; PostgreSQL's
#         GROUP BY ROLLUP(region, district) is timed against Tabulation.recounted() (target:
#         < 1 s and not slower than PostgreSQL). Both results are diffed row by row.
#
# The binaries are always built from a snapshot in .build-night-src (removed after the build):
# `git archive REV` with --rev, otherwise the working tree's tracked and untracked, not ignored,
# files. The helper is added to the snapshot's Package.swift only; the working tree is never
# touched. Scratch path: .build-night (first release build ≈ 10–15 min on 2 cores).
#
# Usage: scripts/bench-election-night.sh [--rev REV] [--skip-build] [--import-runs N]
#          [--demo-runs N] [--ingest-rounds N] [--stations N] [--pg-runs N] [--retab-runs N]
#          [--skip-import] [--skip-pg]
# Environment: HATTAMA_BENCH_PG_URL (default postgres://hattama:hattama@127.0.0.1:55433/hattama;
#   the role must be allowed to create databases: a throw-away database is created and dropped),
#   RU_2012_ZIP (default ../shared/external-election-data/russia-uik/2012.csv.zip).
set -euo pipefail

rev=""
skip_build=0
skip_import=0
skip_pg=0
import_runs=2
demo_runs=5
ingest_rounds=3
stations=1000000
pg_runs=7
retab_runs=15
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rev) rev="$2"; shift 2 ;;
        --skip-build) skip_build=1; shift ;;
        --skip-import) skip_import=1; shift ;;
        --skip-pg) skip_pg=1; shift ;;
        --import-runs) import_runs="$2"; shift 2 ;;
        --demo-runs) demo_runs="$2"; shift 2 ;;
        --ingest-rounds) ingest_rounds="$2"; shift 2 ;;
        --stations) stations="$2"; shift 2 ;;
        --pg-runs) pg_runs="$2"; shift 2 ;;
        --retab-runs) retab_runs="$2"; shift 2 ;;
        -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
scratch="$repo/.build-night"
bin="$scratch/release"
pg_url="${HATTAMA_BENCH_PG_URL:-postgres://hattama:hattama@127.0.0.1:55433/hattama}"
zip="${RU_2012_ZIP:-$repo/../shared/external-election-data/russia-uik/2012.csv.zip}"

for tool in hyperfine jq /usr/bin/time timeout; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool (apt-get install hyperfine jq time coreutils)" >&2; exit 1; }
done
if [[ $skip_pg -eq 0 ]]; then command -v psql >/dev/null || { echo "missing psql (or pass --skip-pg)" >&2; exit 1; }; fi

work="$(mktemp -d "${TMPDIR:-/tmp}/hattama-night.XXXXXX")"
snapshot=""
pg_db=""
pg_admin_url="$pg_url"
cleanup() {
    set +e
    if [[ -n "$pg_db" ]]; then psql -X -q "$pg_admin_url" -c "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1; fi
    rm -rf "$work"
    if [[ -n "$snapshot" ]]; then rm -rf "$snapshot"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

results="$work/results.txt"
: >"$results"
record() { echo "$1=$2" | tee -a "$results" >&2; }
get() { grep -m1 "^$1=" "$results" | cut -d= -f2-; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# 1. Build hattama and the helper (release) from a snapshot.
source_desc="existing binaries in $bin"
if [[ $skip_build -eq 0 ]]; then
    snapshot="$repo/.build-night-src"
    rm -rf "$snapshot"
    mkdir -p "$snapshot"
    if [[ -n "$rev" ]]; then
        commit="$(git rev-parse --verify "$rev^{commit}")"
        source_desc="commit $commit"
        git archive "$commit" | tar -x -C "$snapshot"
    else
        source_desc="working tree at $(git describe --always --dirty 2>/dev/null || echo '?') (untracked files included)"
        git ls-files -z --cached --others --exclude-standard \
            | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -x -C "$snapshot"
    fi
    if [[ -f "$repo/Package.resolved" ]]; then cp "$repo/Package.resolved" "$snapshot/"; fi
    mkdir -p "$snapshot/NightBench"
    cp "$repo/scripts/bench-election-night-helper.swift" "$snapshot/NightBench/NightBench.swift"
    cat >>"$snapshot/Package.swift" <<'EOF'

// Added by scripts/bench-election-night.sh to its build snapshot only.
package.products.append(.executable(name: "hattama-night-bench", targets: ["HattamaNightBench"]))
package.targets.append(
    .executableTarget(
        name: "HattamaNightBench",
        dependencies: [
            "HattamaCore", "HattamaInterchange", "HattamaDemo", "HattamaStore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ],
        path: "NightBench"
    )
)
EOF
    echo "== building hattama and hattama-night-bench (release, $scratch) from $source_desc" >&2
    build_start=$(date +%s)
    timeout 5400 swift build -c release --package-path "$snapshot" --scratch-path "$scratch" \
        --product hattama >&2
    timeout 3600 swift build -c release --package-path "$snapshot" --scratch-path "$scratch" \
        --product hattama-night-bench >&2
    record build.seconds "$(( $(date +%s) - build_start ))"
    rm -rf "$snapshot"
    snapshot=""
fi
hattama="$bin/hattama"
helper="$bin/hattama-night-bench"
[[ -x "$hattama" && -x "$helper" ]] || { echo "no binaries in $bin (build without --skip-build first)" >&2; exit 1; }

record run.date "$(date -u +%Y-%m-%dT%H:%MZ)"
record run.source "$source_desc"
record run.host "$(hostname), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
record run.loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"
record run.swift "$(swift --version 2>/dev/null | head -1)"

# 2. (i) The Russian 2012 import on SQLite.
if [[ $skip_import -eq 0 ]]; then
    [[ -f "$zip" ]] || { echo "no $zip (set RU_2012_ZIP or pass --skip-import)" >&2; exit 1; }
    walls=()
    for run in $(seq 1 "$import_runs"); do
        db="$work/ru.sqlite"
        rm -f "$db" "$db-wal" "$db-shm"
        echo "== (i) Russian 2012 import, run $run of $import_runs" >&2
        timeout 1200 /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" \
            "$hattama" import election --profile ru-2012 --izbirkom-csv "$zip" \
            --election ru-2012-presidential --day 2012-03-04 --db "$db" >"$work/ru-out.txt" 2>&1
        tail -n 3 "$work/ru-out.txt" >&2
        grep -q "stored 95415 protocols for 95415 stations" "$work/ru-out.txt" \
            || { echo "import did not store 95,415 protocols" >&2; cat "$work/ru-out.txt" >&2; exit 1; }
        grep -q "registered voters 109860331" "$work/ru-out.txt" \
            || { echo "registered voters differ from 109,860,331" >&2; exit 1; }
        read -r wall user sys rss <"$work/time.txt"
        record "ru_import.run$run" "wall ${wall}s user ${user}s sys ${sys}s maxrss $((rss / 1024))MB"
        walls+=("$wall")
        rm -f "$db" "$db-wal" "$db-shm"
    done
    record ru_import.wall_median_s "$(printf '%s\n' "${walls[@]}" | median)"
    record ru_import.summary "$(grep -m1 '^stored' "$work/ru-out.txt")"
fi

# 3. (ii) hattama demo --results (kz2011) on SQLite.
echo "== (ii) hattama demo --results, $demo_runs runs after 1 warm-up" >&2
demo_db="$work/demo.sqlite"
"$hattama" demo --results --db "$demo_db" >"$work/demo-out.txt" 2>&1
cat "$work/demo-out.txt" >&2
record demo.protocols "$(grep -o '[0-9]* signed protocols ([0-9]* quarantined' "$work/demo-out.txt" || echo '?')"
timeout 1200 hyperfine --style basic --runs "$demo_runs" --warmup 1 --export-json "$work/demo.json" \
    --prepare "rm -f '$demo_db' '$demo_db-wal' '$demo_db-shm'" \
    -n "hattama demo --results" "'$hattama' demo --results --db '$demo_db'" >&2
record demo.mean_s "$(jq -r '.results[0].mean' "$work/demo.json")"
record demo.median_s "$(jq -r '.results[0].median' "$work/demo.json")"
record demo.stddev_s "$(jq -r '.results[0].stddev' "$work/demo.json")"
rm -f "$demo_db" "$demo_db-wal" "$demo_db-shm"

# 4. (iii) Ingest against raw verification, in one process.
echo "== (iii) ingest vs raw Ed25519 verify (kz2011 demo, $ingest_rounds rounds)" >&2
timeout 1200 "$helper" ingest --rounds "$ingest_rounds" --dir "$work" | tee -a "$results" >&2
if [[ $skip_import -eq 0 ]]; then
    echo "== (iii) Russian import phase by phase, with raw verify of the same signatures" >&2
    timeout 1200 "$helper" ru-import --zip "$zip" --db "$work/ru-phases.sqlite" | tee -a "$results" >&2
    echo "== (iii) each per-protocol step of submitProtocols on its own (Russian 2012 protocols)" >&2
    timeout 1200 "$helper" components --repeat 2 --zip "$zip" | tee -a "$results" >&2
else
    echo "== (iii) each per-protocol step of submitProtocols on its own (kz2011 protocols)" >&2
    timeout 1200 "$helper" components --repeat 3 | tee -a "$results" >&2
fi

# 5. (iv) Re-tabulation: PostgreSQL GROUP BY ROLLUP against Tabulation.recounted().
echo "== (iv) $stations synthetic stations" >&2
csv="$work/stations.csv"
timeout 600 "$helper" stations-gen --stations "$stations" --out "$csv" | tee -a "$results" >&2
echo "== (iv) Hattama: Tabulation.recounted(), $retab_runs runs" >&2
timeout 1200 "$helper" retab --csv "$csv" --runs "$retab_runs" --out "$work/rollup-hattama.csv" | tee -a "$results" >&2

if [[ $skip_pg -eq 0 ]]; then
    pg_db="hattama_bench_night_$$"
    psql -X -q "$pg_admin_url" -v ON_ERROR_STOP=1 -c "CREATE DATABASE $pg_db" >&2
    pg_bench_url="${pg_url%/*}/$pg_db"
    record pg.version "$(psql -X -At "$pg_bench_url" -c 'SHOW server_version')"
    record pg.settings "$(psql -X -At "$pg_bench_url" -c "SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather', 'fsync')")"
    header="$(head -1 "$csv")"
    columns=""
    IFS=, read -r -a names <<<"$header"
    for name in "${names[@]}"; do columns+="${columns:+, }$name integer NOT NULL"; done
    # The query as the issue words it: one GROUP BY ROLLUP over the stations.
    counters="count(*) FILTER (WHERE state > 0) AS received,
  count(*) FILTER (WHERE state IN (1, 2)) AS accepted,
  count(*) FILTER (WHERE state = 2) AS warned,
  count(*) FILTER (WHERE state = 3) AS quarantined,
  coalesce(sum(registered) FILTER (WHERE state IN (1, 2)), 0) AS registered_accepted"
    sums=""
    outer="sum(received)::bigint AS received, sum(accepted)::bigint AS accepted, sum(warned)::bigint AS warned,
  sum(quarantined)::bigint AS quarantined, sum(registered_accepted)::bigint AS registered_accepted"
    for name in "${names[@]:5}"; do
        sums+=", coalesce(sum($name) FILTER (WHERE state IN (1, 2)), 0) AS $name"
        outer+=", sum($name)::bigint AS $name"
    done
    rollup_query="SELECT region, district, $counters$sums FROM stations GROUP BY ROLLUP (region, district)"
    # The same totals the way Hattama computes them: stations into their districts first (a
    # parallel hash aggregate), then ROLLUP over the 2,500 district rows.
    twostep_query="SELECT region, district, $outer FROM (SELECT region, district, $counters$sums
  FROM stations GROUP BY region, district) d GROUP BY ROLLUP (region, district)"
    # One line each: psql's \copy takes its query from a single line.
    rollup_query="${rollup_query//$'\n'/ }"
    twostep_query="${twostep_query//$'\n'/ }"
    echo "== (iv) PostgreSQL: COPY $stations rows" >&2
    load_start=$(date +%s.%N)
    {
        echo "CREATE UNLOGGED TABLE stations ($columns);"
        echo "\\copy stations FROM '$csv' WITH (FORMAT csv, HEADER true)"
        echo "VACUUM (ANALYZE) stations;"
    } | psql -X -q "$pg_bench_url" -v ON_ERROR_STOP=1 >&2
    record pg.load_s "$(awk -v a="$load_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')"
    record pg.table_size "$(psql -X -At "$pg_bench_url" -c "SELECT pg_size_pretty(pg_table_size('stations'))")"

    # Three sessions: the ROLLUP query with the server's settings; the same with work_mem large
    # enough for an in-memory sort and no JIT; and the two-step query with work_mem = 64MB and no
    # JIT, which lets PostgreSQL hash-aggregate in parallel. The best median counts as the peer.
    best_pg=""
    best_config=""
    for config in default tuned twostep; do
        settings=""
        query="$rollup_query"
        case $config in
            tuned) settings="SET work_mem = '256MB'; SET jit = off;" ;;
            twostep) settings="SET work_mem = '64MB'; SET jit = off;"; query="$twostep_query" ;;
        esac
        {
            echo "$settings"
            echo "SELECT count(*) FROM stations;"  # warm the buffers
            echo "\\o /dev/null"
            echo "$query;"
            echo "\\o"
            echo "EXPLAIN (ANALYZE, BUFFERS) $query;"
            for _ in $(seq 1 "$pg_runs"); do echo "EXPLAIN (ANALYZE, TIMING OFF) $query;"; done
            echo "\\timing on"
            echo "\\o /dev/null"
            for _ in $(seq 1 "$pg_runs"); do echo "$query;"; done
            echo "\\o"
            echo "\\timing off"
        } >"$work/pg-$config.sql"
        echo "== (iv) PostgreSQL ($config session), $pg_runs runs each of EXPLAIN ANALYZE and the query itself" >&2
        timeout 1800 psql -X -q "$pg_bench_url" -v ON_ERROR_STOP=1 -f "$work/pg-$config.sql" >"$work/pg-$config.out"
        # The first EXPLAIN (with BUFFERS) shows the plan; its timing is not used.
        awk '/QUERY PLAN/ { p = 1 } p && /Execution Time/ { print; exit } p' "$work/pg-$config.out" | sed 's/^/   /' >&2
        exec_ms="$(grep 'Execution Time' "$work/pg-$config.out" | tail -n "$pg_runs" | awk '{ print $3 }' | median)"
        client_ms="$(grep '^Time:' "$work/pg-$config.out" | awk '{ print $2 }' | median)"
        record "pg.$config.plan_top" "$(grep -m1 -E 'Aggregate' "$work/pg-$config.out" | sed 's/^ *//; s/  (cost.*//')"
        record "pg.$config.execution_ms_median" "$exec_ms"
        record "pg.$config.query_ms_median" "$client_ms"
        record "pg.$config.execution_ms_all" "$(grep 'Execution Time' "$work/pg-$config.out" | tail -n "$pg_runs" | awk '{ printf "%s ", $3 }')"
        if [[ -z "$best_pg" ]] || awk -v a="$exec_ms" -v b="$best_pg" 'BEGIN { exit !(a < b) }'; then
            best_pg="$exec_ms"
            best_config="$config"
        fi

        # Same data, same totals: PostgreSQL's rows against Hattama's aggregates.
        echo "\\copy ($query) TO '$work/rollup-pg.csv' WITH (FORMAT csv)" | psql -X -q "$pg_bench_url" -v ON_ERROR_STOP=1 >&2
        if diff <(sort "$work/rollup-pg.csv") <(sort "$work/rollup-hattama.csv") >"$work/rollup.diff"; then
            record "retab.same_totals_as_pg_$config" "yes ($(wc -l <"$work/rollup-pg.csv") rows identical)"
        else
            record "retab.same_totals_as_pg_$config" "NO: $(wc -l <"$work/rollup.diff") diff lines"
            head -20 "$work/rollup.diff" >&2
            exit 1
        fi
    done
    record pg.best_execution_ms_median "$best_pg"
    record pg.best_config "$best_config"
    psql -X -q "$pg_admin_url" -c "DROP DATABASE $pg_db" >&2
    pg_db=""
fi
record run.loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"

# 6. Summary against the issue's targets.
{
    echo
    echo "== Election night, $(get run.date), $(get run.host)"
    echo "   hattama from $(get run.source); load average $(get run.loadavg_start) → $(get run.loadavg_end)"
    if [[ $skip_import -eq 0 ]]; then
        awk -v m="$(get ru_import.wall_median_s)" -v n="$import_runs" 'BEGIN {
            printf "(b) Russian 2012 import, SQLite: median %.1f s over %d runs (target < 30 s: %s)\n", m, n, (m < 30 ? "met" : "NOT met") }'
        echo "    phases (helper, one run): parse+checks $(get ru.phase.parse_and_checks_s) s, structure $(get ru.phase.import_structure_s) s," \
            "keys $(get ru.phase.generate_keys_s) s, signing $(get ru.phase.sign_s) s, submitProtocols $(get ru.phase.submit_protocols_s) s"
        echo "    submitProtocols $(get ru.submit_rate)/s vs raw verify $(get ru.raw_verify_rate)/s on 1 thread: ratio $(get ru.ratio_submit_vs_verify);" \
            "vs $(get ru.raw_verify_cores_rate)/s on all cores: ratio $(get ru.ratio_submit_vs_verify_all_cores); CPU time: ratio $(get ru.ratio_submit_vs_verify_cpu_time)"
        echo "    full recount from the stored protocols (recountedResults, 95,415): $(get ru.recount_from_db_s) s"
    fi
    echo "(ii) hattama demo --results kz2011: mean $(get demo.mean_s) s (median $(get demo.median_s) s, $demo_runs runs)"
    for pass in single parallel; do
        awk -v pass="$pass" -v cores="$(get ingest.cores)" -v d="$(get ingest.$pass.durable_rate)" -v v="$(get ingest.$pass.verify_rate)" \
            -v c="$(get ingest.$pass.verify_cores_rate)" -v r1="$(get ingest.$pass.ratio_vs_verify_1_thread)" \
            -v rn="$(get ingest.$pass.ratio_vs_verify_all_cores)" -v rc="$(get ingest.$pass.ratio_cpu_time)" 'BEGIN {
            printf "(a) ingest, %s (submitProtocols, durable, 9,700 kz2011 protocols) %d/s vs raw Ed25519 verify %d/s on 1 thread: %.0f %% (target >= 50 %%: %s); vs %d/s on %d threads: %.0f %%; CPU time per protocol vs per verification: %.0f %%\n",
                pass, d, v, 100 * r1, (r1 >= 0.5 ? "met" : "NOT met"), c, cores, 100 * rn, 100 * rc }'
    done
    awk -v p="$(get ingest.pipeline_rate)" -v pr="$(get ingest.ratio_pipeline_vs_verify_median_of_rounds)" 'BEGIN {
        printf "    CPU pipeline without the database, 1 thread %d/s: %.0f %% of raw verify on 1 thread\n", p, 100 * pr }'
    echo "    per protocol: verify $(get components.ed25519_verify_us) µs, validate $(get components.validate_us) µs" \
        "(with the layout $(get components.validate_layout_us) µs), canonicalBytes $(get components.canonical_bytes_us) µs" \
        "(with the layout $(get components.canonical_bytes_layout_us) µs), assess $(get components.assess_us) µs," \
        "SHA-256 hex $(get components.sha256_hex_table_us) µs ($(get components.profile))"
    awk -v h="$(get retab.recounted_s_median)" -v hs="$(get retab.recounted_plus_summaries_s_median)" -v n="$(get retab.stations)" \
        -v pg="$(get pg.best_execution_ms_median)" 'BEGIN {
        printf "(c) re-tabulation of %d stations: Tabulation.recounted() median %.1f ms (with summaries %.1f ms) (target < 1 s: %s)\n", n, 1000 * h, 1000 * hs, (h < 1 ? "met" : "NOT met")
        if (pg != "") printf "    PostgreSQL, best session median %.1f ms: PostgreSQL / Hattama = %.1f x (target >= 1: %s)\n", pg, pg / (1000 * h), (pg / (1000 * h) >= 1 ? "met" : "NOT met") }'
    if [[ $skip_pg -eq 0 ]]; then
        echo "    PostgreSQL medians: ROLLUP default $(get pg.default.execution_ms_median) ms, ROLLUP tuned $(get pg.tuned.execution_ms_median) ms," \
            "two-step $(get pg.twostep.execution_ms_median) ms (best: $(get pg.best_config))"
        echo "    totals identical to PostgreSQL's (each query): $(get retab.same_totals_as_pg_default) / $(get retab.same_totals_as_pg_tuned) / $(get retab.same_totals_as_pg_twostep)"
    fi
} | tee -a "$results" >&2
echo >&2
echo "== all figures" >&2
cat "$results"
