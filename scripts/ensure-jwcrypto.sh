#!/usr/bin/env bash
# The interop tests make JWEs with Python's jwcrypto, from Debian's python3-jwcrypto: it lives in
# Debian's own Python (/usr/bin/python3), which a python3 earlier on PATH (pyenv) does not see.
set -euo pipefail
PYTHON=/usr/bin/python3
if [ -x "$PYTHON" ] && "$PYTHON" -c 'import jwcrypto' 2>/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "[interop tests] installing Debian's python3-jwcrypto (one time)…" >&2
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-jwcrypto >/dev/null
	"$PYTHON" -c 'import jwcrypto'
	exit 0
fi
echo "The interop tests need Python's jwcrypto for /usr/bin/python3: install it (e.g. sudo apt-get install -y python3-jwcrypto)." >&2
exit 1
