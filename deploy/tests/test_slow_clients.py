"""Slow clients must not starve `make serve`, and replacing its workers must drop nobody.

While a few connections send their request headers a byte a second (slowloris), a normal
request from another client is answered at once. Six of them, fewer than a gthread
worker's 8 threads (deploy/gunicorn.conf.py); under
the 2 sync workers `make serve` used to run, three held other requests up for 35 s and six
for more than 90 s.

The server is started from the Makefile itself: `make --dry-run serve` prints the command
lines `make serve` runs, and this test runs its `migrate` line and its gunicorn line (only
the control socket moves into the test's folder), so it cannot drift from what `make
serve` does. It skips `load_demo` and `collectstatic`: /robots.txt needs neither, only a
migrated database (a fresh SQLite file here, on either test run).
"""

import concurrent.futures
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SLOW_CLIENTS = 6
ANSWER_WITHIN = 2.0  # seconds, for the normal request while the slow clients hang on
CONTROL_SOCKET = "var/gunicorn.ctl"  # where `make serve` puts it; the test's goes to tmp_path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_serve_commands(port: int) -> dict[str, str]:
    """The `manage.py migrate` and gunicorn command lines of `make serve` on 127.0.0.1:port."""
    env = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    migrate = [line for line in lines if " manage.py migrate " in f"{line} "]
    serve = [line for line in lines if "bin/gunicorn " in line]
    assert len(migrate) == 1 and len(serve) == 1 and not serve[0].endswith("\\"), result.stdout
    return {"migrate": migrate[0], "serve": serve[0]}


def production_env(tmp_path: Path) -> dict:
    """What the shell running `make serve` would have, with a fresh database and key."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GUNICORN_") and key not in ("DJANGO_SETTINGS_MODULE", "MAKEFLAGS", "MAKELEVEL")
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PYTHONUNBUFFERED="1",
    )
    return env


def log_tail(path: Path, lines: int = 30) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return "(no log)"


def get(port: int, path: str, timeout: float) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
        response.read()
        return response.status


class SlowClient(threading.Thread):
    """Opens a connection and sends a never-ending request header, one byte a second."""

    def __init__(self, port: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.sock.settimeout(None)  # blocking, so that a non-blocking peek below says EAGAIN at once
        self.stop = stop
        self.sent = 0
        self.error = None
        self.header = f"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode() + b"X-Slow: " + b"a" * 4000

    def run(self):
        try:
            for byte in self.header:
                if self.stop.is_set():
                    return
                self.sock.sendall(bytes([byte]))
                self.sent += 1
                self.stop.wait(1.0)
        except OSError as error:
            self.error = error

    def state(self) -> str:
        """What became of the connection: "waiting" while the server neither answered nor closed it."""
        if self.error is not None:
            return f"send failed: {self.error!r}"
        try:
            data = self.sock.recv(64, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:  # nothing to read, not closed
            return "waiting"
        except OSError as error:
            return repr(error)
        return f"answered {data!r}" if data else "closed by the server"

    def close(self):
        with contextlib.suppress(OSError):
            self.sock.close()


@pytest.fixture
def serve_env():
    """Environment variables added to `make serve`'s (a test may parametrize it)."""
    return {}


@pytest.fixture
def make_serve(tmp_path, serve_env):
    """`make serve`'s gunicorn on a free port against a fresh, migrated SQLite database."""
    port = free_port()
    commands = make_serve_commands(port)
    env = {**production_env(tmp_path), **serve_env}
    migrated = subprocess.run(
        ["sh", "-c", commands["migrate"]], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert migrated.returncode == 0, migrated.stdout[-2000:] + migrated.stderr[-2000:]
    assert CONTROL_SOCKET in commands["serve"], commands["serve"]
    serve = commands["serve"].replace(CONTROL_SOCKET, str(tmp_path / "gunicorn.ctl"))
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            ["sh", "-c", serve], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, f"gunicorn exited ({server.returncode}):\n{log_tail(log_path)}"
            with contextlib.suppress(OSError):
                if get(port, "/robots.txt", timeout=5) == 200:
                    break
            assert time.monotonic() < deadline, f"gunicorn did not answer within 90 s:\n{log_tail(log_path)}"
            time.sleep(0.3)
        # The first request a worker serves loads the rest of Django; let both workers have
        # theirs, so that the time measured below is the slow clients' doing.
        for _ in range(20):
            assert get(port, "/robots.txt", timeout=30) == 200
        yield port, log_path
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def test_slow_clients_do_not_hold_up_a_normal_request(make_serve):
    port, log_path = make_serve
    stop = threading.Event()
    slow = [SlowClient(port, stop) for _ in range(SLOW_CLIENTS)]
    try:
        for client in slow:
            client.start()
        time.sleep(2.5)  # every slow client has sent a few bytes and been taken on by the server
        assert all(client.sent >= 2 and client.error is None for client in slow), [c.error for c in slow]

        started = time.monotonic()
        try:
            status = get(port, "/robots.txt", timeout=ANSWER_WITHIN)
        except OSError as error:
            pytest.fail(
                f"no answer within {ANSWER_WITHIN} s while {SLOW_CLIENTS} slow clients were connected ({error!r})"
            )
        took = time.monotonic() - started

        assert status == 200
        assert took < ANSWER_WITHIN
        # The slow clients are still connected and waiting: the answer did not come from
        # the server dropping them first.
        assert [client.state() for client in slow] == ["waiting"] * SLOW_CLIENTS, log_tail(log_path)
    finally:
        stop.set()
        for client in slow:
            client.close()


@pytest.mark.parametrize("serve_env", [{"GUNICORN_MAX_REQUESTS": "40"}])
def test_workers_replaced_after_their_requests_drop_no_connection(make_serve):
    """Workers are replaced every 40–60 requests here (GUNICORN_MAX_REQUESTS and its jitter)
    while 8 clients keep opening connections. With a listening socket per worker
    (reuse_port) 1,392 of 1,500 connections were reset once replacements began."""
    port, log_path = make_serve

    def fetch(_n):
        try:
            return get(port, "/robots.txt", timeout=30)
        except OSError as error:
            return repr(error)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(fetch, range(600)))

    failed = [answer for answer in answers if answer != 200]
    assert failed == [], (len(failed), failed[:3], log_tail(log_path))
    assert "Autorestarting worker" in log_path.read_text(errors="replace")  # replacements did happen
