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
    FORWARDED_ALLOW_IPS      the proxies' addresses, trusted for X-Forwarded-Proto and
                             X-Real-IP (default 127.0.0.1,::1)

Slow clients. gunicorn reads a request's headers in the thread that then serves it, with no
time limit of its own, so a client that sends its headers a byte a second (slowloris) holds
that thread until it is done. A sync worker is one such thread: without a proxy, as many
slow clients as workers stop the whole server (under `make serve` with 2 sync workers,
three of them kept every other request waiting about 35 s, until gunicorn killed the stuck
workers). gthread workers (GUNICORN_THREADS > 1) keep idle connections in a poller and
give each request a thread of its own, so it takes workers × threads stalled clients (16
with 2 × 8) before anyone else waits: enough for `make serve` and a test machine, not a
defence against a deliberate attack. On the open internet put nginx in front: it reads
each request fully before passing it on and buffers each response (proxy_request_buffering
and proxy_buffering, both on) and drops clients that stall (client_header_timeout), so a
slow client never reaches a worker at all.

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


wsgi_app = "deploy.wsgi:application"  # Django behind the X-Real-IP wrapper (deploy/wsgi.py)
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = _int("GUNICORN_WORKERS", max(2, multiprocessing.cpu_count()))
threads = _int("GUNICORN_THREADS", 8)
worker_class = "gthread" if threads > 1 else "sync"

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
max_requests_jitter = max_requests // 10

# Headers and request line: the limits nginx enforces first anyway.
limit_request_line = 8190
limit_request_fields = 100

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = "-"  # to stdout: systemd's journal or the process supervisor keeps it
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'

if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True  # otherwise gunicorn 27 makes one under $HOME/.gunicorn/
