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

# docs/report_over_time.png: the "Coverage over time" and "differ most" sections of the report
# of the same public articles with the ids and dates of scripts/check_publish.py's dump (the text
# is real, the dates are made up: the public articles are nearly all undated)
python3 scripts/check_publish.py --make-dump "$work/dated.jsonl" >/dev/null
(cd "$work" && "$OLDPWD/target/release/artnorm" run dated.jsonl -o dated-corpus --report -q >/dev/null)
python3 - "$work/dated-corpus/report.html" "$work/over_time.html" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
head = page[:page.index("<body>") + len("<body>")]
start = page.index("<h2>Coverage over time</h2>")
end = page.index("<h2>Covered in one language only</h2>")
open(sys.argv[2], "w", encoding="utf-8").write(head + page[start:end] + "</body></html>\n")
PY
sed 's|</body>|<script>document.body.insertAdjacentHTML("beforeend", "<pre id=height>" + Math.ceil(document.body.getBoundingClientRect().bottom) + "</pre>")</script></body>|' \
  "$work/over_time.html" > "$work/probe2.html"
height=$(chromium "${flags[@]}" --user-data-dir="$work/p3" --window-size="$width,1000" \
  --dump-dom "file://$work/probe2.html" 2>/dev/null | sed -n 's|.*<pre id="height">\([0-9]*\)</pre>.*|\1|p')
chromium "${flags[@]}" --user-data-dir="$work/p4" --window-size="$width,$height" \
  --screenshot="$work/over_time.png" "file://$work/over_time.html" 2>/dev/null
if command -v pngquant >/dev/null; then
  pngquant --quality=60-85 --speed 1 --force --output docs/report_over_time.png "$work/over_time.png"
else
  cp "$work/over_time.png" docs/report_over_time.png
fi
echo "docs/report_over_time.png: ${width}x${height}, $(wc -c < docs/report_over_time.png) bytes"
