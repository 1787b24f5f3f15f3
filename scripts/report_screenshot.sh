#!/usr/bin/env bash
# Makes docs/report.png, the README's screenshot of report.html, from public data: the Wikinews
# and treebank articles of ../shared/data/articles and the three real dumps of ../shared/seeds,
# through the built-in gazetteer. Needs chromium; pngquant (optional) makes the PNG small.
#   scripts/report_screenshot.sh [WIDTH]        (default 1000 px)
set -euo pipefail
cd "$(dirname "$0")/.."
width=${1:-1000}
shared=$(cd "${SHARED:-../shared}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release -q
(cd "$work" && "$OLDPWD/target/release/artnorm" run "$shared/data/articles" "$shared/seeds" \
  -o public-corpus --report -q >/dev/null)
page="$work/public-corpus/report.html"
# the screenshot ends where the "one language only" lists begin: measured in the page itself
sed 's|</body>|<script>document.body.insertAdjacentHTML("beforeend", "<pre id=height>" + Math.ceil([...document.querySelectorAll("h2")].pop().getBoundingClientRect().top) + "</pre>")</script></body>|' \
  "$page" > "$work/probe.html"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars)
height=$(chromium "${flags[@]}" --user-data-dir="$work/p1" --window-size="$width,1000" \
  --dump-dom "file://$work/probe.html" 2>/dev/null | sed -n 's|.*<pre id="height">\([0-9]*\)</pre>.*|\1|p')
chromium "${flags[@]}" --user-data-dir="$work/p2" --window-size="$width,$height" \
  --screenshot="$work/report.png" "file://$page" 2>/dev/null
mkdir -p docs
if command -v pngquant >/dev/null; then
  pngquant --quality=60-85 --speed 1 --force --output docs/report.png "$work/report.png"
else
  cp "$work/report.png" docs/report.png
fi
echo "docs/report.png: ${width}x${height}, $(wc -c < docs/report.png) bytes"
