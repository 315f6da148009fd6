"""gunicorn settings for an app server: `gunicorn -c deploy/gunicorn.conf.py`.

Used behind nginx (deploy/README.md) and, with Django's own WSGI module and no proxy, by
`make serve` and `make loadtest` (`GUNICORN_BIND=… GUNICORN_WORKERS=2 … gunicorn -c
deploy/gunicorn.conf.py showcase.wsgi`). Run it from the project folder (the folder
holding manage.py) with the production environment (deploy/README.md lists it). Each value
can be changed through the environment:

    GUNICORN_BIND      address to listen on; the proxy's side only (default 127.0.0.1:8000)
    GUNICORN_WORKERS   worker processes (default: the number of cores, at least 2)
    GUNICORN_THREADS   threads per worker (default 8; 1 selects plain sync workers)
    GUNICORN_TIMEOUT   seconds a worker may stop answering its master before it is killed (default 30)
    GUNICORN_MAX_REQUESTS    requests after which a worker is replaced (default 2000; 0: never)
    GUNICORN_CONTROL_SOCKET  gunicorn's control socket (default: none)
    FORWARDED_ALLOW_IPS      the proxies' addresses, trusted for X-Forwarded-Proto
                             (default 127.0.0.1,::1); Django trusts the client address
                             they send through TRUSTED_PROXIES (core/ratelimit.py)

Slow clients. gunicorn reads a request's headers in the thread that will serve it, with no
time limit, so a client that sends its headers a byte a second (slowloris) holds that thread
as long as it likes. A sync worker is one such thread: without a proxy, three slow clients
held both sync workers of `make serve`, and every other request waited about 35 s (until
gunicorn killed the stuck workers). A gthread worker (GUNICORN_THREADS > 1) gives each
connection a thread of its own, so fewer slow clients than it has threads (8) hold up
nobody else (deploy/tests/test_slow_clients.py); beyond that, a worker whose threads are
all held still accepts connections, which then wait. Enough for `make serve`; no defence
against an attack: on the open internet nginx goes in front. It reads each request in full
before passing it on, buffers each response (proxy_request_buffering, proxy_buffering) and
drops clients that stall (client_header_timeout), so a slow client never reaches a worker.

Threads also let a worker serve other requests while one waits on the database or Redis.
Each thread keeps a database connection of its own (CONN_MAX_AGE), so an app server holds
up to workers × threads connections; size PostgreSQL's max_connections for that. Python
runs one thread of a process at a time, so CPU-bound work scales with workers (cores), not
threads; memory grows with workers (about 150 MB each), hardly with threads.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "deploy.wsgi:application"  # Django with the production settings (deploy/wsgi.py)
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = _int("GUNICORN_WORKERS", max(2, multiprocessing.cpu_count()))
threads = _int("GUNICORN_THREADS", 8)
worker_class = "gthread" if threads > 1 else "sync"
# Not reuse_port: with a socket per worker (SO_REUSEPORT) kept-alive connections were
# spread evenly (on the shared socket one gthread worker can take nearly all of them), but
# once workers were replaced after GUNICORN_MAX_REQUESTS, 1,392 of 1,500 new connections
# were reset in a test (gunicorn 27; deploy/tests/test_slow_clients.py).

# A worker that stops answering its master this long is killed and replaced. A sync worker
# is silent while it serves a request, so there this bounds each request; a gthread worker
# answers from its main loop while its threads work, so there it only catches a hung
# process (a slow request runs on; nginx gives up on it after proxy_read_timeout, 60 s).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30  # on reload or stop, requests in flight get this long to finish
# An idle kept-alive connection is closed after this many seconds (gthread only; sync
# workers close each connection). It waits in the poller and holds no thread meanwhile.
keepalive = 5

# Replace each worker now and then, at different times, so that no slow leak grows.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
# Spread widely, so that the workers of one server are not replaced at the same moment.
max_requests_jitter = max_requests // 2

# Headers and request line: the limits nginx enforces first anyway.
limit_request_line = 8190
limit_request_fields = 100

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = "-"  # to stdout: systemd's journal or the process supervisor keeps it
errorlog = "-"
# The client as nginx names it (X-Real-IP; "-" for a request that did not come through it),
# then the address the connection came from. Django believes the header only from
# TRUSTED_PROXIES (core/ratelimit.py); the log just records it.
access_log_format = '%({x-real-ip}i)s via %(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'

if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True  # otherwise gunicorn 27 makes one under $HOME/.gunicorn/


def post_worker_init(worker):
    """Move everything loaded at start-up out of the garbage collector's way.

    A worker holds some 200 MB of long-lived objects (Django, Wagtail, the URL resolvers,
    templates). Python's full collections walk all of them: under load these pauses of
    up to 200 ms made the 99th percentile of pages served from the cache ten times their
    median. Frozen objects are never walked again; only what requests create is collected.
    """
    import gc

    gc.collect()
    gc.freeze()
