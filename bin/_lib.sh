# Shared by bin/demo and bin/test. Sourced, not run.
# Reads COOP_DB_HOST, COOP_DB_PORT, COOP_DB_USER, COOP_DB_PASSWORD (defaults match odoo.conf).

COOP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${COOP_DB_HOST:=localhost}" "${COOP_DB_PORT:=5432}" "${COOP_DB_USER:=odoo}" "${COOP_DB_PASSWORD:=odoo}"
export PGHOST=$COOP_DB_HOST PGPORT=$COOP_DB_PORT PGUSER=$COOP_DB_USER PGPASSWORD=$COOP_DB_PASSWORD

coop_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

coop_require_odoo() {
  python3 -c 'import odoo.release, sys; sys.exit(0 if odoo.release.version_info[0] == 18 else 3)' 2>/dev/null && return 0
  coop_die "python3 cannot import Odoo 18 (the 'odoo' package). Install Odoo 18 Community so that 'python3 -c \"import odoo\"' works, or use 'docker compose up'."
}

# The OCA addons of requirements-oca.txt must be installed (pip, without their dependencies).
coop_require_oca() {
  local missing
  missing=$(python3 - "$COOP_ROOT/requirements-oca.txt" <<'PY'
import os, re, sys, odoo.addons
names = re.findall(r"^odoo-addon-(\w+)", open(sys.argv[1]).read(), re.M)
print(" ".join(n for n in names if not any(
    os.path.isfile(os.path.join(p, n, "__manifest__.py")) for p in odoo.addons.__path__)))
PY
) || coop_die "could not read requirements-oca.txt"
  [ -z "$missing" ] || coop_die "OCA addons missing ($missing): pip install --no-deps -r requirements-oca.txt && pip install -r requirements.txt"
}

# The addons path: our addons, the suite's hidden test addon (tests/addons, left out with
# --no-tests: production never lists it), the addons folder inside the odoo package, and
# every other odoo/addons folder Python sees, such as the one in site-packages where pip
# installs the OCA wheels of requirements-oca.txt.
coop_addons_path() {
  python3 - "$COOP_ROOT/addons" "$COOP_ROOT/tests/addons" "${1:-}" <<'PY'
import os, sys, odoo.addons
def holds_addons(path):
    return os.path.isdir(path) and any(
        os.path.isfile(os.path.join(path, name, "__manifest__.py")) for name in os.listdir(path)
    )
paths = [sys.argv[1]]
if sys.argv[3] != "--no-tests" and holds_addons(sys.argv[2]):
    paths.append(sys.argv[2])
paths += [p for p in odoo.addons.__path__ if holds_addons(p)]
root = os.path.dirname(os.path.dirname(odoo.__file__))
if os.path.isdir(os.path.join(root, "addons", "web")):
    paths.append(os.path.join(root, "addons"))  # a git checkout keeps community addons beside the package
print(",".join(dict.fromkeys(paths)))
PY
}

coop_our_modules() {
  (cd "$COOP_ROOT/addons" && for d in */__manifest__.py; do printf '%s,' "${d%%/*}"; done) | sed 's/,$//'
}

# Starts a throwaway PostgreSQL cluster when nothing answers on PGHOST:PGPORT.
coop_ensure_postgres() {
  if pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then return 0; fi
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$bindir/initdb" ] || coop_die "no PostgreSQL answers on $PGHOST:$PGPORT and Debian's postgresql package is not installed (apt-get install postgresql)"
  local data=${COOP_PG_DIR:-/tmp/coop-pg-$PGPORT}
  local as=()
  if [ "$(id -u)" = 0 ]; then as=(runuser -u postgres --); fi
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data" && { [ ${#as[@]} = 0 ] || chown postgres: "$data"; }
    "${as[@]}" "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null || coop_die "initdb failed in $data"
  fi
  echo "Starting a throwaway PostgreSQL cluster in $data on port $PGPORT"
  "${as[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w start \
    -o "-p $PGPORT -k /tmp -c listen_addresses=localhost -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
    || coop_die "PostgreSQL did not start; see $data/server.log"
  "${as[@]}" "$bindir/psql" -h /tmp -p "$PGPORT" -U postgres -d postgres -qc \
    "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PGUSER') THEN CREATE ROLE \"$PGUSER\" LOGIN SUPERUSER PASSWORD '$PGPASSWORD'; END IF; END\$\$;" \
    || coop_die "could not create the database role $PGUSER"
}

coop_odoo() {
  python3 -m odoo -c "$COOP_ROOT/odoo.conf" --addons-path="$(coop_addons_path)" \
    --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" --db_password="$PGPASSWORD" "$@"
}

# Runs the Python read from stdin in `odoo shell` on database $1 (with `env` defined).
coop_shell() {
  python3 -m odoo shell -c "$COOP_ROOT/odoo.conf" --addons-path="$(coop_addons_path)" \
    --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" --db_password="$PGPASSWORD" \
    -d "$1" --no-http --log-level="${COOP_LOG_LEVEL:-warn}"
}

# Creates database $1 with modules $2.
#   flavour "cafe" (bin/demo): a British company in GBP on the UK chart, with only the
#     suite's own demo data (the café's first year), none of Odoo's sample companies.
#   flavour "odoo-demo" (bin/test): Odoo's standard demo database plus the suite's demo,
#     the environment Odoo's own test helpers expect.
#   flavour "cafe-empty": the café's company and chart with no demo data at all, as a new
#     co-op starts (the growth-path test).
coop_create_db() {
  local db=$1 modules=$2 flavour=${3:-cafe}
  if [ "$flavour" = odoo-demo ]; then
    coop_odoo -d "$db" -i "$modules" --stop-after-init --log-level=warn --without-demo= \
      || coop_die "installing $modules failed"
    return
  fi
  coop_odoo -d "$db" -i base --stop-after-init --log-level=warn --without-demo=all \
    || coop_die "creating database $db failed"
  # Set before accounting is installed, so that Odoo picks the UK chart of accounts and GBP.
  psql -d "$db" -qc "
    UPDATE res_currency SET active = TRUE WHERE name = 'GBP';
    UPDATE res_company SET currency_id = (SELECT id FROM res_currency WHERE name = 'GBP') WHERE id = 1;
    UPDATE res_partner SET name = 'Hackney Bakery Café Co-op', city = 'London', tz = 'Europe/London',
           country_id = (SELECT id FROM res_country WHERE code = 'GB')
     WHERE id = (SELECT partner_id FROM res_company WHERE id = 1);
    UPDATE res_company SET name = 'Hackney Bakery Café Co-op' WHERE id = 1;" \
    || coop_die "setting the company to the United Kingdom failed"
  coop_odoo -d "$db" -i account --stop-after-init --log-level=warn --without-demo=all \
    || coop_die "installing accounting failed"
  coop_odoo -d "$db" -i "$modules" --stop-after-init --log-level=warn --without-demo=all \
    || coop_die "installing $modules failed"
  [ "$flavour" = cafe-empty ] || coop_load_demo "$db" "$modules"
}

# Loads the demo data of our own modules only, failing loudly if any of it fails.
coop_load_demo() {
  local db=$1 modules=$2
  python3 -m odoo shell -c "$COOP_ROOT/odoo.conf" --addons-path="$(coop_addons_path)" \
    --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" --db_password="$PGPASSWORD" \
    -d "$db" --no-http --log-level=${COOP_LOG_LEVEL:-warn} <<PY || coop_die "loading the demo data of $modules failed"
import sys
from odoo.modules.graph import Graph
from odoo.modules.loading import load_demo
names = "$modules".split(",")
installed = env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
graph = Graph()
graph.add_modules(env.cr, installed, ["demo"])
missing = set(names) - {package.name for package in graph}
if missing:
    sys.exit(f"not installed: {missing}")
for package in graph:
    package.dbdemo = True  # Odoo loads a module's demo only when its parents have theirs.
for package in graph:
    if package.name in names and not load_demo(env, package, {}, "init"):
        env.cr.rollback()
        sys.exit(1)
env["ir.module.module"].search([("name", "in", names)]).write({"demo": True})
env.cr.commit()
PY
}

# axe-core (accessibility checks of the portal test), fetched from npm once into .cache/axe,
# not committed. COOP_AXE_VERSION pins it.
coop_fetch_axe() {
  local dir=$COOP_ROOT/.cache/axe version=${COOP_AXE_VERSION:-4.10.3}
  [ "$(head -n 1 "$dir/axe.min.js" 2>/dev/null)" = "/*! axe v$version" ] && return 0
  mkdir -p "$dir"
  local tarball
  if command -v npm >/dev/null; then
    tarball=$(cd "$dir" && npm pack --silent "axe-core@$version") || coop_die "npm could not fetch axe-core@$version"
    tarball=$dir/$tarball
  else
    # No npm: the same tarball straight from the npm registry.
    tarball=$dir/axe-core-$version.tgz
    python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' \
      "https://registry.npmjs.org/axe-core/-/axe-core-$version.tgz" "$tarball" \
      || coop_die "could not fetch axe-core@$version from the npm registry (install npm, or put axe.min.js in $dir)"
  fi
  tar -xzf "$tarball" -C "$dir" --strip-components=1 package/axe.min.js package/LICENSE \
    || coop_die "could not unpack $tarball"
  rm -f "$tarball"
}
