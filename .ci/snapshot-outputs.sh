#!/usr/bin/env bash
# Usage: .ci/snapshot-outputs.sh REPO_DIR DEST_DIR
# Every output a user sees, for a refactoring that must not change behaviour:
# runs the release binary of REPO_DIR (build it first) on the three sample
# rounds (zh and en), sensitivity, check (human and JSON), explain, template,
# roster and verify, and writes everything into DEST_DIR, with the paths
# that depend on where the folders are (manifest.json's round paths, the
# folder names in messages) normalised.
#
# How issue 13 (the architecture) was checked: a snapshot of main before the
# change (.ci/snapshot-outputs.sh <checkout-before> target/outputs-before),
# then .ci/compare-outputs.sh . after every merge: IDENTICAL.
set -uo pipefail
repo=$(cd "$1" && pwd); dest=$2
rm -rf "$dest"; mkdir -p "$dest"
bin="$repo/target/release/cluster-eval"
cd "$repo"
for r in hebei-2024-midterm hebei-2022-competition asem; do
  for l in zh en; do
    "$bin" run sample_data/$r --out "$dest/run-$r-$l" --lang $l > "$dest/run-$r-$l.stdout" 2>&1; echo "exit $?" >> "$dest/run-$r-$l.stdout"
  done
  "$bin" check sample_data/$r --format json > "$dest/check-$r.json" 2>&1; echo "exit $?" >> "$dest/check-$r.json"
  "$bin" check sample_data/$r > "$dest/check-$r.txt" 2>&1; echo "exit $?" >> "$dest/check-$r.txt"
done
"$bin" sensitivity sample_data/hebei-2024-midterm --out "$dest/sens" --replications 500 --sobol-base 64 --bootstrap 20 --quiet > "$dest/sens.stdout" 2>/dev/null; echo "exit $?" >> "$dest/sens.stdout"
"$bin" explain "$dest/run-hebei-2022-competition-zh" C17 --vs C19 > "$dest/explain.txt" 2>&1; echo "exit $?" >> "$dest/explain.txt"
"$bin" explain "$dest/run-hebei-2024-midterm-zh" HB06 > "$dest/explain2.txt" 2>&1; echo "exit $?" >> "$dest/explain2.txt"
"$bin" template --framework indicators/hebei-midterm.toml --round sample_data/hebei-2024-midterm > "$dest/template.csv" 2>&1; echo "exit $?" >> "$dest/template.csv"
"$bin" roster sample_data/hebei-2024-midterm --out "$dest/roster" > /dev/null 2>&1; echo "exit $?" > "$dest/roster.exit"
"$bin" verify "$dest/run-asem-zh" > "$dest/verify.txt" 2>&1; echo "exit $?" >> "$dest/verify.txt"
for f in "$dest"/*.txt "$dest"/*.stdout "$dest"/*.json; do sed -i "s#$dest#DEST#g; s#$repo#REPO#g" "$f"; done
for m in "$dest"/run-*/manifest.json; do
  sed -i -E 's#"round_absolute": "[^"]*"#"round_absolute": "X"#; s#"round": "[^"]*"#"round": "R"#' "$m"
done
echo "snapshot in $dest"
