"""A request remembers its language: e-mails, the calendar file and the status link use it;
offices get theirs in their staff's admin language."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import translation
from wagtail.users.models import UserProfile

from catalogue.tests.factories import create_best_practice, create_sub_area, translate_page
from core.templatetags.core_tags import stockholm_time
from offices.models import StaffRole
from visits.models import VisitRequest
from visits.staff_services import schedule_request
from visits.tests.factories import create_bookable_office, create_visit_request, next_open_day
from visits.tests.test_booking import valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return create_bookable_office(title="Smart City Sweden North", slug="north", largest_group=30)


def test_a_request_made_in_swedish_is_answered_in_swedish(client, office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/sv/book/", valid_data(office))
    assert response.status_code == 302
    visit_request = VisitRequest.objects.get()
    assert visit_request.language == "sv"
    assert response["Location"] == f"/sv/book/sent/{visit_request.status_token}/"
    to_requester, to_office = mail.outbox
    assert to_requester.subject.startswith("Vi har tagit emot")
    assert f"/sv/visit/{visit_request.status_token}/" in to_requester.body
    assert "Stockholmstid" in to_requester.body
    # No one at the office chose a language: English, the default.
    assert to_office.subject.startswith("New visit request")


def test_a_chinese_request_is_confirmed_in_chinese_with_a_chinese_calendar_file(
    office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visit_request = create_visit_request(office=office, language="zh-hans")
    mail.outbox.clear()
    held = visit_request.requested_slots.get()
    staff = get_user_model().objects.create_user("sven", "sven@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        schedule_request(visit_request, staff, [{"office": office, "date": held.date, "slot": held.slot}])
    to_requester = next(m for m in mail.outbox if m.to == [visit_request.email])
    assert "已确认" in to_requester.subject
    _name, ics, mimetype = to_requester.attachments[0]
    assert mimetype == "text/calendar"
    text = ics if isinstance(ics, str) else ics.decode()
    assert "SUMMARY:考察访问" in text
    assert "TZID=Europe/Stockholm" in text and "BEGIN:VTIMEZONE" in text
    # China has one time zone: the visitor sees the time there too.
    assert "斯德哥尔摩时间" in to_requester.body and "中国时间" in to_requester.body


def test_offices_read_their_mail_in_their_staff_admin_language(office, django_capture_on_commit_callbacks):
    user = get_user_model().objects.create_user("anna", "anna@example.org")
    StaffRole.objects.create(user=user, role=StaffRole.Role.OFFICE_STAFF, office=office)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "sv"
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        create_visit_request(office=office, language="en")
    to_requester, to_office = mail.outbox
    assert to_requester.subject.startswith("We received")
    assert to_office.subject.startswith("Ny besöksförfrågan")


def test_times_are_stockholm_time_with_the_visitors_own_where_it_helps(office):
    from django_countries.fields import Country

    slot = office.visit_slots.first()  # 09:00–12:00
    winter, summer = datetime.date(2027, 1, 12), datetime.date(2027, 7, 13)
    with translation.override("en"):
        assert stockholm_time(winter, slot, Country("CN")) == "09:00–12:00 Stockholm time (16:00–19:00 in China)"
        assert stockholm_time(summer, slot, Country("CN")) == "09:00–12:00 Stockholm time (15:00–18:00 in China)"
        assert stockholm_time(winter, slot, Country("SE")) == "09:00–12:00 Stockholm time"
        assert stockholm_time(winter, slot, Country("US")) == "09:00–12:00 Stockholm time"  # several zones
        assert stockholm_time(winter, slot, None) == "09:00–12:00 Stockholm time"
        assert stockholm_time(winter, slot, Country("KR")) == "09:00–12:00 Stockholm time (17:00–20:00 in South Korea)"


def test_a_star_set_in_swedish_shows_on_the_english_page(client):
    practice = create_best_practice(title="Biogas plant")
    home = practice.get_parent().get_parent()
    translate_page(home, "sv", title="Hem")
    swedish = translate_page(practice, "sv", title="Biogasanläggning")
    response = client.post("/sv/plan/star/", {"page": swedish.pk, "next": swedish.url})
    assert response.status_code == 302
    assert [item.page_id for item in VisitRequest._meta.apps.get_model("visits", "VisitPlanItem").objects.all()] == [
        practice.pk
    ]
    english = client.get(practice.url).content.decode()
    assert 'aria-pressed="true"' in english
    plan = client.get("/sv/plan/").content.decode()
    assert "Biogasanläggning" in plan


def test_the_booking_form_offers_each_office_once_in_the_visitors_language(client, office):
    translate_page(office.get_parent(), "sv", title="Hem")
    translate_page(office, "sv", title="Smart City Sweden Norr")
    sub_area = create_sub_area(title="Biogas")
    html = client.get("/sv/book/").content.decode()
    assert html.count(f'value="{office.slug}"') == 1
    assert "Smart City Sweden Norr" in html
    assert "Biogas" in html and str(sub_area.pk) in html
    assert next_open_day(office)


def test_the_booking_form_names_and_sorts_the_countries_in_the_visitors_language(client, office):
    names = (("", "Sweden", "Germany"), ("/sv", "Sverige", "Tyskland"), ("/zh-hans", "瑞典", "德国"))
    for prefix, sweden, germany in names:
        html = client.get(f"{prefix}/book/").content.decode()
        assert f'<option value="SE">{sweden}</option>' in html, prefix
        assert f'<option value="DE">{germany}</option>' in html, prefix
    swedish = client.get("/sv/book/").content.decode()
    # Sorted by their Swedish names: Tyskland (Germany) after Sverige (Sweden).
    assert swedish.index('value="SE"') < swedish.index('value="DE"')


def test_the_default_slot_labels_read_in_the_visitors_language(client, office):
    slot = office.visit_slots.first()
    assert slot.label == "Morning"  # stored in English, whatever the editor's language
    day = next_open_day(office)
    html = client.get("/sv/book/", {"office": office.slug, "date": day.isoformat()}).content.decode()
    assert "Förmiddag" in html
    with translation.override("zh-hans"):
        assert slot.display_label == "上午"


def test_refusals_name_the_day_the_way_the_language_writes_it(office):
    from visits.availability import check_choices

    slot = office.visit_slots.first()
    day = datetime.date(2026, 11, 27)
    with translation.override("zh-hans"):
        problems = check_choices(office, [(day, slot)], 10, today=datetime.date(2026, 11, 27))
    assert problems and problems[0].startswith("2026年11月27日 星期五")


def test_the_staff_inbox_filter_names_countries_in_the_staff_language():
    from visits.staff_forms import InboxFilterForm

    with translation.override("sv"):
        html = str(InboxFilterForm()["country"])
    assert '<option value="SE">Sverige</option>' in html and '<option value="" selected>Alla</option>' in html
