#!/usr/bin/env bash
# Whole-system benchmark: `hattama demo --scale kz2011` into a fresh SQLite file, timed with
# hyperfine against a peer measured in the same run: the sqlite3 shell loading the very same
# rows (exported from a database hattama produced) into the very same schema with `.import`.
#
# Two peers are timed:
#   sqlite3-all-tables   every row hattama writes (elections, parties, candidates, commissions,
#                        commission_ancestors, precincts, audit, migrations…), same schema and
#                        indexes, same pragmas (WAL, synchronous=NORMAL, foreign keys checked at
#                        commit), one transaction.
#   sqlite3-precincts    only the precincts table (9,700 rows), as a lower bound.
# The headline figure is hattama / sqlite3-all-tables: how many times longer hattama takes than
# sqlite3 writing the same rows. Ratios are comparable across machines; seconds are not.
#
# Usage: scripts/bench-demo-import.sh [--runs N] [--warmup N] [--rev REV] [--skip-build]
#   --rev REV     build a committed revision (git archive REV, unpacked into .build-release-src
#                 and removed after the build) instead of the working tree, e.g. while the tree
#                 is mid-edit; the scratch path stays .build-release, so dependencies are built
#                 once for both.
#   --skip-build  use the binary already in .build-release.
# Environment: HATTAMA_BIN to use an already built binary (implies --skip-build).
set -euo pipefail

runs=10
warmup=2
skip_build=0
rev=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --rev) rev="$2"; shift 2 ;;
        --skip-build) skip_build=1; shift ;;
        -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

need_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

missing=()
for tool in hyperfine sqlite3 jq; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "installing ${missing[*]} with apt-get" >&2
    need_root apt-get update -qq
    need_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/hattama-bench.XXXXXX")"
snapshot=""
cleanup() {
    rm -rf "$work"
    if [[ -n "$snapshot" ]]; then rm -rf "$snapshot"; fi
}
trap cleanup EXIT INT TERM

# 1. Build hattama in release mode, in its own scratch folder (never the default .build).
if [[ -n "${HATTAMA_BIN:-}" ]]; then
    skip_build=1
    hattama="$HATTAMA_BIN"
else
    hattama="$repo/.build-release/release/hattama"
fi
source="existing binary $hattama"
if [[ $skip_build -eq 0 ]]; then
    package="$repo"
    source="working tree at $(git -C "$repo" describe --always --dirty 2>/dev/null || echo '?')"
    if [[ -n "$rev" ]]; then
        commit="$(git -C "$repo" rev-parse --verify "$rev^{commit}")"
        package="$repo/.build-release-src"
        snapshot="$package"
        source="commit $commit"
        echo "== unpacking $commit into $package" >&2
        rm -rf "$package"
        mkdir -p "$package"
        git -C "$repo" archive "$commit" | tar -x -C "$package"
        # Package.resolved is not committed; pin the same versions as the working tree if it has them.
        if [[ -f "$repo/Package.resolved" ]]; then cp "$repo/Package.resolved" "$package/"; fi
    fi
    echo "== building hattama (release, .build-release)${rev:+ at $rev}" >&2
    swift build -c release --package-path "$package" --scratch-path "$repo/.build-release" --product hattama >&2
fi
[[ -x "$hattama" ]] || { echo "no hattama binary at $hattama" >&2; exit 1; }


# 2. One reference run: the database hattama produces is the source of the peer's rows.
ref="$work/reference.sqlite"
echo "== reference run" >&2
"$hattama" demo --db "$ref" --scale kz2011 >&2
# Fold the WAL back so the reference is a single self-contained file.
sqlite3 "$ref" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null

# Schema exactly as hattama's migrations made it (tables first, then indexes, in creation order).
sqlite3 -batch -noheader "$ref" \
    "SELECT sql || ';' FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid;" >"$work/schema.sql"

# Export every non-empty table to headerless CSV, in creation order (parents before children).
# CSV cannot tell NULL from '', and `.import` writes '' where hattama wrote NULL, which CHECK
# and foreign-key constraints refuse. A table that holds NULLs is therefore imported into a
# constraint-free TEMP copy first and moved over with NULLIF() on those columns; the others are
# imported straight into their real table.
: >"$work/import-all.sql"
total_rows=0
mapfile -t tables < <(sqlite3 -batch -noheader "$ref" \
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid;")
for table in "${tables[@]}"; do
    rows=$(sqlite3 -batch -noheader "$ref" "SELECT COUNT(*) FROM \"$table\";")
    [[ "$rows" -gt 0 ]] || continue
    total_rows=$((total_rows + rows))
    sqlite3 -batch -csv -noheader "$ref" "SELECT * FROM \"$table\" ORDER BY rowid;" >"$work/$table.csv"
    mapfile -t columns < <(sqlite3 -batch -noheader "$ref" "SELECT name FROM pragma_table_info('$table') ORDER BY cid;")
    select=""
    staged=0
    for column in "${columns[@]}"; do
        nulls=$(sqlite3 -batch -noheader "$ref" "SELECT COUNT(*) FROM \"$table\" WHERE \"$column\" IS NULL;")
        if [[ "$nulls" -gt 0 ]]; then
            empties=$(sqlite3 -batch -noheader "$ref" "SELECT COUNT(*) FROM \"$table\" WHERE \"$column\" = '';")
            if [[ "$empties" -gt 0 ]]; then
                echo "$table.$column holds both NULL and '': CSV cannot carry it" >&2
                exit 1
            fi
            staged=1
            select+="${select:+, }NULLIF(\"$column\", '')"
        else
            select+="${select:+, }\"$column\""
        fi
    done
    if [[ $staged -eq 1 ]]; then
        {
            echo "CREATE TEMP TABLE \"stage_$table\" AS SELECT * FROM main.\"$table\" WHERE 0;"
            echo ".import --csv --schema temp '$work/$table.csv' \"stage_$table\""
            echo "INSERT INTO main.\"$table\" SELECT $select FROM temp.\"stage_$table\";"
            echo "DROP TABLE temp.\"stage_$table\";"
        } >>"$work/import-all.sql"
        printf '   %-24s %7d rows (NULLs: staged)\n' "$table" "$rows" >&2
    else
        echo ".import --csv '$work/$table.csv' \"$table\"" >>"$work/import-all.sql"
        printf '   %-24s %7d rows\n' "$table" "$rows" >&2
    fi
done
precinct_rows=$(sqlite3 -batch -noheader "$ref" "SELECT COUNT(*) FROM precincts;")
printf '   %-24s %7d rows\n' "(total)" "$total_rows" >&2

pragmas='PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;'

{
    echo ".bail on"
    echo "$pragmas"
    echo "PRAGMA temp_store = MEMORY;"
    echo ".read '$work/schema.sql'"
    echo "BEGIN IMMEDIATE;"
    echo "PRAGMA defer_foreign_keys = ON;"
    cat "$work/import-all.sql"
    echo "COMMIT;"
} >"$work/peer-all.sql"

{
    echo ".bail on"
    echo "$pragmas"
    echo "PRAGMA foreign_keys = OFF;"
    echo ".read '$work/schema.sql'"
    echo "BEGIN IMMEDIATE;"
    echo ".import --csv '$work/precincts.csv' precincts"
    echo "COMMIT;"
} >"$work/peer-precincts.sql"

# Sanity check: the peer really writes the same rows hattama does (content, NULLs included).
check="$work/check.sqlite"
sqlite3 -batch "$check" <"$work/peer-all.sql" >/dev/null
table_digest() { sqlite3 -batch -noheader -nullvalue '<NULL>' "$1" "SELECT * FROM \"$2\" ORDER BY rowid;" | md5sum; }
for table in "${tables[@]}"; do
    [[ "$(table_digest "$ref" "$table")" == "$(table_digest "$check" "$table")" ]] \
        || { echo "peer database differs from hattama's in table $table" >&2; exit 1; }
done
fk=$(sqlite3 -batch -noheader "$check" "PRAGMA foreign_key_check;" | wc -l)
[[ "$fk" -eq 0 ]] || { echo "peer database fails its foreign keys ($fk rows)" >&2; exit 1; }
rm -f "$check" "$check-wal" "$check-shm"

# 3. The measurement: all three commands in one hyperfine run, each into a fresh file.
db="$work/x.sqlite"
clean="rm -f '$db' '$db-wal' '$db-shm'"
echo "== hyperfine: $runs runs each, $warmup warm-up" >&2
hyperfine --style basic --runs "$runs" --warmup "$warmup" \
    --export-json "$work/result.json" \
    --prepare "$clean" \
    -n hattama "'$hattama' demo --db '$db' --scale kz2011" \
    -n sqlite3-all-tables "sqlite3 -batch '$db' < '$work/peer-all.sql'" \
    -n sqlite3-precincts "sqlite3 -batch '$db' < '$work/peer-precincts.sql'" >&2

# 4. Ratios against the peers measured in the same run.
mean() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .mean' "$work/result.json"; }
stddev() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .stddev' "$work/result.json"; }
median() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median' "$work/result.json"; }
h=$(mean hattama); a=$(mean sqlite3-all-tables); p=$(mean sqlite3-precincts)
awk -v h="$h" -v a="$a" -v p="$p" -v hs="$(stddev hattama)" -v as="$(stddev sqlite3-all-tables)" \
    -v hm="$(median hattama)" -v am="$(median sqlite3-all-tables)" \
    -v rows="$total_rows" -v prows="$precinct_rows" -v runs="$runs" -v host="$(hostname)" -v cpus="$(nproc)" \
    -v date="$(date -u +%Y-%m-%dT%H:%MZ)" -v src="$source" 'BEGIN {
    printf "\n== %s, %s, %d cores, %d runs; hattama from %s\n", date, host, cpus, runs, src
    printf "hattama demo --scale kz2011      mean %.3f s ± %.3f (median %.3f)\n", h, hs, hm
    printf "sqlite3 .import, %6d rows     mean %.3f s ± %.3f (median %.3f)\n", rows, a, as, am
    printf "sqlite3 .import, %6d precincts mean %.3f s\n", prows, p
    printf "ratio hattama / sqlite3 (all rows):      %.2f x (medians: %.2f x)\n", h / a, hm / am
    printf "ratio hattama / sqlite3 (precincts only): %.2f x\n", h / p
}'
