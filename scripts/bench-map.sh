#!/usr/bin/env bash
# Size and draw time of map.html in headless Chromium (issue 14 §4): the 200,000-cell benchmark
# district of scripts/bench-run.sh (bench-cases/big, generated if missing) and the Andorra
# baseline, or the map.html files given as arguments.
#
# Method, RUNS times each (medians printed):
#  - drawn: `chromium --headless --dump-dom` on a copy of the page with one small script added at
#    the start of <head>: a MutationObserver that records performance.now() (milliseconds from
#    the start of navigation, real clock: no virtual-time budget) when #status gets
#    data-state="ready", which the page sets once every layer is drawn and (pages of this
#    version) every image decoded. Parsing the file, decoding its data and drawing are all in it.
#    Pages of this version also record it themselves (data-drawn-ms); both are printed.
#  - loaded: the wall time of `chromium --headless --screenshot` of the page (load, draw, paint,
#    one screenshot), less that of an empty page (the browser's own start-up). --dump-dom is not
#    timed: serializing a page of many megabytes takes longer than drawing it (an inert page of
#    the same bytes takes as long).
#
#   scripts/bench-map.sh                   # build, run both districts, measure their map.html
#   RUNS=5 scripts/bench-map.sh a/map.html b/map.html
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pages=("$@")
if [ ${#pages[@]} -eq 0 ]; then
  . scripts/bench-big-district.sh
  "$bin" run bench-cases/big.yaml --out bench-cases/big-out -q --threads 2
  "$bin" run Scenarios/andorra-baseline.yaml --out bench-cases/andorra-out -q --threads 2
  pages=(bench-cases/big-out/map.html bench-cases/andorra-out/map.html)
fi

flags=(--headless --disable-gpu --no-sandbox --no-first-run --user-data-dir="$work/profile" --hide-scrollbars --window-size=1300,860)
observer='<script>new MutationObserver(function(){var s=document.getElementById("status");if(s&&s.getAttribute("data-state")==="ready"&&!s.hasAttribute("data-bench-ready-ms"))s.setAttribute("data-bench-ready-ms",String(Math.round(performance.now())));}).observe(document,{subtree:true,attributes:true,attributeFilter:["data-state"]});</script>'

# One load of a copy with the observer: prints "<observed ms or -> <data-drawn-ms or -> <data-state>".
drawn() {
  local copy="$work/page.html" dom="$work/dom.html"
  awk -v s="$observer" '!done && (i = index($0, "<head>")) { $0 = substr($0, 1, i + 5) s substr($0, i + 6); done = 1 } { print }' "$1" > "$copy"
  "$browser" "${flags[@]}" --dump-dom "file://$copy" >"$dom" 2>/dev/null || true
  local status
  status=$(grep -o '<div id="status"[^>]*>' "$dom" | head -1 || true)
  echo "$(sed -n 's/.*data-bench-ready-ms="\([0-9]*\)".*/\1/p' <<<"$status" | grep . || echo -)" \
       "$(sed -n 's/.*data-drawn-ms="\([0-9]*\)".*/\1/p' <<<"$status" | grep . || echo -)" \
       "$(sed -n 's/.*data-state="\([a-z]*\)".*/\1/p' <<<"$status" | grep . || echo none)"
}

# Wall seconds of one headless screenshot of the page.
loaded() {
  /usr/bin/time -f '%e' -o "$work/time.txt" "$browser" "${flags[@]}" --screenshot="$work/shot.png" "file://$(realpath "$1")" \
    >/dev/null 2>&1 || true
  cat "$work/time.txt"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

printf '<!DOCTYPE html><html><head></head><body><div id="status" data-state="ready"></div></body></html>\n' > "$work/empty.html"
empty=$(for _ in $(seq "$RUNS"); do loaded "$work/empty.html"; done | median)
echo "empty page: screenshot process ${empty} s (median of $RUNS)"
for page in "${pages[@]}"; do
  for _ in $(seq "$RUNS"); do drawn "$page"; done > "$work/drawn.txt"
  for _ in $(seq "$RUNS"); do loaded "$page"; done > "$work/loaded.txt"
  bytes=$(stat -c %s "$page")
  observed=$(cut -d' ' -f1 "$work/drawn.txt" | { grep -v '^-$' || true; } | median)
  own=$(cut -d' ' -f2 "$work/drawn.txt" | { grep -v '^-$' || true; } | median)
  states=$(cut -d' ' -f3 "$work/drawn.txt" | sort | uniq -c | tr -s ' ' | tr '\n' ' ')
  process=$(median < "$work/loaded.txt")
  printf '%s: %s bytes (%s MB); drawn at %s ms (page: %s ms); screenshot %s s, less the empty page %s s (medians of %s); states:%s\n' \
    "$page" "$bytes" "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')" "$observed" "$own" "$process" \
    "$(awk -v p="$process" -v e="$empty" 'BEGIN { printf "%.2f", p - e }')" "$RUNS" "$states"
done
