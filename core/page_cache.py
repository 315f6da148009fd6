"""A shared cache of public pages that stays correct.

Anonymous visitors without a session share one stored rendering of each public page
(per host, language, address, day and htmx target). What differs between visitors is
never stored: pages eligible for the cache are rendered with *holes* (a placeholder for
the CSRF token, both states of every star button, a marker for the plan count), the
stored copy keeps the holes, and every response, fresh or from the cache, has them
filled in for the visitor who asked (`fill_holes`). The personal parts are registered by
the apps that own them (visits registers the stars and the plan count), so core knows
nothing about plans.

Correctness: every write to a model that can show on a public page invalidates the
cache (`invalidate`, connected to the model signals in `connect_signals`):
- at once in the writing process (a local generation number), and
- after the transaction commits, for every process and app server: a new shared
  generation token goes into the shared cache (the database cache on one machine,
  Redis beyond). Other processes read that token at most every
  PAGE_CACHE_SHARED_CHECK_SECONDS (default 1 s): a page changes within seconds.
Bumping only after commit matters: a bump before it would let another process store
the old content under the new generation. Writes made without model signals are changes
too: the search index's update, which a publish queues for the task worker
(`_CONTENT_TASKS`), bumps when the task ends.

Two generations: content (every write but those to PAGE_CACHE_ACTIVITY_MODELS) and
activity (every write, bookings, status changes and closures included). The parts kept
with `remember` (cards, facet indexes, routing, links) never read activity, so only a
content change retires them. A stored page is retired by a content change too, and by an
activity write only when its rendering read a table of an activity model: the middleware
watches the queries a rendering makes (`_ActivityReads`). So a busy booking day renders
the calendars, the offices and the booking form again, but not the catalogue and the news,
and not every practice card and facet index with them.

Pages opt in to being stored (`shared_page` on function views, every Wagtail page);
anything with a session, a messages cookie or an Authorization header bypasses the
cache altogether, as do responses that say `Cache-Control: private/no-store`.
"""

import contextlib
import contextvars
import functools
import hashlib
import logging
import re
import threading
import time
import uuid
from collections import OrderedDict

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

_HOLE_PREFIX = "<!--pc:"
_HOLE_PREFIX_BYTES = _HOLE_PREFIX.encode()


def hole(name: str, argument: str = ""):
    """The marker of a hole called `name` (and `argument`), as `Holes` finds it: the one place
    that writes the markers' syntax."""
    return mark_safe(f"{_HOLE_PREFIX}{name}{':' if argument else ''}{argument}-->")  # noqa: S308 (constants of the code)


CSRF_HOLE = hole("csrf")  # filled in per visitor
# The address asked for (path and query string, escaped), for forms that return to it: so
# that a fragment such as a practice card is the same wherever it is shown (`remember_many`).
PATH_HOLE = hole("path")
_SHARED_GENERATION_KEY = "page-cache:generation"  # every write: pages that read activity
_SHARED_CONTENT_GENERATION_KEY = "page-cache:content-generation"  # writes that change content: kept parts
# Headers a stored page keeps; cookies and Vary are the business of the middleware above.
_STORED_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "Link", "X-Robots-Tag")

logger = logging.getLogger(__name__)
_personalisers = []
_request_generations = contextvars.ContextVar("page_cache_request_generations", default=None)
_watchers = contextvars.ContextVar("page_cache_activity_watchers", default=())  # `_ActivityReads` in force
_local = {"generation": 0, "content": 0}
_shared = {"token": None, "content": None, "read_at": float("-inf")}
_activity_models = set()  # labels, from PAGE_CACHE_ACTIVITY_MODELS (connect_signals)
_activity_tables = None  # a pattern finding their tables in SQL (connect_signals)
_personal_cookies = set()  # names given to shared_page(personal_with_cookie=...)


def register_personaliser(fill):
    """`fill(request, holes: Holes)` fills in the holes an app's templates left."""
    _personalisers.append(fill)


def rendering_shared(request) -> bool:
    """True while a page is rendered for the shared cache: templates leave holes."""
    return getattr(request, "page_cache_holes", False)


def shared_page(view=None, *, personal_with_cookie=""):
    """Marks a function view whose anonymous GET response may be stored and shared.

    With `personal_with_cookie`, a visitor who has that cookie gets a page of their own,
    neither stored nor served from the store: the booking form of a visitor with a visit
    plan lists the plan, while everyone else shares one rendering.
    """

    def mark(view):
        view.shared_page = True
        if personal_with_cookie:
            view.personal_with_cookie = personal_with_cookie
            _personal_cookies.add(personal_with_cookie)
        return view

    return mark if view is None else mark(view)


def context_processor(request):
    # Listed after Django's built-in csrf processor, so this csrf_token wins while rendering holes.
    return {"csrf_token": CSRF_HOLE} if rendering_shared(request) else {}


def remember(name: str, compute, *, timeout: int | None = None, in_process: bool = False):
    """`compute()`, kept in the page cache's store until content a public page shows changes.

    For the parts many pages share (navigation, filter options, cards): the key carries the
    content generations and the active language. A kept part must not be built from the
    records of PAGE_CACHE_ACTIVITY_MODELS (bookings, closures): writes to those retire the
    pages that read them, never kept parts (the tests refuse one, `_computed`).

    `in_process`: the value is also held as it is by this process (`_InProcess`), for large
    values that nobody changes once built (a listing's keys and facet index): unpickling
    them from the store at every read cost a millisecond a page at 10,000 practices.
    """
    seconds = settings.PAGE_CACHE_DATA_SECONDS if timeout is None else timeout
    key = _data_key(name)
    if in_process and (value := _in_process.get(key)) is not None:
        return value
    store = caches[settings.PAGE_CACHE_ALIAS]
    value = _read(store, key)
    if value is None:
        value = _computed(name, compute)
        store.set(key, value, seconds)
    if in_process:
        _in_process.put(key, value, seconds)
    return value


def kept_frame(request, name: str, render) -> str | None:
    """The page around its activity parts (`render()`, with a marker where those go), kept
    with the shared parts per address (as whole pages are) until content changes: for
    pages whose bookings-dependent part is small, so that a booking, which retires the
    whole stored page, costs them that part only.

    None when the page is not rendered for the shared cache: a page rendered for one
    visitor holds their CSRF token and plan, so it is rendered whole and never kept.
    """
    if not rendering_shared(request):
        return None
    return remember(f"frame:{name}:{_address(request)}", render)


class _InProcess:
    """The last few large kept values, as they are, under their keys in the store: those
    carry the generations, so a change retires them here as it does there."""

    SIZE = 48

    def __init__(self):
        self._values = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value, expires = self._values.get(key, (None, 0.0))
            if value is not None and time.monotonic() < expires:
                self._values.move_to_end(key)
                return value
            return None

    def put(self, key, value, seconds):
        if seconds <= 0:
            return  # not kept at all (shared parts off)
        with self._lock:
            self._values[key] = (value, time.monotonic() + seconds)
            self._values.move_to_end(key)
            while len(self._values) > self.SIZE:
                self._values.popitem(last=False)

    def clear(self):
        with self._lock:
            self._values.clear()


_in_process = _InProcess()


def remember_many(names: list[str], compute_missing) -> dict:
    """{name: value} for every name, like `remember`, in one round trip to the store.

    `compute_missing(missing_names) -> {name: value}` is called once, with the names not
    stored, and only when there are some.
    """
    keys = {_data_key(name): name for name in names}
    store = caches[settings.PAGE_CACHE_ALIAS]
    try:
        found = {keys[key]: value for key, value in store.get_many(list(keys)).items()}
    except Exception:  # see _read
        logger.warning("Kept parts could not be read back; rebuilding them", exc_info=True)
        found = {}
    missing = [name for name in names if name not in found]
    if missing:
        computed = _computed(missing[0], lambda: compute_missing(missing))
        store.set_many({_data_key(name): computed[name] for name in missing}, settings.PAGE_CACHE_DATA_SECONDS)
        found.update(computed)
    return found


class KeptPartReadActivity(AssertionError):
    """A kept part was built from activity (PAGE_CACHE_CHECK_KEPT_PARTS)."""


def _computed(name: str, compute):
    """`compute()`. With PAGE_CACHE_CHECK_KEPT_PARTS (the tests) a part built from the tables of
    PAGE_CACHE_ACTIVITY_MODELS is refused: a booking would not retire it, and a page rendered
    from it would not be found to read activity (`_ActivityReads`)."""
    if not settings.PAGE_CACHE_CHECK_KEPT_PARTS:
        return compute()
    with _watching() as reads:
        value = compute()
    if reads.seen:
        raise KeptPartReadActivity(f"The kept part {name!r} read a table of PAGE_CACHE_ACTIVITY_MODELS")
    return value


def _read(store, key):
    """The kept value, or None when it cannot be read back: a value kept by another release
    of the code (old and new app servers share the store during a rolling release) may
    name a model field that no longer exists. It is rebuilt and kept anew."""
    try:
        return store.get(key)
    except Exception:
        logger.warning("A kept part could not be read back; rebuilding it", exc_info=True)
        return None


def _data_key(name: str) -> str:
    digest = hashlib.blake2b(name.encode(), digest_size=16).hexdigest()  # names may hold search text
    _pages, (shared, local) = _generations()
    return ":".join(("data", str(shared), str(local), translation.get_language() or "", digest))


def _generations() -> tuple:
    """((shared, local) generation of every write, (shared, local) generation of content): those
    of when the request began.

    A request may read a page before a change and remember what it built from it after
    this process has seen the change's new generation; kept under that one, the old
    content would outlive the change. Kept under the older generation it is merely unused.
    """
    return _request_generations.get() or _current_generations()


def _current_generations() -> tuple:
    pages, content = _shared_generations()
    return (pages, _local["generation"]), (content, _local["content"])


# Invalidation


def invalidate(sender=None, **_signal_kwargs):
    """Retire the stored pages and the kept parts; for an activity model `sender`, only the
    stored pages that read activity (without a sender, as `clear_page_cache` calls it: all)."""
    content = sender is None or sender._meta.label_lower not in _activity_models
    _local["generation"] += 1
    if content:
        _local["content"] += 1
    if connection.in_atomic_block:
        # Queue one bump per transaction; a rolled-back savepoint gives Django a new list.
        queued = getattr(connection, "page_cache_bump_queued", None)
        if queued is None or queued[0] is not connection.run_on_commit:
            queued = (connection.run_on_commit, {"content": False})
            connection.page_cache_bump_queued = queued
            kinds = queued[1]
            transaction.on_commit(lambda: _bump_shared_generation(content=kinds["content"]), robust=True)
        queued[1]["content"] = queued[1]["content"] or content
    else:
        _bump_shared_generation(content=content)


def _bump_shared_generation(*, content=True):
    token = uuid.uuid4().hex
    store = caches[settings.PAGE_CACHE_SHARED_ALIAS]
    if content:
        # The content generation first: should the two be written apart (Redis without a
        # pipeline, or the database cache's cull turn), a reader in between sees new kept
        # parts under old pages, which a moment later are retired too; the other order
        # could store a page built from old parts under the new pages generation.
        store.set_many({_SHARED_CONTENT_GENERATION_KEY: token, _SHARED_GENERATION_KEY: token}, timeout=None)
        _shared.update(token=token, content=token, read_at=time.monotonic())
        _local["content"] = 0
    else:  # a booking: one statement, as before
        store.set(_SHARED_GENERATION_KEY, token, timeout=None)
        _shared.update(token=token, read_at=time.monotonic())
    # Committed: this process may share keys with the others again.
    _local["generation"] = 0


def _shared_generations() -> tuple:
    now = time.monotonic()
    if now - _shared["read_at"] >= settings.PAGE_CACHE_SHARED_CHECK_SECONDS:
        found = caches[settings.PAGE_CACHE_SHARED_ALIAS].get_many(
            [_SHARED_GENERATION_KEY, _SHARED_CONTENT_GENERATION_KEY]
        )
        content = found.get(_SHARED_CONTENT_GENERATION_KEY)
        if content != _shared["content"]:
            # Values held under the old token are retired anyway; and should the shared store
            # lose its tokens (a Redis restart), keys made before the first token would
            # otherwise find what this process held under them then.
            _in_process.clear()
        _shared.update(token=found.get(_SHARED_GENERATION_KEY), content=content, read_at=now)
    return _shared["token"], _shared["content"]


def forget_shared_generation():
    """Read the shared generations again on the next request (tests, and after a restore),
    and forget the values this process holds under the old ones."""
    _shared.update(token=None, content=None, read_at=float("-inf"))
    _in_process.clear()


# Tasks that write what public pages show without a model signal: the search index is written
# in bulk (Wagtail's `insert_or_update_object_task`, queued by a publish), by the task worker
# after the publish committed. A search between the two would be kept, and its page stored,
# without the new words until the next change: the task's end is a content change of its own.
_CONTENT_TASKS = {"modelsearch.tasks.insert_or_update_object_task"}


def _on_task_finished(sender, task_result, **_kwargs):
    if task_result.task.module_path in _CONTENT_TASKS:
        invalidate()


def connect_signals():
    global _activity_tables
    from django_tasks.signals import task_finished

    task_finished.connect(_on_task_finished, dispatch_uid="page-cache:content-tasks", weak=False)
    _activity_models.clear()
    tables = set()
    for label in settings.PAGE_CACHE_ACTIVITY_MODELS:
        model = apps.get_model(label)
        # Their many-to-many links (a request's topics) are activity too.
        for meta in [model._meta, *(field.remote_field.through._meta for field in model._meta.local_many_to_many)]:
            _activity_models.add(meta.label_lower)
            tables.add(meta.db_table)
    # Whole words: "visits_visit" is not read by a query of "visits_visitplan".
    _reads_activity.cache_clear()
    _activity_tables = re.compile(r"\b(?:" + "|".join(re.escape(table) for table in sorted(tables)) + r")\b")
    ignored = {label.lower() for label in settings.PAGE_CACHE_IGNORED_MODELS}
    for model in apps.get_models():
        if model._meta.label_lower in ignored:
            continue
        uid = f"page-cache:{model._meta.label_lower}"
        post_save.connect(invalidate, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(invalidate, sender=model, dispatch_uid=uid, weak=False)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if not isinstance(through, str):
                m2m_changed.connect(invalidate, sender=through, dispatch_uid=f"{uid}:{field.name}", weak=False)


# Filling in the holes


class Holes:
    """A page cut at its holes (`<!--pc:name-->`, `<!--pc:name:argument-->`) once, for every
    personaliser to fill in its own: one scan of the page and one join, however many kinds
    of hole it has. Scanning and copying the page once for each kind (the token, the address,
    the stars, the plan count) took half the time of a 400 KB map served from the cache.

    A part is a hole's marker and the text after it, up to the next hole; one nobody fills
    is put back as it was."""

    def __init__(self, content: bytes):
        self.parts = parts = content.split(_HOLE_PREFIX_BYTES)
        self._filled = [None] * len(parts)
        self._dropped = set()
        self._text_starts = [0] * len(parts)  # where each part's text begins, after its marker
        self._places = {}
        for place in range(1, len(parts)):
            marker_end = parts[place].find(b"-->")
            if marker_end >= 0:  # otherwise not a hole: left as it is
                name = parts[place][:marker_end].partition(b":")[0]
                self._places.setdefault(name, []).append(place)
                self._text_starts[place] = marker_end + 3

    def named(self, name: str) -> list[int]:
        """The places of the holes called `name`, in the page's order."""
        return self._places.get(name.encode(), [])

    def argument(self, place: int) -> bytes:
        """What follows the name in the hole's marker (`<!--pc:name:argument-->`)."""
        return self.parts[place][: self._text_starts[place] - 3].partition(b":")[2]

    def fill(self, place: int, value: bytes):
        """The hole at `place` becomes `value`, followed by the text after it (unless dropped)."""
        if place not in self._dropped:
            self._filled[place] = value + self.parts[place][self._text_starts[place] :]

    def drop(self, places: range):
        """The holes at `places` left out, with the text after each, whoever fills them later."""
        for place in places:
            self._filled[place] = b""
            self._dropped.add(place)

    def content(self) -> bytes:
        pieces = [self.parts[0]]
        for part, filled in zip(self.parts[1:], self._filled[1:], strict=True):
            pieces += (filled,) if filled is not None else (_HOLE_PREFIX_BYTES, part)
        return b"".join(pieces)


def fill_holes(request, content: bytes) -> bytes:
    if _HOLE_PREFIX_BYTES not in content:
        return content
    holes = Holes(content)
    for name, value in (("csrf", lambda: get_token(request)), ("path", request.get_full_path)):
        if places := holes.named(name):
            filled = escape(value()).encode()  # the token is letters and digits: escaping changes nothing
            for place in places:
                holes.fill(place, filled)
    for fill in _personalisers:
        fill(request, holes)
    return holes.content()


# The middleware


class PageCacheMiddleware:
    """Last in MIDDLEWARE: a hit skips only the view, never the headers and cookies above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        began = _request_generations.set(_current_generations())
        try:
            return self._respond(request)
        finally:
            _request_generations.reset(began)

    def _respond(self, request):
        if not settings.PAGE_CACHE_SECONDS or not _is_anonymous_read(request) or _personal_for(request):
            return self.get_response(request)
        request.page_cache_holes = True
        key = _key(request)
        activity, _content = _generations()
        stored = caches[settings.PAGE_CACHE_ALIAS].get(key)
        if stored is not None and _is_current(stored, activity):
            request.served_from_page_cache = True
            response = _rebuild(stored)
            response.content = fill_holes(request, response.content)
            response["X-Page-Cache"] = "hit"
            return response
        with _watching() as reads:
            response = self.get_response(request)
        if getattr(response, "streaming", False) or not _is_text(response):
            return response
        if request.method == "GET" and getattr(request, "page_cache_store", False) and _is_storable(response):
            stored = _freeze(response, read_activity_of=activity if reads.seen else None)
            caches[settings.PAGE_CACHE_ALIAS].set(key, stored, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        response.content = fill_holes(request, response.content)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if rendering_shared(request):
            request.page_cache_store = getattr(view_func, "shared_page", False) or _is_wagtail_serve(view_func)


def _is_anonymous_read(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and not cookies.get("messages")  # a message waits to be shown to this visitor
        and "Authorization" not in request.headers
    )


def _personal_for(request) -> bool:
    """Whether the view asked for renders this visitor a page of their own (see `shared_page`).
    The address is resolved only for a visitor with one of the cookies that can make it so."""
    cookies = _personal_cookies.intersection(request.COOKIES)
    if not cookies:
        return False
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return getattr(match.func, "personal_with_cookie", "") in cookies


class _ActivityReads:
    """Whether a rendering read a table of PAGE_CACHE_ACTIVITY_MODELS (for `execute_wrapper`).

    Watched rather than declared per page: a page that shows bookings through a template
    tag or a context processor is found as surely as one whose view reads them, and a page
    that stops reading them is kept across bookings without anyone saying so. The parts kept
    with `remember` never read activity, so a rendering from kept parts hides nothing."""

    def __init__(self):
        self.seen = _activity_tables is None  # signals not connected: assume it does

    def __call__(self, execute, sql, params, many, context):
        if not self.seen and _reads_activity(sql):
            self.seen = True
        return execute(sql, params, many, context)


@contextlib.contextmanager
def _watching():
    """An `_ActivityReads` over what runs inside, told of the queries and of `note_read`."""
    reads = _ActivityReads()
    began = _watchers.set((*_watchers.get(), reads))
    try:
        with connection.execute_wrapper(reads):
            yield reads
    finally:
        _watchers.reset(began)


def note_read(*models):
    """Say that the rendering under way read rows of `models` held in memory (no query the
    watcher could see): a page shown from them is retired by their writes like one that
    queried them (core.kept_briefly calls it)."""
    if any(model._meta.label_lower in _activity_models for model in models):
        for reads in _watchers.get():
            reads.seen = True


@functools.lru_cache(maxsize=1024)
def _reads_activity(sql: str) -> bool:
    # Kept per statement: the ORM makes the same few hundred, and looking through one for
    # the tables (30-50 microseconds for 3 KB) cost more than hashing it.
    return _activity_tables.search(sql) is not None


def _key(request) -> str:
    """Under the content generation: an activity write retires only the pages that read
    activity (`_is_current`). "2": stored pages of this form, not those of an earlier release.

    The process's own count of activity writes not yet committed (0 but in a writing
    transaction, or after one rolled back) is in the key too: with it in the stored page
    alone, that process and the others would keep replacing each other's copy."""
    (_shared_activity, local_activity), (shared, local) = _generations()
    return ":".join(
        ("page", "2", str(shared), str(local), str(local_activity), translation.get_language() or "", _address(request))
    )


def _is_current(stored, activity) -> bool:
    """Whether a stored page still holds: it read no activity, or none written since."""
    read_activity_of = stored[3]
    return read_activity_of is None or read_activity_of == activity


def _address(request) -> str:
    """What a stored rendering is of, generations and language aside: the day, host, path and
    query, and htmx target."""
    address = hashlib.blake2b(
        f"{request.get_host()}\n{request.get_full_path()}\n{request.headers.get('HX-Target', '')}".encode(),
        digest_size=16,
    ).hexdigest()
    htmx = "hx" if request.headers.get("HX-Request") else "page"
    return f"{timezone.localdate().isoformat()}:{htmx}:{address}"


def _is_wagtail_serve(view_func) -> bool:
    from wagtail.views import serve

    return view_func is serve


def _is_text(response) -> bool:
    return response.get("Content-Type", "").startswith(
        ("text/html", "text/plain", "application/xhtml", "application/xml")
    )


def _is_storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _freeze(response, *, read_activity_of) -> tuple:
    """What is stored of a response; `read_activity_of`: the activity generation its rendering
    read activity under, or None when it read none."""
    headers = {name: response[name] for name in _STORED_HEADERS if name in response}
    return (response.status_code, headers, response.content, read_activity_of)


def _rebuild(stored) -> HttpResponse:
    status, headers, content, _read_activity_of = stored
    return HttpResponse(content, status=status, headers=headers)
