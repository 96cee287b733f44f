#!/usr/bin/env bash
# Usage: .ci/compare-outputs.sh REPO_DIR
# Snapshots REPO_DIR (.ci/snapshot-outputs.sh) and compares it byte for byte
# with the snapshot in $BEFORE (default target/outputs-before).
set -uo pipefail
d=$(mktemp -d /tmp/snap.XXXX)
"$(dirname "$0")/snapshot-outputs.sh" "$1" "$d/after" >/dev/null
if diff -r "${BEFORE:-target/outputs-before}" "$d/after" > "$d/diff.txt"; then echo "IDENTICAL: all outputs byte-identical to the baseline"; else echo "DIFFERENT:"; head -60 "$d/diff.txt"; fi
