#!/usr/bin/env bash
# Roster benchmark: a synthetic national round (1,000 clusters, 5,000,000
# enterprises, about 1 GB of CSV), read + validated + aggregated by
# cluster-eval and by pandas, in one run, side by side.
#
#   bash benches/roster.sh [CLUSTERS] [ENTERPRISES]
#
# Needs python3 with pandas and numpy (pip install pandas numpy).
set -euo pipefail
cd "$(dirname "$0")/.."
clusters=${1:-1000}
enterprises=${2:-5000000}
dir=target/bench/national-$clusters-$enterprises
cargo build --release --quiet
bin=target/release/cluster-eval
if [ ! -f "$dir/enterprises.csv" ]; then
  echo "generating $dir ..."
  "$bin" generate "$dir" --clusters "$clusters" --enterprises "$enterprises" --seed 1
fi
ls -l "$dir/enterprises.csv"
echo "== cluster-eval"
"$bin" roster "$dir" --out "$dir.out" --json "$dir.json"
echo "== pandas"
python3 benches/roster_pandas.py "$dir" --check "$dir.out/roster_derived.csv" --engine-json "$dir.json"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
