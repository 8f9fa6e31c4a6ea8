"""The production profile of odoo.conf, made concrete for this machine and this environment.

Used by bin/serve, bin/backup and bin/restore (through bin/_production.sh), not run by hand.

    python3 bin/_production.py config --purpose serve|maintenance --addons-path P --out FILE
        Writes the configuration Odoo runs with: [options] of odoo.conf, the [coop_production]
        section over it, then the environment (README, "Production"). `serve` also needs the
        admin password and sizes the workers; `maintenance` (backups, restores) needs neither.
    python3 bin/_production.py check-database DB [--allow-demo]
        Refuses to serve a database that holds demo data or whose `admin` logs in with `admin`.

Refusals exit with status 2 and one line that says what to do.
"""

import argparse
import configparser
import contextlib
import importlib
import math
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
# Connections kept free for psql, backups and a maintenance run beside the server.
RESERVED_CONNECTIONS = 10
# Passwords that are known to anyone who read this repository or Odoo's documentation.
KNOWN_PASSWORDS = {"admin", "coop-admin", "odoo", "password"}
MIN_PASSWORD_LENGTH = 12
DATABASE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class Refusal(Exception):
    """A setting that production must not run with."""


# --- The machine --------------------------------------------------------------------------


def _read(path):
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def machine_cpus():
    """CPUs this process may use: its affinity, within a container's CPU quota (cgroup v2)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    quota = _read("/sys/fs/cgroup/cpu.max").split()
    if len(quota) == 2 and quota[0] != "max":
        cpus = min(cpus, max(1, math.ceil(int(quota[0]) / int(quota[1]))))
    return cpus


def machine_memory():
    """Bytes of RAM: the machine's, or a container's memory limit if lower (cgroup v2)."""
    total = 0
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            total = int(line.split()[1]) * 1024
    limit = _read("/sys/fs/cgroup/memory.max")
    if limit.isdigit():
        total = min(total, int(limit)) if total else int(limit)
    return total


# --- The sizing rule ----------------------------------------------------------------------


def size_workers(
    cpus, memory, limit_memory_soft, cron_threads, db_maxconn, db_maxconn_gevent, pg_connections
):
    """HTTP workers for this machine, and why.

    Odoo's rule of thumb is 2 x CPUs + 1 (one worker serves about six people clicking at once).
    Two more bounds apply on a co-op's single server:
    - memory: a worker (and a cron worker) may keep up to limit_memory_soft of address space
      between requests, and half the RAM is left to PostgreSQL and the system's file cache;
    - connections: each worker process may open db_maxconn connections, the gevent process
      db_maxconn_gevent, and PostgreSQL accepts pg_connections, less a few kept for maintenance.
    Never fewer than 2 workers, so that one slow request does not block everyone.
    """
    by_cpu = 2 * cpus + 1
    by_memory = memory // 2 // limit_memory_soft - cron_threads
    by_connections = (
        pg_connections - RESERVED_CONNECTIONS - db_maxconn_gevent
    ) // db_maxconn - cron_threads
    workers = max(2, min(by_cpu, by_memory, by_connections))
    reason = (
        f"{workers} workers = min(2 x {cpus} CPUs + 1 = {by_cpu}; "
        f"{memory // MIB} MiB / 2 / {limit_memory_soft // MIB} MiB soft limit "
        f"- {cron_threads} cron "
        f"= {by_memory}; ({pg_connections} PostgreSQL connections - {RESERVED_CONNECTIONS} - "
        f"{db_maxconn_gevent} gevent) / {db_maxconn} per worker - {cron_threads} cron "
        f"= {by_connections}), at least 2"
    )
    return workers, reason


# --- Secrets ------------------------------------------------------------------------------


def admin_password(environ):
    """The database manager's password from COOP_ADMIN_PASSWORD(_FILE), checked."""
    path = environ.get("COOP_ADMIN_PASSWORD_FILE")
    if path:
        try:
            value = Path(path).read_text().strip()
        except OSError as error:
            raise Refusal(f"cannot read COOP_ADMIN_PASSWORD_FILE: {error}") from error
    else:
        value = environ.get("COOP_ADMIN_PASSWORD", "")
    if not value:
        raise Refusal(
            "no admin password: set COOP_ADMIN_PASSWORD (or COOP_ADMIN_PASSWORD_FILE) to a "
            "secret of at least 12 characters, for example the output of `openssl rand -base64 24`"
        )
    if value.lower() in KNOWN_PASSWORDS or len(value) < MIN_PASSWORD_LENGTH:
        raise Refusal(
            f"COOP_ADMIN_PASSWORD is too weak: use at least {MIN_PASSWORD_LENGTH} characters, "
            "and none of the demo's passwords"
        )
    if value == environ.get("COOP_DB_PASSWORD"):
        raise Refusal("COOP_ADMIN_PASSWORD must differ from the database password")
    return value


def hash_password(value):
    """Odoo's own hash (pbkdf2-sha512), so that the written file never holds the password."""
    return importlib.import_module("odoo.tools.config").crypt_context.hash(value)


# --- The configuration --------------------------------------------------------------------


def _connection(environ):
    return {
        "db_host": environ.get("COOP_DB_HOST", "localhost"),
        "db_port": environ.get("COOP_DB_PORT", "5432"),
        "db_user": environ.get("COOP_DB_USER", "odoo"),
        "db_password": environ.get("COOP_DB_PASSWORD", "odoo"),
    }


def _connect(connection, database):
    import psycopg2

    return contextlib.closing(
        psycopg2.connect(
            host=connection["db_host"],
            port=connection["db_port"],
            user=connection["db_user"],
            password=connection["db_password"],
            dbname=database,
            connect_timeout=10,
        )
    )


def postgres_max_connections(connection):
    """PostgreSQL's max_connections, or its default (100) when it cannot be asked."""
    try:
        with _connect(connection, "postgres") as cnx, cnx.cursor() as cr:
            cr.execute("SHOW max_connections")
            return int(cr.fetchone()[0])
    except Exception:  # noqa: BLE001 (any failure: fall back to the default)
        return 100


def production_options(
    conf_path, environ, *, purpose, addons_path, machine=None, pg_connections=None
):
    """The options Odoo runs with, as strings, and the lines that explain the sizing."""
    parser = configparser.RawConfigParser()
    if not parser.read(conf_path):
        raise Refusal(f"cannot read {conf_path}")
    options = dict(parser.items("options"))
    options.update(parser.items("coop_production"))
    options.update(_connection(environ))
    options["addons_path"] = addons_path
    if environ.get("COOP_DATA_DIR"):
        options["data_dir"] = environ["COOP_DATA_DIR"]
    notes = []
    if purpose == "maintenance":
        # Backups and restores run one process, no server: no workers, no manager password.
        options.update(workers="0", max_cron_threads="0", admin_passwd="", log_level="warn")
        return options, notes

    options["admin_passwd"] = hash_password(admin_password(environ))
    database = environ.get("COOP_DB_NAME", "coop")
    if not DATABASE_NAME.match(database):
        raise Refusal(f"COOP_DB_NAME {database!r} is not a plain database name")
    options["db_name"] = database
    options["dbfilter"] = f"^{re.escape(database)}$"
    for option, variable in (
        ("http_interface", "COOP_HTTP_INTERFACE"),
        ("http_port", "COOP_HTTP_PORT"),
        ("gevent_port", "COOP_GEVENT_PORT"),
        ("max_cron_threads", "COOP_MAX_CRON_THREADS"),
        ("workers", "COOP_WORKERS"),
    ):
        if environ.get(variable):
            options[option] = environ[variable]

    cpus, memory = machine or (machine_cpus(), machine_memory())
    soft = int(options["limit_memory_soft"])
    cron = int(options["max_cron_threads"])
    maxconn = int(options["db_maxconn"])
    maxconn_gevent = int(options.get("db_maxconn_gevent") or maxconn)
    if pg_connections is None:
        pg_connections = postgres_max_connections(options)
    if options["workers"] == "auto":
        workers, reason = size_workers(
            cpus, memory, soft, cron, maxconn, maxconn_gevent, pg_connections
        )
        options["workers"] = str(workers)
        notes.append(reason)
    else:
        workers = int(options["workers"])
        rule, _reason = size_workers(
            cpus, memory, soft, cron, maxconn, maxconn_gevent, pg_connections
        )
        notes.append(f"{workers} workers, as set (the rule would give {rule})")
    if workers < 1:
        raise Refusal("production runs Odoo's multi-process server: workers must be at least 1")
    connections = (workers + cron) * maxconn + maxconn_gevent
    if connections > pg_connections - RESERVED_CONNECTIONS:
        notes.append(
            f"warning: up to {connections} connections, PostgreSQL accepts {pg_connections}: "
            "lower COOP_WORKERS or raise max_connections"
        )
    notes.append(
        f"{cron} cron worker(s); memory per worker: recycled above "
        f"{soft // MIB} MiB, request stopped at {int(options['limit_memory_hard']) // MIB} MiB; "
        f"time per request: {options['limit_time_cpu']} s CPU, {options['limit_time_real']} s real"
    )
    return options, notes


def write_config(options, path):
    """Writes `options` as an Odoo configuration file readable by its owner only."""
    parser = configparser.RawConfigParser()
    parser.add_section("options")
    for key in sorted(options):
        parser.set("options", key, options[key])
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write("; Written by bin/_production.py from odoo.conf [options], then\n")
        handle.write("; [coop_production], then the environment. Written anew at every start.\n")
        parser.write(handle)


# --- The database -------------------------------------------------------------------------


def database_problems(connection, database, *, allow_demo):
    """Why this database must not be served in production (an empty list if nothing)."""
    with _connect(connection, database) as cnx, cnx.cursor() as cr:
        cr.execute(
            "SELECT name FROM ir_module_module WHERE state = 'installed' AND demo ORDER BY name"
        )
        demo = [name for (name,) in cr.fetchall()]
        cr.execute("SELECT password FROM res_users WHERE login = 'admin' AND active")
        hashes = [value for (value,) in cr.fetchall() if value]
    if allow_demo:
        return []
    problems = []
    if demo:
        problems.append(
            f"database {database} holds demo data ({', '.join(demo[:5])}"
            f"{'...' if len(demo) > 5 else ''}): production serves a database made without it"
        )
    crypt = importlib.import_module("odoo.tools.config").crypt_context
    if any(crypt.verify("admin", value) for value in hashes):
        problems.append(
            f"in database {database}, the user `admin` still has the password `admin`: "
            "change it (Preferences, or bin/serve's first start sets it to COOP_ADMIN_PASSWORD)"
        )
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    config = commands.add_parser("config")
    config.add_argument("--purpose", choices=("serve", "maintenance"), required=True)
    config.add_argument("--addons-path", required=True)
    config.add_argument("--out", required=True)
    config.add_argument("--conf", default=str(ROOT / "odoo.conf"))
    check = commands.add_parser("check-database")
    check.add_argument("database")
    check.add_argument("--allow-demo", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.command == "config":
            options, notes = production_options(
                args.conf, os.environ, purpose=args.purpose, addons_path=args.addons_path
            )
            write_config(options, args.out)
            for note in notes:
                print(f"production profile: {note}", file=sys.stderr)
        else:
            problems = database_problems(
                _connection(os.environ), args.database, allow_demo=args.allow_demo
            )
            if problems:
                raise Refusal("; ".join(problems))
    except Refusal as refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
