import pytest
from django.core import mail
from visits.tests.test_emails import *  # noqa
from visits.tests.test_emails import _day

pytestmark = pytest.mark.django_db

def test_show(offices, coordinator, django_capture_on_commit_callbacks):
    north, south = offices
    biogas = create_best_practice(title="Biogas plant Umeå")
    harbour = create_best_practice(title="Harbour district")
    vr = create_visit_request(north, email="asha@example.org")
    first = _day(north, programme="09:00 Welcome\n10:00 Biogas") | {"sites": [biogas, harbour]}
    second = _day(south, after=first["date"], programme="13:00 Harbour walk")
    with django_capture_on_commit_callbacks(execute=True):
        staff_services.schedule_request(vr, coordinator, [first, second])
    with django_capture_on_commit_callbacks(execute=True):
        staff_services.cancel_by_staff(vr, coordinator, "Called off.")
    for m in mail.outbox[2:]:
        print("=====", m.subject, m.to)
        print(m.body)
        for a in m.attachments:
            print(a[1].decode() if isinstance(a[1], bytes) else a[1])
    assert False
