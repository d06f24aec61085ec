#!/usr/bin/env bash
# The browser test drives Debian's Chromium (playwright's own browser download needs the internet).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "[browser test] installing Debian's chromium (one time)…" >&2
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	exit 0
fi
echo "The browser test needs /usr/bin/chromium: install it (e.g. sudo apt-get install -y chromium)." >&2
exit 1
