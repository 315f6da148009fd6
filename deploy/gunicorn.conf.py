"""gunicorn settings for one app server behind nginx: `gunicorn -c deploy/gunicorn.conf.py`.

Run it from the project folder (the folder holding manage.py) with the production
environment (deploy/README.md lists it). Each value can be changed through the environment:

    GUNICORN_BIND      address to listen on; the proxy's side only (default 127.0.0.1:8000)
    GUNICORN_WORKERS   worker processes (default 2 × cores + 1)
    GUNICORN_THREADS   threads per worker (default 1: plain sync workers, see below)
    GUNICORN_TIMEOUT   seconds a request may take before its worker is restarted (default 30)
    GUNICORN_CONTROL_SOCKET  gunicorn's control socket (default: none)
    FORWARDED_ALLOW_IPS      the proxies' addresses, trusted for X-Forwarded-Proto and
                             X-Real-IP (default 127.0.0.1,::1)

Sync workers: nginx reads each request fully before passing it on and buffers each
response (proxy_request_buffering and proxy_buffering, both on), so a slow client never
holds a worker and sync workers are the simple, safe choice. A worker serves one request
at a time, so the number of workers is how many requests an app server runs at once; add
workers (memory: about 150 MB each) or app servers when requests queue. Threads
(GUNICORN_THREADS > 1 selects gthread workers) help only while requests wait on the
database; each thread then keeps a database connection of its own (CONN_MAX_AGE).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "deploy.wsgi:application"  # Django behind the X-Real-IP wrapper (deploy/wsgi.py)
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer than this is stuck: the worker is killed and restarted.
# nginx gives up a little later (proxy_read_timeout 60s) and answers 504.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30  # on reload or stop, requests in flight get this long to finish
keepalive = 5  # (gthread only; sync workers close each connection)

# Restart each worker now and then, at different times, so that no slow leak grows.
max_requests = 2000
max_requests_jitter = 200

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
