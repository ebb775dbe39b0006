#!/usr/bin/env bash
# Debian's Chromium for the browser tests, and a Chinese font so zh-CN screens render (and
# their screenshots show text, not boxes): installed from the distribution's packages when
# missing, never downloaded by a test tool.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
need=()
[ -x "$CHROMIUM" ] || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then echo "missing ${need[*]}: install with: sudo apt-get install -y ${need[*]}" >&2; exit 1; fi
echo "installing Debian's ${need[*]}"
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
[ -x "$CHROMIUM" ]
