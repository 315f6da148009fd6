import os
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from showcase.env import env_bool, env_int, env_list


def test_env_bool_reads_common_spellings_and_refuses_the_rest(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", default=True) is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", default=True) is True


def test_env_int_refuses_non_numbers_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("N", "12")
    assert env_int("N", 1) == 12
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ImproperlyConfigured, match="integer"):
        env_int("N", 1)
    monkeypatch.setenv("N", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("N", 1, minimum=0)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example,, ")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def _import_production(**env):
    clean = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    clean.update(env, DJANGO_SETTINGS_MODULE="showcase.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env",
    [
        {"ALLOWED_HOSTS": "visits.example"},
        {"ALLOWED_HOSTS": "visits.example", "SECRET_KEY": "short"},
        {"ALLOWED_HOSTS": "visits.example", "SECRET_KEY": "x" * 64},
        {"ALLOWED_HOSTS": "visits.example", "SECRET_KEY": "dev-only-insecure-key-never-use-in-production" * 2},
        {"SECRET_KEY": "Zk3" * 30},
        # Long enough, but patterns with little entropy.
        {"ALLOWED_HOSTS": "visits.example", "SECRET_KEY": "abcde" * 11},
        {"ALLOWED_HOSTS": "visits.example", "SECRET_KEY": "q8Vd-2kLx9" * 6},
        {"ALLOWED_HOSTS": "visits.example", "SECRET_KEY": "abcdefghijklmnopqrstuvwxyz" * 2},
        {"ALLOWED_HOSTS": "visits.example", "SECRET_KEY": "0123456789" * 5 + "abcdefghij"},
    ],
)
def test_production_settings_refuse_to_start_without_a_real_key_and_hosts(env):
    result = _import_production(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(
    "make_key",
    [
        lambda: secrets.token_urlsafe(64),
        lambda: secrets.token_hex(32),
        get_random_secret_key,  # what startproject writes
    ],
    ids=["token_urlsafe", "token_hex", "startproject"],
)
def test_production_settings_start_with_a_random_key_and_hosts(make_key):
    result = _import_production(SECRET_KEY=make_key(), ALLOWED_HOSTS="visits.example")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


DOCUMENTED_PRODUCTION = {
    # README, "Production": what a deployment behind TLS sets.
    "ALLOWED_HOSTS": "visits.example",
    "PUBLIC_BASE_URL": "https://visits.example",
    "SECURE_HSTS_PRELOAD": "true",
}


def test_check_deploy_gives_no_warning_with_the_documented_production_settings():
    # The test settings' own switches (DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests) stay out.
    passed_on = ("PATH", "HOME", "LANG", "DATABASE_URL")
    env = {key: value for key, value in os.environ.items() if key in passed_on}
    env.update(DOCUMENTED_PRODUCTION, SECRET_KEY=secrets.token_urlsafe(64))
    env["DJANGO_SETTINGS_MODULE"] = "showcase.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_the_policy_can_be_switched_to_report_only():
    env = {**os.environ, "CSP_REPORT_ONLY": "true", "DJANGO_SETTINGS_MODULE": "showcase.settings.test"}
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY, sorted(settings.CONTENT_SECURITY_POLICY_REPORT_ONLY['DIRECTIVES']))"
    )
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("None ") and "'script-src'" in result.stdout


def _database_options(**env):
    clean = {key: value for key, value in os.environ.items() if key != "DATABASE_PREPARED_STATEMENTS"}
    clean.update(env, DJANGO_SETTINGS_MODULE="showcase.settings.dev")
    code = "from django.conf import settings; print(sorted(settings.DATABASES['default'].get('OPTIONS', {}).items()))"
    done = subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_postgresql_statements_are_prepared_unless_turned_off():
    postgres = "postgres://showcase@db.internal:5432/showcase"
    assert _database_options(DATABASE_URL=postgres) == "[('prepare_threshold', 2), ('server_side_binding', True)]"
    assert _database_options(DATABASE_URL=postgres, DATABASE_PREPARED_STATEMENTS="false") == "[]"
    assert "server_side_binding" not in _database_options(DATABASE_URL="sqlite:///var/x.sqlite3")


@pytest.mark.django_db
def test_a_statement_run_twice_is_prepared_on_postgresql():
    from django.db import connection

    from offices.models import Closure

    for _ in range(3):
        list(Closure.objects.filter(public_note="prepared?"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%offices_closure%"])
            assert cursor.fetchone()[0] == 1
    else:  # SQLite compiles and caches statements itself
        assert "server_side_binding" not in connection.settings_dict.get("OPTIONS", {})
