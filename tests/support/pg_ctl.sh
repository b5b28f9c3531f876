#!/bin/sh
# PostgreSQL refuses to run as root: as root, run pg_ctl in a user namespace as uid 1000.
PG_CTL="${PG_CTL:-$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)}"
if [ "$(id -u)" = 0 ]; then
  exec unshare --user --map-user=1000 --map-group=1000 "$PG_CTL" "$@"
fi
exec "$PG_CTL" "$@"
