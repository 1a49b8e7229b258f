#!/bin/sh
# Make sure Debian's chromium is at /usr/bin/chromium for the browser tests (tests/test_web.py).
# Installs it with apt-get when it is missing and we are root; never downloads Playwright's own browsers.
set -eu
if [ -x /usr/bin/chromium ]; then
    echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is missing; as root run: apt-get update && apt-get install -y chromium" >&2
    exit 1
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
