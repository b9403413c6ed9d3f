#!/usr/bin/env bash
# Renders one of the demo's HTML emails to samples/email.png (the picture in the README) with headless
# Chromium, Debian's "chromium" package.
#
#   samples/render-html.sh [--dark] [HTML_FILE] [PNG_FILE]
#
# HTML_FILE defaults to target/demo/email-1.html, the demo's first email; when it is missing, the demo
# runs first (mvn -q -Pdemo verify). PNG_FILE defaults to samples/email.png (samples/email-dark.png
# with --dark, which renders as a mail client in dark mode would: prefers-color-scheme: dark).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
scheme=()
default_png="$root/samples/email.png"
if [[ "${1:-}" == "--dark" ]]; then
  shift
  scheme=(--force-dark-mode --blink-settings=preferredColorScheme=0)
  default_png="$root/samples/email-dark.png"
fi
html="${1:-$root/target/demo/email-1.html}"
png="${2:-$default_png}"

if [[ ! -f "$html" ]]; then
  echo "render-html: $html not found, running the demo first" >&2
  (cd "$root" && mvn -q -Pdemo verify)
fi
if [[ ! -f "$html" ]]; then
  echo "render-html: the demo wrote no $html (does the appender's email have an HTML part?)" >&2
  exit 1
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "render-html: installing Debian's chromium" >&2
  sudo=""
  [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
  $sudo apt-get install -y chromium || { $sudo apt-get update && $sudo apt-get install -y chromium; }
fi

profile="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$profile" "$log"' EXIT

# A throw-away profile, and nothing that would make Chromium reach the network on its own.
if ! timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars "${scheme[@]}" --user-data-dir="$profile" \
    --screenshot="$png" --window-size=900,1400 \
    "file://$(realpath "$html")" >"$log" 2>&1; then
  cat "$log" >&2
  echo "render-html: chromium failed" >&2
  exit 1
fi
if [[ ! -s "$png" ]]; then
  cat "$log" >&2
  echo "render-html: chromium wrote no $png" >&2
  exit 1
fi
echo "render-html: $html -> $png"
