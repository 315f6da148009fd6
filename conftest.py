import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` are about PostgreSQL alone: on another database they are left
    out (deselected), not skipped; `make test` runs the suite on SQLite and on PostgreSQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    elsewhere = [item for item in items if item.get_closest_marker("postgresql")]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium: a downloaded browser cannot be fetched on these machines.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /sv/… leaves Swedish active in the thread (Django activates a language
    # per request and never resets it); each test starts from the default language.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_caches():
    # Cached pages and rate limits live in process memory under test settings; each test
    # starts from nothing, as its database does.
    from django.core.cache import caches

    from core.kept_briefly import forget_all
    from core.page_cache import forget_shared_generation

    for alias in ("default", "shared"):
        caches[alias].clear()
    forget_shared_generation()
    forget_all()


@pytest.fixture
def uncached_pages(settings):
    """For tests that measure what rendering a page costs: no page or shared part is served
    from the cache."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.PAGE_CACHE_DATA_SECONDS = 0
