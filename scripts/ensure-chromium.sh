#!/usr/bin/env bash
# Debian's Chromium for the browser tests: installed from the distribution's packages when
# missing, never downloaded by a test tool.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then echo "Chromium missing at $CHROMIUM: install it with: sudo apt-get install -y chromium" >&2; exit 1; fi
echo "installing Debian's chromium"
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
[ -x "$CHROMIUM" ]
