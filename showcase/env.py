"""Typed readers for environment variables.

Each helper refuses a value it cannot interpret instead of silently falling back to
the default: a typo in production configuration must stop the process at start-up.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, default: str, *, schemes: tuple[str, ...] = ("http", "https")) -> str:
    """An absolute site address such as ``https://visits.example`` (no trailing slash).

    Refuses a value without scheme or host (``localhost:8000``), another scheme
    (``ftp://…``), a bad port, or a path, query or fragment: the site is served at
    the root of this address.
    """
    raw = os.environ.get(name)
    value = default if raw is None or raw.strip() == "" else raw.strip()
    problem = _url_problem(value, schemes)
    if problem:
        raise ImproperlyConfigured(
            f"{name} must be an address such as https://visits.example or http://127.0.0.1:8000 "
            f"({problem}), not {value!r}."
        )
    return value.rstrip("/")


def _url_problem(value: str, schemes: tuple[str, ...]) -> str:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number or out of range
    except ValueError as error:
        return str(error)
    if parts.scheme not in schemes:
        return f"the scheme must be one of {', '.join(schemes)}"
    if not parts.hostname:
        return "a host name is missing"
    if parts.username or parts.password:
        return "no user name or password"
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return "no path, query or fragment"
    return ""
