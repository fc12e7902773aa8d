#!/usr/bin/env bash
# Transparency-log benchmark (issue 4, "Performance"), in one run on one machine, against the
# store's SQLite log (not an in-memory tree):
#
#   (i)   append rate: N (default 10,000,000) entries of about 110 bytes appended through the
#         store's own LogAppender, B per transaction (default 100,000), into a fresh SQLite file;
#   (ii)  inclusion proofs at N leaves served from the database: K random leaves (default 10,000)
#         through LogStore.inclusionProof (leaf found by its hash, O(log n) stored nodes), each
#         timed on its own and checked against the root (target: p99 under 1 ms); consistency
#         proofs likewise;
#   (iii) full-log verification: every entry read back, then leaf hashes and the root recomputed in
#         O(log n) memory as an auditor does, against plain SHA-256 of the same bytes in the same
#         run (target: at least 1,000,000 leaves/s).
#
# The helper (scripts/bench-ledger-helper.swift) is built in release from a snapshot in
# .build-ledger-src (removed after the build): `git archive REV` with --rev, otherwise the working
# tree's tracked and untracked, not ignored, files, with a target added to the snapshot's
# Package.swift only. Scratch path: .build-night (shared with bench-election-night.sh, so a build
# for one serves the other).
#
# Usage: scripts/bench-ledger.sh [--rev REV] [--skip-build] [--leaves N] [--batch B] [--proofs K]
#          [--keep-db FILE]
#   --keep-db FILE  build the log into FILE and keep it (or reuse FILE if it already holds N leaves)
set -euo pipefail

rev=""
skip_build=0
leaves=10000000
batch=100000
proofs=10000
keep_db=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rev) rev="$2"; shift 2 ;;
        --skip-build) skip_build=1; shift ;;
        --leaves) leaves="$2"; shift 2 ;;
        --batch) batch="$2"; shift 2 ;;
        --proofs) proofs="$2"; shift 2 ;;
        --keep-db) keep_db="$2"; shift 2 ;;
        -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
scratch="$repo/.build-night"
helper="$scratch/release/hattama-ledger-bench"
work="$(mktemp -d "${TMPDIR:-/tmp}/hattama-ledger.XXXXXX")"
snapshot=""
cleanup() {
    set +e
    rm -rf "$work"
    if [[ -n "$snapshot" ]]; then rm -rf "$snapshot"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

results="$work/results.txt"
: >"$results"
record() { echo "$1=$2" | tee -a "$results" >&2; }
get() { grep -m1 "^$1=" "$results" | cut -d= -f2-; }

source_desc="existing binary $helper"
if [[ $skip_build -eq 0 ]]; then
    snapshot="$repo/.build-ledger-src"
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
    mkdir -p "$snapshot/LedgerBench"
    cp "$repo/scripts/bench-ledger-helper.swift" "$snapshot/LedgerBench/LedgerBench.swift"
    cat >>"$snapshot/Package.swift" <<'EOF'

// Added by scripts/bench-ledger.sh to its build snapshot only.
package.products.append(.executable(name: "hattama-ledger-bench", targets: ["HattamaLedgerBench"]))
package.targets.append(
    .executableTarget(
        name: "HattamaLedgerBench",
        dependencies: [
            "HattamaCore", "HattamaDemo", "HattamaStore", "HattamaLedger", "HattamaVerifier",
            .product(name: "Crypto", package: "swift-crypto"),
        ],
        path: "LedgerBench"
    )
)
EOF
    echo "== building hattama-ledger-bench (release, $scratch) from $source_desc" >&2
    timeout 5400 swift build -c release --package-path "$snapshot" --scratch-path "$scratch" --product hattama-ledger-bench >&2
    rm -rf "$snapshot"
    snapshot=""
fi
[[ -x "$helper" ]] || { echo "no $helper (build without --skip-build first)" >&2; exit 1; }

record run.date "$(date -u +%Y-%m-%dT%H:%MZ)"
record run.source "$source_desc"
record run.host "$(hostname), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
record run.loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"

db="${keep_db:-$work/ledger.sqlite}"
if [[ -n "$keep_db" && -f "$keep_db" ]] && "$helper" proofs --db "$keep_db" --count 1 2>/dev/null | grep -q "^proofs.tree_size=$leaves$"; then
    echo "== (i) reusing $keep_db ($leaves leaves); append rate not measured in this run" >&2
else
    echo "== (i) appending $leaves entries, $batch per transaction" >&2
    timeout 7200 "$helper" fill --db "$db" --leaves "$leaves" --batch "$batch" | tee -a "$results" >&2
fi
record run.loadavg_after_fill "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== (ii) $proofs inclusion proofs and consistency proofs at $leaves leaves" >&2
timeout 1800 "$helper" proofs --db "$db" --count "$proofs" | tee -a "$results" >&2
echo "== (iii) full-log verification from the stored entries, against raw SHA-256" >&2
timeout 3600 "$helper" verify --db "$db" | tee -a "$results" >&2
record run.loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"

{
    echo
    echo "== Transparency log, $(get run.date), $(get run.host)"
    echo "   helper from $(get run.source); load average $(get run.loadavg_start) → $(get run.loadavg_end)"
    if [[ -n "$(get fill.rate)" ]]; then
        echo "(i)   append through LogAppender: $(get fill.rate) entries/s overall ($(get fill.rate_first_tenth)/s first tenth, $(get fill.rate_last_tenth)/s last tenth), $(get fill.file_mb) MB"
    fi
    awk -v p50="$(get proofs.inclusion.p50_us)" -v p99="$(get proofs.inclusion.p99_us)" -v max="$(get proofs.inclusion.max_us)" \
        -v n="$(get proofs.tree_size)" 'BEGIN {
        printf "(ii)  inclusion proof at %d leaves from SQLite: p50 %.0f µs, p99 %.0f µs, max %.0f µs (target p99 < 1 ms: %s)\n", n, p50, p99, max, (p99 < 1000 ? "met" : "NOT met") }'
    echo "      consistency proof: p50 $(get proofs.consistency.p50_us) µs, p99 $(get proofs.consistency.p99_us) µs"
    awk -v a="$(get verify.audit_rate)" -v r="$(get verify.raw_sha256_rate)" -v read="$(get verify.read_rate)" 'BEGIN {
        printf "(iii) full-log verification %d leaves/s vs raw SHA-256 %d/s: %.0f %% (target >= 1,000,000 leaves/s: %s); reading the entries %d/s\n", a, r, 100 * a / r, (a >= 1000000 ? "met" : "NOT met"), read }'
} | tee -a "$results" >&2
echo >&2
echo "== all figures" >&2
cat "$results"
