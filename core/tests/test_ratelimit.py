import threading

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory

from core.ratelimit import Allowance, client_address, client_ip, is_rate_limited
from showcase.settings.base import CACHES as BASE_CACHES

DATABASE_CACHE = BASE_CACHES["shared"]  # the database table every process shares on one machine


def request_from(remote, forwarded=None, real=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    if real is not None:
        headers["HTTP_X_REAL_IP"] = real
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_forwarding_headers_are_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("198.51.100.4", forwarded="203.0.113.9", real="203.0.113.9")) == "198.51.100.4"


def test_from_a_trusted_proxy_the_client_is_the_right_most_address_not_a_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    # The client claims 1.2.3.4; nginx appended the address it was connected from.
    request = request_from("127.0.0.1", forwarded="1.2.3.4, 203.0.113.9, 10.0.0.5")
    assert client_ip(request) == "203.0.113.9"
    assert client_ip(request_from("127.0.0.1", real="203.0.113.10")) == "203.0.113.10"
    assert client_ip(request_from("127.0.0.1", forwarded="garbage, 203.0.113.11")) == "203.0.113.11"
    assert client_ip(request_from("127.0.0.1", forwarded="203.0.113.12, garbage")) == "127.0.0.1"


def test_a_request_without_an_address_has_none(settings):
    # Django's own force_login builds such a request; axes stores the address in an
    # inet column on PostgreSQL, which refused the placeholder ("unknown") with a 500.
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_address(request) is None
    assert client_ip(request) == "unknown"
    request.META["REMOTE_ADDR"] = "not an address"
    assert client_address(request) is None


def test_behind_a_unix_socket_the_proxys_headers_name_the_client(settings):
    # gunicorn on a Unix socket sets an empty REMOTE_ADDR: only the proxy can have connected.
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("", forwarded="203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_from("", real="203.0.113.10")) == "203.0.113.10"
    assert client_ip(request_from("")) == "unknown"


def test_ipv6_clients_are_counted_by_their_64_bit_prefix(settings):
    settings.TRUSTED_PROXIES = []
    first = client_ip(request_from("2001:db8:1:2::1"))
    assert first == client_ip(request_from("2001:db8:1:2:ffff::9")) == "2001:db8:1:2::/64"
    assert first != client_ip(request_from("2001:db8:1:3::1"))
    assert client_ip(request_from("::ffff:198.51.100.4")) == "198.51.100.4"


def test_a_client_that_is_no_proxy_cannot_choose_its_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request_from("198.51.100.4", forwarded="203.0.113.9")) == "198.51.100.4"


def test_a_fixed_window_counts_to_its_limit(settings):
    assert [is_rate_limited("test", "a", 3, 3600) for _hit in range(5)] == [False, False, False, True, True]
    assert not is_rate_limited("test", "b", 3, 3600)  # each key on its own


def test_an_allowance_given_back_can_be_taken_again():
    allowance = Allowance("test", "c", 1, 3600)
    assert allowance.take()
    assert not Allowance("test", "c", 1, 3600).take()
    allowance.give_back()
    allowance.give_back()  # only what was taken is given back
    assert Allowance("test", "c", 1, 3600).take()
    assert not Allowance("test", "c", 1, 3600).take()


@pytest.mark.django_db(transaction=True)
def test_counters_in_the_database_cache_hold_under_concurrent_hits(settings):
    """The default store on one machine: every worker process sees the same counters and
    none is lost when they hit at once (the database cache alone reads, then writes)."""
    settings.CACHES = {**settings.CACHES, "shared": DATABASE_CACHE}
    caches["shared"].clear()
    results = []

    def hit():
        try:
            for _hit in range(10):
                results.append(is_rate_limited("test", "d", 45, 3600))
        finally:
            connection.close()

    threads = [threading.Thread(target=hit) for _thread in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(False) == 45
    assert results.count(True) == 5
    caches["shared"].clear()
