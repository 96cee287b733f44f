#!/usr/bin/env bash
# Roster benchmark: a synthetic national round (by default 1,000 clusters,
# 5,000,000 enterprises, about 1 GB of CSV), read + validated + aggregated
# in one sitting by cluster-eval and three peers doing the same work:
# Python polars (benches/roster_polars.py), DuckDB (roster_duckdb.py) and
# pandas + NumPy (roster_pandas.py), whose shared rules live in
# roster_peers.py. Each tool runs in its own process under /usr/bin/time -v
# (wall time, peak RSS). Every peer's counts (rows, rejected rows, shared
# enterprises, declared figures beyond tolerance, per cluster: rows listed,
# counted and rejected) and derived values (to 1e-9) are compared with
# cluster-eval's outputs; a difference makes the script fail.
#
#   bash benches/roster.sh [CLUSTERS] [ENTERPRISES]
#
# Needs python3 >= 3.11 with polars, duckdb, pandas and numpy
# (pip install polars duckdb pandas numpy) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
clusters=${1:-1000}
enterprises=${2:-5000000}

missing=$(python3 - <<'EOF'
import importlib.util, sys
if sys.version_info < (3, 11):
    print("python>=3.11")
print(" ".join(m for m in ("polars", "duckdb", "pandas", "numpy") if importlib.util.find_spec(m) is None))
EOF
) || missing="python3"
if [ -n "${missing// /}" ]; then
  echo "benches/roster.sh: missing $missing; install the peers with: pip install polars duckdb pandas numpy" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "benches/roster.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2
  exit 2
fi

cargo build --release --quiet
bin=target/release/cluster-eval
dir=target/bench/national-$clusters-$enterprises
if [ ! -f "$dir/enterprises.csv" ]; then
  echo "generating $dir ..."
  "$bin" generate "$dir" --clusters "$clusters" --enterprises "$enterprises" --seed 1
fi
res=$dir.results
rm -rf "$res"
mkdir -p "$res"
ls -l "$dir/enterprises.csv"
# Every tool reads the file from the page cache.
cat "$dir/enterprises.csv" > /dev/null

timed() { # NAME COMMAND...: run under /usr/bin/time -v, fail loudly
  local name=$1
  shift
  echo "== $name"
  if ! /usr/bin/time -v -o "$res/$name.time" "$@"; then
    echo "benches/roster.sh: $name failed (see above)" >&2
    exit 1
  fi
}

timed cluster-eval "$bin" roster "$dir" --out "$dir.out" --json "$res/cluster-eval.json" --force
for peer in polars duckdb pandas; do
  timed "$peer" python3 "benches/roster_$peer.py" "$dir" --out "$res/$peer.json"
done
echo
python3 benches/roster_peers.py table --engine-json "$res/cluster-eval.json" --engine-out "$dir.out" \
  --time-dir "$res" --engine-version "$("$bin" --version | awk '{print $2}')" \
  --peer "polars=$res/polars.json" --peer "duckdb=$res/duckdb.json" --peer "pandas=$res/pandas.json"
