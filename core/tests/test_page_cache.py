"""The shared page cache: fast for everyone, yet never stale and never personal."""

import datetime
import re
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalogue.tests.factories import create_best_practice, create_home, create_listing_page, translate_page
from core import page_cache
from offices.models import Closure
from offices.tests.factories import create_office, create_region
from showcase.settings.base import CACHES as BASE_CACHES
from visits import services
from visits.models import VisitRequest
from visits.plans import PLAN_COOKIE
from visits.tests.factories import create_bookable_office, create_visit_request, next_open_day

pytestmark = pytest.mark.django_db

LISTING = "/best-practices/"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture
def practice():
    region = create_region(name="North", slug="north", counties=("Västerbotten",))
    create_office(create_home(), region=region, title="North office", slug="north")
    create_listing_page()
    return create_best_practice(title="Umeå buses", county="Västerbotten")


def stored_pages():
    store = caches["default"]
    return {key: value for key, value in store._cache.items() if ":page:" in key}  # locmem's own dict


def without_tokens(content: bytes) -> bytes:
    content = TOKEN.sub(b'name="csrfmiddlewaretoken" value="TOKEN"', content)
    return re.sub(rb'"X-CSRFToken": "[A-Za-z0-9]+"', b'"X-CSRFToken": "TOKEN"', content)


def committed():
    """What the commit of the test's writes so far does (its transaction never commits): the
    page cache's bump queued for them runs, and the next write queues one of its own. Until
    then the process counts them as its own writes, in the key of every page it stores."""
    queued = getattr(connection, "page_cache_bump_queued", None)
    if queued is not None:
        page_cache._bump_shared_generation(content=queued[1]["content"])
        connection.page_cache_bump_queued = None


def close_and_commit(office):
    Closure.objects.create(
        office=office, start_date=datetime.date(2030, 1, 1), end_date=datetime.date(2030, 1, 2), public_note="Shut"
    )
    committed()


def star(client, page):
    response = client.post("/plan/star/", {"page": page.pk, "next": LISTING})
    assert response.status_code == 302
    # Without JavaScript the next page says what happened: a message, never a cached page.
    shown = client.get(LISTING)
    assert "X-Page-Cache" not in shown and b"<!--pc:" not in shown.content
    return response.cookies[PLAN_COOKIE].value


def test_a_public_page_is_rendered_once_then_served_without_a_query(client, practice):
    first = client.get(LISTING)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(LISTING)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert without_tokens(second.content) == without_tokens(first.content)
    assert b"<!--pc:" not in second.content and b"Ume\xc3\xa5 buses" in second.content


def test_every_visitor_gets_a_csrf_token_of_their_own_that_works(practice):
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    alice.get(LISTING)
    page = bob.get(LISTING)
    assert page["X-Page-Cache"] == "hit"
    token = TOKEN.search(page.content)[1].decode()
    assert token not in alice.get(LISTING).content.decode()
    assert bob.cookies["csrftoken"].value != alice.cookies["csrftoken"].value
    assert "Cookie" in page["Vary"]
    response = bob.post("/plan/star/", {"page": practice.pk, "csrfmiddlewaretoken": token, "next": LISTING})
    assert response.status_code == 302


def test_a_visitor_with_a_plan_sees_their_own_stars_and_count_on_a_cached_page(client, practice, settings):
    other = create_best_practice(title="Luleå heat")
    Client().get(LISTING)  # someone without a plan fills the cache
    star(client, practice)
    cached = client.get(LISTING)
    assert cached["X-Page-Cache"] == "hit"
    html = cached.content.decode()
    assert re.search(rf'id="star-{practice.pk}" class="star is-starred" aria-pressed="true"', html)
    assert re.search(rf'id="star-{other.pk}" class="star" aria-pressed="false"', html)
    assert "My Visit Plan (1)" in html
    assert "My Visit Plan (0)" in Client().get(LISTING).content.decode()

    settings.PAGE_CACHE_SECONDS = 0
    rendered = client.get(LISTING)
    assert "X-Page-Cache" not in rendered
    assert without_tokens(rendered.content) == without_tokens(cached.content)


def test_the_stored_copy_is_the_same_whoever_filled_it_and_holds_nothing_personal(client, practice):
    plan_token = star(client, practice)
    client.get(LISTING)
    (filled_by_planner,) = stored_pages().values()
    stored = caches["default"].get(next(iter(stored_pages())).split(":", 2)[2])
    caches["default"].clear()
    anonymous = Client()
    anonymous.get(LISTING)
    (filled_by_stranger,) = stored_pages().values()
    assert filled_by_planner == filled_by_stranger
    assert stored is not None
    _status, headers, content, _read_activity_of = stored
    assert "Set-Cookie" not in headers
    for secret in (plan_token, client.cookies["csrftoken"].value, anonymous.cookies["csrftoken"].value):
        assert secret.encode() not in content
    assert TOKEN.search(content) is None


def test_a_publish_an_edit_and_an_unpublish_show_at_once(client, practice):
    assert client.get(LISTING)["X-Page-Cache"] == "miss"
    added = create_best_practice(title="Malmö harbour")
    response = client.get(LISTING)
    assert response["X-Page-Cache"] == "miss" and b"Malm\xc3\xb6 harbour" in response.content

    added.title = "Malmö harbour district"
    added.save_revision().publish()
    assert b"Malm\xc3\xb6 harbour district" in client.get(LISTING).content

    added.unpublish()
    assert b"Malm\xc3\xb6 harbour" not in client.get(LISTING).content
    assert client.get(added.url if added.url else "/best-practices/" + added.slug + "/").status_code == 404


def test_a_closure_or_a_booking_retires_the_pages_that_read_them_and_no_others(client, practice):
    office = create_bookable_office()
    committed()
    calendar = f"/calendar/?office={office.slug}"
    for address in (LISTING, calendar):
        client.get(address)
        assert client.get(address)["X-Page-Cache"] == "hit"
    close_and_commit(office)
    assert client.get(calendar)["X-Page-Cache"] == "miss"
    assert client.get(LISTING)["X-Page-Cache"] == "hit"  # it shows no closures

    create_visit_request(office=office)
    committed()
    assert client.get(calendar)["X-Page-Cache"] == "miss"
    assert client.get(LISTING)["X-Page-Cache"] == "hit"  # nor bookings


def test_a_page_is_retired_by_a_booking_once_it_reads_bookings(client, practice, monkeypatch):
    """Whether a page reads activity is found from its queries, not declared: a listing that
    began to show bookings would be retired by them without anyone saying so."""
    office = create_bookable_office()
    committed()
    client.get(LISTING)
    create_visit_request(office=office)
    committed()
    assert client.get(LISTING)["X-Page-Cache"] == "hit"

    from catalogue.models import BestPracticeIndexPage

    shown = BestPracticeIndexPage.get_context

    def with_the_number_of_requests(self, request, *args, **kwargs):
        return {**shown(self, request, *args, **kwargs), "requests": VisitRequest.objects.count()}

    monkeypatch.setattr(BestPracticeIndexPage, "get_context", with_the_number_of_requests)
    practice.save_revision().publish()  # a content change: the listing is rendered again
    committed()
    assert client.get(LISTING)["X-Page-Cache"] == "miss"
    assert client.get(LISTING)["X-Page-Cache"] == "hit"
    create_visit_request(office=office)
    committed()
    assert client.get(LISTING)["X-Page-Cache"] == "miss"


def test_only_a_query_of_an_activity_models_table_counts_as_reading_activity(practice):
    from django.db import connection

    def reads(sql):
        watcher = page_cache._ActivityReads()
        with connection.execute_wrapper(watcher), connection.cursor() as cursor:
            cursor.execute(sql)
        return watcher.seen

    assert reads('SELECT COUNT(*) FROM "visits_visit"')
    assert reads('SELECT 1 FROM "catalogue_bestpracticepage" WHERE EXISTS (SELECT 1 FROM "offices_closure")')
    assert reads('SELECT COUNT(*) FROM "visits_visitrequest_interests"')  # a request's topics
    assert not reads('SELECT COUNT(*) FROM "visits_visitplan"')  # a visitor's plan: personal, filled in apart
    assert not reads('SELECT COUNT(*) FROM "catalogue_bestpracticepage"')


def card_loads(client, url):
    """The page at `url`, and how many queries it spent loading practices for their cards."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, sum('"catalogue_bestpracticepage"."hero_image_id"' in q["sql"] for q in captured)


def test_a_booking_retires_neither_the_pages_that_do_not_read_it_nor_the_kept_parts(client, practice):
    office = create_bookable_office()
    create_best_practice(title="Luleå heat")
    committed()
    client.get(LISTING)  # keeps the page, its cards, facet index and routing

    visit_request = create_visit_request(office=office)
    services.transition(visit_request, VisitRequest.Status.DECLINED, reason="Full")
    committed()
    assert client.get(LISTING)["X-Page-Cache"] == "hit"
    with mock.patch.object(page_cache, "_key", lambda request: "page:a-new-address"):
        response, loads = card_loads(client, LISTING)
    assert response["X-Page-Cache"] == "miss"  # a page rendered after the booking…
    assert loads == 0  # …from the kept cards

    practice.title = "Umeå electric buses"
    practice.save_revision().publish()
    response, loads = card_loads(client, LISTING)
    assert response["X-Page-Cache"] == "miss" and loads == 1  # content changed: cards built again
    assert "Umeå electric buses" in response.content.decode()


def test_a_transaction_with_a_booking_and_a_content_change_retires_both(
    client, practice, django_capture_on_commit_callbacks
):
    office = create_bookable_office()
    client.get(LISTING)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        create_visit_request(office=office)
        practice.title = "Umeå night buses"
        practice.save_revision().publish()
    response, loads = card_loads(client, LISTING)
    assert loads == 1 and "Umeå night buses" in response.content.decode()


def test_another_process_booking_keeps_the_parts_its_content_change_retires_them(settings):
    settings.PAGE_CACHE_DATA_SECONDS = 600
    settings.PAGE_CACHE_SHARED_CHECK_SECONDS = 0  # read the shared generations at every use
    shared = caches["shared"]
    assert page_cache.remember("part", lambda: "first") == "first"

    shared.set("page-cache:generation", "booked-elsewhere", timeout=None)
    assert page_cache.remember("part", lambda: "second") == "first"

    shared.set_many({"page-cache:generation": "edited", "page-cache:content-generation": "edited"}, timeout=None)
    assert page_cache.remember("part", lambda: "third") == "third"


def test_a_requests_topics_are_activity_like_the_request(practice):
    from catalogue.tests.factories import create_focus_area, create_sub_area

    sub_area = create_sub_area(create_focus_area())
    visit_request = create_visit_request(office=create_bookable_office())
    assert page_cache.remember("part", lambda: "first") == "first"
    visit_request.interests.set([sub_area])
    assert page_cache.remember("part", lambda: "second") == "first"


def test_a_visitor_starring_does_not_retire_anything(client, practice):
    client.get(LISTING)
    star(client, practice)
    assert Client().get(LISTING)["X-Page-Cache"] == "hit"


def test_each_language_is_stored_apart(client, practice):
    translate_page(create_listing_page(), "sv", title="Goda exempel", slug="goda-exempel")
    english = client.get(LISTING)
    swedish = client.get("/sv/goda-exempel/")
    assert english["X-Page-Cache"] == swedish["X-Page-Cache"] == "miss"
    assert b'<html lang="sv">' in client.get("/sv/goda-exempel/").content
    assert b'<html lang="en">' in client.get(LISTING).content
    assert len(stored_pages()) == 2


def test_htmx_fragments_and_query_strings_are_stored_apart(client, practice):
    client.get(LISTING)
    assert client.get(LISTING, headers={"HX-Request": "true"})["X-Page-Cache"] == "miss"
    assert client.get(LISTING + "?q=bus")["X-Page-Cache"] == "miss"
    assert len(stored_pages()) == 3


def test_signed_in_staff_and_visitors_with_messages_bypass_the_cache(client, practice):
    client.get(LISTING)
    staff = Client()
    staff.force_login(User.objects.create_user("editor", is_staff=True, is_superuser=True))
    response = staff.get(LISTING)
    assert "X-Page-Cache" not in response and b"<!--pc:" not in response.content
    with_message = Client()
    with_message.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in with_message.get(LISTING)


@pytest.mark.parametrize("path", ["/plan/", "/book/"])
def test_personal_pages_are_never_stored(client, practice, path):
    star(client, practice)
    first, second = client.get(path), client.get(path)
    assert first.status_code == second.status_code == 200
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert b"<!--pc:" not in second.content
    assert stored_pages() == {}


def test_a_hit_for_a_visitor_with_a_plan_costs_two_queries(client, practice):
    star(client, practice)
    client.get(LISTING)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LISTING)["X-Page-Cache"] == "hit"
    assert len(queries) == 2  # the plan, and its pages in every language


def test_another_process_sees_a_change_within_the_check_interval(client, practice, settings):
    settings.PAGE_CACHE_SHARED_CHECK_SECONDS = 5
    calendar = f"/calendar/?office={create_bookable_office().slug}"
    client.get(LISTING)
    client.get(calendar)
    # Another app server takes a booking: only the shared generation changes here.
    caches["shared"].set("page-cache:generation", "booked-elsewhere", timeout=None)
    later = page_cache.time.monotonic() + 6
    assert client.get(calendar)["X-Page-Cache"] == "hit"  # read less than 5 s ago
    with mock.patch.object(page_cache.time, "monotonic", return_value=later):
        assert client.get(calendar)["X-Page-Cache"] == "miss"
        assert client.get(LISTING)["X-Page-Cache"] == "hit"
    # …then publishes: the content generation changes too.
    caches["shared"].set_many(
        {"page-cache:generation": "edited-elsewhere", "page-cache:content-generation": "edited-elsewhere"}, timeout=None
    )
    assert client.get(LISTING)["X-Page-Cache"] == "hit"
    with mock.patch.object(page_cache.time, "monotonic", return_value=later + 6):
        assert client.get(LISTING)["X-Page-Cache"] == "miss"


def test_the_shared_generation_changes_only_when_the_transaction_commits(django_capture_on_commit_callbacks):
    shared = caches["shared"]
    before = shared.get("page-cache:generation")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        create_home()
        create_listing_page()
        assert shared.get("page-cache:generation") == before
    assert len(callbacks) == 1  # one bump per transaction, however many writes
    assert shared.get("page-cache:generation") != before


@pytest.mark.django_db(transaction=True)
def test_the_default_shared_cache_is_a_database_table_made_by_migrate(settings):
    settings.CACHES = {
        **settings.CACHES,
        "shared": BASE_CACHES["shared"],
    }
    page_cache.invalidate()  # outside a transaction: bumps at once
    assert caches["shared"].get("page-cache:generation")
    assert caches["shared"].get("page-cache:content-generation")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM shared_cache")
        assert cursor.fetchone()[0] == 2


def test_the_calendar_changes_at_once_after_a_booking_a_status_change_and_a_closure(client):
    office = create_bookable_office(groups_per_slot=1)
    day = next_open_day(office)
    url = f"/calendar/?date={day:%Y-%m-01}&office={office.slug}"
    free = client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    visit_request = create_visit_request(office=office, choices=[(day, office.visit_slots.first())])
    booked = client.get(url)
    assert booked["X-Page-Cache"] == "miss"
    assert without_tokens(booked.content) != without_tokens(free.content)  # the slot is taken now
    assert client.get(url)["X-Page-Cache"] == "hit"

    services.transition(visit_request, VisitRequest.Status.DECLINED, reason="Fully booked that week")
    released = client.get(url)
    assert released["X-Page-Cache"] == "miss"
    assert without_tokens(released.content) == without_tokens(free.content)  # free again

    Closure.objects.create(office=office, start_date=day, end_date=day, public_note="Closed for the royal visit")
    closed = client.get(url)
    assert closed["X-Page-Cache"] == "miss" and b"Closed for the royal visit" in closed.content


def test_a_first_visit_served_from_the_cache_still_remembers_the_language(practice):
    Client().get(LISTING)
    newcomer = Client()
    response = newcomer.get(LISTING, headers={"Accept": "text/html"})
    assert response["X-Page-Cache"] == "hit"
    assert response.cookies["django_language"].value == "en"
    assert "Accept-Language" in response["Vary"]


def test_rendering_an_image_for_the_first_time_retires_nothing(client, practice):
    from catalogue.tests.factories import create_image

    image = create_image(1)
    client.get(LISTING)
    image.get_rendition("fill-480x270")  # what a page's first view does
    assert client.get(LISTING)["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_clear_page_cache_retires_every_page_for_a_release(client, practice):
    from io import StringIO

    from django.core.management import call_command

    client.get(LISTING)
    before = caches["shared"].get("page-cache:generation")
    call_command("clear_page_cache", stdout=StringIO())
    assert caches["shared"].get("page-cache:generation") != before
    assert client.get(LISTING)["X-Page-Cache"] == "miss"


def test_a_part_built_from_what_a_request_read_before_a_change_is_not_kept_for_later_requests(rf, settings):
    """Another process commits a change while a request renders; this process notices the new
    generation before the request remembers what it built from the old content."""
    settings.PAGE_CACHE_DATA_SECONDS = 600
    settings.PAGE_CACHE_SHARED_CHECK_SECONDS = 0  # read the shared generation at every use

    def view(request):
        title = "Old title"  # read before the change
        # The other process commits a content change: both generations are new.
        caches["shared"].set_many(
            {"page-cache:generation": "elsewhere", "page-cache:content-generation": "elsewhere"}, timeout=None
        )
        return HttpResponse(page_cache.remember("card", lambda: title))

    response = page_cache.PageCacheMiddleware(view)(rf.get("/"))

    assert response.content == b"Old title"
    assert page_cache.remember("card", lambda: "New title") == "New title"


class _KeptByAnotherRelease:
    """Pickles fine, but cannot be read back (as a model whose field this code lacks)."""

    def __reduce__(self):
        return (_fail_to_load, ())


def _fail_to_load():
    raise LookupError("a field this release does not have")


def test_a_kept_part_that_cannot_be_read_back_is_rebuilt(settings):
    settings.PAGE_CACHE_DATA_SECONDS = 3600
    assert isinstance(page_cache.remember("part", _KeptByAnotherRelease), _KeptByAnotherRelease)
    assert page_cache.remember("part", lambda: "rebuilt") == "rebuilt"
    assert page_cache.remember("part", lambda: "not asked") == "rebuilt"
    page_cache.remember_many(["card"], lambda names: {name: _KeptByAnotherRelease() for name in names})
    assert page_cache.remember_many(["card"], lambda names: dict.fromkeys(names, "card")) == {"card": "card"}


def test_a_large_kept_part_is_held_as_it_is_by_the_process_until_content_changes(settings):
    """A listing's 10,000 keys and its facet index were unpickled from the store at every
    read; held by the process too, they are read as they are, and retired like the rest."""
    settings.PAGE_CACHE_DATA_SECONDS = 3600
    built = []

    def keys():
        built.append(1)
        return frozenset(range(len(built) * 1000))

    first = page_cache.remember("keys", keys, in_process=True)
    assert page_cache.remember("keys", keys, in_process=True) is first
    from_store = page_cache.remember("keys", keys)
    assert from_store == first and from_store is not first  # the store's (pickled) copy
    assert len(built) == 1

    page_cache.invalidate()  # a content change
    changed = page_cache.remember("keys", keys, in_process=True)
    assert len(built) == 2 and len(changed) == 2000

    page_cache.forget_shared_generation()  # as after a restore: nothing held under old generations
    caches["default"].clear()
    assert page_cache.remember("keys", keys, in_process=True) is not changed and len(built) == 3


def test_a_part_kept_by_nobody_is_not_held_by_the_process_either(settings):
    settings.PAGE_CACHE_DATA_SECONDS = 0  # shared parts off
    built = []
    for _ in range(2):
        page_cache.remember("keys", lambda: built.append(1) or frozenset(built), in_process=True)
    assert len(built) == 2


def test_a_shared_store_that_lost_its_tokens_does_not_bring_back_parts_held_before_the_first(settings):
    """Keys made before the first shared token (none yet) come back if the store loses its
    tokens (a Redis restart): what the process held under them then is old content."""
    settings.PAGE_CACHE_DATA_SECONDS = 3600
    settings.PAGE_CACHE_SHARED_CHECK_SECONDS = 0  # read the shared tokens at every use
    assert page_cache.remember("keys", lambda: "before", in_process=True) == "before"
    page_cache._bump_shared_generation()  # a content change commits: the first shared token
    assert page_cache.remember("keys", lambda: "after", in_process=True) == "after"

    caches["shared"].clear()  # the store loses its tokens: the keys of before the first are back
    caches["default"].clear()
    assert page_cache.remember("keys", lambda: "rebuilt", in_process=True) == "rebuilt"


def test_a_part_kept_from_bookings_is_refused_in_the_tests(settings):
    """Kept parts outlive bookings, and a page rendered from them is not seen reading any: so
    every part the test suite keeps is checked to have read none."""
    assert settings.PAGE_CACHE_CHECK_KEPT_PARTS
    with pytest.raises(page_cache.KeptPartReadActivity):
        page_cache.remember("requests", VisitRequest.objects.count)
    with pytest.raises(page_cache.KeptPartReadActivity):
        page_cache.remember_many(["a", "b"], lambda names: {name: VisitRequest.objects.count() for name in names})
    assert page_cache.remember("users", User.objects.count) == 0  # not activity


def test_a_write_a_process_has_not_committed_keeps_its_pages_apart_from_the_others(client, practice):
    """Until its bump commits (or forever, if it rolled back), only the writing process counts
    a write. With the count only in the stored page, that process and every other would keep
    replacing each other's copy of every page that reads bookings."""
    office = create_bookable_office()
    committed()
    calendar = f"/calendar/?office={office.slug}"
    client.get(calendar)
    create_visit_request(office=office)  # not committed
    assert client.get(calendar)["X-Page-Cache"] == "miss"  # this process sees its own write…
    assert client.get(calendar)["X-Page-Cache"] == "hit"  # …and keeps that page for itself
    with mock.patch.dict(page_cache._local, generation=0):  # another process, which saw no write
        assert client.get(calendar)["X-Page-Cache"] == "hit"  # its copy was left alone


def test_a_page_shown_from_rows_held_in_memory_is_retired_like_one_that_queried_them(
    client, practice, monkeypatch, settings
):
    """Rows a process holds (core.kept_briefly) are read without a query the page cache could
    see: holding them, it still knows the page read closures."""
    from catalogue.models import BestPracticeIndexPage
    from core.kept_briefly import KeptBriefly

    settings.PAGE_CACHE_SHARED_CHECK_SECONDS = 600  # held for the whole test
    office = create_bookable_office()
    closures = KeptBriefly(lambda: list(Closure.objects.values_list("public_note", flat=True)), Closure)
    try:
        closures.get()  # held before the page is rendered: its rendering queries no closure
        shown = BestPracticeIndexPage.get_context
        monkeypatch.setattr(
            BestPracticeIndexPage,
            "get_context",
            lambda self, request, *args, **kwargs: {**shown(self, request, *args, **kwargs), "notes": closures.get()},
        )
        committed()
        client.get(LISTING)
        assert client.get(LISTING)["X-Page-Cache"] == "hit"
        close_and_commit(office)
        assert client.get(LISTING)["X-Page-Cache"] == "miss"
    finally:
        closures.disconnect()


def test_every_kind_of_hole_is_filled_in_one_pass_and_unknown_markers_are_put_back():
    """`fill_holes` cuts a stored page at its holes once: the token, the address, and a star
    button whose states hold holes of their own (the form's token and address) go with the
    state shown; markers nobody fills, or that never close, stay as they were."""
    from django.test import RequestFactory

    from visits.personal import PLAN_COUNT_HOLE, STAR_HOLE

    request = RequestFactory().get("/best-practices/?q=a&page=2")
    request.visit_plan_page_ids = frozenset({7})
    form = f"<form>{page_cache.CSRF_HOLE}{page_cache.PATH_HOLE}</form>"
    page = (
        f"<p>{page_cache.PATH_HOLE}</p>"
        + STAR_HOLE.format(pk=7, unstarred=f"star{form}", starred=f"unstar{form}")
        + STAR_HOLE.format(pk=8, unstarred=f"star{form}", starred=f"unstar{form}")
        + f"<!--pc:unknown:3-->kept<span>{PLAN_COUNT_HOLE}</span><!--pc:never closed"
    )

    filled = page_cache.fill_holes(request, page.encode()).decode()

    tokens = re.fullmatch(
        r"<p>/best-practices/\?q=a&amp;page=2</p>"
        r"unstar<form>(\w{64})/best-practices/\?q=a&amp;page=2</form>"
        r"star<form>(\w{64})/best-practices/\?q=a&amp;page=2</form>"
        r"<!--pc:unknown:3-->kept<span>1</span><!--pc:never closed",
        filled,
    )
    assert tokens, filled
    assert tokens[1] == tokens[2] and "<!--pc:" not in filled.replace("<!--pc:unknown:3-->", "").replace(
        "<!--pc:never closed", ""
    )


def test_a_search_made_before_the_worker_indexed_a_publish_finds_it_once_the_worker_has(client, practice, settings):
    """With a task worker (TASKS_BACKEND=database) a publish only queues the search index's
    update, and the index is written in bulk, without model signals. A search in between
    finds nothing new; it must not be kept, or its page stored, once the worker has run."""
    from unittest import mock

    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    create_best_practice(title="Skellefteå zeppelin port", county="Västerbotten")
    committed()

    before = client.get(LISTING, {"q": "zeppelin"})
    assert before["X-Page-Cache"] == "miss" and "Skellefteå zeppelin port" not in before.content.decode()

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    after = client.get(LISTING, {"q": "zeppelin"})
    assert "Skellefteå zeppelin port" in after.content.decode()
