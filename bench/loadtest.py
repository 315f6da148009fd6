"""Load test: the production configuration under gunicorn, every public page type, one table.

    make loadtest                                   # db.sqlite3 (demo content), 10 s a page
    DATABASE_URL=sqlite:///var/scale.sqlite3 make loadtest
    LOADTEST_ARGS="--rounds 5 --only listing --min-ratio 50" make loadtest
    LOADTEST_ARGS="--bookings-per-second 5" make loadtest   # pages under a steady booking rate
    .venv/bin/python bench/loadtest.py --help

It prepares the database as `make serve` does (migrate, load_demo --if-empty,
sync_locale_trees, sync_site_address, collectstatic), starts gunicorn as `make serve` does
(deploy/gunicorn.conf.py, 2 workers × 8 threads, no worker replaced during the run) with
the production settings on a free loopback port, finds one real address for every public
page type in that database (`bench/discover.py`), checks that each answers 200, and loads
each with wrk (a short warm-up run first, so caches are warm). Each page is loaded in
rounds, each right after a run of the trivial view (`/robots.txt`); its ratio is the median
over the rounds of its requests a second over the trivial view's in the same round, so the
machine's drift cancels out (`measure`). The feed and the sitemap are
shown but not held to --min-ratio (NOT_SHARED). The server is stopped at the end, also on
Ctrl-C or an error (its whole process group).

Client and server share the machine's cores: compare the ratios of one run, not absolute
figures across runs.

Exit status: 0 when every page answered 200 (and, with --min-ratio, reached it); 1 when a
page did not answer 200 or the server could not be started; 2 when a page is below --min-ratio.
"""

import argparse
import contextlib
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
TRIVIAL = ("trivial view", "/robots.txt")
# Measured and shown, but not held to --min-ratio: the feed and the sitemap are documents,
# not pages. (The booking form is held to it: shared by every visitor without a plan.)
NOT_SHARED = {"ICS feed (all visits)", "sitemap.xml"}
# What `make serve` runs before gunicorn, in the same order (see PROD and serve in the Makefile).
SETUP_STEPS = [
    ["migrate", "--noinput"],
    ["load_demo", "--if-empty"],
    ["analyze_database"],
    ["sync_locale_trees"],
    ["sync_site_address"],
    ["collectstatic", "--noinput", "--verbosity", "0"],
]


class Failure(Exception):
    """Something that stops the run; its message is printed as is."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    kept = ROOT / "var" / "secret-key"
    if kept.exists():
        return kept.read_text().strip()
    return secrets.token_urlsafe(64)  # this run only; `make loadtest` keeps one in var/ like `make serve`


def production_env(base_url: str) -> dict:
    """The environment `make serve` gives the site (PROD in the Makefile), at `base_url`."""
    env = dict(os.environ)
    env.update(
        PUBLIC_BASE_URL=base_url,
        DJANGO_SETTINGS_MODULE="showcase.settings.production",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        ALLOWED_HOSTS=os.environ.get("ALLOWED_HOSTS") or "127.0.0.1,localhost",
        SECRET_KEY=secret_key(),
        PYTHONUNBUFFERED="1",
    )
    return env


def shown_database() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{ROOT / 'db.sqlite3'} (default)"
    return re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", url)  # no password on the screen


def run_setup(env: dict) -> None:
    for step in SETUP_STEPS:
        started = time.monotonic()
        print(f"  manage.py {' '.join(step)} …", end="", flush=True)
        result = subprocess.run(  # noqa: S603 (fixed arguments)
            [str(PYTHON), "manage.py", *step], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        print(f" {time.monotonic() - started:.1f} s", flush=True)
        if result.returncode != 0:
            raise Failure(f"manage.py {' '.join(step)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")


class Server:
    """gunicorn in its own process group, so that stopping it stops its workers too."""

    def __init__(self, env: dict, port: int, workers: int, workdir: Path):
        self.env, self.port, self.workers, self.workdir = env, port, workers, workdir
        self.log_path = workdir / "gunicorn.log"
        self.process = None

    def start(self) -> None:
        # As `make serve` runs it (deploy/gunicorn.conf.py: gthread workers, 8 threads each),
        # but no worker is replaced after GUNICORN_MAX_REQUESTS: at wrk's pace that would be
        # every few seconds, and the run would measure workers starting.
        env = {
            **self.env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(self.workers),
            "GUNICORN_CONTROL_SOCKET": str(self.workdir / "gunicorn.ctl"),
            "GUNICORN_MAX_REQUESTS": "0",
        }
        command = [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "showcase.wsgi"]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_until_answering(self, timeout: float = 90) -> float:
        started = time.monotonic()
        url = f"http://127.0.0.1:{self.port}{TRIVIAL[1]}"
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise Failure(f"gunicorn exited with status {self.process.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                if fetch(url)[0] == 200:
                    return time.monotonic() - started
            time.sleep(0.2)
        raise Failure(f"gunicorn did not answer {url} within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


# What a booking committed on another app server does to the pages stored here: a new activity
# generation in the shared store (core.page_cache.invalidate for an activity model), so every
# stored page that read bookings is rendered again. The booking's own writes are not made.
BOOKINGS_LOOP = """
import sys, time, django
django.setup()
from core import page_cache
from visits.models import Visit
pause = 1 / float(sys.argv[1])
while True:
    page_cache.invalidate(sender=Visit)
    time.sleep(pause)
"""


class Bookings:
    """`--bookings-per-second`: the page cache's side of that many bookings a second, from a
    process of its own (its own process group) for the whole run."""

    def __init__(self, env: dict, per_second: float, workdir: Path):
        self.env, self.per_second, self.log_path = env, per_second, workdir / "bookings.log"
        self.process = None

    def start(self) -> None:
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
                [str(PYTHON), "-c", BOOKINGS_LOOP, str(self.per_second)],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def check(self) -> None:
        if self.process.poll() is not None:
            raise Failure(f"the bookings process exited ({self.process.returncode}):\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer of its own, not the page


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """Status, headers and body of one GET, redirects not followed."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (http://127.0.0.1 only)
    try:
        with OPENER.open(request, timeout=120) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def quoted(url: str) -> str:
    """The address with any non-ASCII slug percent-encoded, as a browser sends it."""
    return urllib.parse.quote(url, safe="/?&=%:+,;@")


def discover(env: dict, query: str) -> list[tuple[str, str]]:
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [str(PYTHON), str(ROOT / "bench" / "discover.py"), "--query", query],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise Failure(f"bench/discover.py failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return [(row["name"], quoted(row["url"])) for row in json.loads(result.stdout)]


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def duration_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * UNITS_MS[match[2]]


def parse_wrk(output: str) -> dict:
    """Requests a second, p50 and p99 (ms), requests, socket errors and non-2xx/3xx answers."""

    def number(pattern, default=None):
        match = re.search(pattern, output)
        if match is None:
            if default is None:
                raise ValueError(f"wrk output lacks {pattern!r}:\n{output}")
            return default
        return match

    percentiles = dict(re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", output, re.MULTILINE))
    requests = int(number(r"(\d+) requests in")[1])
    if requests == 0:
        percentiles = {}  # wrk prints zeros when no request completed
    errors = number(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", default=False)
    return {
        "rps": float(number(r"Requests/sec:\s+([\d.]+)")[1]),
        "p50_ms": duration_ms(percentiles["50"]) if "50" in percentiles else None,
        "p99_ms": duration_ms(percentiles["99"]) if "99" in percentiles else None,
        "requests": requests,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
        "timeouts": int(errors[4]) if errors else 0,
        "non_2xx_3xx": int(number(r"Non-2xx or 3xx responses: (\d+)", default=False)[1])
        if "Non-2xx or 3xx" in output
        else 0,
    }


def wrk(url: str, seconds: float, args, latency: bool = True) -> dict:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", f"--timeout={args.timeout}s"]
    for name, value in args.header:
        command += ["-H", f"{name}: {value}"]
    if latency:
        command.append("--latency")
    result = subprocess.run(  # noqa: S603 (wrk with checked arguments)
        [*command, url], capture_output=True, text=True, check=False, timeout=seconds + args.timeout + 60
    )
    if result.returncode != 0:
        raise Failure(f"wrk failed ({result.returncode}) on {url}:\n{result.stdout}{result.stderr}")
    return parse_wrk(result.stdout)


def settle(base: str) -> None:
    """Wait until the requests still queued from the last wrk run are served.

    wrk stops sending at the end of its run, but the workers still serve what they had
    accepted; a slow page would otherwise eat into the next measurement. One request for
    the trivial view queues behind those and returns when they are done."""
    try:
        fetch(base + TRIVIAL[1])
    except OSError as error:
        raise Failure(f"the server did not answer {TRIVIAL[1]} after a run: {error}") from error


def measure(name: str, path: str, base: str, args) -> dict:
    """The page in `args.rounds` rounds, each right after a run of the trivial view.

    The machine's speed drifts (other processes, a shared host's neighbours): on two cores
    the trivial view alone varied by a quarter between the start and the end of a run. A
    ratio taken from runs seconds apart measured that drift as much as the page, so each
    round pairs the page with the trivial view just before it, and the page's ratio is the
    median of its rounds (one stalled second does not decide it).
    """
    url = base + path
    if args.warmup > 0:
        wrk(url, args.warmup, args, latency=False)
        settle(base)
    rounds = []
    for _round in range(args.rounds):
        trivial = wrk(base + TRIVIAL[1], args.trivial_seconds, args, latency=False)
        settle(base)
        page = wrk(url, args.seconds, args)
        settle(base)
        rounds.append((page, trivial))
    row = {"name": name, "url": path, **combined([page for page, _trivial in rounds])}
    row["trivial_rps"] = statistics.median(trivial["rps"] for _page, trivial in rounds)
    row["ratio_pct"] = statistics.median(
        100 * page["rps"] / trivial["rps"] if trivial["rps"] else 0.0 for page, trivial in rounds
    )
    row["round_ratios_pct"] = [
        round(100 * page["rps"] / trivial["rps"], 1) if trivial["rps"] else 0.0 for page, trivial in rounds
    ]
    errors = f"  {row['non_2xx_3xx']} non-2xx/3xx" if row["non_2xx_3xx"] else ""
    errors += f"  {row['socket_errors']} socket errors" if row["socket_errors"] else ""
    print(
        f"  {name:<26} {row['rps']:9.1f} req/s  p50 {fmt_ms(row['p50_ms'])} ms  "
        f"{row['ratio_pct']:5.1f} % of the trivial view{errors}",
        flush=True,
    )
    return row


def combined(runs: list[dict]) -> dict:
    """One row for several wrk runs of the same page: requests a second over all of them,
    the median of their percentiles, and every error counted."""
    latencies = [run for run in runs if run["p50_ms"] is not None]
    return {
        "rps": statistics.mean(run["rps"] for run in runs),
        "p50_ms": statistics.median(run["p50_ms"] for run in latencies) if latencies else None,
        "p99_ms": statistics.median(run["p99_ms"] for run in latencies) if latencies else None,
        **{key: sum(run[key] for run in runs) for key in ("requests", "socket_errors", "timeouts", "non_2xx_3xx")},
    }


def fmt_ms(value) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def check_pages(pages: list[tuple[str, str]], base: str, headers: dict) -> list[str]:
    """One plain GET each; every page must answer 200 itself (no redirect)."""
    problems = []
    for name, path in pages:
        started = time.monotonic()
        try:
            status, response_headers, body = fetch(base + path, headers)
        except OSError as error:
            problems.append(f"{name} {unquoted(path)} did not answer: {error}")
            continue
        elapsed = (time.monotonic() - started) * 1000
        print(f"  {status}  {elapsed:7.0f} ms  {len(body):>9,} B  {name:<26} {unquoted(path)}", flush=True)
        if status != 200:
            detail = response_headers.get("Location") or body[:300].decode("utf-8", "replace").strip()
            problems.append(f"{name} {unquoted(path)} answered {status}: {detail}")
    return problems


def unquoted(path: str) -> str:
    return urllib.parse.unquote(path)


def print_table(rows: list[dict]) -> None:
    header = ("page", "URL", "req/s", "p50 ms", "p99 ms", "ratio %", "rounds %")
    lines = []
    for row in rows:
        url = unquoted(row["url"])
        if len(url) > 60:
            url = url[:59] + "…"
        errors = [] if row["requests"] else ["no request completed"]
        if row["non_2xx_3xx"]:
            errors.append(f"{row['non_2xx_3xx']} non-2xx/3xx")
        if row["socket_errors"]:
            errors.append(f"{row['socket_errors']} socket errors ({row['timeouts']} timeouts)")
        lines.append(
            (
                row["name"],
                url,
                f"{row['rps']:.1f}",
                fmt_ms(row["p50_ms"]),
                fmt_ms(row["p99_ms"]),
                f"{row['ratio_pct']:.1f}" + ("*" if row["name"] in NOT_SHARED else ""),
                " ".join(f"{ratio:.0f}" for ratio in row["round_ratios_pct"]),
                "  " + ", ".join(errors) if errors else "",
            )
        )
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    right = {2, 3, 4, 5, 6}

    def render(cells):
        pairs = enumerate(zip(cells, widths, strict=True))
        return "  ".join(cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in pairs)

    print(render(header))
    print("  ".join("-" * w for w in widths))
    for line in lines:
        print(render(line[:7]) + line[7])
    print("* not held to --min-ratio: documents, not pages (NOT_SHARED)")


def positive_int(text: str) -> int:
    value = int(text)  # wrk takes whole seconds
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def header(text: str) -> tuple[str, str]:
    name, colon, value = text.partition(":")
    if not colon or not name.strip():
        raise argparse.ArgumentTypeError("use 'Name: value'")
    return name.strip(), value.strip()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Load every public page type of the production configuration with wrk.",
        epilog="The database is DATABASE_URL's (default: db.sqlite3). Exit 1: a page not 200; 2: below --min-ratio.",
    )
    parser.add_argument("--seconds", type=positive_int, default=2, help="each round's wrk run of the page (default 2)")
    parser.add_argument(
        "--trivial-seconds", type=positive_int, default=1, help="each round's run of the trivial view (default 1)"
    )
    parser.add_argument("--rounds", type=positive_int, default=3, help="rounds per page (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted warm-up run per page, 0: none (default 1)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--timeout", type=positive_int, default=30, help="wrk request timeout, s (default 30)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, as `make serve`)")
    parser.add_argument("--query", default="biogas", help="search words for the listing (default: biogas)")
    parser.add_argument("--only", metavar="REGEX", help="load only pages whose name or URL matches (trivial always)")
    parser.add_argument(
        "--header", type=header, action="append", default=[], help="'Name: value' sent with every request, repeatable"
    )
    parser.add_argument("--min-ratio", type=float, metavar="PERCENT", help="fail when a page is below this ratio")
    parser.add_argument(
        "--bookings-per-second",
        type=float,
        default=0,
        metavar="RATE",
        help="retire the pages that read bookings this often during the run, as bookings elsewhere do (default 0)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--skip-setup", action="store_true", help="no migrate/load_demo/sync/collectstatic first")
    parser.add_argument("--list", action="store_true", help="print the discovered pages and their status, no load")
    return parser.parse_args(argv)


def run(args) -> int:
    if shutil.which("wrk") is None:
        raise Failure("wrk is not installed (apt-get install -y wrk)")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = production_env(base)
    headers = dict(args.header)
    print(f"Database: {shown_database()}")
    print(f"Server:   gunicorn, {args.workers} workers, showcase.settings.production, {base}")
    if not args.skip_setup:
        print("Preparing the database and static files as `make serve` does:")
        run_setup(env)

    workdir = Path(tempfile.mkdtemp(prefix="loadtest-"))
    server = Server(env, port, args.workers, workdir)
    bookings = Bookings(env, args.bookings_per_second, workdir) if args.bookings_per_second > 0 else None
    try:
        server.start()
        print(f"gunicorn answers after {server.wait_until_answering():.1f} s")
        if bookings:
            bookings.start()
            print(f"Bookings elsewhere: {args.bookings_per_second:g} a second, for the whole run")
        pages = discover(env, args.query)
        if args.only:
            pattern = re.compile(args.only)
            pages = [(n, u) for n, u in pages if pattern.search(n) or pattern.search(unquoted(u))]
            if not pages:
                raise Failure(f"no page name or address matches --only {args.only!r}")
        print(f"Checking {len(pages) + 1} addresses (status, time of one cold request, size):")
        problems = check_pages([TRIVIAL, *pages], base, headers)
        if problems:
            print("\nFAILED: these pages do not answer 200:", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
            return 1
        if args.list:
            return 0

        load = os.getloadavg()
        per_page = args.warmup + args.rounds * (args.trivial_seconds + args.seconds)
        minutes = len(pages) * per_page / 60
        print(
            f"\nLoading each for {args.warmup} s warm-up, then {args.rounds} rounds of the trivial view "
            f"{args.trivial_seconds} s + the page {args.seconds} s (wrk -t{args.threads} -c{args.connections}), "
            f"about {minutes:.1f} min; load average {load[0]:.2f}:"
        )
        rows = [measure(name, path, base, args) for name, path in pages]
        if bookings:
            bookings.check()  # it ran to the end: the figures are under bookings
    finally:
        if bookings:
            bookings.stop()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    trivial_runs = [row["trivial_rps"] for row in rows]
    trivial = {
        "median": statistics.median(trivial_runs),
        "min": min(trivial_runs),
        "max": max(trivial_runs),
    }
    print()
    print_table(rows)
    print(
        f"(ratio: the median over {args.rounds} rounds of the page's req/s over the trivial view's just before it; "
        f"the trivial view {TRIVIAL[1]} served {trivial['median']:.0f} req/s, "
        f"{trivial['min']:.0f}–{trivial['max']:.0f} over the run)"
    )

    failed = [r for r in rows if r["non_2xx_3xx"] or r["timeouts"]]
    held = [r for r in rows if r["name"] not in NOT_SHARED]
    below = [r for r in held if args.min_ratio is not None and r["ratio_pct"] < args.min_ratio]
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "started_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                    "database": shown_database(),
                    "server": {"workers": args.workers, "settings": "showcase.settings.production"},
                    "wrk": {
                        "threads": args.threads,
                        "connections": args.connections,
                        "seconds": args.seconds,
                        "trivial_seconds": args.trivial_seconds,
                        "rounds": args.rounds,
                        "warmup": args.warmup,
                    },
                    "load_average_before": load,
                    "bookings_per_second": args.bookings_per_second,
                    "trivial": trivial,
                    "min_ratio": args.min_ratio,
                    "pages": rows,
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
        print(f"Results written to {args.json}")
    if failed:
        print(f"\nFAILED: answers other than 2xx/3xx, or none within {args.timeout} s, under load:", file=sys.stderr)
        for row in failed:
            print(
                f"  {row['name']} {unquoted(row['url'])}: {row['non_2xx_3xx']} non-2xx/3xx of {row['requests']}, "
                f"{row['timeouts']} timeouts",
                file=sys.stderr,
            )
        return 1
    if below:
        print(f"\nBELOW {args.min_ratio:g} % of the trivial view:", file=sys.stderr)
        for row in below:
            print(f"  {row['name']} {unquoted(row['url'])}: {row['ratio_pct']:.1f} %", file=sys.stderr)
        return 2
    return 0


def on_signal(signum, _frame):
    print(f"\nStopped by signal {signum}; stopping the server.", file=sys.stderr)
    raise SystemExit(128 + signum)  # unwinds through `finally`, which stops the server


def main(argv=None) -> int:
    args = parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    # Ctrl-C stops the run even where the shell started it with SIGINT ignored (`cmd &`).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return run(args)
    except Failure as failure:
        print(f"\nFAILED: {failure}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted; the server was stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
