#!/usr/bin/env bash
# The end-to-end suite drives Debian's Chromium; Playwright must never download a browser of
# its own (the machines reach only the npm registry and Debian's packages).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ]; then
  echo "Chromium is missing: installing Debian's package…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
else
  echo "Chromium is missing. Install it with: sudo apt-get install -y chromium" >&2
  exit 1
fi
