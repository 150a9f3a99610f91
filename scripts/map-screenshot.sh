#!/usr/bin/env bash
# Regenerates docs/map.png, the README's picture of a run's map.html: a generated 30 × 20 cell
# district with a 10-minute hall threshold and low digital adoption, so that gaps show.
# Needs chromium, libjs-leaflet and fonts-noto-cjk (apt).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product twinreach >/dev/null
bin=.build/debug/twinreach
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" generate --out "$work/d" --cells-x 30 --cells-y 20 >/dev/null
cat > "$work/s.yaml" <<'YAML'
name: hall-10-min
district: d
changes:
  - thresholds: {hall: 10, kiosk: 5}
  - digital_adoption: {group: all, set: 0.3}
YAML
"$bin" run "$work/s.yaml" --out "$work/out" -q
chromium --headless --disable-gpu --no-sandbox --no-first-run --user-data-dir="$work/profile" --hide-scrollbars \
  --virtual-time-budget=5000 --window-size=1300,820 --screenshot="$PWD/docs/map.png" "file://$work/out/map.html" 2>/dev/null
ls -l docs/map.png
