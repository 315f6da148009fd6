"""Triage rules (issue 14): the checks staff see on a request, each office's configuration of
them, the automatic confirmation, the request page's "Checks" section and the admin of the rules."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue.tests.factories import create_best_practice, create_home, create_sub_area
from offices.models import Closure, StaffRole, TriageRules
from offices.tests.factories import create_office, create_region
from offices.wagtail_hooks import TriageRulesViewSet
from visits import services, staff_services, triage
from visits.models import StatusChange, Visit, VisitRequest
from visits.tests.factories import booking_form, create_bookable_office, create_visit_request, next_open_day
from visits.tests.personas import create_cast, create_staff
from visits.tests.test_query_counts import INBOX_QUERIES, REQUEST_PAGE_QUERIES

pytestmark = pytest.mark.django_db
Code = triage.Code
Status = VisitRequest.Status
Role = StaffRole.Role
VIEWSET = TriageRulesViewSet("triage_rules")
RULE = TriageRules.AutoConfirm.DIGITAL_HEAD_OFFICE


# --- Helpers ------------------------------------------------------------------------------


def noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def day_ahead(office, days, weekday=None):
    """An open day of `office` at least `days` days from today (on `weekday` if given)."""
    day = next_open_day(office, timezone.localdate() + datetime.timedelta(days=days - 1))
    while weekday is not None and day.weekday() != weekday:
        day = next_open_day(office, day)
    return day


def received(visit_request, when):
    """The request as if it had arrived at `when`."""
    VisitRequest.objects.filter(pk=visit_request.pk).update(created_at=when)
    visit_request.refresh_from_db()
    return visit_request


def findings(visit_request):
    """The findings on a freshly read request (its office's rules read as the checks read them)."""
    return triage.findings_for(VisitRequest.objects.select_related("office").get(pk=visit_request.pk))


def codes(visit_request):
    return [finding.code for finding in findings(visit_request)]


def request_on(office, day, **overrides):
    """A request for `day` (morning) received well ahead of it, so that only what a test sets is flagged."""
    visit_request = create_visit_request(office, [(day, office.visit_slots.first())], **overrides)
    return received(visit_request, noon(day - datetime.timedelta(days=60)))


def create_head_office(**overrides):
    fields = {"title": "Head office", "groups_per_slot": 2, "persons_per_slot": 40, "largest_group": 30, **overrides}
    return create_office(create_home(), **fields)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def office():
    return create_bookable_office(title="North", groups_per_slot=20, persons_per_slot=500)


# --- Same organisation, same topic, within two years -------------------------------------


def asked_twice(office, days_between, *, later_name="  city OF  pune", share="interest", earlier_office=None):
    """Two requests of the same organisation `days_between` days apart; they share a topic."""
    topic = create_sub_area()
    practice = create_best_practice()
    day = day_ahead(office, 30)
    earlier = request_on(earlier_office or office, day, organisation="City of Pune")
    later = request_on(office, day, organisation=later_name)
    received(earlier, later.created_at - datetime.timedelta(days=days_between))
    if share == "interest":
        earlier.interests.set([topic])
        later.interests.set([topic, create_sub_area()])
    elif share == "practice":
        earlier.plan_items.set([practice])
        later.plan_items.set([practice])
    else:  # different topics
        earlier.interests.set([topic])
        later.interests.set([create_sub_area()])
    return earlier, later


@pytest.mark.parametrize(("days_between", "flagged"), [(1, True), (729, True), (730, True), (731, False)])
def test_the_same_organisation_asking_about_the_same_topic_within_two_years_is_flagged(office, days_between, flagged):
    earlier, later = asked_twice(office, days_between)
    assert (Code.REPEAT in codes(later)) is flagged
    assert Code.REPEAT not in codes(earlier)  # only the later request repeats the earlier one
    if flagged:
        (finding,) = [finding for finding in findings(later) if finding.code == Code.REPEAT]
        assert earlier.reference in finding.message
        assert finding.severity == triage.Severity.NOTICE


def test_a_shared_starred_practice_is_the_same_topic_and_another_office_counts(office):
    south = create_bookable_office(title="South")
    earlier, later = asked_twice(office, 400, share="practice", earlier_office=south)
    (finding,) = [finding for finding in findings(later) if finding.code == Code.REPEAT]
    assert earlier.reference in finding.message
    assert "South" in finding.message


@pytest.mark.parametrize(
    ("later_name", "share"),
    [
        ("City of Mumbai", "interest"),  # another organisation
        ("City of Punes", "interest"),  # one letter more is another name
        ("City of Pune", "other"),  # the same organisation, another topic
    ],
)
def test_another_organisation_or_another_topic_is_not_a_repeat(office, later_name, share):
    _earlier, later = asked_twice(office, 100, later_name=later_name, share=share)
    assert Code.REPEAT not in codes(later)


def test_an_erased_earlier_request_is_not_a_repeat(office):
    earlier, later = asked_twice(office, 100)
    staff_services.erase_personal_data(earlier)
    other = request_on(office, day_ahead(office, 30), organisation=earlier.organisation)  # "(erased)"
    other.interests.set(earlier.interests.all())
    assert Code.REPEAT not in codes(later)
    assert Code.REPEAT not in codes(other)


# --- Lead time ----------------------------------------------------------------------------


@pytest.mark.parametrize(("lead", "flagged"), [(0, True), (13, True), (14, False), (30, False)])
def test_a_lead_time_shorter_than_the_minimum_is_flagged(office, lead, flagged):
    day = day_ahead(office, 40)
    visit_request = received(request_on(office, day), noon(day - datetime.timedelta(days=lead)))
    assert (Code.LEAD_TIME in codes(visit_request)) is flagged
    if flagged:
        (finding,) = findings(visit_request)
        assert f"is {lead} day" in finding.message
        assert "at least 14 days" in finding.message
        assert (finding.severity, finding.label) == (triage.Severity.WARNING, "Short notice")


def test_the_first_of_several_requested_days_decides_the_lead_time(office):
    first = day_ahead(office, 40)
    second = next_open_day(office, first + datetime.timedelta(days=7))
    visit_request = create_visit_request(
        office, [(second, office.visit_slots.first()), (first, office.visit_slots.first())]
    )
    assert Code.LEAD_TIME in codes(received(visit_request, noon(first - datetime.timedelta(days=13))))
    assert Code.LEAD_TIME not in codes(received(visit_request, noon(first - datetime.timedelta(days=14))))


# --- Group size ---------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "flagged"), [(30, False), (31, True)])
def test_a_group_larger_than_the_office_receives_is_flagged(office, size, flagged):
    visit_request = request_on(office, day_ahead(office, 30), group_size=size)
    assert codes(visit_request) == ([Code.GROUP_TOO_LARGE] if flagged else [])


@pytest.mark.parametrize(("size", "flagged"), [(12, False), (13, True)])
def test_a_group_larger_than_a_starred_practice_receives_is_flagged(office, size, flagged):
    practice = create_best_practice(title="Biogas plant", largest_group=12)
    visit_request = request_on(office, day_ahead(office, 30), group_size=size)
    visit_request.plan_items.set([practice])
    assert codes(visit_request) == ([Code.GROUP_TOO_LARGE] if flagged else [])
    if flagged:
        assert "Biogas plant receives groups of at most 12 people" in findings(visit_request)[0].message


@pytest.mark.parametrize(("size", "flagged"), [(4, True), (5, False)])
def test_a_group_below_the_offices_minimum_is_flagged(office, size, flagged):
    TriageRules.objects.create(office=office, min_group_size=5)
    visit_request = request_on(office, day_ahead(office, 30), group_size=size)
    assert codes(visit_request) == ([Code.GROUP_TOO_SMALL] if flagged else [])


def test_without_a_minimum_a_group_of_one_is_fine(office):
    assert codes(request_on(office, day_ahead(office, 30), group_size=1)) == []


# --- Starred practices: visiting days and format ------------------------------------------


@pytest.mark.parametrize(("weekday", "flagged"), [(0, True), (1, False), (2, True), (3, False)])
def test_a_starred_practice_not_receiving_groups_on_a_requested_weekday_is_flagged(office, weekday, flagged):
    practice = create_best_practice(title="Harbour district", visiting_weekdays=[1, 3])  # Tuesdays, Thursdays
    visit_request = request_on(office, day_ahead(office, 30, weekday=weekday))
    visit_request.plan_items.set([practice])
    assert codes(visit_request) == ([Code.PRACTICE_DAY] if flagged else [])
    if flagged:
        message = findings(visit_request)[0].message
        assert message.startswith("Harbour district does not receive groups on ")
        assert "The site receives groups on Tuesday and Thursday." in message


@pytest.mark.parametrize(("weekday", "flagged"), [(0, True), (1, False)])
def test_a_practice_without_days_of_its_own_receives_when_its_office_opens(office, weekday, flagged):
    # The practice lies in the south's region, whose office opens on Tuesdays and Wednesdays only.
    create_office(create_home(), region=create_region(counties=("Skåne",)), opening_weekdays=[1, 2], title="South")
    practice = create_best_practice(county="Skåne", visiting_weekdays=[])
    visit_request = request_on(office, day_ahead(office, 30, weekday=weekday))
    visit_request.plan_items.set([practice])
    assert codes(visit_request) == ([Code.PRACTICE_DAY] if flagged else [])


@pytest.mark.parametrize(("visit_format", "digitally", "flagged"), [("digital", False, True), ("digital", True, False)])
def test_a_starred_practice_that_cannot_be_visited_in_the_requested_format_is_flagged(
    office, visit_format, digitally, flagged
):
    practice = create_best_practice(visitable_digitally=digitally)
    visit_request = request_on(office, day_ahead(office, 30), format=visit_format)
    visit_request.plan_items.set([practice])
    assert codes(visit_request) == ([Code.PRACTICE_FORMAT] if flagged else [])


# --- Each office's configuration ----------------------------------------------------------


def test_each_office_configures_its_own_checks(office):
    south = create_bookable_office(title="South")
    TriageRules.objects.create(office=office, min_lead_days=5)
    day = day_ahead(office, 40)
    north_request = received(request_on(office, day, group_size=31), noon(day - datetime.timedelta(days=10)))
    day = day_ahead(south, 40)
    south_request = received(request_on(south, day, group_size=31), noon(day - datetime.timedelta(days=10)))
    assert codes(north_request) == [Code.GROUP_TOO_LARGE]  # 10 days' notice is enough here
    assert codes(south_request) == [Code.LEAD_TIME, Code.GROUP_TOO_LARGE]  # the defaults: 14 days
    TriageRules.objects.filter(office=office).update(check_group_size=False, min_lead_days=11)
    assert codes(north_request) == [Code.LEAD_TIME]


def test_an_office_can_switch_every_check_off(office):
    practice = create_best_practice(visiting_weekdays=[4], largest_group=2)
    _earlier, later = asked_twice(office, 10)
    later.plan_items.set([practice])
    received(later, noon(later.requested_slots.get().date - datetime.timedelta(days=1)))
    VisitRequest.objects.filter(pk=later.pk).update(group_size=50)
    assert {Code.REPEAT, Code.LEAD_TIME, Code.GROUP_TOO_LARGE, Code.PRACTICE_DAY} <= set(codes(later))
    TriageRules.objects.create(
        office=office, check_repeat=False, check_lead_time=False, check_group_size=False, check_practices=False
    )
    assert codes(later) == []
    assert triage.describe_rules(TriageRules.objects.get(office=office)) == []


def test_the_defaults_apply_without_a_row():
    rules = TriageRules.for_office(create_bookable_office())
    assert rules.pk is None
    assert (rules.check_repeat, rules.check_lead_time, rules.min_lead_days) == (True, True, 14)
    assert (rules.check_group_size, rules.min_group_size, rules.check_practices, rules.auto_confirm) == (
        True,
        None,
        True,
        "",
    )


def test_many_requests_are_judged_like_one(office):
    earlier, later = asked_twice(office, 100)
    practice = create_best_practice(largest_group=5)
    later.plan_items.add(practice)
    many = triage.findings_for_many(VisitRequest.objects.select_related("office").filter(pk__in=[earlier.pk, later.pk]))
    assert many == {earlier.pk: findings(earlier), later.pk: findings(later)}
    assert [finding.code for finding in many[later.pk]] == [Code.REPEAT, Code.GROUP_TOO_LARGE]


# --- Automatic confirmation ---------------------------------------------------------------


@pytest.fixture
def head():
    head = create_head_office()
    TriageRules.objects.create(office=head, auto_confirm=RULE)
    return head


def submit(office, day, django_capture_on_commit_callbacks, **overrides):
    """Submit as the booking does, running what follows the commit (tasks run at once in tests)."""
    with django_capture_on_commit_callbacks(execute=True):
        visit_request = create_visit_request(office, [(day, office.visit_slots.first())], **overrides)
    visit_request.refresh_from_db()
    return visit_request


def test_a_digital_request_at_the_head_office_within_capacity_is_confirmed_automatically(
    head, django_capture_on_commit_callbacks
):
    day = day_ahead(head, 30)
    mail.outbox.clear()
    visit_request = submit(head, day, django_capture_on_commit_callbacks, format="digital", email="asha@example.org")
    assert visit_request.status == Status.CONFIRMED
    (visit,) = Visit.objects.filter(request=visit_request)
    assert (visit.office, visit.date, visit.slot, visit.participants) == (head, day, head.visit_slots.first(), 10)
    # Logged as the system's, naming the rule; the review started on the way, as when staff confirm.
    history = list(StatusChange.objects.filter(request=visit_request).values_list("to_status", "actor", "actor_label"))
    assert history == [
        (Status.SUBMITTED, None, "requester"),
        (Status.IN_REVIEW, None, "system"),
        (Status.CONFIRMED, None, "system"),
    ]
    confirmation = StatusChange.objects.get(request=visit_request, to_status=Status.CONFIRMED)
    assert confirmation.reason == (
        "Confirmed automatically by the office's rule: A digital visit at the head office within capacity."
    )
    # The acknowledgement, then the confirmation with its calendar file, as after a staff confirmation.
    to_office = [message.subject for message in mail.outbox if message.to == [head.request_email]]
    assert to_office[-1] == f"Study visit {visit_request.reference} confirmed: Head office hosts 1 day"
    to_requester = [message for message in mail.outbox if message.to == ["asha@example.org"]]
    assert len(to_requester) == 2
    assert to_requester[1].subject == f"Your study visit {visit_request.reference} is confirmed"
    assert any(attachment[2].startswith("text/calendar") for attachment in to_requester[1].attachments)
    # The seats moved from the requested day to the visit day.
    assert visit_request.holds.filter(visit=visit).count() == 1 + 10


def test_of_several_preferred_days_the_earliest_is_confirmed_and_the_others_given_back(
    head, django_capture_on_commit_callbacks
):
    later, earlier = day_ahead(head, 40), day_ahead(head, 30)
    slot = head.visit_slots.first()
    with django_capture_on_commit_callbacks(execute=True):
        visit_request = create_visit_request(head, [(later, slot), (earlier, slot)], format="digital")
    visit_request.refresh_from_db()
    assert visit_request.status == Status.CONFIRMED
    (visit,) = Visit.objects.filter(request=visit_request)
    assert visit.date == earlier
    assert not visit_request.holds.filter(date=later).exists()  # the other preferred day is free again


def test_the_booking_form_confirms_automatically_too(head, client, django_capture_on_commit_callbacks):
    day = day_ahead(head, 30)
    slot = head.visit_slots.first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/book/", booking_form(head, day, slot, format="digital"))
    assert response.status_code == 302
    visit_request = VisitRequest.objects.get()
    assert visit_request.status == Status.CONFIRMED
    to_requester = [message.subject for message in mail.outbox if message.to == ["asha@example.org"]]
    assert to_requester[-1] == f"Your study visit {visit_request.reference} is confirmed"
    assert len(to_requester) == 2  # received, then confirmed


@pytest.mark.parametrize(
    "case",
    [
        "rule off",
        "no rules",
        "on site",
        "short notice",
        "group too large",
        "regional office",
        "starred practice not digital",
    ],
)
def test_no_automatic_confirmation_unless_the_rule_is_on_and_everything_holds(
    head, case, django_capture_on_commit_callbacks
):
    office, days, overrides = head, 30, {"format": "digital"}
    if case == "rule off":
        TriageRules.objects.filter(office=head).update(auto_confirm="")
    elif case == "no rules":
        TriageRules.objects.filter(office=head).delete()
    elif case == "on site":
        overrides["format"] = "on_site"
    elif case == "short notice":
        days = 3
    elif case == "group too large":
        overrides["group_size"] = 31
    elif case == "regional office":
        office = create_bookable_office()
        TriageRules.objects.create(office=office, auto_confirm=RULE)  # clean() refuses this; so does the rule
    mail.outbox.clear()
    if case == "starred practice not digital":
        practice = create_best_practice(visitable_digitally=False)
        with django_capture_on_commit_callbacks(execute=True):
            visit_request = services.submit_request(
                fields=_fields(office, **overrides),
                choices=[(day_ahead(office, days), office.visit_slots.first())],
                plan_items=[practice],
            )
    else:
        visit_request = submit(office, day_ahead(office, days), django_capture_on_commit_callbacks, **overrides)
    visit_request.refresh_from_db()
    assert visit_request.status == Status.SUBMITTED
    assert not Visit.objects.exists()
    assert not [message for message in mail.outbox if "confirmed" in message.subject]


def _fields(office, **overrides):
    return {
        "organisation": "City of Example",
        "organisation_kind": "municipality",
        "country": "CN",
        "contact_name": "Li Wei",
        "email": "li.wei@example.org",
        "phone": "+8613800138000",
        "group_size": 10,
        "languages": ["en"],
        "format": "digital",
        "office": office,
        **overrides,
    }


def test_a_request_raising_a_check_is_left_to_staff(head, django_capture_on_commit_callbacks):
    topic = create_sub_area()
    earlier = create_visit_request(head, organisation="City of Pune")
    earlier.interests.set([topic])
    with django_capture_on_commit_callbacks(execute=True):
        visit_request = services.submit_request(
            fields=_fields(head, organisation="city of pune"),
            choices=[(day_ahead(head, 30), head.visit_slots.first())],
            interests=[topic],
        )
    visit_request.refresh_from_db()
    assert visit_request.status == Status.SUBMITTED
    assert codes(visit_request) == [Code.REPEAT]


def test_a_day_closed_or_taken_since_the_submission_is_left_to_staff(head):
    day = day_ahead(head, 30)
    visit_request = create_visit_request(head, [(day, head.visit_slots.first())], format="digital")
    Closure.objects.create(office=head, start_date=day, end_date=day, public_note="Closed for a conference")
    assert triage.auto_confirm(visit_request.pk) is False
    Closure.objects.all().delete()
    services.transition(visit_request, Status.IN_REVIEW)  # staff started meanwhile
    assert triage.auto_confirm(visit_request.pk) is False
    visit_request.refresh_from_db()
    assert visit_request.status == Status.IN_REVIEW


def test_a_failing_automatic_confirmation_loses_nothing_of_the_submission(
    head, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("the confirmation broke")

    monkeypatch.setattr(triage, "auto_confirm", broken)
    first = submit(head, day_ahead(head, 30), django_capture_on_commit_callbacks, format="digital")
    monkeypatch.setattr(triage, "auto_confirm_task", SimpleNamespace(enqueue=broken))  # the queue is down
    second = submit(head, day_ahead(head, 31), django_capture_on_commit_callbacks, format="digital")
    for visit_request in (first, second):
        assert visit_request.status == Status.SUBMITTED
        assert visit_request.reference
        assert visit_request.holds.count() == 1 + 10


def test_only_an_office_with_a_rule_queues_the_task(head, office, monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(triage, "auto_confirm_task", SimpleNamespace(enqueue=queued.append))
    at_head = submit(head, day_ahead(head, 30), django_capture_on_commit_callbacks, format="digital")
    submit(office, day_ahead(office, 30), django_capture_on_commit_callbacks, format="digital")
    with django_capture_on_commit_callbacks(execute=False):  # never committed: nothing is tried
        create_visit_request(head, [(day_ahead(head, 31), head.visit_slots.first())], format="digital")
    assert queued == [at_head.pk]


def test_which_offices_confirm_automatically_is_read_once_a_second_not_at_every_submission(
    settings, head, office, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SHARED_CHECK_SECONDS = 60  # however slow this machine is
    queued = []
    monkeypatch.setattr(triage, "auto_confirm_task", SimpleNamespace(enqueue=queued.append))
    submit(office, day_ahead(office, 30), django_capture_on_commit_callbacks, format="digital")
    with CaptureQueriesContext(connection) as captured:
        submit(office, day_ahead(office, 31), django_capture_on_commit_callbacks, format="digital")
        first = submit(head, day_ahead(head, 30), django_capture_on_commit_callbacks, format="digital")
    assert not any("offices_triagerules" in query["sql"] for query in captured)
    assert queued == [first.pk]
    # A rule changed here counts from the next submission on.
    rules = TriageRules.objects.get(office=head)
    rules.auto_confirm = ""
    rules.save()
    submit(head, day_ahead(head, 31), django_capture_on_commit_callbacks, format="digital")
    assert queued == [first.pk]


def test_regional_offices_cannot_choose_the_head_office_rule(office):
    rules = TriageRules(office=office, auto_confirm=RULE)
    with pytest.raises(Exception, match="head office only"):
        rules.full_clean()
    TriageRules(office=create_head_office(), auto_confirm=RULE).full_clean()


# --- The request page ---------------------------------------------------------------------


def test_the_request_page_lists_the_findings(office):
    coordinator = create_staff("coordinator", Role.COORDINATOR)
    practice = create_best_practice(title="Harbour district", visiting_weekdays=[1], largest_group=8)
    day = day_ahead(office, 30, weekday=0)
    visit_request = received(request_on(office, day), noon(day - datetime.timedelta(days=5)))
    visit_request.plan_items.set([practice])
    html = client_for(coordinator).get(f"/admin/requests/{visit_request.pk}/").content.decode()
    assert '<section class="staff-checks" aria-labelledby="checks-heading">' in html
    assert '<h2 id="checks-heading">Checks</h2>' in html
    assert "Warning · Short notice:</strong> The first requested day" in html
    assert "Harbour district receives groups of at most 8 people." in html
    assert "Harbour district does not receive groups on Monday" in html
    assert "Checked for this office:" in html


def test_the_request_page_says_when_nothing_is_flagged_and_follows_the_office(office):
    visit_request = request_on(office, day_ahead(office, 30))
    client = client_for(create_staff("north_staff", Role.OFFICE_STAFF, office))
    html = client.get(f"/admin/requests/{visit_request.pk}/").content.decode()
    assert "Nothing to flag." in html
    assert "a first day less than 14 days ahead" in html
    TriageRules.objects.create(
        office=office, check_repeat=False, check_lead_time=False, check_group_size=False, check_practices=False
    )
    html = client.get(f"/admin/requests/{visit_request.pk}/").content.decode()
    assert "This office has every check switched off." in html


def test_the_inbox_marks_requests_with_findings(office):
    flagged = request_on(office, day_ahead(office, 30), group_size=31, organisation="Flagged Org")
    request_on(office, day_ahead(office, 30), organisation="Quiet Org")
    html = client_for(create_staff("coordinator", Role.COORDINATOR)).get("/admin/requests/").content.decode()
    assert html.count("Group too large") == 1
    row = next(row for row in html.split("<tr>") if "Flagged Org" in row)
    assert "Group too large" in row
    assert flagged.reference in row


# --- Queries ------------------------------------------------------------------------------


def count(client, url):
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def with_topics(office, n, organisation="City of Pune"):
    """n requests of one organisation, each with two interests and two starred practices
    (one without visiting days of its own)."""
    created = []
    for _i in range(n):
        visit_request = request_on(office, day_ahead(office, 30), organisation=organisation)
        visit_request.interests.set([create_sub_area(), create_sub_area()])
        visit_request.plan_items.set([create_best_practice(visiting_weekdays=[1]), create_best_practice()])
        created.append(visit_request)
    return created


@pytest.mark.usefixtures("uncached_pages")
def test_the_checks_cost_a_fixed_number_of_queries_on_the_request_page_and_the_inbox():
    office = create_bookable_office(groups_per_slot=20, persons_per_slot=500)
    client = client_for(create_staff("coordinator", Role.COORDINATOR))
    (first,) = with_topics(office, 1)
    off = dict.fromkeys(("check_repeat", "check_lead_time", "check_group_size", "check_practices"), False)
    TriageRules.objects.create(office=office, **off)
    unchecked = [count(client, f"/admin/requests/{first.pk}/"), count(client, "/admin/requests/")]
    TriageRules.objects.all().delete()  # the defaults: every check on
    checked = [count(client, f"/admin/requests/{first.pk}/"), count(client, "/admin/requests/")]
    # The request page reads the starred practices (with their offices' days) and the earlier
    # requests; the inbox also the topics of the requests on the page.
    assert [on - off for on, off in zip(checked, unchecked, strict=True)] == [2, 3]
    assert checked[0] <= REQUEST_PAGE_QUERIES + 2
    assert checked[1] <= INBOX_QUERIES + 2
    many = with_topics(office, 12)
    for visit_request in many:  # each shares a topic with the first: each is a repeat
        visit_request.interests.add(*first.interests.all())
    assert Code.REPEAT in codes(many[-1])
    assert [count(client, f"/admin/requests/{many[-1].pk}/"), count(client, "/admin/requests/")] == checked


# --- The rules in the admin ---------------------------------------------------------------


@pytest.fixture
def cast(office):
    south = create_bookable_office(title="South")
    people = create_cast(office, south)
    return {
        "north": office,
        "south": south,
        "people": people,
        "north_rules": TriageRules.objects.create(office=office, min_lead_days=10),
        "south_rules": TriageRules.objects.create(office=south, min_lead_days=20),
    }


def url(view, rules=None):
    return reverse(VIEWSET.get_url_name(view), args=[rules.pk] if rules else [])


def form_data(office, **overrides):
    return {
        "office": office.pk,
        "check_repeat": "on",
        "check_lead_time": "on",
        "min_lead_days": "21",
        "check_group_size": "on",
        "min_group_size": "",
        "check_practices": "on",
        "auto_confirm": "",
        **overrides,
    }


def test_a_coordinator_creates_and_changes_any_offices_rules(cast):
    client = client_for(cast["people"]["coordinator"])
    html = client.get(url("index")).content.decode()
    assert "North" in html and "South" in html
    head = create_head_office()
    response = client.post(url("add"), form_data(head, auto_confirm=RULE))
    assert response.status_code == 302
    assert TriageRules.objects.get(office=head).auto_confirm == RULE
    response = client.post(url("edit", cast["south_rules"]), form_data(cast["south"], check_repeat=""))
    assert response.status_code == 302
    cast["south_rules"].refresh_from_db()
    assert (cast["south_rules"].min_lead_days, cast["south_rules"].check_repeat) == (21, False)


def test_the_form_refuses_the_head_office_rule_for_a_regional_office(cast):
    client = client_for(cast["people"]["coordinator"])
    response = client.post(url("edit", cast["south_rules"]), form_data(cast["south"], auto_confirm=RULE))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["auto_confirm"]
    assert TriageRules.objects.get(office=cast["south"]).auto_confirm == ""


def test_office_staff_read_their_own_offices_rules_only_and_change_none(cast):
    client = client_for(cast["people"]["north_staff"])
    response = client.get(url("index"))
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [cast["north_rules"]]
    assert client.get(url("inspect", cast["north_rules"])).status_code == 200
    # Another office's rules: not listed, and not found (as its requests are not).
    for view in ("inspect", "history", "usage", "edit", "delete"):
        assert client.get(url(view, cast["south_rules"])).status_code == 404, view
    response = client.post(url("edit", cast["south_rules"]), form_data(cast["south"], min_lead_days="1"))
    assert response.status_code == 404
    # Their own office's: read only (Wagtail's "permission denied" sends them to the dashboard).
    response = client.post(url("edit", cast["north_rules"]), form_data(cast["north"], min_lead_days="1"))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    response = client.post(url("add"), form_data(create_head_office()))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert [rules.min_lead_days for rules in TriageRules.objects.order_by("pk")] == [10, 20]


@pytest.mark.parametrize("persona", ["editor", "manager"])
def test_editors_and_managers_do_not_see_the_rules(cast, persona):
    client = client_for(cast["people"][persona])
    for target in (url("index"), url("inspect", cast["north_rules"]), url("edit", cast["north_rules"])):
        response = client.get(target)
        assert response.status_code in (302, 403, 404)
        assert response.status_code != 302 or response["Location"] == "/admin/"


def test_a_stranger_is_asked_to_sign_in(cast):
    client = client_for(None)
    for target in (url("index"), url("inspect", cast["north_rules"]), url("edit", cast["north_rules"])):
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    response = client.post(url("edit", cast["north_rules"]), form_data(cast["north"], min_lead_days="1"))
    assert response["Location"].startswith("/admin/login/")
    assert TriageRules.objects.get(office=cast["north"]).min_lead_days == 10
