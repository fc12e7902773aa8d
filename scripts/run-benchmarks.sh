#!/usr/bin/env bash
# Runs the ordo-one/benchmark suite (Benchmarks/HattamaBenchmarks) through the package plugin,
# always in the .build-bench scratch folder, never in the default .build.
#
# Usage: scripts/run-benchmarks.sh [--rev REV] [--allow-writing] [-- PLUGIN ARGS...]
#   --rev REV   measure a committed revision: git archive REV is unpacked into .build-bench-src
#               together with the working tree's Benchmarks/ (so benchmarks not yet committed
#               still run) and removed afterwards. Useful while Sources/ is being edited.
#   PLUGIN ARGS passed to `swift package benchmark`, e.g. `-- --filter 'IIN.*'`,
#               `--allow-writing -- baseline update main` (writes .benchmarkBaselines/, which is
#               git-ignored; with --rev it lands in the snapshot and is discarded, so update
#               baselines without --rev), `-- --format markdown`.
#   --allow-writing  passes --allow-writing-to-package-directory to swift package.
# Example: scripts/run-benchmarks.sh --rev HEAD -- --no-progress
set -euo pipefail

rev=""
permissions=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rev) rev="$2"; shift 2 ;;
        --allow-writing) permissions+=(--allow-writing-to-package-directory); shift ;;
        --) shift; break ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) break ;;
    esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="$repo"
snapshot=""
cleanup() { if [[ -n "$snapshot" ]]; then rm -rf "$snapshot"; fi; }
trap cleanup EXIT INT TERM

if [[ -n "$rev" ]]; then
    commit="$(git -C "$repo" rev-parse --verify "$rev^{commit}")"
    snapshot="$repo/.build-bench-src"
    package="$snapshot"
    rm -rf "$snapshot"
    mkdir -p "$snapshot"
    git -C "$repo" archive "$commit" | tar -x -C "$snapshot"
    rm -rf "$snapshot/Benchmarks"
    cp -R "$repo/Benchmarks" "$snapshot/Benchmarks"
    if [[ -f "$repo/Package.resolved" ]]; then cp "$repo/Package.resolved" "$snapshot/"; fi
    echo "== benchmarking commit $commit (Benchmarks/ from the working tree)" >&2
else
    echo "== benchmarking the working tree at $(git -C "$repo" describe --always --dirty 2>/dev/null || echo '?')" >&2
fi

cd "$package"
ENABLE_BENCHMARKS=1 swift package --scratch-path "$repo/.build-bench" ${permissions[@]+"${permissions[@]}"} benchmark "$@"
