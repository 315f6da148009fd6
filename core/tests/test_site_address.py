"""One setting, PUBLIC_BASE_URL, is the site's address everywhere: pages, sitemap, e-mails."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.models import Site

from catalogue.tests.factories import create_best_practice, create_home
from schedule.tests.test_events import create_event
from showcase.env import env_url

ADDRESS = "http://127.0.0.1:9000"


@pytest.mark.parametrize("value", ["localhost:8000", "ftp://x", "http://", "https://example.org/?next=1", "x"])
def test_env_url_refuses_values_without_scheme_and_host(monkeypatch, value):
    monkeypatch.setenv("SITE_URL", value)
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        env_url("SITE_URL", "http://127.0.0.1:8000")


def test_env_url_reads_http_and_https_addresses_and_drops_the_trailing_slash(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://visits.example/")
    assert env_url("SITE_URL", "http://127.0.0.1:8000") == "https://visits.example"
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:9000")
    assert env_url("SITE_URL", "http://127.0.0.1:8000") == "http://127.0.0.1:9000"
    monkeypatch.delenv("SITE_URL")
    assert env_url("SITE_URL", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"


def _dry_run(target, **variables):
    env = {key: value for key, value in os.environ.items() if key not in ("PUBLIC_BASE_URL", "HOST", "PORT")}
    args = ["make", "--dry-run", "--always-make", target] + [f"{key}={value}" for key, value in variables.items()]
    result = subprocess.run(args, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if "manage.py" in line or "gunicorn" in line]


@pytest.mark.parametrize("target", ["run", "serve"])
def test_make_passes_the_served_address_to_every_command(target):
    commands = _dry_run(target, HOST="0.0.0.0", PORT="9000")  # noqa: S104 - the address make is asked to serve on
    assert commands
    for command in commands:
        assert "PUBLIC_BASE_URL=http://127.0.0.1:9000 " in command, command
    assert any("sync_site_address" in command for command in commands)
    assert all("8000" not in command for command in commands)


def test_make_passes_an_explicit_public_address_through():
    commands = _dry_run("run", PORT="9000", PUBLIC_BASE_URL="https://visits.example")
    assert all("PUBLIC_BASE_URL=https://visits.example " in command for command in commands)


@pytest.fixture
def served_on_9000(settings, db):
    settings.PUBLIC_BASE_URL = ADDRESS
    create_home()
    call_command("sync_site_address", verbosity=0)


def test_sync_site_address_gives_wagtails_default_site_the_public_address(served_on_9000, settings):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 9000, ADDRESS)
    settings.PUBLIC_BASE_URL = "https://visits.example"
    call_command("sync_site_address", verbosity=0)
    site.refresh_from_db()
    assert (site.hostname, site.port, site.root_url) == ("visits.example", 443, "https://visits.example")


def test_sync_site_address_refuses_an_address_wagtail_cannot_represent(settings, db):
    from django.core.management.base import CommandError

    create_home()
    settings.PUBLIC_BASE_URL = "https://visits.example:8443"
    with pytest.raises(CommandError, match="8443"):
        call_command("sync_site_address", verbosity=0)


def test_sitemap_lists_pages_at_the_public_address(served_on_9000, client):
    create_best_practice(title="Biogas in Linköping", slug="biogas")
    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert any(location.endswith("/biogas/") for location in locations)
    assert all(location.startswith(ADDRESS + "/") for location in locations), locations


def test_canonical_link_og_url_and_json_ld_use_the_public_address(served_on_9000, client):
    page = create_best_practice(title="Biogas in Linköping", slug="biogas")
    html = client.get(page.url).content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    og_url = re.search(r'<meta property="og:url" content="([^"]+)"', html).group(1)
    assert canonical == ADDRESS + page.url
    assert og_url == ADDRESS + page.url

    from schedule.models import EventIndexPage

    index = EventIndexPage(title="Events", slug="events")
    create_home().add_child(instance=index)
    event = create_event(index, 30, slug="expo")
    html = client.get(event.url).content.decode()
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["url"] == ADDRESS + event.url


def test_public_url_tag_joins_the_public_address_and_keeps_absolute_urls(settings, rf):
    from django.template import Context, Template

    settings.PUBLIC_BASE_URL = ADDRESS
    template = Template("{% load core_tags %}{% public_url %}|{% public_url '/media/a.jpg' %}|{% public_url other %}")
    rendered = template.render(Context({"request": rf.get("/offices/?page=2"), "other": "https://cdn.example/b.jpg"}))
    assert rendered == f"{ADDRESS}/offices/|{ADDRESS}/media/a.jpg|https://cdn.example/b.jpg"


def test_emailed_links_use_the_public_address(served_on_9000, django_capture_on_commit_callbacks):
    from visits.tests.factories import create_visit_request

    with django_capture_on_commit_callbacks(execute=True):
        visit_request = create_visit_request()
    to_requester, to_office = mail.outbox
    links = re.findall(r"https?://\S+", to_requester.body + to_office.body)
    assert f"{ADDRESS}/visit/{visit_request.status_token}/" in links
    assert f"{ADDRESS}/admin/" in links
    assert all(link.startswith(ADDRESS + "/") for link in links), links


def _settings_with(**env):
    clean = {key: value for key, value in os.environ.items() if key != "PUBLIC_BASE_URL"}
    clean.update(env, DJANGO_SETTINGS_MODULE="showcase.settings.test")
    code = "import django; django.setup(); from django.conf import settings as s; print(s.WAGTAILADMIN_BASE_URL)"
    return subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60)


def test_wagtail_admin_base_url_follows_the_public_address():
    result = _settings_with(PUBLIC_BASE_URL="http://127.0.0.1:9000/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:9000"


def test_settings_refuse_a_public_address_without_scheme():
    result = _settings_with(PUBLIC_BASE_URL="localhost:8000")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "PUBLIC_BASE_URL" in result.stderr
