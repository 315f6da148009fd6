"""A visitor's and an editor's journey across two app servers and nginx (`make scale-test`).

    .venv/bin/python deploy/journey.py --app-a URL --app-b URL --nginx URL --mail-dir DIR \\
        --app-logs A.log B.log [--rate-limit N] [--proxy-cache]

It runs with the app servers' environment (DATABASE_URL, REDIS_URL, …), because the
editor's steps run `manage.py shell` against the same database, as an editor on a third
machine would. Each step prints PASS or FAIL; the first failure ends the journey (later
steps build on earlier ones). Exit status 0 when every step passed.

Standard library only, apart from the redis client to look a session up.
"""

import argparse
import functools
import html
import http.client
import http.cookiejar
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
LISTING = "/best-practices/"


class StepFailed(Exception):
    pass


def check(condition, message: str):
    if not condition:
        raise StepFailed(message)


# HTTP: one client per visitor, with its own cookies; redirects are answers, not followed.


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body
        self.text = body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return self.headers.get(name) or ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _FromAddress(urllib.request.HTTPHandler):
    """Connects from another loopback address (127.0.0.2, …): a second client machine."""

    def __init__(self, address: str):
        super().__init__()
        self.address = address

    def http_open(self, req):
        return self.do_open(functools.partial(http.client.HTTPConnection, source_address=(self.address, 0)), req)


class Client:
    # Every request names the site's public address (nginx's), as nginx passes it on to the
    # app servers; so A and B share their page cache entries, as they do behind nginx.
    host = ""

    def __init__(self, name: str, *, cookies: bool = True, source: str | None = None):
        self.name = name
        self.jar = http.cookiejar.CookieJar() if cookies else None
        handlers = [_NoRedirect()]
        if self.jar is not None:
            handlers.append(urllib.request.HTTPCookieProcessor(self.jar))
        if source:
            handlers.append(_FromAddress(source))
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, base: str, path: str, data: dict | list | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Accept": "text/html", "Host": self.host, **(headers or {})}
        req = urllib.request.Request(base + path, data=body, headers=headers)  # noqa: S310 (loopback)
        try:
            with self.opener.open(req, timeout=60) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, base, path, headers=None):
        return self.request(base, path, headers=headers)

    def post(self, base, path, data, headers=None):
        return self.request(base, path, data=data, headers=headers)

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar or () if c.name == name), "")


def csrf_token(page: Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    check(match, "the page has no CSRF token")
    return match[1]


def star_state(page: Response, page_id: int) -> str:
    match = re.search(rf'<button[^>]*\bid="star-{page_id}"[^>]*\baria-pressed="(true|false)"', page.text)
    check(match, f"no star button for page {page_id}")
    return match[1]


def manage_shell(code: str, **variables) -> dict:
    """Runs `code` in `manage.py shell` (the production environment); it prints one JSON line."""
    env = {**os.environ, **{f"JOURNEY_{k.upper()}": str(v) for k, v in variables.items()}}
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [PYTHON, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    check(result.returncode == 0, f"manage.py shell failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# What the editor does, on a third machine: Django's shell against the same database.

PREPARE = """
import json, os
from django.contrib.auth import get_user_model
User = get_user_model()
user, _ = User.objects.get_or_create(username="scale-editor", defaults={"email": "editor@example.org"})
user.is_staff = user.is_superuser = True
user.set_password(os.environ["JOURNEY_PASSWORD"])
user.save()
print(json.dumps({"user": user.username}))
"""

PUBLISH = """
import json, os
from django.utils import timezone
from catalogue.models import BestPracticePage
from django_tasks_db.models import DBTaskResult
from visits.models import Visit
from visits.tasks import send_visit_reminder

before = set(DBTaskResult.objects.values_list("id", flat=True))
page = BestPracticePage.objects.get(pk=int(os.environ["JOURNEY_PAGE"]))
old_title = page.title
page.title = f"{old_title} ({os.environ['JOURNEY_TAG']})"
page.save_revision().publish()
queued_by_publish = DBTaskResult.objects.exclude(id__in=before).count()

# A project task for the worker: the reminder of a scheduled visit (the task sends its e-mail).
visit = (Visit.objects.filter(status=Visit.Status.SCHEDULED, reminder_sent_at__isnull=True,
                              date__gte=timezone.localdate())
         .select_related("request").order_by("date", "pk").first())
reminder = send_visit_reminder.enqueue(visit.pk) if visit else None
print(json.dumps({
    "old_title": old_title, "new_title": page.title, "queued_by_publish": queued_by_publish,
    "reminder_task": str(reminder.id) if reminder else "", "visit_reference": visit.request.reference if visit else "",
}))
"""

WORKER_DONE = """
import json, os, time
from django_tasks_db.models import DBTaskResult
deadline = time.monotonic() + 20
while True:
    waiting = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
    reminder = DBTaskResult.objects.filter(id=os.environ["JOURNEY_TASK"]).values("status", "worker_ids").first()
    if waiting == 0 or time.monotonic() > deadline:
        break
    time.sleep(0.2)
counts = {}
for status in DBTaskResult.objects.values_list("status", flat=True):
    counts[status] = counts.get(status, 0) + 1
print(json.dumps({"waiting": waiting, "reminder": reminder, "counts": counts}))
"""


class Journey:
    def __init__(self, args):
        self.args = args
        self.a, self.b, self.nginx = args.app_a, args.app_b, args.nginx
        self.visitor = Client("visitor")
        self.practice = None  # the id of the best practice starred and published
        self.reference = ""
        self.published = {}
        # A made-up word, so that a search finds the practice by its new title alone.
        self.word = "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(9))
        self.tag = f"revised {self.word}"
        self.password = secrets.token_urlsafe(18)

    # Steps: each returns what the PASS line says, or raises StepFailed.

    def stranger_fills_then_hits_the_page_cache_on_a(self):
        # The first view of the listing makes its image renditions, and writing those clears
        # the page cache (a new generation), so the copy stored by that view is never used.
        # After it, and the generation's check interval (1 s), the page cache settles.
        warm = Client("stranger", cookies=False).get(self.a, LISTING)
        check(warm.status == 200, f"GET {LISTING} answered {warm.status}")
        time.sleep(1.2)
        address = f"{LISTING}?page=1"
        first = Client("stranger", cookies=False).get(self.a, address)
        check(first.status == 200, f"GET {address} answered {first.status}")
        second = Client("stranger", cookies=False).get(self.a, address)
        states = (first.header("X-Page-Cache"), second.header("X-Page-Cache"))
        check(states == ("miss", "hit"), f"X-Page-Cache was {states}, expected ('miss', 'hit')")
        match = re.search(r'\bid="star-(\d+)"', second.text)
        check(match, "the listing shows no star button")
        self.practice = int(match[1])
        return f"A: {address} stored on the first request (miss), served from the page cache on the second (hit)"

    def visitor_stars_on_a(self):
        page = self.visitor.get(self.a, LISTING)
        check(page.status == 200, f"GET {LISTING} answered {page.status}")
        check(star_state(page, self.practice) == "false", "the practice is starred before the visitor starred it")
        answer = self.visitor.post(
            self.a,
            "/plan/star/",
            {"csrfmiddlewaretoken": csrf_token(page), "page": self.practice, "next": LISTING},
        )
        check(answer.status == 302, f"POST /plan/star/ answered {answer.status}: {answer.text[:300]}")
        check(self.visitor.cookie("visit_plan"), "no visit_plan cookie after starring")
        return f"A: the visitor starred practice {self.practice} (POST /plan/star/ with the page's CSRF token)"

    def visitor_sees_own_star_on_b(self):
        first = self.visitor.get(self.b, LISTING)  # shows the "added" message once, uncached
        check(first.status == 200, f"GET {LISTING} answered {first.status}")
        check(star_state(first, self.practice) == "true", "B does not show the visitor's star")
        again = self.visitor.get(self.b, LISTING)
        check(star_state(again, self.practice) == "true", "B does not show the star on the next request")
        check(again.header("X-Page-Cache") == "hit", f"X-Page-Cache {again.header('X-Page-Cache')!r}, expected hit")
        return 'B: the visitor\'s star shows (aria-pressed="true"), also on the copy shared through Redis (hit)'

    def stranger_sees_no_star_on_b(self):
        page = Client("stranger", cookies=False).get(self.b, LISTING)
        check(page.status == 200, f"GET {LISTING} answered {page.status}")
        check(star_state(page, self.practice) == "false", "a stranger sees the visitor's star")
        check('aria-pressed="true"' not in page.text, "a stranger sees a starred button")
        return f"B: a stranger sees no star (X-Page-Cache: {page.header('X-Page-Cache') or '–'})"

    def visitor_books_on_b(self):
        form = self.visitor.get(self.b, "/book/?group_size=5")
        check(form.status == 200, f"GET /book/ answered {form.status}")
        select = re.search(r'<select name="office".*?</select>', form.text, re.DOTALL)
        check(select, "the booking form has no office field")
        offices = [v for v in re.findall(r'<option value="([^"]+)"', select[0]) if v != "suggest"]
        months = re.findall(r'<option value="(\d{4}-\d{2})"', form.text)
        check(offices and months, "the booking form offers no office or month")
        for office in offices:
            for month in months[:3]:
                query = urllib.parse.urlencode({"office": office, "group_size": 5, "date": f"{month}-01"})
                page = self.visitor.get(self.b, f"/book/?{query}")
                slots = re.findall(r'<input type="checkbox" name="slots" id="[^"]*" value="([^"]+)"', page.text)
                if slots:
                    break
            if slots:
                break
        check(slots, "no office has a free day in the next three months")
        answer = self.visitor.post(
            self.b,
            "/book/",
            {
                "csrfmiddlewaretoken": csrf_token(page),
                "organisation": "Scale Test Municipality",
                "organisation_kind": "municipality",
                "country": "NO",
                "contact_name": "Kari Nordmann",
                "email": "kari.nordmann@example.org",
                "phone": "+47 22 12 34 56",
                "group_size": "5",
                "languages": ["en"],
                "format": "on_site",
                "office": office,
                "month": month,
                "slots": [slots[0]],
                "message": "Booked by the scale test.",
                "consent_processing": "on",
                "action": "send",
            },
        )
        check(answer.status == 302, f"POST /book/ answered {answer.status}: {_errors(answer)}")
        location = urllib.parse.urlsplit(answer.header("Location")).path
        check(location.startswith("/book/sent/"), f"POST /book/ went to {location}")
        sent = self.visitor.get(self.b, location)
        check(sent.status == 200, f"GET {location} answered {sent.status}")
        match = re.search(r"SCS-\d{4}-\d{4}", sent.text)
        check(match, "the sent page shows no reference")
        self.reference = match[0]
        day, _bar, _slot = slots[0].partition("|")
        return f"B: the visitor booked {office} on {day} and got the sent page ({self.reference})"

    def booking_mails_are_written(self):
        found = _wait_for_mails(Path(self.args.mail_dir), self.reference, count=2, timeout=5)
        check(len(found) >= 2, f"{len(found)} e-mails name {self.reference}, expected 2 (requester and office)")
        return f"mail: {len(found)} e-mails name {self.reference} (requester, office), sent by db_worker"

    def staff_session_works_on_both(self):
        staff = Client("editor")
        manage_shell(PREPARE, password=self.password)
        login = staff.get(self.a, "/admin/login/")
        check(login.status == 200, f"GET /admin/login/ answered {login.status}")
        answer = staff.post(
            self.a,
            "/admin/login/",
            {"csrfmiddlewaretoken": csrf_token(login), "username": "scale-editor", "password": self.password},
        )
        check(answer.status == 302, f"the login on A answered {answer.status}")
        session = staff.cookie("sessionid")
        check(session, "no session cookie after logging in on A")
        admin = staff.get(self.b, "/admin/")
        check(admin.status == 200, f"GET /admin/ on B answered {admin.status} {admin.header('Location')}")
        check("/admin/logout/" in admin.text, "B does not show the signed-in admin")
        import redis

        keys = redis.Redis.from_url(os.environ["REDIS_URL"]).keys(f"*django.contrib.sessions*{session}")
        check(keys, "the session is not in Redis")
        return "sessions: signed in on A, the admin on B knows the session; it is in Redis (" + keys[0].decode() + ")"

    def publish_shows_on_a_and_b_within_seconds(self):
        for base, name in ((self.a, "A"), (self.b, "B")):
            deadline = time.monotonic() + 5  # (signing in wrote a user profile: the cache starts anew)
            page = Client("stranger", cookies=False).get(base, LISTING)
            while page.header("X-Page-Cache") != "hit" and time.monotonic() < deadline:
                time.sleep(0.3)
                page = Client("stranger", cookies=False).get(base, LISTING)
            check(page.header("X-Page-Cache") == "hit", f"{name}: the listing is not in the page cache before")
            check(self.tag not in page.text, f"{name} shows the new title before the publish")
        self.published = manage_shell(PUBLISH, page=self.practice, tag=self.tag)
        started = time.monotonic()
        seen = {}
        needle = html.escape(self.published["new_title"])
        while len(seen) < 2 and time.monotonic() - started < 5:
            for base, name in ((self.a, "A"), (self.b, "B")):
                if name not in seen and needle in Client("s", cookies=False).get(base, LISTING).text:
                    seen[name] = time.monotonic() - started
            time.sleep(0.1)
        check(len(seen) == 2, f"after 5 s only {sorted(seen) or 'neither'} show(s) the new title")
        return (
            f"publish: {self.published['new_title']!r} (saved by manage.py shell, a third process) shown by "
            f"A after {seen['A']:.1f} s and B after {seen['B']:.1f} s (limit 5 s)"
        )

    def worker_ran_the_queued_tasks(self):
        task = self.published.get("reminder_task")
        check(task, "the demo data has no scheduled visit to remind of")
        state = manage_shell(WORKER_DONE, task=task)
        check(state["waiting"] == 0, f"{state['waiting']} tasks still waiting after 20 s: {state['counts']}")
        check(state["reminder"]["status"] == "SUCCESSFUL", f"the reminder task ended {state['reminder']['status']}")
        reference = self.published["visit_reference"]
        mails = _wait_for_mails(Path(self.args.mail_dir), reference, count=1, timeout=5)
        check(mails, f"no e-mail names {reference}")
        # The publish queued the search index update: a search finds the new word.
        search = f"{LISTING}?q={self.word}"
        needle = html.escape(self.published["new_title"])
        deadline = time.monotonic() + 5
        while needle not in (found := Client("s", cookies=False).get(self.b, search)).text:
            check(time.monotonic() < deadline, f"{search} does not find the new title")
            time.sleep(0.3)
        return (
            f"db_worker: ran the reminder task and the {self.published['queued_by_publish']} tasks the publish "
            f"queued ({state['counts']}): the reminder e-mail for {reference} is written, and {search} "
            f"finds the new title (search index) [{found.status}]"
        )

    def nginx_proxies_pages_to_both_app_servers(self):
        marks = [_log_size(path) for path in self.args.app_logs]
        probe = secrets.token_hex(4)
        client = Client("second machine", cookies=False, source="127.0.0.2")
        statuses = [client.get(self.nginx, f"/?probe={probe}-{n}").status for n in range(4)]
        check(statuses == [200] * 4, f"nginx answered {statuses}")
        page = client.get(self.nginx, LISTING)
        check(page.status == 200 and self.tag in page.text, "the listing through nginx lacks the new title")
        check(page.header("X-Page-Cache"), "the listing through nginx did not come from the app")
        check(not page.header("X-Proxy-Cache"), "nginx's proxy cache was used for an HTML page")
        lines = [_log_since(path, mark) for path, mark in zip(self.args.app_logs, marks, strict=True)]
        counts = [sum(f"probe={probe}" in line for line in text.splitlines()) for text in lines]
        check(all(counts), f"the probes reached the app servers {counts} times: not both")
        check(
            all(line.startswith("127.0.0.2 ") for text in lines for line in text.splitlines() if probe in line),
            "the app servers' logs do not name the client's address (X-Real-IP from nginx)",
        )
        return (
            f"nginx: 4 requests went round robin to A and B ({counts[0]} + {counts[1]}), which saw the client's "
            "address 127.0.0.2; pages are proxied, never stored by nginx"
        )

    def nginx_serves_static_and_media_from_disk(self):
        page = Client("s", cookies=False).get(self.nginx, LISTING)
        css = re.search(r'href="(/static/[^"]+\.css)"', page.text)
        image = re.search(r'src="(/media/[^"]+)"', page.text)
        check(css and image, "the listing links no stylesheet or no image")
        marks = [_log_size(path) for path in self.args.app_logs]
        static = Client("s", cookies=False).get(self.nginx, css[1], headers={"Accept-Encoding": "gzip"})
        check(static.status == 200, f"GET {css[1]} answered {static.status}")
        cache_control = static.header("Cache-Control")
        check("max-age=31536000" in cache_control and "immutable" in cache_control, f"Cache-Control {cache_control}")
        check(static.header("Content-Encoding") == "gzip", "the stylesheet was not sent gzipped")
        media = Client("s", cookies=False).get(self.nginx, image[1])
        check(media.status == 200 and media.header("Content-Type").startswith("image/"), f"GET {image[1]}")
        for path, mark in zip(self.args.app_logs, marks, strict=True):
            text = _log_since(path, mark)
            check("/static/" not in text and "/media/" not in text, "a static or media file reached an app server")
        return (
            f"nginx: {css[1]} from disk (gzip_static, {cache_control}) and {image[1]} "
            "from MEDIA_ROOT; neither reached an app server"
        )

    def nginx_proxy_cache_only_for_public_files(self):
        client = Client("s", cookies=False)
        states = [client.get(self.nginx, "/robots.txt").header("X-Proxy-Cache") for _ in range(2)]
        check(states == ["MISS", "HIT"] or states == ["HIT", "HIT"], f"/robots.txt X-Proxy-Cache {states}")
        signed_in = client.get(self.nginx, "/robots.txt", headers={"Cookie": "sessionid=x"}).header("X-Proxy-Cache")
        check(signed_in == "BYPASS", f"with a session cookie X-Proxy-Cache was {signed_in!r}")
        feed = [client.get(self.nginx, "/calendar/feeds/events.ics").header("X-Proxy-Cache") for _ in range(2)]
        return (
            f"nginx proxy cache: /robots.txt {'→'.join(states)}, with a session cookie {signed_in}; "
            f"/calendar/feeds/events.ics {'→'.join(s or '–' for s in feed)}; HTML never (above)"
        )

    def rate_limit_is_shared_and_per_client(self):
        limit = self.args.rate_limit
        first = Client("client 127.0.0.3", source="127.0.0.3")
        token = csrf_token(first.get(self.nginx, "/book/"))
        statuses = [
            first.post(self.nginx, "/book/", {"csrfmiddlewaretoken": token, "action": "send"}).status
            for _ in range(limit + 1)
        ]
        # Invalid forms: each counts against the ceiling on attempts (not on accepted requests).
        check(statuses == [400] * limit + [429], f"{limit + 1} attempts from one client answered {statuses}")
        other = Client("client 127.0.0.4", source="127.0.0.4")
        token = csrf_token(other.get(self.nginx, "/book/"))
        status = other.post(self.nginx, "/book/", {"csrfmiddlewaretoken": token, "action": "send"}).status
        check(status == 400, f"another client was answered {status}, expected 400 (not limited)")
        return (
            f"rate limit: {limit + 1} attempts from 127.0.0.3 through nginx (to A and B in turn) answered "
            f"{'/'.join(map(str, statuses))}; 127.0.0.4 still {status}: one count in Redis, per client"
        )

    def steps(self):
        steps = [
            self.stranger_fills_then_hits_the_page_cache_on_a,
            self.visitor_stars_on_a,
            self.visitor_sees_own_star_on_b,
            self.stranger_sees_no_star_on_b,
            self.visitor_books_on_b,
            self.booking_mails_are_written,
            self.staff_session_works_on_both,
            self.publish_shows_on_a_and_b_within_seconds,
            self.worker_ran_the_queued_tasks,
            self.nginx_proxies_pages_to_both_app_servers,
            self.nginx_serves_static_and_media_from_disk,
        ]
        if self.args.proxy_cache:
            steps.append(self.nginx_proxy_cache_only_for_public_files)
        steps.append(self.rate_limit_is_shared_and_per_client)
        return steps


def _errors(response: Response) -> str:
    found = re.findall(r'class="field-error"[^>]*>([^<]+)<', response.text)
    return "; ".join(found) or response.text[:300]


def _mails_naming(folder: Path, needle: str) -> list[Path]:
    return [path for path in sorted(folder.glob("*.log")) if needle in path.read_text(errors="replace")]


def _wait_for_mails(folder: Path, needle: str, count: int, timeout: float) -> list[Path]:
    deadline = time.monotonic() + timeout
    found = _mails_naming(folder, needle)
    while len(found) < count and time.monotonic() < deadline:
        time.sleep(0.2)
        found = _mails_naming(folder, needle)
    return found


def _log_size(path) -> int:
    return Path(path).stat().st_size


def _log_since(path, mark: int) -> str:
    time.sleep(0.2)  # gunicorn writes the access line after the response
    with open(path, "rb") as log:
        log.seek(mark)
        return log.read().decode("utf-8", "replace")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="The scale-out journey (see deploy/README.md).")
    parser.add_argument("--app-a", required=True, help="app server A, e.g. http://127.0.0.1:8001")
    parser.add_argument("--app-b", required=True, help="app server B")
    parser.add_argument("--nginx", required=True, help="nginx in front of both")
    parser.add_argument("--mail-dir", required=True, help="EMAIL_FILE_PATH of the servers and the worker")
    parser.add_argument("--app-logs", nargs=2, required=True, help="the access logs of A and B")
    parser.add_argument("--rate-limit", type=int, default=10, help="BOOKING_ATTEMPTS_PER_HOUR of the servers")
    parser.add_argument("--proxy-cache", action="store_true", help="nginx's proxy cache is on")
    args = parser.parse_args(argv)

    Client.host = urllib.parse.urlsplit(args.nginx).netloc
    journey = Journey(args)
    steps = journey.steps()
    passed = failed = 0
    started = time.monotonic()
    for number, step in enumerate(steps, start=1):
        step_started = time.monotonic()
        try:
            said = step()
        except Exception as error:  # any error fails the step and ends the journey
            if not isinstance(error, StepFailed):
                error = f"{type(error).__name__}: {error}"
            failed = 1
            print(f"FAIL {number:2d}. {step.__name__.replace('_', ' ')}: {error}", flush=True)
            for skipped in steps[number:]:
                print(f"SKIP     {skipped.__name__.replace('_', ' ')}")
            break
        passed += 1
        print(f"PASS {number:2d}. {said} [{time.monotonic() - step_started:.1f} s]", flush=True)
    skipped = len(steps) - passed - failed
    print(f"journey: {passed} passed, {failed} failed, {skipped} skipped", flush=True)
    print(f"(journey time {time.monotonic() - started:.1f} s)", flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
