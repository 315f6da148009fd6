"""Fixed-window rate limits in the shared cache, and the client address they count.

The counters live in the cache every process and app server shares (settings
RATE_LIMIT_CACHE_ALIAS: the database table by default, Redis with REDIS_URL). A counter
in each process's memory gave every worker its own allowance.
"""

import ipaddress
import time
import zlib
from functools import cache as memoize

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


@memoize
def _trusted_networks(entries: tuple[str, ...]):
    return [ipaddress.ip_network(entry, strict=False) for entry in entries]


def _is_trusted(address) -> bool:
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    return any(address in network for network in networks)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The visitor's address, or None where the request has none (a Unix socket, a request
    built in code). Forwarding headers count only from a trusted proxy (TRUSTED_PROXIES):
    any client can send them, and believing them would let one client pose as many, or
    block everyone behind the proxy's own address."""
    remote = request.META.get("REMOTE_ADDR", "")
    peer = _address(remote)
    # An app server on a Unix socket gets no address at all: only a proxy of ours reaches it.
    from_proxy = _is_trusted(peer) if peer is not None else remote == "" and "REMOTE_ADDR" in request.META
    if not from_proxy:
        return str(peer) if peer is not None else None
    # X-Forwarded-For lists each hop's client, the nearest last: the first address from the
    # right that is no proxy of ours is the one our proxies were connected from.
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = _address(entry)
        if hop is None:
            break  # what lies left of a malformed entry was written by the client
        if not _is_trusted(hop):
            return str(hop)
    real = _address(request.META.get("HTTP_X_REAL_IP", ""))
    if real is not None:
        return str(real)
    return str(peer) if peer is not None else None


def client_ip(request) -> str:
    """The key rate limits count under: the visitor's address, or "unknown". An IPv6 client
    is counted by its /64: one connection commonly holds all of those addresses."""
    address = _address(client_address(request) or "")
    if address is None:
        return "unknown"
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


def _counter_key(scope: str, key: str, window_seconds: int) -> str:
    window = int(time.time() // window_seconds)
    return f"ratelimit:{scope}:{key}:{window_seconds}:{window}"


def _add(cache_key: str, window_seconds: int, delta: int) -> int:
    """Add `delta` to a window's counter and return its new value, atomically."""
    store = caches[settings.RATE_LIMIT_CACHE_ALIAS]
    timeout = window_seconds + 1
    if not isinstance(store, DatabaseCache):
        # Redis and local memory increment atomically.
        store.add(cache_key, 0, timeout=timeout)
        try:
            return store.incr(cache_key, delta)
        except ValueError:  # expired between add and incr
            store.set(cache_key, max(delta, 0), timeout=timeout)
            return max(delta, 0)
    # The database cache reads and writes separately; a transaction makes the pair atomic:
    # SQLite's here takes the write lock at its start, PostgreSQL's waits on a lock per key.
    alias = router.db_for_write(store.cache_model_class)
    with transaction.atomic(using=alias):
        if connections[alias].vendor == "postgresql":
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(cache_key.encode())])
        hits = max(store.get(cache_key, 0) + delta, 0)
        store.set(cache_key, hits, timeout=timeout)
    return hits


def is_rate_limited(scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for `key`; True once it has had more than `limit` in the window."""
    return _add(_counter_key(scope, key, window_seconds), window_seconds, 1) > limit


class Allowance:
    """A limit on what succeeds rather than on what is tried: `take()` reserves one before
    the work and says whether one was left; `give_back()` returns it when the work failed,
    so a visitor correcting a mistake is not counted twice."""

    def __init__(self, scope: str, key: str, limit: int, window_seconds: int):
        self.limit, self.window_seconds = limit, window_seconds
        # One window for taking and giving back, even when the hour turns in between.
        self.counter = _counter_key(scope, key, window_seconds)
        self.taken = False

    def take(self) -> bool:
        if _add(self.counter, self.window_seconds, 1) > self.limit:
            _add(self.counter, self.window_seconds, -1)
            return False
        self.taken = True
        return True

    def give_back(self) -> None:
        if self.taken:
            _add(self.counter, self.window_seconds, -1)
            self.taken = False
