#!/usr/bin/env bash
# Voter register benchmark (issue 6), every figure measured in the same run:
#
#   1. `hattama demo --voters` (release build) generates the synthetic register for the structure
#      (9.1 million voters for kz2011; SCALE=small for a quick run) once, writes it as the CSV lists
#      local executive bodies would deliver (one per region, one per station abroad: precinct
#      numbers repeat across regions), and imports them all in one call (one transaction, as
#      `hattama import voters` with several files) into a fresh SQLite file with every check (IIN
#      check digit, date and age, duplicates within and across lists, precincts, conflicts). Its
#      own report separates generation from import; the import time is what is compared.
#   2. sqlite3's `.import` of the same CSV files, in one transaction with the same pragmas, into a
#      bare table (the peer the goal names) and into a table shaped like ours since migration 7
#      (rows in arrival order, a unique index on the IIN and an index on the precinct, both built
#      after the load as hattama's import into an empty register does, the same 1 GiB page cache).
#   3. Self-service lookup by IIN through the store (`hattama voters lookup-times`): p50/p99 over
#      LOOKUPS random IINs of the register.
#   4. The same import into PostgreSQL (COPY), when HATTAMA_BENCH_POSTGRES_URL names a server
#      where the role may create databases (a scratch database is created and dropped).
#
# Usage: scripts/bench-voter-import.sh            (SCALE=kz2011|small, WORK=dir, LOOKUPS=n)
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-kz2011}
WORK=${WORK:-/tmp/hattama-bench-voters}
LOOKUPS=${LOOKUPS:-10000}
HATTAMA=${HATTAMA:-.build/release/hattama}
PG_URL=${HATTAMA_BENCH_POSTGRES_URL:-}

if [ ! -x "$HATTAMA" ]; then swift build -c release --product hattama; fi
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed for the peer measurement" >&2; exit 1; }
rm -rf "$WORK"
mkdir -p "$WORK"

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }

echo "== hattama demo --scale $SCALE --voters (SQLite file)"
"$HATTAMA" demo --scale "$SCALE" --voters --voters-csv "$WORK/csv" --db "$WORK/hattama.sqlite" 2>/dev/null | tee "$WORK/hattama.txt"
line=$(grep '^Voter register:' "$WORK/hattama.txt")
voters=$(echo "$line" | sed -E 's/^Voter register: ([0-9]+) .*/\1/')
hattama_s=$(echo "$line" | sed -E 's/.*imported in ([0-9.]+) s.*/\1/')
csv_bytes=$(cat "$WORK"/csv/*.csv | wc -c)

peer() { # $1: table definition, $2: label, $3: statements after the load, inside the transaction
    rm -f "$WORK/peer.sqlite"*
    {
        echo "PRAGMA journal_mode = WAL;"
        echo "PRAGMA synchronous = NORMAL;"
        echo "$1"
        echo "BEGIN;"
        for f in "$WORK"/csv/*.csv; do echo ".import --csv --skip 1 '$f' voters"; done
        echo "${3:-}"
        echo "COMMIT;"
    } >"$WORK/peer.sql"
    local t0 t1
    t0=$(now)
    sqlite3 "$WORK/peer.sqlite" <"$WORK/peer.sql" >/dev/null
    t1=$(now)
    local rows
    rows=$(sqlite3 "$WORK/peer.sqlite" "SELECT COUNT(*) FROM voters")
    printf '%s: %s rows in %.2f s\n' "$2" "$rows" "$(elapsed "$t0" "$t1")" >&2
    elapsed "$t0" "$t1"
}

echo "== sqlite3 .import of the same $(ls "$WORK"/csv/*.csv | wc -l) files ($csv_bytes bytes)"
raw_s=$(peer "CREATE TABLE voters (iin, surname, given_name, patronymic, birth_date, settlement, address, precinct_number);" \
    "sqlite3 .import, bare table")
shaped_s=$(peer "PRAGMA cache_size = -1048576; CREATE TABLE voters (iin INTEGER NOT NULL, surname TEXT, given_name TEXT, patronymic TEXT,
    birth_date TEXT, settlement TEXT, address TEXT, precinct_number TEXT);" \
    "sqlite3 .import, our shape (unique IIN index + precinct index built after)" \
    "CREATE UNIQUE INDEX voters_iin ON voters(iin); CREATE INDEX voters_precinct ON voters(precinct_number);")

echo "== lookup by IIN ($LOOKUPS random voters)"
cat "$WORK"/csv/*.csv | grep -v '^iin,' | cut -d, -f1 | shuf -n "$LOOKUPS" --random-source=<(yes) >"$WORK/iins.txt"
lookup=$("$HATTAMA" voters lookup-times --db "$WORK/hattama.sqlite" "$WORK/iins.txt")
echo "$lookup"

pg_s=""
if [ -n "$PG_URL" ]; then
    echo "== PostgreSQL (COPY)"
    scratch="hattama_bench_voters_$$"
    base="${PG_URL%/*}"
    psql "$PG_URL" -qc "CREATE DATABASE $scratch" >/dev/null
    trap 'psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $scratch WITH (FORCE)" >/dev/null' EXIT
    "$HATTAMA" demo --scale "$SCALE" --voters --db "$base/$scratch" 2>/dev/null | tee "$WORK/postgres.txt"
    pg_s=$(grep '^Voter register:' "$WORK/postgres.txt" | sed -E 's/.*imported in ([0-9.]+) s.*/\1/')
fi

echo
echo "== Results ($SCALE, $voters voters, $(nproc) cores, $(date -u +%Y-%m-%d))"
printf 'hattama import (SQLite)      %8.2f s  %10.0f voters/s\n' "$hattama_s" "$(echo "$voters / $hattama_s" | bc -l)"
printf 'sqlite3 .import, bare table  %8.2f s  %10.0f rows/s   hattama at %.0f%% of its speed\n' "$raw_s" \
    "$(echo "$voters / $raw_s" | bc -l)" "$(echo "100 * $raw_s / $hattama_s" | bc -l)"
printf 'sqlite3 .import, our shape   %8.2f s  %10.0f rows/s   hattama at %.0f%% of its speed\n' "$shaped_s" \
    "$(echo "$voters / $shaped_s" | bc -l)" "$(echo "100 * $shaped_s / $hattama_s" | bc -l)"
echo "lookup: $lookup"
if [ -n "$pg_s" ]; then
    printf 'hattama import (PostgreSQL)  %8.2f s  %10.0f voters/s\n' "$pg_s" "$(echo "$voters / $pg_s" | bc -l)"
fi
