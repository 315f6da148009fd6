"""A fixed-window rate limit on the shared cache (local memory on one machine, Redis beyond)."""

import time

from django.core.cache import cache


def client_ip(request) -> str:
    # Behind a proxy, configure it to set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips);
    # X-Forwarded-For is not trusted here because any client can send it.
    return request.META.get("REMOTE_ADDR", "unknown")


def is_rate_limited(scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for `key`; True once it has had more than `limit` in the window."""
    window = int(time.time() // window_seconds)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=window_seconds + 1)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds + 1)
        hits = 1
    return hits > limit
