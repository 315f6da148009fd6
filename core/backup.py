"""Backups that restore: the database and the media files in one archive, with a manifest.

An archive (``showcase-YYYYmmdd-HHMMSS.tar.gz``, time in UTC) holds

    manifest.json      versions, database vendor, creation time, rows per table, media totals
    database.sqlite3   SQLite: a copy made with SQLite's online backup API
    database.pgdump    PostgreSQL: ``pg_dump --format=custom``
    media/…            the files under MEDIA_ROOT

``manage.py backup`` and ``manage.py restore`` are thin wrappers around this module.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from core.page_cache import invalidate

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
POSTGRES_TABLES = """
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.relname
"""
# Connection OPTIONS that libpq tools read from the environment instead.
LIBPQ_ENV = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY"}
SQLITE_LOCK_SECONDS = 20
UNCHANGED = "nothing was changed"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message tells the operator why."""


@dataclass
class BackupResult:
    archive: Path
    manifest: dict
    archive_bytes: int
    seconds: float


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict[str, int]  # rows per table after the restore
    mismatches: dict[str, tuple[int, int | None]]  # table: (manifest, restored; None if missing)
    pending_migrations: int
    seconds: float


def default_output_dir() -> Path:
    return Path(settings.BASE_DIR) / "var" / "backups"


def create_backup(output_dir: Path | str | None = None) -> BackupResult:
    started = time.monotonic()
    connection = _connection()
    output_dir = Path(output_dir or default_output_dir()).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if output_dir.is_relative_to(media_root):
        raise BackupError(f"{output_dir} is inside MEDIA_ROOT, which the web server publishes: choose another folder.")
    # Archives hold personal data and password hashes: readable by their owner only.
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    created = datetime.now(UTC).replace(microsecond=0)
    archive = output_dir / f"showcase-{created:%Y%m%d-%H%M%S}.tar.gz"
    if archive.exists():
        raise BackupError(f"{archive} already exists; wait a second and run the backup again.")

    with tempfile.TemporaryDirectory(prefix=".backup-", dir=output_dir) as work:
        work = Path(work)
        dump = work / DATABASE_FILES[connection.vendor]
        tables = _dump_sqlite(connection, dump) if connection.vendor == "sqlite" else _dump_postgresql(connection, dump)
        # Media after the database: an upload arriving meanwhile only adds a file nobody refers to.
        media = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "app": "showcase",
            "created_at": created.isoformat(),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "database": {"vendor": connection.vendor, "file": dump.name, "bytes": dump.stat().st_size},
            "tables": tables,
            "media": {"files": len(media), "bytes": sum(path.stat().st_size for path, _name in media)},
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        partial = work / f"{archive.name}.partial"
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)  # first: `restore` without --yes reads only this
            tar.add(dump, arcname=dump.name)
            for path, name in media:
                tar.add(path, arcname=f"{MEDIA}/{name}", recursive=False)
        partial.chmod(0o600)
        os.replace(partial, archive)  # a half-written archive never carries the final name
    return BackupResult(archive, manifest, archive.stat().st_size, time.monotonic() - started)


def read_manifest(archive: Path | str) -> dict:
    """The archive's manifest, checked; reads only the start of the archive."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist or is not a file.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            first = tar.next()
            is_manifest = first is not None and first.name == MANIFEST and first.isfile()
            manifest = json.load(tar.extractfile(first)) if is_manifest else None
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as error:
        raise BackupError(f"{archive} cannot be read as a backup archive: {error}") from error
    if isinstance(manifest, dict) and manifest.get("app") == "showcase" and manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is in backup format {manifest.get('format')!r}; this version reads {FORMAT}.")
    try:
        valid = (
            manifest["app"] == "showcase"
            and manifest["database"]["vendor"] in DATABASE_FILES
            and isinstance(manifest["created_at"], str)
            and all(isinstance(rows, int) for rows in manifest["tables"].values())
            and isinstance(manifest["database"]["bytes"], int)
            and isinstance(manifest["media"]["files"], int)
            and isinstance(manifest["media"]["bytes"], int)
        )
    except (KeyError, TypeError, AttributeError):
        valid = False
    if not valid:
        raise BackupError(f"{archive} is not an archive made by `manage.py backup` (no valid {MANIFEST} at its start).")
    return manifest


def describe_target(connection=None) -> str:
    connection = connection or _connection()
    config, name = connection.settings_dict, VENDOR_NAMES[connection.vendor]
    where = f" on {config['HOST']}:{config['PORT'] or 5432}" if config.get("HOST") else ""  # else a local socket
    return f"the {name} database {config['NAME']}{where}"


def check_vendor(manifest: dict, connection=None) -> None:
    connection = connection or _connection()
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"This archive was made on {VENDOR_NAMES[vendor]}, but the site is configured for "
            f"{VENDOR_NAMES[connection.vendor]} ({describe_target(connection)}). Restore it on a site whose "
            f"DATABASE_URL names {VENDOR_NAMES[vendor]}; {UNCHANGED}."
        )


def restore_backup(archive: Path | str) -> RestoreResult:
    started = time.monotonic()
    connection = _connection()
    manifest = read_manifest(archive)
    check_vendor(manifest, connection)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    media_root.mkdir(parents=True, exist_ok=True)
    # Unpacked beside MEDIA_ROOT, so that moving the media files in is a rename, not a copy.
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=media_root.parent) as work:
        work = Path(work)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(work, filter="data")  # refuses absolute paths, links out of `work`, devices
        except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
            raise BackupError(f"{archive} is damaged ({error}); {UNCHANGED}.") from error
        # Everything is checked before anything is changed.
        dump = work / DATABASE_FILES[connection.vendor]
        if not dump.is_file():
            raise BackupError(f"{archive} holds no {dump.name}; {UNCHANGED}.")
        files = len(_media_files(work / MEDIA))
        if files != manifest["media"]["files"]:
            raise BackupError(
                f"{archive} holds {count(files, 'media file')}, its manifest {manifest['media']['files']}; {UNCHANGED}."
            )
        _check_dump(dump, connection)

        connections.close_all()
        _restore_dump(dump, connection)
        _replace_media(work / MEDIA, media_root)

    counts = row_counts(connection)
    expected = manifest["tables"]
    mismatches = {table: (rows, counts.get(table)) for table, rows in expected.items() if counts.get(table) != rows}
    invalidate()  # every app server drops pages cached from the content that was replaced
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    return RestoreResult(manifest, counts, mismatches, pending, time.monotonic() - started)


def row_counts(connection=None) -> dict[str, int]:
    """Rows in each table of the configured database (or of `connection`)."""
    connection = connection or _connection()
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_TABLES if connection.vendor == "sqlite" else POSTGRES_TABLES)
        return _count_rows(cursor, [row[0] for row in cursor.fetchall()])


def size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB ({n:,} bytes)"


def count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _connection():
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return connection


def _count_rows(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 - a table name from the catalogue, quoted
        counts[table] = cursor.fetchone()[0]
    return counts


# The database


def _dump_sqlite(connection, target: Path) -> dict[str, int]:
    source = Path(connection.settings_dict["NAME"])
    if not source.is_file():
        raise BackupError(f"The SQLite database {source} does not exist.")
    try:
        _sqlite_copy(source, target)
        with closing(sqlite3.connect(target)) as copy:
            return _count_rows(copy.cursor(), [row[0] for row in copy.execute(SQLITE_TABLES)])
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not copy {source}: {error}") from error


def _dump_postgresql(connection, target: Path) -> dict[str, int]:
    # Rows are counted in the snapshot pg_dump reads, so the manifest describes exactly what the
    # dump holds even while the site writes.
    snapshot = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        snapshot.set_autocommit(False)
        with snapshot.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            cursor.execute(POSTGRES_TABLES)
            tables = _count_rows(cursor, [row[0] for row in cursor.fetchall()])
            _pg("pg_dump", connection, "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}")
    except DatabaseError as error:
        raise BackupError(f"PostgreSQL refused the backup: {error}") from error
    finally:
        snapshot.close()
    return tables


def _check_dump(dump: Path, connection) -> None:
    try:
        if connection.vendor == "postgresql":
            _pg("pg_restore", connection, "--list", str(dump), connect=False)
        else:
            with closing(sqlite3.connect(dump)) as db:
                if (result := db.execute("PRAGMA quick_check").fetchone()[0]) != "ok":
                    raise BackupError(result)
    except (BackupError, sqlite3.Error) as error:
        raise BackupError(f"The archive's database is damaged ({error}); {UNCHANGED}.") from error


def _restore_dump(dump: Path, connection) -> None:
    if connection.vendor == "postgresql":
        _pg("pg_restore", connection, "--clean", "--if-exists", "--no-owner", "--single-transaction", str(dump))
        return
    target = Path(connection.settings_dict["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        _sqlite_copy(dump, target)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not write {target}: {error} (stop the app servers and try again).") from error


def _sqlite_copy(source: Path, target: Path) -> None:
    # In one step: a copy made page by page starts over whenever the site writes meanwhile.
    with (
        closing(sqlite3.connect(source, timeout=SQLITE_LOCK_SECONDS)) as source_db,
        closing(sqlite3.connect(target, timeout=SQLITE_LOCK_SECONDS)) as target_db,
    ):
        source_db.backup(target_db)


def _pg(tool: str, connection, *args: str, connect: bool = True) -> None:
    """Runs a PostgreSQL client tool against the configured database; its error output becomes the message."""
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"), key=lambda path: path.parts[-3].zfill(4))
    program = shutil.which(tool) or (installed and str(installed[-1]))
    if not program:
        raise BackupError(f"{tool} is neither on PATH nor in /usr/lib/postgresql/*/bin (apt-get install postgresql).")
    config, env = connection.settings_dict, dict(os.environ)
    command = [program, "--no-password"]  # never wait for a password prompt under cron
    if connect:
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            command += [f"{flag}={config[key]}"] if config.get(key) else []
        command.append(f"--dbname={config['NAME']}")
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    options = config.get("OPTIONS") or {}
    env.update({variable: str(options[option]) for option, variable in LIBPQ_ENV.items() if option in options})
    try:
        result = subprocess.run([*command, *args], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except OSError as error:
        raise BackupError(f"{tool} could not be started: {error}") from error
    if result.returncode != 0:
        raise BackupError(f"{tool} failed (exit status {result.returncode}): {result.stderr.strip()}")


# Media


def _media_files(root: Path) -> list[tuple[Path, str]]:
    """(path, name relative to root) of each regular file under root, in a stable order."""
    files = (path for path in root.rglob("*") if path.is_file() and not path.is_symlink()) if root.is_dir() else ()
    return sorted((path, path.relative_to(root).as_posix()) for path in files)


def _replace_media(staged: Path, media_root: Path) -> None:
    # Files uploaded after the backup go too: the restored database knows nothing of them.
    for entry in media_root.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if staged.is_dir():
        for entry in staged.iterdir():
            shutil.move(entry, media_root / entry.name)
