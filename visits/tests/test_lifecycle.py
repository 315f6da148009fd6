import pytest
from django.core import mail

from visits import services
from visits.availability import SlotUnavailable
from visits.models import SlotHold, VisitRequest
from visits.services import TransitionRefused, transition
from visits.tests.factories import create_bookable_office, create_visit_request, next_open_day

pytestmark = pytest.mark.django_db
Status = VisitRequest.Status


# The life cycle as DESIGN.md draws it, written out here rather than read from the code.
EXPECTED = {
    ("submitted", "in_review"),
    ("submitted", "withdrawn"),
    ("submitted", "declined"),
    ("in_review", "needs_info"),
    ("in_review", "confirmed"),
    ("in_review", "declined"),
    ("in_review", "withdrawn"),
    ("needs_info", "in_review"),
    ("needs_info", "declined"),
    ("needs_info", "withdrawn"),
    ("confirmed", "completed"),
    ("confirmed", "cancelled"),
    ("completed", "followed_up"),
}


@pytest.mark.parametrize("from_status", Status.values)
@pytest.mark.parametrize("to_status", Status.values)
def test_every_transition_is_either_allowed_or_refused(from_status, to_status):
    visit_request = create_visit_request()
    VisitRequest.objects.filter(pk=visit_request.pk).update(status=from_status)
    visit_request.refresh_from_db()
    if (from_status, to_status) in EXPECTED:
        change = transition(visit_request, to_status, actor_label="test", reason="why")
        assert (change.from_status, change.to_status, change.reason) == (from_status, to_status, "why")
        assert VisitRequest.objects.get(pk=visit_request.pk).status == to_status
    else:
        with pytest.raises(TransitionRefused, match="cannot become"):
            transition(visit_request, to_status)
        assert VisitRequest.objects.get(pk=visit_request.pk).status == from_status


@pytest.mark.parametrize("status", [Status.DECLINED, Status.WITHDRAWN])
def test_declining_and_withdrawing_release_the_seats(status):
    visit_request = create_visit_request(group_size=7)
    assert SlotHold.objects.filter(request=visit_request).count() == 8
    transition(visit_request, status)
    assert not SlotHold.objects.filter(request=visit_request).exists()


def test_cancelling_a_confirmed_request_releases_the_seats():
    visit_request = create_visit_request()
    transition(visit_request, Status.IN_REVIEW)
    transition(visit_request, Status.CONFIRMED)
    assert SlotHold.objects.filter(request=visit_request).exists()
    transition(visit_request, Status.CANCELLED)
    assert not SlotHold.objects.filter(request=visit_request).exists()


def test_the_status_page_shows_status_history_and_details_but_needs_the_token(client):
    visit_request = create_visit_request(organisation="Seoul Metropolitan Government")
    html = client.get(f"/visit/{visit_request.status_token}/").content.decode()
    assert visit_request.reference in html
    assert "Submitted" in html
    assert "Seoul Metropolitan Government" in html
    assert '<meta name="robots" content="noindex">' in html
    assert client.get("/visit/guess/").status_code == 404
    assert client.get(f"/visit/{visit_request.status_token[:-1]}/").status_code == 404


def test_withdrawing_from_the_status_page_frees_the_day_at_once(client, django_capture_on_commit_callbacks):
    visit_request = create_visit_request()
    asked = client.post(f"/visit/{visit_request.status_token}/withdraw/", {"reason": "Trip postponed"})
    assert asked.status_code == 200
    assert "Withdraw this request?" in asked.content.decode()
    assert VisitRequest.objects.get(pk=visit_request.pk).status == Status.SUBMITTED
    assert SlotHold.objects.filter(request=visit_request).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/visit/{visit_request.status_token}/withdraw/", {"reason": "Trip postponed", "confirm": "yes"}
        )
    assert response.status_code == 302
    visit_request.refresh_from_db()
    assert visit_request.status == Status.WITHDRAWN
    assert not SlotHold.objects.exists()
    change = visit_request.status_changes.last()
    assert (change.to_status, change.reason, change.actor_label) == (Status.WITHDRAWN, "Trip postponed", "requester")
    assert "withdrawn" in mail.outbox[-1].subject
    html = client.get(f"/visit/{visit_request.status_token}/").content.decode()
    assert "Withdrawn" in html
    assert "/withdraw/" not in html
    again = client.post(f"/visit/{visit_request.status_token}/withdraw/", {"confirm": "yes"})
    assert "cannot become" in client.get(again["Location"]).content.decode()


def test_withdraw_needs_post():
    visit_request = create_visit_request()
    from django.test import Client

    assert Client().get(f"/visit/{visit_request.status_token}/withdraw/").status_code == 405


def test_changing_days_moves_the_hold_and_keeps_the_old_one_on_failure(client):
    office = create_bookable_office(groups_per_slot=1)
    first_day = next_open_day(office)
    morning, afternoon = office.visit_slots.all()
    visit_request = create_visit_request(office, [(first_day, morning)])
    other = create_visit_request(office, [(first_day, afternoon)])

    with pytest.raises(SlotUnavailable):
        services.change_requested_days(visit_request, [(first_day, afternoon)])  # taken by `other`
    assert set(SlotHold.objects.filter(request=visit_request).values_list("slot_id", flat=True)) == {morning.pk}

    later = next_open_day(office, first_day)
    response = client.post(
        f"/visit/{visit_request.status_token}/days/",
        {"month": later.strftime("%Y-%m"), "slots": [f"{later:%Y-%m-%d}|{afternoon.pk}"], "action": "save"},
    )
    assert response.status_code == 302
    assert set(SlotHold.objects.filter(request=visit_request).values_list("date", "slot_id")) == {(later, afternoon.pk)}
    assert "New days requested" in visit_request.status_changes.last().reason
    assert SlotHold.objects.filter(request=other).exists()


def test_days_cannot_be_changed_once_confirmed(client):
    visit_request = create_visit_request()
    transition(visit_request, Status.IN_REVIEW)
    transition(visit_request, Status.CONFIRMED)
    response = client.get(f"/visit/{visit_request.status_token}/days/")
    assert response.status_code == 302
    with pytest.raises(TransitionRefused):
        services.change_requested_days(visit_request, [])


def test_a_new_private_link_revokes_the_old_one(client, django_capture_on_commit_callbacks):
    visit_request = create_visit_request()
    old = visit_request.status_token
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/visit/{old}/new-link/")
    visit_request.refresh_from_db()
    assert response["Location"] == f"/visit/{visit_request.status_token}/"
    assert client.get(f"/visit/{old}/").status_code == 404
    assert client.get(f"/visit/{visit_request.status_token}/").status_code == 200
    assert visit_request.status_token in mail.outbox[-1].body


def test_public_label_respects_consent():
    assert create_visit_request(consent_public_name=False, country="CN").public_label() == "Delegation from China"
    assert create_visit_request(consent_public_name=True, organisation="KTH").public_label() == "KTH"
