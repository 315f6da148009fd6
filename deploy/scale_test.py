"""The scale-out setup on one machine, then a journey across it (`make scale-test`).

Run through `bin/scale-test`, which starts a throw-away PostgreSQL (bin/with-postgres) and
runs this with its DATABASE_URL. This script then starts, each on a free loopback port and
with its files in one temporary folder:

- redis-server (no persistence): the page cache, the shared generation, sessions, rate limits;
- the database once: migrate, load_demo, sync_locale_trees (kept as a dump in
  var/scale-test/ and restored while migrations and demo data are unchanged; --fresh
  builds it anew), sync_site_address; collectstatic meanwhile;
- two gunicorn app servers, A and B (deploy/gunicorn.conf.py, production settings);
- one `manage.py db_worker` (TASKS_BACKEND=django_tasks_db.DatabaseBackend);
- nginx in front of A and B (deploy/render_nginx.py --standalone), proxy cache on;

and runs deploy/journey.py against them. Every process is stopped at the end, also on an
error or Ctrl-C, and the folder is removed (--keep keeps it, with the logs).
"""

import argparse
import contextlib
import glob
import hashlib
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
DEMO_CACHE = ROOT / "var" / "scale-test"
WORKERS_PER_APP_SERVER = 2
BOOKINGS_PER_HOUR = 3  # low, so that the journey can reach the rate limit on attempts


class Failure(Exception):
    """Stops the run; the message says why."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def step(text: str):
    print(f"[{time.monotonic() - STARTED:5.1f} s] {text}", flush=True)


STARTED = time.monotonic()


class Service:
    """A long-running process in its own process group, logging to a file."""

    def __init__(self, name: str, argv: list[str], env: dict, log: Path, stop_signal=signal.SIGTERM):
        self.name, self.argv, self.env, self.log, self.stop_signal = name, argv, env, log, stop_signal
        self.process = None

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
                self.argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def check_alive(self):
        if self.process.poll() is not None:
            raise Failure(f"{self.name} exited with status {self.process.returncode}:\n{self.tail()}")

    def stop(self) -> bool:
        """Stops the process and everything in its group; True if it was running."""
        if self.process is None:
            return False
        running = self.process.poll() is None
        for sig, wait in ((self.stop_signal, 20), (signal.SIGKILL, 5)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # Workers left in the group after the leader is gone (there should be none).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        return running

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return "(no log)"
        return "\n".join(f"    {line}" for line in text)


def wait_until_answering(service: Service, url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        service.check_alive()
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            if response.status == 200:
                return
        time.sleep(0.2)
    raise Failure(f"{service.name} did not answer {url} within {timeout:.0f} s:\n{service.tail()}")


def manage(env: dict, *args: str, log: Path) -> None:
    started = time.monotonic()
    with open(log, "ab") as out:
        result = subprocess.run(  # noqa: S603 (fixed arguments)
            [PYTHON, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=False
        )
    if result.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise Failure(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{tail}")
    step(f"  manage.py {' '.join(args)}: {time.monotonic() - started:.1f} s")


def postgres_bin() -> Path:
    if os.environ.get("PGBIN"):
        return Path(os.environ["PGBIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    if not found:
        raise Failure("no PostgreSQL binaries in /usr/lib/postgresql/*/bin")
    return Path(found[-1])


def demo_key(pgbin: Path) -> str:
    """Changes whenever the schema or the demo content can: migrations, demo/, requirements."""
    digest = hashlib.sha256(str(pgbin).encode())
    files = sorted(ROOT.glob("*/migrations/*.py")) + sorted(
        p for p in (ROOT / "demo").rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    for path in [*files, ROOT / "requirements.txt"]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def create_database(database_url: str) -> None:
    import psycopg

    server, _slash, name = database_url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        # bin/with-postgres makes the database its DATABASE_URL names.
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare_database(env: dict, work: Path, fresh: bool) -> None:
    """migrate, load_demo and sync_locale_trees, or the same state restored from a dump."""
    log = work / "logs" / "setup.log"
    pgbin = postgres_bin()
    cached = DEMO_CACHE / demo_key(pgbin)
    # The demo content is loaded once; its tasks (Wagtail's reference index) run at once.
    setup_env = {**env, "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    if not fresh and (cached / "demo.dump").exists():
        started = time.monotonic()
        restore = subprocess.run(  # noqa: S603 (fixed arguments)
            [str(pgbin / "pg_restore"), "--no-owner", "--jobs", "2", "--dbname", env["DATABASE_URL"]]
            + [str(cached / "demo.dump")],
            capture_output=True,
            text=True,
            check=False,
        )
        if restore.returncode != 0:
            raise Failure(f"pg_restore failed (try --fresh):\n{restore.stderr[-3000:]}")
        shutil.copytree(cached / "media", env["MEDIA_ROOT"], dirs_exist_ok=True)
        step(
            f"  restored the demo database and media from {cached.relative_to(ROOT)}: "
            f"{time.monotonic() - started:.1f} s"
        )
        manage(setup_env, "migrate", "--noinput", "--verbosity", "0", log=log)
        manage(setup_env, "load_demo", "--if-empty", log=log)
        manage(setup_env, "sync_locale_trees", log=log)
    else:
        manage(setup_env, "migrate", "--noinput", "--verbosity", "0", log=log)
        manage(setup_env, "load_demo", "--if-empty", log=log)
        manage(setup_env, "sync_locale_trees", log=log)
        partial = DEMO_CACHE / f"{cached.name}.partial-{os.getpid()}"  # runs at once never share one
        partial.mkdir(parents=True)
        subprocess.run(  # noqa: S603 (fixed arguments)
            [str(pgbin / "pg_dump"), "--format", "custom", "--file", str(partial / "demo.dump"), env["DATABASE_URL"]],
            check=True,
        )
        shutil.copytree(env["MEDIA_ROOT"], partial / "media")
        for old in DEMO_CACHE.iterdir():  # one cached state is enough (and no dead run's part)
            writer = old.name.partition(".partial-")[2]
            if old != partial and not (writer.isdigit() and Path(f"/proc/{writer}").exists()):
                shutil.rmtree(old, ignore_errors=True)
        try:
            partial.rename(cached)
        except OSError:  # another run kept the same state meanwhile
            shutil.rmtree(partial, ignore_errors=True)
        step(f"  kept the demo database and media in {cached.relative_to(ROOT)} for the next run")
    manage(setup_env, "sync_site_address", log=log)


def base_env(work: Path, database_url: str, redis_url: str, nginx_port: int) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GUNICORN_", "NGINX_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="showcase.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback, as `make serve`: no HTTPS redirect, cookies without Secure.
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        PUBLIC_BASE_URL=f"http://127.0.0.1:{nginx_port}",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(work / "mail"),
        MEDIA_ROOT=str(work / "media"),
        STATIC_ROOT=str(work / "static"),
        BOOKING_SUBMISSIONS_PER_HOUR=str(BOOKINGS_PER_HOUR),
        BOOKING_ATTEMPTS_PER_HOUR=str(BOOKINGS_PER_HOUR),
        # The journey counts on the page cache's defaults: pages kept 10 minutes, and each
        # process reading the shared generation at most a second old.
        PAGE_CACHE_SECONDS="600",
        PAGE_CACHE_SHARED_CHECK_SECONDS="1",
        FORWARDED_ALLOW_IPS="127.0.0.1",
        TRUSTED_PROXIES="127.0.0.1",
        PYTHONUNBUFFERED="1",
    )
    env.pop("EMAIL_HOST", None)
    return env


def run(args) -> int:
    database_url = os.environ.get("DATABASE_URL", "")
    if not args.database_is_disposable or not database_url.startswith("postgres"):
        raise Failure("run through bin/scale-test, which starts a throw-away PostgreSQL (DATABASE_URL)")
    for binary in (NGINX, REDIS):
        if not os.access(binary, os.X_OK):
            raise Failure(f"{binary} is missing (apt-get install nginx redis-server)")

    os.umask(0o022)  # every file readable by nginx's workers
    work = Path(tempfile.mkdtemp(prefix="showcase-scale-"))
    work.chmod(0o755)  # nginx's workers (www-data when started as root) read static/ and media/
    for folder in ("logs", "mail", "media", "static", "redis", "nginx"):
        (work / folder).mkdir()
    (work / "redis").chmod(0o700)
    ports = {name: free_port() for name in ("redis", "a", "b", "nginx")}
    redis_url = f"redis://127.0.0.1:{ports['redis']}/0"
    env = base_env(work, database_url, redis_url, ports["nginx"])
    logs = work / "logs"
    services: list[Service] = []
    try:
        step(f"work folder {work}")
        redis = Service(
            "redis-server",
            [
                REDIS,
                "--bind",
                "127.0.0.1",
                "--port",
                str(ports["redis"]),
                "--dir",
                str(work / "redis"),
                "--save",
                "",
                "--appendonly",
                "no",
                "--maxmemory",
                "256mb",
                "--maxmemory-policy",
                "volatile-lru",
            ],
            env,
            logs / "redis.log",
        ).start()
        services.append(redis)
        step(f"redis-server on 127.0.0.1:{ports['redis']} (no persistence, volatile-lru)")

        create_database(database_url)
        step("database created; collectstatic runs meanwhile")
        collect = Service(
            "collectstatic",
            [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            env,
            logs / "collectstatic.log",
        ).start()
        services.append(collect)
        prepare_database(env, work, args.fresh)
        if collect.process.wait() != 0:
            raise Failure(f"collectstatic failed:\n{collect.tail()}")
        step("static files collected")

        app_servers = {}
        for name in ("a", "b"):
            app_env = {
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{ports[name]}",
                "GUNICORN_WORKERS": str(WORKERS_PER_APP_SERVER),
            }
            app = Service(
                f"app server {name.upper()}",
                [str(VENV_BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "--name", f"showcase-{name}"],
                app_env,
                logs / f"app-{name}.log",
            ).start()
            services.append(app)
            app_servers[name] = app
        worker = Service(
            "db_worker",
            [PYTHON, "manage.py", "db_worker", "--interval", "0.5", "--verbosity", "2"],
            env,
            logs / "db_worker.log",
        ).start()
        services.append(worker)

        prefix = work / "nginx"
        nginx_env = {
            **env,
            "APP_SERVERS": f"127.0.0.1:{ports['a']},127.0.0.1:{ports['b']}",
            "NGINX_LISTEN": f"127.0.0.1:{ports['nginx']}",
            "NGINX_PROXY_CACHE": args.proxy_cache,
            "NGINX_CACHE_PATH": str(prefix / "cache"),
        }
        rendered = subprocess.run(  # noqa: S603 (fixed arguments)
            [sys.executable, "deploy/render_nginx.py", "--standalone", str(prefix), "-o", str(prefix / "nginx.conf")],
            cwd=ROOT,
            env=nginx_env,
            capture_output=True,
            text=True,
            check=False,
        )
        if rendered.returncode != 0:
            raise Failure(f"deploy/render_nginx.py failed:\n{rendered.stdout}{rendered.stderr}")
        nginx_argv = [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")]
        test = subprocess.run([*nginx_argv, "-t", "-q"], capture_output=True, text=True, check=False)  # noqa: S603
        if test.returncode != 0:
            raise Failure(f"nginx -t refused the configuration:\n{test.stdout}{test.stderr}")
        nginx = Service(
            "nginx", [*nginx_argv, "-g", "daemon off;"], env, logs / "nginx.log", stop_signal=signal.SIGQUIT
        ).start()
        services.append(nginx)

        for name, app in app_servers.items():
            wait_until_answering(app, f"http://127.0.0.1:{ports[name]}/robots.txt")
            step(f"app server {name.upper()} answers on 127.0.0.1:{ports[name]} ({WORKERS_PER_APP_SERVER} workers)")
        wait_until_answering(nginx, f"http://127.0.0.1:{ports['nginx']}/robots.txt")
        step(f"nginx answers on 127.0.0.1:{ports['nginx']} (proxy cache {args.proxy_cache})")
        worker.check_alive()
        step("db_worker running")

        print(flush=True)
        if args.serve:
            print(
                f"Serving: nginx http://127.0.0.1:{ports['nginx']}/, A http://127.0.0.1:{ports['a']}/, "
                f"B http://127.0.0.1:{ports['b']}/, {redis_url}, {database_url}, logs in {logs}. "
                "Ctrl-C stops everything.",
                flush=True,
            )
            (work / "env.sh").write_text("".join(f"export {k}={shlex.quote(v)}\n" for k, v in sorted(env.items())))
            while True:
                time.sleep(1)
                for service in services:
                    if service is not collect:
                        service.check_alive()
        journey = subprocess.run(  # noqa: S603 (fixed arguments)
            [
                PYTHON,
                "deploy/journey.py",
                "--app-a",
                f"http://127.0.0.1:{ports['a']}",
                "--app-b",
                f"http://127.0.0.1:{ports['b']}",
                "--nginx",
                f"http://127.0.0.1:{ports['nginx']}",
                "--mail-dir",
                str(work / "mail"),
                "--app-logs",
                str(logs / "app-a.log"),
                str(logs / "app-b.log"),
                "--rate-limit",
                str(BOOKINGS_PER_HOUR),
                *(["--proxy-cache"] if args.proxy_cache == "on" else []),
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
        for service in services:
            if service is not collect:
                service.check_alive()
        if journey.returncode != 0:
            for service in (*app_servers.values(), worker, nginx):
                print(f"\n--- last lines of {service.name} ({service.log.name}):\n{service.tail(15)}")
        return journey.returncode
    finally:
        stopped = [service.name for service in reversed(services) if service.stop()]
        step(f"stopped: {', '.join(stopped) or 'nothing was running'}")
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def on_signal(signum, _frame):
    print(f"\nStopped by signal {signum}; stopping every process.", file=sys.stderr)
    raise SystemExit(128 + signum)  # unwinds through `finally`


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Start the scale-out setup on loopback and run the journey.")
    parser.add_argument("--database-is-disposable", action="store_true", help="DATABASE_URL may be created and filled")
    parser.add_argument("--fresh", action="store_true", help="build the demo database anew, not from var/scale-test")
    parser.add_argument("--proxy-cache", choices=("on", "off"), default="on", help="nginx's proxy cache (default on)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, mail, configs)")
    parser.add_argument("--serve", action="store_true", help="no journey: keep serving until Ctrl-C (or SIGTERM)")
    args = parser.parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        status = run(args)
    except (Failure, subprocess.CalledProcessError) as failure:
        print(f"\nFAILED: {failure}", file=sys.stderr)
        status = 1
    except KeyboardInterrupt:
        print("\nInterrupted; every process was stopped.", file=sys.stderr)
        status = 130
    print(f"scale-test {'passed' if status == 0 else 'FAILED'} in {time.monotonic() - STARTED:.0f} s", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
