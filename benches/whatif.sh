#!/bin/sh
# Benchmark (not a test): `whatif` for one cluster of the generated
# national round (1,000 clusters, 20,000 enterprises, mid-term framework):
# the gap, the single-indicator search over every indicator and the
# combined plan, each candidate a full re-decision of the 1,000-cluster
# round. Goal: under a second with a release build.
#
#   benches/whatif.sh [cluster-eval binary] [work folder] [cluster id]
#
# The binary defaults to target/release/cluster-eval, else
# target/debug/cluster-eval. The round is generated and run once; then
# `whatif` is timed three times (the machine's load shows in their spread).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-}
if [ -z "$bin" ]; then
    if [ -x "$here/target/release/cluster-eval" ]; then bin="$here/target/release/cluster-eval"
    else bin="$here/target/debug/cluster-eval"; fi
fi
work=${2:-$(mktemp -d)}
mkdir -p "$work"
if [ ! -f "$work/round/round.toml" ]; then
    "$bin" generate --clusters 1000 --enterprises 20000 "$work/round" >/dev/null
fi
if [ ! -f "$work/out/manifest.json" ]; then
    "$bin" run "$work/round" --out "$work/out" --force >/dev/null
fi
cluster=${3:-$(awk -F, 'NR > 1 && $11 == "pass" { print $2; exit }' "$work/out/ranking.csv")}
echo "binary: $bin"
echo "whatif $work/out $cluster"
for i in 1 2 3; do
    start=$(date +%s.%N)
    "$bin" whatif "$work/out" "$cluster" --lang en >/dev/null
    end=$(date +%s.%N)
    echo "run $i: $(echo "$end - $start" | bc) s"
done
