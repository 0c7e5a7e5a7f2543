#!/usr/bin/env bash
# Renders the demo's reports with headless Chromium into PNG files, at a desktop and a phone width.
#   local/screenshots.sh [OUT_DIR] [STORE]
# OUT_DIR defaults to target/screenshots. Without STORE it first runs a short demo into OUT_DIR/store (about a
# minute); with STORE it shoots that store's pages as they are. It shoots reports/index.html (every model), the
# model's page reports/<model>/index.html, its newest run report, the run with the lowest F1Binary (the demo's shifted
# day) and the newest run that measured drift, and prints each page's size. Chromium: $CHROMIUM, else the first of
# chromium, chromium-browser, google-chrome on PATH. Picking the runs needs python3; without it only the newest is shot.
set -euo pipefail
repo_dir=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$repo_dir/target/screenshots}" && cd "${1:-$repo_dir/target/screenshots}" && pwd)
store=${2:-}
model=${MODEL:-churn}
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$browser" ]; then
  echo "screenshots: no Chromium found; set CHROMIUM to its path" >&2
  exit 2
fi
if [ -z "$store" ]; then
  store="$out/store"
  echo "screenshots: running the demo into $store ..." >&2
  "$repo_dir/vigil" demo --store "$store" --port 0 --interval 1s --customers 500 --rows-per-day 1000 \
    --history-days 2 --shift-after 4 --champion-ttl 1s --until-closed --timeout 120s >"$out/demo.log" 2>&1 \
    || { echo "screenshots: the demo failed; see $out/demo.log" >&2; exit 1; }
fi
store=$(cd "$store" && pwd)
reports="$store/reports"

# shot NAME FILE DESKTOP_HEIGHT PHONE_HEIGHT
shot() {
  local name=$1 file=$2
  [ -f "$file" ] || { echo "screenshots: $file is missing" >&2; return 1; }
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="1280,$3" \
    --screenshot="$out/$name-desktop.png" "file://$file" >/dev/null 2>&1
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="390,$4" \
    --screenshot="$out/$name-phone.png" "file://$file" >/dev/null 2>&1
  printf '%-28s %7d bytes  %s\n' "$name" "$(wc -c <"$file")" "$file"
  printf '  %s\n  %s\n' "$out/$name-desktop.png" "$out/$name-phone.png"
}

shot models "$reports/index.html" 900 1200
shot model "$reports/$model/index.html" 2200 2400
runs=$(ls "$reports/$model/runs" | tail -1)
if command -v python3 >/dev/null; then
  runs=$(python3 - "$reports/$model/index.json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
picked = [runs[-1]["runId"]]
scored = [r for r in runs if "F1Binary" in r["metrics"]]
if scored:
    picked.append(min(scored, key=lambda r: r["metrics"]["F1Binary"])["runId"])
drift = [r for r in runs if "FeatureDriftPsiMax" in r["metrics"]]
if drift:
    picked.append(drift[-1]["runId"])
print(" ".join(dict.fromkeys(picked)))
PY
)
fi
for run in $runs; do
  shot "run-$run" "$reports/$model/runs/$run/report.html" 4400 6000
done
