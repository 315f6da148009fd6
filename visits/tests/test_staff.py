import datetime
import re
from collections import Counter
from html.parser import HTMLParser

import icalendar
import pytest
from django.core import mail
from django.db.models import F
from django.test import Client

from catalogue.tests.factories import create_best_practice, create_company, create_expert, create_sub_area
from offices.models import StaffRole
from offices.tests.factories import get_county
from outcomes.models import FollowUp
from visits import staff_services
from visits.models import SlotHold, StatusChange, Visit, VisitRequest
from visits.tests.factories import create_bookable_office, create_visit_request, next_open_day
from visits.tests.personas import create_cast, create_staff

pytestmark = pytest.mark.django_db
Role = StaffRole.Role
Status = VisitRequest.Status


@pytest.fixture
def world():
    north = create_bookable_office(
        title="North", slug="north", city="Umeå", groups_per_slot=1, latitude="63.8258", longitude="20.2630"
    )
    south = create_bookable_office(title="South", slug="south", city="Malmö", groups_per_slot=1)
    people = create_cast(north, south)
    request = create_visit_request(north, organisation="Pune Municipal Corporation", email="asha@example.org")
    return {"north": north, "south": south, "people": people, "request": request}


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def outcome(response):
    """What the person experienced: ok, done (redirect after an action), 404, denied (403), or login."""
    if response.status_code == 302:
        return "login" if response["Location"].startswith("/admin/login/") else "done"
    return {200: "ok", 404: "404", 403: "denied"}.get(response.status_code, str(response.status_code))


# persona → (inbox, own office's request, other office's request, act on own, act on other, export)
MATRIX = {
    "coordinator": ("ok", "ok", "ok", "done", "done", "ok"),
    "north_staff": ("ok", "ok", "404", "done", "404", "denied"),
    "south_staff": ("ok", "ok", "404", "done", "404", "denied"),
    "editor": ("denied", "denied", "denied", "denied", "denied", "denied"),
    "manager": ("ok", "ok", "ok", "denied", "denied", "denied"),
    "stranger": ("login", "login", "login", "login", "login", "login"),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_permission_matrix(world, persona):
    south_request = create_visit_request(world["south"], organisation="Other office org")
    client = client_for(world["people"].get(persona))
    own, other = world["request"].pk, south_request.pk
    if persona == "south_staff":
        own, other = other, own
    observed = (
        outcome(client.get("/admin/requests/")),
        outcome(client.get(f"/admin/requests/{own}/")),
        outcome(client.get(f"/admin/requests/{other}/")),
        outcome(client.post(f"/admin/requests/{own}/notes/", {"text": "hello"})),
        outcome(client.post(f"/admin/requests/{other}/review/")),
        outcome(client.get(f"/admin/requests/{own}/export.json")),
    )
    assert observed == MATRIX[persona]
    if MATRIX[persona][4] != "done":
        assert VisitRequest.objects.get(pk=other).status == Status.SUBMITTED  # nothing happened


def test_office_staff_inbox_lists_only_their_office_and_managers_see_no_contact_data(world):
    create_visit_request(world["south"], organisation="Malmö delegation", email="secret.south@example.org")
    html = client_for(world["people"]["north_staff"]).get("/admin/requests/").content.decode()
    assert "Pune Municipal Corporation" in html
    assert "Malmö delegation" not in html
    detail = client_for(world["people"]["manager"]).get(f"/admin/requests/{world['request'].pk}/").content.decode()
    assert "Pune Municipal Corporation" in detail
    assert "asha@example.org" not in detail
    assert "Start review" not in detail
    assert "Internal notes" not in detail


def test_inbox_filters_search_sort_and_refuses_bad_input(world):
    client = client_for(world["people"]["coordinator"])
    create_visit_request(world["south"], organisation="Seoul Metro", country="KR")
    assert "Seoul Metro" in client.get("/admin/requests/", {"q": "korea"}).content.decode()
    html = client.get("/admin/requests/", {"office": "north"}).content.decode()
    assert "Pune" in html
    assert "Seoul Metro" not in html
    assert "Seoul Metro" in client.get("/admin/requests/", {"country": "KR", "sort": "reference"}).content.decode()
    assert client.get("/admin/requests/", {"status": "bogus"}).status_code == 400
    assert client.get("/admin/requests/", {"received_from": "yesterday"}).status_code == 400
    assert "New requests" in html
    assert "North (1)" in html


def test_staff_handle_a_request_from_arrival_to_follow_up(world, django_capture_on_commit_callbacks):
    client = client_for(world["people"]["coordinator"])
    visit_request = world["request"]
    base = f"/admin/requests/{visit_request.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base}/review/")
    assert "is being reviewed" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base}/ask/", {"question": "Which companies would you like to meet?"})
    visit_request.refresh_from_db()
    assert visit_request.status == Status.NEEDS_INFO
    assert "Which companies would you like to meet?" in mail.outbox[-1].body
    assert f"/visit/{visit_request.status_token}/" in mail.outbox[-1].body

    public = Client()
    status_url = f"/visit/{visit_request.status_token}/"
    assert "Which companies would you like to meet?" in public.get(status_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        public.post(f"{status_url}answer/", {"answer": "Biogas producers, please."})
    visit_request.refresh_from_db()
    assert visit_request.status == Status.IN_REVIEW
    assert mail.outbox[-1].to == [world["north"].request_email]

    day1 = next_open_day(world["north"])
    day2 = next_open_day(world["south"], day1)
    site = create_best_practice(title="Biogas plant")
    form = {
        "day-TOTAL_FORMS": "2",
        "day-INITIAL_FORMS": "0",
        "day-MIN_NUM_FORMS": "1",
        "day-MAX_NUM_FORMS": "10",
        "day-0-date": day1.isoformat(),
        "day-0-slot": world["north"].visit_slots.first().pk,
        "day-0-hosts": world["people"]["north_staff"].pk,
        "day-0-sites": site.pk,
        "day-0-programme": "09:00 Welcome\n10:00 Biogas plant",
        "day-1-date": day2.isoformat(),
        "day-1-slot": world["south"].visit_slots.last().pk,
        "day-1-programme": "13:00 Harbour walk",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base}/schedule/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    visit_request.refresh_from_db()
    assert visit_request.status == Status.CONFIRMED
    visits = list(visit_request.visits.order_by("date"))
    assert [(v.office.slug, v.date) for v in visits] == [("north", day1), ("south", day2)]
    assert list(visits[0].hosts.all()) == [world["people"]["north_staff"]]
    assert list(visits[0].sites.all()) == [site]
    assert not SlotHold.objects.filter(request=visit_request, visit__isnull=True).exists()
    assert SlotHold.objects.filter(request=visit_request, kind="group").count() == 2
    assert set(SlotHold.objects.filter(request=visit_request).values_list("office__slug", flat=True)) == {
        "north",
        "south",
    }

    confirmation = mail.outbox[-1]
    assert "confirmed" in confirmation.subject
    assert "09:00 Welcome" in confirmation.body
    assert "13:00 Harbour walk" in confirmation.body
    assert "Biogas plant" in confirmation.alternatives[0][0]
    name, content, mimetype = confirmation.attachments[0]
    assert (name, mimetype) == (f"{visit_request.reference}.ics", "text/calendar")
    events = sorted(icalendar.Calendar.from_ical(content).walk("VEVENT"), key=lambda event: event["DTSTART"].dt)
    assert [event["DTSTART"].dt.date() for event in events] == [day1, day2]
    assert "10:00 Biogas plant" in events[0]["DESCRIPTION"]

    # A visit is completed once its days have passed.
    Visit.objects.filter(request=visit_request).update(date=F("date") - datetime.timedelta(days=365))
    topic = create_sub_area(title="Biogas")
    completion = {f"participants_{v.pk}": "11" for v in visits} | {"topics": [topic.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base}/complete/", completion)
    assert "Thank you for visiting" in mail.outbox[-1].subject
    visit_request.refresh_from_db()
    assert visit_request.status == Status.COMPLETED
    assert set(Visit.objects.values_list("participants", "status")) == {(11, "completed")}

    follow_up = FollowUp.objects.create(
        title="Pre-study", kind="pre_study", office=world["north"], country="IN", start_date=day2
    )
    follow_up.requests.add(visit_request)
    staff_services.transition(visit_request, Status.FOLLOWED_UP, actor=world["people"]["coordinator"])
    history = client.get(base + "/").content.decode()
    for text in [
        "In review",
        "Needs information",
        "Confirmed",
        "Completed",
        "Followed up",
        "Biogas producers, please.",
    ]:
        assert text in history, text


def test_a_full_day_at_the_second_office_saves_nothing(world):
    client = client_for(world["people"]["coordinator"])
    visit_request = world["request"]
    day = next_open_day(world["south"])
    south_slot = world["south"].visit_slots.first()
    create_visit_request(world["south"], [(day, south_slot)])  # takes South's only group seat
    form = {
        "day-TOTAL_FORMS": "2",
        "day-INITIAL_FORMS": "0",
        "day-MIN_NUM_FORMS": "1",
        "day-MAX_NUM_FORMS": "10",
        "day-0-date": next_open_day(world["north"]).isoformat(),
        "day-0-slot": world["north"].visit_slots.last().pk,
        "day-1-date": day.isoformat(),
        "day-1-slot": south_slot.pk,
    }
    response = client.post(f"/admin/requests/{visit_request.pk}/schedule/", form)
    # The form asks the ledger first (400); a race lost at saving time answers 409.
    assert response.status_code == 400
    assert "this slot was just taken" in response.content.decode()
    visit_request.refresh_from_db()
    assert visit_request.status == Status.SUBMITTED
    assert not Visit.objects.exists()
    assert SlotHold.objects.filter(
        request=visit_request, visit__isnull=True
    ).exists()  # the requested day is still held


def test_declining_needs_a_reason_and_mails_it(world, django_capture_on_commit_callbacks):
    client = client_for(world["people"]["north_staff"])
    base = f"/admin/requests/{world['request'].pk}"
    assert client.post(f"{base}/decline/", {"reason": ""}).status_code == 400
    world["request"].refresh_from_db()
    assert world["request"].status == Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base}/decline/", {"reason": "We are closed for renovation that week."})
    world["request"].refresh_from_db()
    assert world["request"].status == Status.DECLINED
    assert not SlotHold.objects.filter(request=world["request"]).exists()
    assert "closed for renovation" in mail.outbox[-1].body


def test_reassigning_moves_free_days_and_hides_the_request_from_the_old_office(world):
    client = client_for(world["people"]["north_staff"])
    response = client.post(
        f"/admin/requests/{world['request'].pk}/reassign/", {"office": world["south"].pk, "reason": "Their topic"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/requests/"
    world["request"].refresh_from_db()
    assert world["request"].office == world["south"]
    assert set(SlotHold.objects.filter(request=world["request"]).values_list("office_id", flat=True)) == {
        world["south"].pk
    }
    assert client.get(f"/admin/requests/{world['request'].pk}/").status_code == 404
    assert client_for(world["people"]["south_staff"]).get(f"/admin/requests/{world['request'].pk}/").status_code == 200
    assert "Moved from North to South" in world["request"].status_changes.last().reason


def test_matchmaking_ranks_by_shared_topics_then_distance(world):
    heat, fuel = create_sub_area(title="District heating"), create_sub_area(title="Biogas")
    visit_request = world["request"]
    visit_request.interests.set([heat, fuel])
    create_best_practice([heat], title="Near, one topic", latitude="63.80", longitude="20.20")
    create_best_practice([heat, fuel], title="Far, two topics", latitude="55.60", longitude="13.00")
    create_best_practice([heat, fuel], title="Near, two topics", latitude="63.90", longitude="20.30")
    starred = create_best_practice(title="Starred", county=get_county("Skåne"))
    create_best_practice(title="Unrelated")
    visit_request.plan_items.set([starred])
    company = create_company([fuel], title="Biogas AB")
    expert = create_expert([heat], title="Heat expert")
    from visits.matchmaking import suggestions

    result = suggestions(visit_request)
    assert [s.page.title for s in result["sites"]] == [
        "Near, two topics",
        "Far, two topics",
        "Near, one topic",
        "Starred",
    ]
    assert "starred by the delegation" in result["sites"][3].reasons
    assert any("shares the topics" in reason for reason in result["sites"][0].reasons)
    assert [s.page.pk for s in result["companies"]] == [company.pk]
    assert [s.page.pk for s in result["experts"]] == [expert.pk]


def test_export_and_erasure_keep_the_statistics(world):
    client = client_for(world["people"]["coordinator"])
    visit_request = world["request"]
    visit_request.interests.set([create_sub_area(title="Air quality")])
    export = client.get(f"/admin/requests/{visit_request.pk}/export.json")
    assert export["Content-Type"].startswith("application/json")
    assert export.json()["email"] == "asha@example.org"
    old_token = visit_request.status_token
    assert client.post(f"/admin/requests/{visit_request.pk}/erase/", {"confirm": "wrong"}).status_code == 400
    visit_request.refresh_from_db()
    assert visit_request.email == "asha@example.org"
    client.post(f"/admin/requests/{visit_request.pk}/erase/", {"confirm": visit_request.reference})
    visit_request.refresh_from_db()
    assert (visit_request.email, visit_request.contact_name, visit_request.organisation) == ("", "(erased)", "(erased)")
    assert visit_request.erased_at is not None
    assert (visit_request.country.code, visit_request.group_size, visit_request.interests.count()) == ("CN", 10, 1)
    assert Client().get(f"/visit/{old_token}/").status_code == 404
    actions = set(visit_request.status_changes.values_list("action", flat=True))
    assert {"export", "erase"} <= actions


def test_retention_command_anonymises_old_finished_requests(world):
    from django.core.management import call_command

    old = create_visit_request(world["south"], email="old@example.org")
    staff_services.transition(old, Status.WITHDRAWN)
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    VisitRequest.objects.filter(pk=old.pk).update(updated_at=long_ago)
    StatusChange.objects.filter(request=old).update(created_at=long_ago)  # withdrawn long ago
    call_command("anonymise_expired_requests", "--days", "365")
    old.refresh_from_db()
    world["request"].refresh_from_db()
    assert old.email == ""
    assert world["request"].email == "asha@example.org"


def test_reminders_go_out_three_days_before_once(world, settings):
    from visits.tasks import enqueue_due_reminders

    visit_request = world["request"]
    requested = visit_request.requested_slots.first()
    staff_services.start_review(visit_request, None)
    staff_services.schedule_request(
        visit_request, None, [{"office": world["north"], "date": requested.date, "slot": requested.slot}]
    )
    mail.outbox.clear()
    today = requested.date - datetime.timedelta(days=3)
    assert enqueue_due_reminders(today) == 1
    assert "Reminder" in mail.outbox[0].subject
    assert len(mail.outbox[0].attachments) == 1
    assert enqueue_due_reminders(today) == 0
    assert enqueue_due_reminders(today - datetime.timedelta(days=1)) == 0


def test_the_schedule_form_starts_from_the_plan_sorted_by_kind_and_submits_as_shown(world):
    client = client_for(world["people"]["coordinator"])
    visit_request = world["request"]
    site, company = create_best_practice(title="Starred site"), create_company(title="Starred company")
    visit_request.plan_items.set([site, company])
    response = client.get(f"/admin/requests/{visit_request.pk}/schedule/")
    form = response.context["formset"].forms[0]
    assert (form.initial["sites"], form.initial["companies"]) == ([site.pk], [company.pk])
    requested = visit_request.requested_slots.first()
    post = {
        "day-TOTAL_FORMS": "1",
        "day-INITIAL_FORMS": "1",
        "day-MIN_NUM_FORMS": "1",
        "day-MAX_NUM_FORMS": "10",
        "day-0-date": requested.date.isoformat(),
        "day-0-slot": requested.slot.pk,
        "day-0-sites": site.pk,
        "day-0-companies": company.pk,
    }
    assert client.post(f"/admin/requests/{visit_request.pk}/schedule/", post).status_code == 302
    visit = Visit.objects.get(request=visit_request)
    assert list(visit.sites.all()) == [site]
    assert list(visit.companies.all()) == [company]


class IdCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = []

    def handle_starttag(self, tag, attrs):
        self.ids += [value for name, value in attrs if name == "id"]


def duplicate_ids(html):
    parser = IdCollector()
    parser.feed(html)
    return sorted(name for name, n in Counter(parser.ids).items() if n > 1)


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.IN_REVIEW, Status.CONFIRMED])
def test_every_id_on_the_request_page_is_unique(world, status):
    visit_request = world["request"]
    create_sub_area(title="Air quality")  # a topic to tick when completing
    if status != Status.SUBMITTED:
        staff_services.start_review(visit_request, None)
    if status == Status.CONFIRMED:
        requested = visit_request.requested_slots.first()
        staff_services.schedule_request(
            visit_request, None, [{"office": world["north"], "date": requested.date, "slot": requested.slot}]
        )
        Visit.objects.update(date=F("date") - datetime.timedelta(days=365))  # so it can be completed too
    response = client_for(world["people"]["coordinator"]).get(f"/admin/requests/{visit_request.pk}/")
    html = response.content.decode()
    assert response.context["visit_request"].status == status
    assert duplicate_ids(html) == []
    # The forms that share field names each have their own ids.
    if status == Status.CONFIRMED:
        assert 'id="cancel_reason"' in html
        assert 'id="complete_topics_0"' in html
    else:
        assert 'id="decline_reason"' in html
        assert 'id="hand_over_reason"' in html


def test_the_inbox_shows_the_requested_days_and_for_a_confirmed_request_its_visit_days(world):
    north, south = world["north"], world["south"]
    asked = next_open_day(north, world["request"].requested_slots.get().date)  # North has one seat a slot
    second = next_open_day(north, asked)
    morning, afternoon = north.visit_slots.order_by("start_time")
    create_visit_request(north, [(asked, morning), (second, afternoon)], organisation="Waiting org")
    confirmed = create_visit_request(north, [(asked, afternoon)], organisation="Confirmed org")
    visit_day = next_open_day(south, second)
    staff_services.start_review(confirmed, None)
    staff_services.schedule_request(
        confirmed, None, [{"office": south, "date": visit_day, "slot": south.visit_slots.first()}]
    )
    html = client_for(world["people"]["coordinator"]).get("/admin/requests/").content.decode()
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)]
    days = {cells[1]: cells[5] for cells in rows if cells}  # organisation → the Days cell

    waiting_days = days["Waiting org"]
    assert f'<time datetime="{asked:%Y-%m-%d}">' in waiting_days
    assert f'<time datetime="{second:%Y-%m-%d}">' in waiting_days
    assert morning.label in waiting_days
    assert afternoon.label in waiting_days
    confirmed_days = days["Confirmed org"]
    assert f'<time datetime="{visit_day:%Y-%m-%d}">' in confirmed_days
    assert f'<time datetime="{asked:%Y-%m-%d}">' not in confirmed_days  # the requested day is not the visit day
    assert "(South)" in confirmed_days  # a visit day at another office than the request's names it


def add_buttons(html):
    """{(name, value)} of the schedule form's "Add" buttons."""
    return set(re.findall(r'<button type="submit"[^>]* name="(add_\w+)" value="(\d+)"', html))


def schedule_post(response):
    """The schedule form as the browser would submit it: the formset's current values."""
    data = {}
    formset = response.context["formset"]
    for field in formset.management_form:
        data[field.html_name] = field.value()
    for form in formset:
        for field in form:
            value = field.value()
            if value in (None, "", []):
                continue
            data[field.html_name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def test_a_suggestion_is_added_to_the_schedule_form_with_one_click_and_then_scheduled(world):
    client = client_for(world["people"]["north_staff"])
    visit_request = world["request"]
    topic = create_sub_area(title="District heating")
    visit_request.interests.set([topic])
    site = create_best_practice([topic], title="Heat plant")
    company = create_company([topic], title="Heat AB")
    url = f"/admin/requests/{visit_request.pk}/schedule/"
    page = client.get(url)
    assert {("add_site", str(site.pk)), ("add_company", str(company.pk))} <= add_buttons(page.content.decode())
    assert page.context["formset"].forms[0]["sites"].value() == []
    assert duplicate_ids(page.content.decode()) == []

    # Without JavaScript the button posts the form as it is; the item is ticked and nothing is saved.
    added = client.post(url, {**schedule_post(page), "add_site": site.pk, "add_to": "1"})
    assert added.status_code == 200
    assert added.context["formset"].forms[0]["sites"].value() == [str(site.pk)]
    assert f'<option value="{site.pk}" selected>' in added.content.decode()
    assert 'class="error-message"' not in added.content.decode()
    visit_request.refresh_from_db()
    assert visit_request.status == Status.SUBMITTED
    assert not Visit.objects.exists()

    again = client.post(url, {**schedule_post(added), "add_company": company.pk, "add_to": "1"})
    assert again.context["formset"].forms[0]["companies"].value() == [str(company.pk)]
    assert again.context["formset"].forms[0]["sites"].value() == [str(site.pk)]  # the first one stays

    done = client.post(url, schedule_post(again))
    assert done.status_code == 302
    visit = Visit.objects.get(request=visit_request)
    assert list(visit.sites.all()) == [site]
    assert list(visit.companies.all()) == [company]


def test_the_request_page_links_a_suggestion_into_the_schedule_form(world):
    client = client_for(world["people"]["north_staff"])
    visit_request = world["request"]
    topic = create_sub_area(title="Mobility")
    visit_request.interests.set([topic])
    expert = create_expert([topic], title="Mobility expert")
    link = f"/admin/requests/{visit_request.pk}/schedule/?add_expert={expert.pk}"
    assert link in client.get(f"/admin/requests/{visit_request.pk}/").content.decode().replace("&amp;", "&")
    form = client.get(link).context["formset"].forms[0]
    assert form["experts"].value() == [expert.pk]


def host_choices(form):
    return {int(value.value) for value, _label in form.fields["hosts"].choices}


def test_hosts_are_the_staff_of_the_days_office_and_the_coordinators(world):
    north, south = world["north"], world["south"]
    people = world["people"]
    newcomer = create_staff("newcomer", Role.OFFICE_STAFF, north)
    client = client_for(people["coordinator"])
    visit_request = world["request"]  # asks for a day at North
    url = f"/admin/requests/{visit_request.pk}/schedule/"
    north_day, blank_day = client.get(url).context["formset"].forms[:2]
    assert host_choices(north_day) == {newcomer.pk, people["north_staff"].pk, people["coordinator"].pk}
    # A day whose office is not chosen yet offers the staff of every office, each named with it.
    assert host_choices(blank_day) == {
        newcomer.pk,
        people["north_staff"].pk,
        people["south_staff"].pk,
        people["coordinator"].pk,
    }
    assert "newcomer (North)" in dict(blank_day.fields["hosts"].choices).values()

    south_slot = south.visit_slots.first()
    day = next_open_day(south)
    post = {
        "day-TOTAL_FORMS": "1",
        "day-INITIAL_FORMS": "0",
        "day-MIN_NUM_FORMS": "1",
        "day-MAX_NUM_FORMS": "10",
        "day-0-date": day.isoformat(),
        "day-0-slot": south_slot.pk,
        "day-0-hosts": [newcomer.pk],
    }
    refused = client.post(url, post)
    assert refused.status_code == 400
    south_day = refused.context["formset"].forms[0]
    assert host_choices(south_day) == {people["south_staff"].pk, people["coordinator"].pk}
    assert south_day.errors["hosts"] == ["Choose hosts among the staff of the day's office and the coordinators."]
    assert not Visit.objects.exists()

    response = client.post(url, {**post, "day-0-hosts": [people["south_staff"].pk, people["coordinator"].pk]})
    assert response.status_code == 302
    assert set(Visit.objects.get().hosts.all()) == {people["south_staff"], people["coordinator"]}


def test_a_refused_action_shows_the_request_page_with_the_reason(world):
    client = client_for(world["people"]["north_staff"])
    base = f"/admin/requests/{world['request'].pk}"
    response = client.post(f"{base}/ask/", {"question": "  "})
    assert response.status_code == 400
    assert response.context["forms"]["ask"].errors == {"question": ["This field is required."]}
    html = response.content.decode()
    assert "<details open><summary>Ask for information" in html
    assert '<div id="ask_question_error"><p class="error-message">This field is required.</p></div>' in html
    assert 'aria-describedby="ask_question_error"' in html
    assert "Nothing was changed: please correct the form." in html
