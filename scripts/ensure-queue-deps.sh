#!/usr/bin/env bash
# The queue-mode tests run n8n against a real Redis and a real PostgreSQL, both from Debian, started
# by the tests themselves on free ports (no service manager is used). Installs them when missing.
set -euo pipefail
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if command -v redis-server >/dev/null && [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && id postgres >/dev/null 2>&1; then
	exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "[queue tests] installing Debian's redis-server and postgresql (one time)…" >&2
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server postgresql >/dev/null
	# The packages' own services are not wanted: the tests start their own servers.
	service redis-server stop >/dev/null 2>&1 || true
	service postgresql stop >/dev/null 2>&1 || true
	command -v redis-server >/dev/null
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null
	exit 0
fi
echo "The queue-mode tests need redis-server and postgresql: install them (e.g. sudo apt-get install -y redis-server postgresql)." >&2
exit 1
