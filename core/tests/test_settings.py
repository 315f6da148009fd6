import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

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
    ],
)
def test_production_settings_refuse_to_start_without_a_real_key_and_hosts(env):
    result = _import_production(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_settings_start_with_a_real_key_and_hosts():
    result = _import_production(SECRET_KEY="q8Vd-2kLx9" * 6, ALLOWED_HOSTS="visits.example")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
