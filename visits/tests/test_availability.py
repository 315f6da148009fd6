import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.dates import slot_bounds
from offices.models import Closure
from visits import seats as seats_module
from visits.availability import DayStatus, SlotUnavailable, check_choices, office_availability
from visits.models import SlotHold, VisitRequest
from visits.seats import take_seats
from visits.tests.factories import create_bookable_office, create_visit_request

pytestmark = pytest.mark.django_db

D = datetime.date


def day_of(office, day, group_size=1):
    (availability,) = office_availability(office, day, day, group_size)
    return availability


@pytest.fixture
def office():
    return create_bookable_office(
        title="Smart City Sweden South", groups_per_slot=2, persons_per_slot=40, largest_group=30
    )


def test_an_ordinary_weekday_is_free_with_both_slots(office):
    day = day_of(office, D(2027, 3, 10))
    assert day.status == DayStatus.FREE
    assert [state.slot.label for state in day.bookable_slots] == ["Morning", "Afternoon"]


def test_weekends_and_days_the_office_does_not_open_are_closed(office):
    assert day_of(office, D(2027, 3, 13)).status == DayStatus.CLOSED  # Saturday
    assert "Sunday" in day_of(office, D(2027, 3, 14)).reason
    office.opening_weekdays = [1, 2, 3]
    assert day_of(office, D(2027, 3, 8)).status == DayStatus.CLOSED  # Monday now closed


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2027, 1, 6), "Epiphany"),
        (D(2027, 3, 29), "Easter Monday"),
        (D(2027, 6, 25), "Midsummer Eve"),
        (D(2027, 12, 24), "Christmas Eve"),
        (D(2027, 12, 31), "New Year's Eve"),
        (D(2027, 6, 7), None),  # an ordinary Monday
    ],
)
def test_swedish_public_holidays_are_closed(office, day, name):
    availability = day_of(office, day)
    if name:
        assert availability.status == DayStatus.CLOSED
        assert name in availability.reason
    else:
        assert availability.status == DayStatus.FREE


def test_closures_of_the_office_and_of_all_offices_close_days(office):
    other = create_bookable_office()
    Closure.objects.create(office=office, start_date=D(2027, 2, 1), end_date=D(2027, 2, 3), public_note="Renovation")
    Closure.objects.create(
        office=None, start_date=D(2027, 7, 1), end_date=D(2027, 7, 31), public_note="Closed all July"
    )
    assert day_of(office, D(2027, 2, 2)).reason == "Renovation"
    assert day_of(other, D(2027, 2, 2)).status == DayStatus.FREE
    assert day_of(office, D(2027, 7, 15)).reason == "Closed all July"
    assert day_of(other, D(2027, 7, 30)).reason == "Closed all July"
    assert day_of(office, D(2027, 8, 2)).status == DayStatus.FREE


def test_overlapping_closure_and_holiday_show_the_closure_note(office):
    Closure.objects.create(
        office=None, start_date=D(2027, 12, 20), end_date=D(2028, 1, 6), public_note="Opens 7 January"
    )
    days = office_availability(office, D(2027, 12, 20), D(2028, 1, 7))
    assert all(day.status == DayStatus.CLOSED for day in days[:-1])
    assert days[5].date == D(2027, 12, 25) and days[5].reason == "Opens 7 January"
    assert days[-1].date == D(2028, 1, 7) and days[-1].status == DayStatus.FREE


def test_a_range_across_the_year_boundary_uses_each_years_holidays(office):
    days = {day.date: day for day in office_availability(office, D(2027, 12, 30), D(2028, 1, 7))}
    assert days[D(2027, 12, 30)].status == DayStatus.FREE
    assert "New Year's Eve" in days[D(2027, 12, 31)].reason
    assert "New Year's Day" in days[D(2028, 1, 1)].reason
    assert days[D(2028, 1, 3)].status == DayStatus.FREE
    assert "Epiphany" in days[D(2028, 1, 6)].reason


def test_leap_day_is_an_ordinary_day(office):
    assert day_of(office, D(2028, 2, 29)).status == DayStatus.FREE
    assert len(office_availability(office, D(2028, 2, 1), D(2028, 2, 29))) == 29


def test_slot_times_are_swedish_local_time_across_the_dst_changes(office):
    morning = office.visit_slots.get(label="Morning")
    before, _end = slot_bounds(D(2027, 3, 26), morning)  # Friday before the last Sunday of March
    after, _end = slot_bounds(D(2027, 3, 29), morning)  # Monday after: summer time
    assert before.astimezone(datetime.UTC).hour == 8
    assert after.astimezone(datetime.UTC).hour == 7
    autumn_before, _end = slot_bounds(D(2027, 10, 29), morning)
    autumn_after, _end = slot_bounds(D(2027, 11, 1), morning)
    assert (autumn_before.astimezone(datetime.UTC).hour, autumn_after.astimezone(datetime.UTC).hour) == (7, 8)
    # The change days themselves are Sundays: closed, so no slot starts in a missing hour.
    assert day_of(office, D(2027, 3, 28)).status == DayStatus.CLOSED
    assert day_of(office, D(2027, 10, 31)).status == DayStatus.CLOSED


def test_group_seats_fill_up_then_the_slot_is_full(office):
    day = D(2027, 3, 10)
    morning = office.visit_slots.get(label="Morning")
    create_visit_request(office, [(day, morning)], group_size=5)
    assert day_of(office, day).status == DayStatus.PARTLY
    create_visit_request(office, [(day, morning)], group_size=5)
    states = {state.slot.label: state for state in day_of(office, day).slots}
    assert not states["Morning"].fits and states["Morning"].reason == "fully booked"
    assert states["Afternoon"].fits
    (problem,) = check_choices(office, [(day, morning)], 1, today=D(2027, 3, 1))
    assert "just taken" in problem


def test_person_seats_limit_large_groups(office):
    day = D(2027, 3, 10)
    morning = office.visit_slots.get(label="Morning")
    create_visit_request(office, [(day, morning)], group_size=30)
    states = {state.slot.label: state for state in day_of(office, day, group_size=20).slots}
    assert states["Morning"].persons_left == 10
    assert not states["Morning"].fits
    assert states["Morning"].reason == "room for a group of up to 10 people"
    small = {state.slot.label: state for state in day_of(office, day, group_size=10).slots}
    assert small["Morning"].fits


def ledger_read_before_the_others_took_seats(monkeypatch):
    """Each kind's first round tries the lowest seats as if nobody held them yet, and skips
    those it finds held, as when other submissions take them at that very moment (on
    PostgreSQL the statement waits for them, then skips); later rounds are real.
    Returns the rounds tried: [(kind, seats needed, above which seat)]."""
    real, rounds = seats_module.insert_lowest_free, []

    def insert(model, place, holder, kind, needed, above, capacity):
        first = all(tried != kind for tried, _needed, _above in rounds)
        rounds.append((kind, needed, above))
        return real(model, place, holder, kind, needed, above, min(capacity, above + needed) if first else capacity)

    monkeypatch.setattr(seats_module, "insert_lowest_free", insert)
    return rounds


def seats(visit_request, kind):
    return sorted(visit_request.holds.filter(kind=kind).values_list("seat", flat=True))


def test_seats_someone_took_at_the_same_moment_are_skipped_for_the_next_free_ones(office, monkeypatch):
    day = D(2027, 3, 10)
    morning = office.visit_slots.get(label="Morning")
    quicker = create_visit_request(office, [(day, morning)], group_size=5)
    rounds = ledger_read_before_the_others_took_seats(monkeypatch)
    later = create_visit_request(office, [(day, morning)], group_size=5)
    # Group seat 1 and person seats 1-5 were tried and found taken; the next round took others.
    group, person = SlotHold.Kind.GROUP, SlotHold.Kind.PERSON
    assert rounds == [(group, 1, 0), (group, 1, 0), (person, 5, 0), (person, 5, 0)]
    assert seats(quicker, SlotHold.Kind.GROUP) == [1] and seats(quicker, SlotHold.Kind.PERSON) == [1, 2, 3, 4, 5]
    assert seats(later, SlotHold.Kind.GROUP) == [2] and seats(later, SlotHold.Kind.PERSON) == [6, 7, 8, 9, 10]


def test_too_few_seats_left_after_someone_was_quicker_is_a_full_slot(office, monkeypatch):
    day = D(2027, 3, 10)
    morning = office.visit_slots.get(label="Morning")
    quicker = create_visit_request(office, [(day, morning)], group_size=30)  # of 40 person seats
    ledger_read_before_the_others_took_seats(monkeypatch)
    with pytest.raises(SlotUnavailable, match="just taken"):
        create_visit_request(office, [(day, morning)], group_size=20, organisation="Too late")
    assert not VisitRequest.objects.filter(organisation="Too late").exists()
    assert seats(quicker, SlotHold.Kind.PERSON) == list(range(1, 31))
    assert SlotHold.objects.filter(date=day, slot=morning).count() == 31


def test_after_a_quicker_holder_only_seats_above_those_held_are_tried(office, monkeypatch):
    # Person seats 1-4 are taken; the first round tries 1-5 and gets seat 5, the next tries
    # only above it. Going back below a seat it holds could wait crosswise (ledger order).
    day = D(2027, 3, 10)
    morning = office.visit_slots.get(label="Morning")
    create_visit_request(office, [(day, morning)], group_size=4)
    rounds = ledger_read_before_the_others_took_seats(monkeypatch)
    later = create_visit_request(office, [(day, morning)], group_size=5)
    assert seats(later, SlotHold.Kind.PERSON) == [5, 6, 7, 8, 9]
    group, person = SlotHold.Kind.GROUP, SlotHold.Kind.PERSON
    assert rounds == [(group, 1, 0), (group, 1, 0), (person, 5, 0), (person, 4, 5)]


def test_seats_held_above_a_lowered_capacity_do_not_make_a_later_round_refuse(office, monkeypatch):
    # Person seats 8 and 9 were held before the capacity went down to 5. A first round that
    # finds seat 1 taken gets 2 and 3; the next must see 4 and 5 free, not count 8 and 9.
    day = D(2027, 3, 10)
    morning = office.visit_slots.get(label="Morning")
    earlier = create_visit_request(office, [(day, morning)], group_size=1)
    place = {"office": office, "date": day, "slot": morning}
    for seat in (8, 9):
        SlotHold.objects.create(**place, kind=SlotHold.Kind.PERSON, seat=seat, request=earlier)
    later = create_visit_request(office, [(D(2027, 3, 11), morning)], group_size=1)
    ledger_read_before_the_others_took_seats(monkeypatch)
    with transaction.atomic():
        take_seats(
            SlotHold,
            place,
            {"request": later, "visit": None, "offer": None},
            {SlotHold.Kind.PERSON: (3, 5)},
            lambda: SlotUnavailable(day, morning, "full"),
        )
    assert sorted(later.holds.filter(date=day).values_list("seat", flat=True)) == [2, 3, 4]


@pytest.mark.parametrize("capacity", [0, 2])
def test_more_seats_than_the_place_has_are_refused_before_any_is_taken(office, capacity, django_assert_num_queries):
    day = D(2027, 3, 10)
    morning = office.visit_slots.get(label="Morning")
    request = create_visit_request(office, [(D(2027, 3, 11), morning)], group_size=1)
    place = {"office": office, "date": day, "slot": morning}
    with pytest.raises(SlotUnavailable), transaction.atomic(), django_assert_num_queries(0):
        take_seats(
            SlotHold,
            place,
            {"request": request, "visit": None, "offer": None},
            {SlotHold.Kind.GROUP: (capacity + 1, capacity)},
            lambda: SlotUnavailable(day, morning, "full"),
        )
    assert not SlotHold.objects.filter(**place).exists()


def test_a_slot_takes_its_seats_in_one_statement_per_kind(office, django_assert_num_queries):
    day = D(2027, 3, 10)
    morning = office.visit_slots.get(label="Morning")
    request = create_visit_request(office, [(day, morning)], group_size=1)
    place = {"office": office, "date": day, "slot": morning}
    holder = {"request": request, "visit": None, "offer": None}
    wanted = {SlotHold.Kind.GROUP: (1, 2), SlotHold.Kind.PERSON: (6, 40)}
    with transaction.atomic(), django_assert_num_queries(2):
        take_seats(SlotHold, place, holder, wanted, lambda: SlotUnavailable(day, morning, "full"))
    assert seats(request, SlotHold.Kind.GROUP) == [1, 2]
    assert seats(request, SlotHold.Kind.PERSON) == list(range(1, 8))


def test_a_seat_refused_for_another_reason_than_a_holder_is_an_error_not_a_loop(office):
    # Neither a request nor an offer: the check constraint refuses the row (SQLite's INSERT OR
    # IGNORE skips it silently); trying it again and again would hold the write lock forever.
    day = D(2027, 3, 10)
    morning = office.visit_slots.get(label="Morning")
    place = {"office": office, "date": day, "slot": morning}
    with pytest.raises(IntegrityError), transaction.atomic():
        take_seats(
            SlotHold,
            place,
            {"request": None, "visit": None, "offer": None},
            {SlotHold.Kind.GROUP: (1, 2)},
            lambda: SlotUnavailable(day, morning, "full"),
        )
    assert not SlotHold.objects.filter(**place).exists()


def test_a_day_with_no_slot_left_for_the_group_is_full(office):
    day = D(2027, 3, 10)
    for slot in office.visit_slots.all():
        create_visit_request(office, [(day, slot)], group_size=30)
    assert day_of(office, day, group_size=20).status == DayStatus.FULL


def test_a_slot_of_another_office_is_refused(office):
    other = create_bookable_office()
    (problem,) = check_choices(office, [(D(2027, 3, 10), other.visit_slots.first())], 1, today=D(2027, 3, 1))
    assert "another office" in problem


def test_the_largest_bookable_group_is_capped_by_the_office_limit():
    # 35 person seats per slot, but the office takes groups of at most 25.
    office = create_bookable_office(groups_per_slot=2, persons_per_slot=35, largest_group=25)
    day = D(2027, 3, 10)
    morning = office.visit_slots.get(label="Morning")
    (state, _afternoon) = day_of(office, day, group_size=1).slots
    assert state.largest_bookable == 25
    create_visit_request(office, [(day, morning)], group_size=15)
    (state, _afternoon) = day_of(office, day, group_size=21).slots
    assert state.largest_bookable == 20
    assert state.reason == "room for a group of up to 20 people"


def test_no_slot_is_offered_to_a_group_larger_than_the_office_takes():
    office = create_bookable_office(groups_per_slot=2, persons_per_slot=35, largest_group=25)
    day = day_of(office, D(2027, 3, 10), group_size=30)
    assert day.bookable_slots == []
    assert {state.reason for state in day.slots} == {"groups of at most 25 people"}
    assert day.reason == "Groups of at most 25 people"


def test_a_day_before_the_lead_time_cannot_be_requested(office):
    morning = office.visit_slots.get(label="Morning")
    (problem,) = check_choices(office, [(D(2027, 3, 10), morning)], 1, today=D(2027, 3, 10))
    assert "can no longer be requested" in problem
    assert check_choices(office, [(D(2027, 3, 11), morning)], 1, today=D(2027, 3, 10)) == []


def test_a_day_far_beyond_the_horizon_is_refused_without_walking_to_it(office, django_assert_max_num_queries):
    morning = office.visit_slots.get(label="Morning")
    choices = [(D(2027, 3, 10), morning), (D(9999, 12, 31), morning)]
    with django_assert_max_num_queries(4):
        problems = check_choices(office, choices, 1, today=D(2027, 3, 1))
    (problem,) = problems
    assert "too far ahead" in problem


def test_submissions_keep_the_closures_a_second_and_see_this_process_close_a_day_at_once(office, settings):
    from visits.tests.factories import next_open_day

    settings.PAGE_CACHE_SHARED_CHECK_SECONDS = 60  # however slow this machine is
    first, second = next_open_day(office), next_open_day(office, next_open_day(office))
    slot = office.visit_slots.first()
    create_visit_request(office, [(first, slot)])  # reads the closures and keeps them
    with CaptureQueriesContext(connection) as captured:
        create_visit_request(office, [(first, slot)])
    assert not [q for q in captured.captured_queries if "offices_closure" in q["sql"]]

    Closure.objects.create(office=office, start_date=second, end_date=second, public_note="Flood")
    with pytest.raises(SlotUnavailable, match="Flood"):
        create_visit_request(office, [(second, slot)])


def another_process(sql, params):
    """A write made elsewhere: no signal of it reaches this process."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_closure_made_in_another_process_counts_once_the_kept_ones_are_read_again(office, settings, monkeypatch):
    from types import SimpleNamespace

    from core import kept_briefly
    from visits.tests.factories import next_open_day

    settings.PAGE_CACHE_SHARED_CHECK_SECONDS = 60
    day = next_open_day(office)
    slot = office.visit_slots.first()
    create_visit_request(office, [(day, slot)])
    another_process(
        "INSERT INTO offices_closure (office_id, start_date, end_date, public_note) VALUES (NULL, %s, %s, %s)",
        [day, day, "Strike"],
    )
    now = kept_briefly.time.monotonic()
    monkeypatch.setattr(kept_briefly, "time", SimpleNamespace(monotonic=lambda: now + 60.01))
    with pytest.raises(SlotUnavailable, match="Strike"):
        create_visit_request(office, [(day, slot)])


def test_a_closure_removed_in_another_process_never_refuses_a_day(office, settings):
    from visits.tests.factories import next_open_day

    settings.PAGE_CACHE_SHARED_CHECK_SECONDS = 60
    day = next_open_day(office)
    slot = office.visit_slots.first()
    closure = Closure.objects.create(office=office, start_date=day, end_date=day, public_note="Painting")
    with pytest.raises(SlotUnavailable, match="Painting"):  # and the closure is kept
        create_visit_request(office, [(day, slot)])
    another_process("DELETE FROM offices_closure WHERE id = %s", [closure.pk])
    assert create_visit_request(office, [(day, slot)]).pk


def test_days_before_the_kept_closures_are_checked_against_the_database(office):
    from visits.availability import _closures_between

    past = timezone.localdate() - datetime.timedelta(days=30)
    _closures_between(timezone.localdate(), timezone.localdate())  # keeps today's onwards
    another_process(
        "INSERT INTO offices_closure (office_id, start_date, end_date, public_note) VALUES (%s, %s, %s, %s)",
        [office.pk, past, past, "Old"],
    )
    assert [closure.public_note for closure in _closures_between(past, past)] == ["Old"]
