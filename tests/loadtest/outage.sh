#!/usr/bin/env bash
# Takes the load test's database away for a while, then gives it back, as a restart of
# PostgreSQL does to a running Odoo (run by the locustfile when bin/loadtest has --db-outage).
#
#   outage.sh cut DB SECONDS      every connection to DB is killed and new ones are refused
#                                 for SECONDS; other databases are not touched (bin/test)
#   outage.sh restart DB SECONDS  the whole cluster is stopped for SECONDS and started again;
#                                 only the throwaway cluster bin/_lib.sh runs
#
# Prints the number of connections that were cut.
set -euo pipefail
source "$(dirname "$0")/../../bin/_lib.sh"
mode=$1 db=$2 seconds=$3
[[ $seconds =~ ^[0-9]+$ ]] || coop_die "outage.sh: SECONDS must be a whole number"

cut_connections() {
  psql -d postgres -v ON_ERROR_STOP=1 -qAt -c \
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$db'"
}

case $mode in
  cut)
    # Whatever happens to this script, the database takes connections again.
    trap 'psql -d postgres -qc "ALTER DATABASE \"$db\" ALLOW_CONNECTIONS true" || true' EXIT
    psql -d postgres -v ON_ERROR_STOP=1 -qc "ALTER DATABASE \"$db\" ALLOW_CONNECTIONS false"
    cut_connections
    sleep "$seconds"
    ;;
  restart)
    data=${COOP_PG_DIR:-/tmp/coop-pg-$PGPORT}
    [ -s "$data/PG_VERSION" ] || coop_die "outage.sh restart: PostgreSQL on port $PGPORT is not the throwaway cluster in $data; use cut"
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    as=()
    if [ "$(id -u)" = 0 ]; then as=(runuser -u postgres --); fi
    trap 'coop_ensure_postgres >/dev/null' EXIT
    psql -d postgres -qAt -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db'"
    "${as[@]}" "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    sleep "$seconds"
    ;;
  *) coop_die "outage.sh: cut or restart, not $mode" ;;
esac
