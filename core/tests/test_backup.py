"""Backups restore: a round trip into a scratch database on the suite's database (SQLite or
PostgreSQL, pg_dump for real), and the refusals that leave everything as it was."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from catalogue.tests.factories import create_best_practice, create_home, create_image, create_sub_area
from core.backup import create_backup, row_counts

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}

# Run with DATABASE_URL naming the restored database: counts its rows before anything writes,
# then renders pages with the test client and prints both as JSON.
RENDER_PAGES = """
import json, re, sys
import django
django.setup()
from django.test import Client
from core.backup import row_counts
counts = row_counts()
pages = {}
for url in sys.argv[1:]:
    response = Client().get(url)
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    pages[url] = [response.status_code, title and " ".join(title.group(1).split())]
print(json.dumps({"counts": counts, "pages": pages}))
"""


def database_url(name=None):
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{name or config['NAME']}"
    user = quote(config["USER"]) + (f":{quote(config['PASSWORD'])}" if config["PASSWORD"] else "")
    return f"postgres://{user}@{config['HOST']}:{config['PORT']}/{name or config['NAME']}"


def run_site(args, database, media_root):
    """`python ARGS` as the site configured for `database` (a DATABASE_URL) and `media_root`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "showcase.settings.dev",
        "DATABASE_URL": database,
        "MEDIA_ROOT": str(media_root),
        "ALLOWED_HOSTS": "testserver",
    }
    return subprocess.run([sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600)


def media_files(root):
    root = Path(root)
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def members_of(archive):
    with tarfile.open(archive) as tar:
        return {member.name: tar.extractfile(member).read() for member in tar if member.isfile()}


def write_archive(path, members):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def with_manifest(members, **changes):
    manifest = json.loads(members["manifest.json"])
    for key, value in changes.items():
        section, _, field = key.partition("__")
        if field:
            manifest[section][field] = value
        else:
            manifest[section] = value
    return {**members, "manifest.json": json.dumps(manifest).encode()}


@pytest.fixture
def content():
    """A home page and two best practices with pictures (files under MEDIA_ROOT)."""
    create_home()
    sub_area = create_sub_area(title="Biogas", slug="biogas")
    practice = create_best_practice([sub_area], title="Biogas buses in Malmö", hero_image=create_image(1))
    create_best_practice([sub_area], title="Heat pumps in Umeå", hero_image=create_image(2))
    return practice


@pytest.fixture
def scratch_database(tmp_path):
    """DATABASE_URL of an empty database beside the test database, removed afterwards."""
    if connection.vendor == "sqlite":
        yield database_url(tmp_path / "restored.sqlite3")
        return
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    try:
        yield database_url(name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.django_db(transaction=True)  # pg_dump and SQLite's backup read what is committed
def test_a_backup_restores_into_an_empty_database_with_the_same_rows_media_and_pages(
    content, scratch_database, tmp_path
):
    output = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=output)
    source = row_counts()
    [archive] = (tmp_path / "backups").glob("showcase-*.tar.gz")
    assert archive.stat().st_mode & 0o777 == 0o600  # personal data: the owner's only

    manifest = json.loads(members_of(archive)["manifest.json"])
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"] == source
    assert source["wagtailcore_page"] >= 5 and source["wagtailimages_image"] == 2
    assert manifest["media"]["files"] == len(media_files(settings.MEDIA_ROOT)) == 2
    assert manifest["django"] and manifest["wagtail"] and manifest["created_at"]
    assert f"{len(source)} tables, {sum(source.values()):,} rows" in output.getvalue()
    assert "Media: 2 files" in output.getvalue()

    restored_media = tmp_path / "restored-media"
    restore = run_site(["manage.py", "restore", str(archive), "--yes"], scratch_database, restored_media)
    assert restore.returncode == 0, restore.stderr
    assert f"Row counts equal the manifest in all {len(source)} tables" in restore.stdout
    assert media_files(restored_media) == media_files(settings.MEDIA_ROOT)

    check = run_site(["-c", RENDER_PAGES, "/", content.url], scratch_database, restored_media)
    assert check.returncode == 0, check.stderr
    restored = json.loads(check.stdout.splitlines()[-1])
    # The restore retires cached pages, which writes their generation into the shared cache table.
    assert {table: rows for table, rows in restored["counts"].items() if table != "shared_cache"} == {
        table: rows for table, rows in source.items() if table != "shared_cache"
    }
    assert restored["pages"] == {
        "/": [200, "Smart and sustainable cities, shown on site · Smart City Sweden"],
        content.url: [200, "Biogas buses in Malmö · Smart City Sweden"],
    }

    # Restoring over a site in use (renditions the page views made, a later upload) puts back
    # exactly the backup: the restore compares every table with the manifest itself.
    (restored_media / "later-upload.png").write_bytes(b"not in the backup")
    again = run_site(["manage.py", "restore", str(archive), "--yes"], scratch_database, restored_media)
    assert again.returncode == 0, again.stderr
    assert f"Row counts equal the manifest in all {len(source)} tables" in again.stdout
    assert media_files(restored_media) == media_files(settings.MEDIA_ROOT)


@pytest.fixture
def archive(tmp_path):
    create_image(1)
    return create_backup(tmp_path / "backups").archive


@pytest.fixture
def untouched(settings):
    """Asserts afterwards that the database and the media files are as they were."""
    create_home()
    before = (row_counts(), media_files(settings.MEDIA_ROOT))
    yield
    assert (row_counts(), media_files(settings.MEDIA_ROOT)) == before


def test_restore_without_yes_says_what_it_would_replace_and_changes_nothing(archive, untouched, settings):
    refused = run_site(["manage.py", "restore", str(archive)], database_url(), settings.MEDIA_ROOT)
    assert refused.returncode == 1
    assert "Nothing was changed; run again with --yes" in refused.stderr
    assert f"the {VENDOR_NAMES[connection.vendor]} database" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_restore_refuses_a_dump_of_the_other_database(archive, untouched, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    foreign = write_archive(tmp_path / "foreign.tar.gz", with_manifest(members_of(archive), database__vendor=other))
    expected = f"made on {VENDOR_NAMES[other]}, but the site is configured for {VENDOR_NAMES[connection.vendor]}"
    for args in ([], ["--yes"]):
        with pytest.raises(CommandError, match=expected):
            call_command("restore", str(foreign), *args)


def damaged(kind, archive, tmp_path):
    members = members_of(archive)
    path = tmp_path / f"{kind}.tar.gz"
    if kind == "missing":
        return path
    if kind == "truncated":
        data = archive.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        return path
    if kind == "not an archive":
        path.write_text("SELECT 1;\n")
        return path
    if kind == "no manifest":
        return write_archive(path, {name: data for name, data in members.items() if name != "manifest.json"})
    if kind == "another format":
        return write_archive(path, with_manifest(members, format=99))
    if kind == "database garbled":
        return write_archive(path, {**members, DATABASE_FILES[connection.vendor]: b"not a database" * 1000})
    if kind == "media missing":
        return write_archive(path, {name: data for name, data in members.items() if not name.startswith("media/")})
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("missing", "does not exist"),
        ("truncated", "is damaged"),
        ("not an archive", "cannot be read as a backup archive"),
        ("no manifest", "not an archive made by `manage.py backup`"),
        ("another format", "format 99"),
        ("database garbled", "database is damaged"),
        ("media missing", "holds 0 media files, its manifest 1"),
    ],
)
def test_a_damaged_or_unknown_archive_is_refused_with_a_clear_message(kind, message, archive, untouched, tmp_path):
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(damaged(kind, archive, tmp_path)), "--yes")


def test_backups_are_never_written_where_the_web_server_publishes_media(settings, tmp_path):
    with pytest.raises(CommandError, match="inside MEDIA_ROOT"):
        call_command("backup", "--output", str(Path(settings.MEDIA_ROOT) / "backups"))
