# Shared by bin/serve, bin/backup and bin/restore, after bin/_lib.sh. Sourced, not run.

# Writes the production configuration for $1 (serve or maintenance) into a new private folder
# and prints its path. The file holds the database password: it is readable by its owner only.
coop_production_config() {
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/coop-production.XXXXXX") || coop_die "cannot create a temporary folder"
  python3 "$COOP_ROOT/bin/_production.py" config --purpose "$1" \
    --addons-path "$(coop_addons_path --no-tests)" --out "$dir/odoo.conf" || { rm -rf "$dir"; exit 2; }
  printf '%s\n' "$dir/odoo.conf"
}

# Waits (up to COOP_DB_WAIT seconds, 60 by default) for the production PostgreSQL: unlike
# bin/demo and bin/test, production never starts a throwaway cluster of its own.
coop_wait_postgres() {
  local waited=0 limit=${COOP_DB_WAIT:-60}
  until pg_isready -q -h "$PGHOST" -p "$PGPORT"; do
    [ "$waited" -lt "$limit" ] || coop_die "PostgreSQL does not answer on $PGHOST:$PGPORT (waited ${limit}s)"
    sleep 2
    waited=$((waited + 2))
  done
}

coop_database_exists() {
  [ "$(psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

# A script that starts Odoo. The multi-process server starts its gevent process by running
# sys.argv[0] again, so it must be a script (odoo-bin, or the `odoo` of a package), not
# `python3 -m odoo`, whose argv[0] is odoo/__main__.py and cannot run on its own.
coop_odoo_bin() {
  python3 - <<'PY' || coop_die "found neither odoo-bin beside the odoo package nor an 'odoo' command"
import os, shutil, sys, odoo
root = os.path.dirname(os.path.dirname(odoo.__file__))
for candidate in (os.path.join(root, "odoo-bin"), shutil.which("odoo")):
    if candidate and os.path.isfile(candidate):
        print(candidate)
        sys.exit(0)
sys.exit(1)
PY
}
