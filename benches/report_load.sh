#!/bin/sh
# Benchmark (not a test): how long the HTML report of the generated
# national round (1,000 clusters, 20,000 enterprises) takes to open in
# headless Chromium, and its size.
#
#   benches/report_load.sh [cluster-eval binary] [work folder]
#
# The binary defaults to target/release/cluster-eval, else
# target/debug/cluster-eval (the load time does not depend on how the tool
# was built). The report is opened inside a small page that loads it in an
# iframe, forces a layout of the whole report once it has loaded, and
# writes the report's own navigation timing (loadEventEnd, from the start
# of its navigation) and the time until that layout into its title; three runs are
# printed (the machine's load shows in their spread). Needs chromium (Debian: apt install
# chromium).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-}
if [ -z "$bin" ]; then
    if [ -x "$here/target/release/cluster-eval" ]; then bin="$here/target/release/cluster-eval"
    else bin="$here/target/debug/cluster-eval"; fi
fi
work=${2:-$(mktemp -d)}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
mkdir -p "$work"
if [ ! -f "$work/round/round.toml" ]; then
    "$bin" generate --clusters 1000 --enterprises 20000 "$work/round" >/dev/null
fi
"$bin" run "$work/round" --out "$work/out" --force >/dev/null
report="$work/out/report.html"
cat > "$work/load.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>pending</title></head><body>
<iframe id="f" style="width:1200px;height:900px"></iframe>
<script>
const f = document.getElementById('f');
const t0 = performance.now();
f.onload = () => {
  const d = f.contentDocument;
  const h = d.body.scrollHeight; // a layout of the whole report
  const laid = performance.now() - t0;
  const t = f.contentWindow.performance.getEntriesByType('navigation')[0];
  document.title = 'load ' + Math.round(t.loadEventEnd) + ' ms; layout ' + Math.round(laid) + ' ms; height ' + h;
};
f.src = 'out/report.html';
</script></body></html>
HTML
size=$(wc -c < "$report")
echo "report.html: $size bytes ($(( size / 1024 )) KiB)"
for k in 1 2 3; do
    "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
        --no-first-run --allow-file-access-from-files --dump-dom \
        "file://$work/load.html" 2>/dev/null | grep -o '<title>[^<]*' | sed 's/<title>//'
done
