"""Checks and restores backups in the format of Odoo's database manager. Used by bin/backup and
bin/restore, not run by hand.

A backup is a zip of dump.sql (pg_dump's plain SQL), filestore/ (the attachments' files) and
manifest.json (Odoo version, modules). Odoo's own restore (odoo.service.db.restore_db, also
behind `odoo db load`) is not used, because it
- runs the SQL with psql without stopping at the first error, so a failed restore looks done;
- moves the filestore into a folder that may already exist, nesting it there;
- always restores "as a copy" from the command line (new database identity and base URL),
  which a disaster recovery must not do.
This one stops at any error and then drops what it made, and checks that every file the
database refers to is in the restored filestore.

    python3 bin/_restore.py -c CONF verify FILE
    python3 bin/_restore.py -c CONF restore FILE DB [--copy] [--neutralize] [--force]
        [--allow-missing-files]
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import odoo
from odoo.tools import config


class RestoreError(Exception):
    pass


def read_manifest(path):
    """The backup's manifest, after checking that the zip is whole and has what it needs."""
    if not zipfile.is_zipfile(path):
        raise RestoreError(f"{path} is not a zip file")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for needed in ("dump.sql", "manifest.json"):
            if needed not in names:
                raise RestoreError(f"{path} has no {needed}: not a backup of Odoo's format")
        broken = archive.testzip()
        if broken:
            raise RestoreError(f"{path} is damaged: {broken} does not match its checksum")
        manifest = json.loads(archive.read("manifest.json"))
        manifest["files"] = sum(
            1 for name in names if name.startswith("filestore/") and not name.endswith("/")
        )
    return manifest


def _run_sql(database, dump):
    """Runs pg_dump's SQL into `database` in one transaction that stops at the first error."""
    command = [
        odoo.tools.misc.find_pg_tool("psql"),
        "--dbname",
        database,
        "--no-psqlrc",
        "--quiet",
        "--single-transaction",
        "--set",
        "ON_ERROR_STOP=1",
        "--file",
        "-",
    ]
    with subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=odoo.tools.misc.exec_pg_environ(),
    ) as psql:
        with open(dump, "rb") as sql:
            for line in sql:
                # Only an extension's owner may comment on it; the database user of a managed
                # PostgreSQL is not, and the comment is of no use to Odoo.
                if not line.startswith(b"COMMENT ON EXTENSION "):
                    psql.stdin.write(line)
        psql.stdin.close()
        errors = psql.stderr.read().decode(errors="replace")
    if psql.returncode:
        raise RestoreError(f"the SQL of the backup failed, nothing was kept:\n{errors[-2000:]}")


def _missing_files(env):
    env.cr.execute("SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL")
    Attachment = env["ir.attachment"]
    return [
        name for (name,) in env.cr.fetchall() if not Path(Attachment._full_path(name)).is_file()
    ]


def restore(path, database, *, copy, neutralize, force, allow_missing_files=False):
    from odoo.service import db as db_service

    manifest = read_manifest(path)
    if manifest.get("major_version") != odoo.release.major_version:
        raise RestoreError(
            f"{path} comes from Odoo {manifest.get('major_version')}, this is Odoo "
            f"{odoo.release.major_version}: upgrade the database first"
        )
    filestore = Path(config.filestore(database))
    if db_service.exp_db_exist(database) or filestore.exists():
        if not force:
            raise RestoreError(
                f"database {database} (or its filestore {filestore}) exists: choose another "
                "name, or add --force to replace it (stop the server that serves it first)"
            )
        db_service.exp_drop(database)
        shutil.rmtree(filestore, ignore_errors=True)

    db_service._create_empty_database(database)
    try:
        with tempfile.TemporaryDirectory() as work:
            with zipfile.ZipFile(path) as archive:
                members = [
                    name
                    for name in archive.namelist()
                    if name == "dump.sql" or name.startswith("filestore/")
                ]
                archive.extractall(work, members)
            _run_sql(database, Path(work) / "dump.sql")
            if (Path(work) / "filestore").is_dir():
                filestore.parent.mkdir(parents=True, exist_ok=True)
                shutil.copytree(Path(work) / "filestore", filestore)
        # Opening the registry checks that this Odoo has every module the database uses.
        registry = odoo.modules.registry.Registry.new(database)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            if copy:
                # A copy gets its own identity (database.uuid, database.secret), as Odoo's
                # database manager does for "This database is a copy".
                env["ir.config_parameter"].init(force=True)
            if neutralize:
                odoo.modules.neutralize.neutralize_database(cr)
            missing = _missing_files(env)
            if missing and not allow_missing_files:
                raise RestoreError(
                    f"{len(missing)} attachment file(s) are missing from the backup's filestore, "
                    f"for example {missing[0]}; nothing was kept. --allow-missing-files restores "
                    "it all the same (Odoo shows those attachments empty)"
                )
            env.cr.execute("SELECT count(*) FROM ir_attachment WHERE store_fname IS NOT NULL")
            attachments = env.cr.fetchone()[0]
            uuid = env["ir.config_parameter"].get_param("database.uuid")
    except BaseException:
        odoo.modules.registry.Registry.delete(database)
        db_service.exp_drop(database)
        shutil.rmtree(filestore, ignore_errors=True)
        raise
    return {
        "database": database,
        "modules": len(manifest.get("modules", {})),
        "attachments": attachments,
        "uuid": uuid,
        "copy": copy,
        "neutralized": neutralize,
        "missing_files": len(missing),
    }


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify")
    verify.add_argument("file")
    restoring = commands.add_parser("restore")
    restoring.add_argument("file")
    restoring.add_argument("database")
    restoring.add_argument("--copy", action="store_true")
    restoring.add_argument("--neutralize", action="store_true")
    restoring.add_argument("--force", action="store_true")
    restoring.add_argument("--allow-missing-files", action="store_true")
    args = parser.parse_args(argv)

    config.parse_config(["-c", args.config, "--log-level=warn"], setup_logging=True)
    # The database functions are refused while the database manager is off (list_db); this
    # process is the operator's, not a web request.
    config["list_db"] = True
    try:
        if args.command == "verify":
            manifest = read_manifest(args.file)
            print(
                f"{args.file}: database {manifest['db_name']}, Odoo {manifest['version']}, "
                f"{len(manifest['modules'])} modules, {manifest['files']} files"
            )
        else:
            result = restore(
                args.file,
                args.database,
                copy=args.copy or args.neutralize,
                neutralize=args.neutralize,
                force=args.force,
                allow_missing_files=args.allow_missing_files,
            )
            print("RESTORED " + json.dumps(result))
    except RestoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
