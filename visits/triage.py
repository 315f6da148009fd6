"""Triage rules: the checks staff see on a request, and the automatic confirmation.

Each check is a pure function of `Facts` (the request, its office's rules, its requested
days, its topics and starred best practices, and the earlier requests that may repeat it)
returning `Finding`s. `gather` loads the facts of any number of requests in a fixed number
of queries (the inbox judges a page of them at once); the request page passes what it has
already read, so only the starred practices and the earlier requests are read for it.

Which checks run, and with which limits, is each office's `offices.TriageRules` (the
defaults when the office has none). One check, the repeat, reads across offices: the same
organisation asking the Malmö office about a topic it saw in Stockholm last year is what
the check is for.

After a submission (`after_submission`, called by `services.submit_request`), an office
whose rules name an automatic confirmation gets it tried once the request is committed:
the request is confirmed by the same `services.confirm_request` staff use, on its requested
days, only when the rule matches, the ledger still has room on every day and no check
raises anything. The history names "system" and the rule; the requester gets the usual
confirmation e-mail. Nothing of this can undo or fail the submission: it runs after the
commit, as a task (the worker's, with the database queue).
"""

import dataclasses
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Length, Replace
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from core.dates import weekday_date
from core.i18n import default_language
from core.kept_briefly import KeptBriefly
from offices.models import OfficePage, TriageRules
from visits import emails, services
from visits.availability import SlotUnavailable, check_choices
from visits.models import RequestedSlot, VisitRequest

logger = logging.getLogger(__name__)

# "Asked before" looks this far back from the request's arrival (inclusive).
REPEAT_WINDOW = datetime.timedelta(days=730)
# Spaces ignored when organisation names are compared, here and in the database's prefilter.
IGNORED_SPACES = (" ", "\t", "\u00a0")


class Severity:
    WARNING = "warning"  # the visit may not work out as asked
    NOTICE = "notice"  # worth knowing before deciding


class Code:
    REPEAT = "repeat"
    LEAD_TIME = "lead_time"
    GROUP_TOO_LARGE = "group_too_large"
    GROUP_TOO_SMALL = "group_too_small"
    PRACTICE_DAY = "practice_day"
    PRACTICE_FORMAT = "practice_format"


def _labels():
    return {
        Code.REPEAT: _("Asked before"),
        Code.LEAD_TIME: _("Short notice"),
        Code.GROUP_TOO_LARGE: _("Group too large"),
        Code.GROUP_TOO_SMALL: _("Group too small"),
        Code.PRACTICE_DAY: _("Site closed that day"),
        Code.PRACTICE_FORMAT: _("Format not offered"),
    }


@dataclasses.dataclass(frozen=True)
class Finding:
    code: str
    message: str
    severity: str

    @property
    def label(self) -> str:
        """A few words for the inbox, in the active language."""
        return _labels()[self.code]


@dataclasses.dataclass(frozen=True)
class Practice:
    """What the checks need of a starred best practice."""

    pk: int
    title: str
    largest_group: int | None
    # The weekdays it receives groups: its own, else its office's; None when neither is known
    # (then the request's office's opening days count).
    weekdays: frozenset | None
    on_site: bool
    digitally: bool


@dataclasses.dataclass(frozen=True)
class Earlier:
    """A request that may be an earlier one of the same organisation about the same topic."""

    pk: int
    reference: str
    organisation: str
    created_at: datetime.datetime
    office_title: str
    # ("interest", sub-area id) and ("practice", page id) it shares with the requests judged.
    topics: frozenset


@dataclasses.dataclass
class Facts:
    request: VisitRequest
    rules: TriageRules
    days: list  # the requested days, sorted
    interests: frozenset = frozenset()
    practices: list = dataclasses.field(default_factory=list)
    earlier: list = dataclasses.field(default_factory=list)  # candidates; check_repeat decides

    def topics(self) -> frozenset:
        return frozenset({("interest", pk) for pk in self.interests} | {("practice", p.pk) for p in self.practices})


# --- The checks (pure) --------------------------------------------------------------------


def name_key(name: str) -> str:
    """An organisation name compared without regard to case or spaces ("City of  Pune" is
    "city of pune")."""
    return _without_spaces(name or "").lower()


def _is_before(earlier: Earlier, request) -> bool:
    return (earlier.created_at, earlier.pk) < (request.created_at, request.pk)


def check_repeat(facts: Facts) -> list[Finding]:
    """The same organisation asked about one of the same topics (an interest or a starred
    practice) in a request received up to two years before this one."""
    request = facts.request
    key, topics = name_key(request.organisation), facts.topics()
    if not key or not topics:
        return []
    matches = sorted(
        (
            earlier
            for earlier in facts.earlier
            if earlier.pk != request.pk
            and _is_before(earlier, request)
            and request.created_at - earlier.created_at <= REPEAT_WINDOW
            and name_key(earlier.organisation) == key
            and earlier.topics & topics
        ),
        key=lambda earlier: (earlier.created_at, earlier.pk),
        reverse=True,
    )
    if not matches:
        return []
    listed = "; ".join(
        _("%(reference)s (%(office)s, received %(day)s)")
        % {
            "reference": earlier.reference or "—",
            "office": earlier.office_title,
            "day": date_format(timezone.localdate(earlier.created_at), "j F Y"),
        }
        for earlier in matches
    )
    message = ngettext(
        "%(organisation)s asked about the same topic in the last two years: %(requests)s.",
        "%(organisation)s asked about the same topics in the last two years: %(requests)s.",
        len(matches),
    ) % {"organisation": request.organisation, "requests": listed}
    return [Finding(Code.REPEAT, message, Severity.NOTICE)]


def check_lead_time(facts: Facts) -> list[Finding]:
    """The first requested day comes fewer than the office's minimum days after arrival."""
    if not facts.days:
        return []
    lead = (facts.days[0] - timezone.localdate(facts.request.created_at)).days
    minimum = facts.rules.min_lead_days
    if lead >= minimum:
        return []
    message = (
        ngettext(
            "The first requested day, %(day)s, is %(count)d day after the request arrived.",
            "The first requested day, %(day)s, is %(count)d days after the request arrived.",
            lead,
        )
        % {"day": weekday_date(facts.days[0]), "count": lead}
        + " "
        + ngettext(
            "This office asks for at least %(count)d day.", "This office asks for at least %(count)d days.", minimum
        )
        % {"count": minimum}
    )
    return [Finding(Code.LEAD_TIME, message, Severity.WARNING)]


def check_group_size(facts: Facts) -> list[Finding]:
    """Larger than the office or a starred practice receives; smaller than the office's minimum."""
    request, office = facts.request, facts.request.office
    size, findings = request.group_size, []
    if size > office.largest_group:
        message = ngettext(
            "A group of %(size)d: %(place)s receives groups of at most %(count)d person.",
            "A group of %(size)d: %(place)s receives groups of at most %(count)d people.",
            office.largest_group,
        ) % {"size": size, "place": office.title, "count": office.largest_group}
        findings.append(Finding(Code.GROUP_TOO_LARGE, message, Severity.WARNING))
    for practice in facts.practices:
        if practice.largest_group and size > practice.largest_group:
            message = ngettext(
                "A group of %(size)d: %(place)s receives groups of at most %(count)d person.",
                "A group of %(size)d: %(place)s receives groups of at most %(count)d people.",
                practice.largest_group,
            ) % {"size": size, "place": practice.title, "count": practice.largest_group}
            findings.append(Finding(Code.GROUP_TOO_LARGE, message, Severity.WARNING))
    minimum = facts.rules.min_group_size
    if minimum and size < minimum:
        message = ngettext(
            "A group of %(size)d: this office receives groups of at least %(count)d person.",
            "A group of %(size)d: this office receives groups of at least %(count)d people.",
            minimum,
        ) % {"size": size, "count": minimum}
        findings.append(Finding(Code.GROUP_TOO_SMALL, message, Severity.NOTICE))
    return findings


def check_practices(facts: Facts) -> list[Finding]:
    """A starred practice does not receive groups on a requested weekday, or not in the
    requested format (on site or digitally)."""
    from tours.planner import weekday_span  # the planner says a site's days the same way

    request, findings = facts.request, []
    digital = request.format == VisitRequest.Format.DIGITAL
    for practice in facts.practices:
        if digital and not practice.digitally:
            message = _("%(practice)s cannot be visited digitally.") % {"practice": practice.title}
            findings.append(Finding(Code.PRACTICE_FORMAT, message, Severity.WARNING))
        elif not digital and not practice.on_site:
            message = _("%(practice)s can only be visited digitally.") % {"practice": practice.title}
            findings.append(Finding(Code.PRACTICE_FORMAT, message, Severity.WARNING))
        weekdays = practice.weekdays
        if weekdays is None:
            weekdays = frozenset(request.office.opening_weekdays)
        refused = [day for day in facts.days if day.weekday() not in weekdays]
        if refused:
            message = _("%(practice)s does not receive groups on %(days)s.") % {
                "practice": practice.title,
                "days": ", ".join(weekday_date(day) for day in refused),
            }
            if weekdays:
                message += " " + _("The site receives groups on %(days)s.") % {"days": weekday_span(weekdays)}
            findings.append(Finding(Code.PRACTICE_DAY, message, Severity.WARNING))
    return findings


# The TriageRules switch of each check, in the order the request page lists them.
CHECKS = (
    ("check_repeat", check_repeat),
    ("check_lead_time", check_lead_time),
    ("check_group_size", check_group_size),
    ("check_practices", check_practices),
)


def evaluate(facts: Facts) -> list[Finding]:
    """The findings of every check the office's rules switch on."""
    return [finding for switch, check in CHECKS if getattr(facts.rules, switch) for finding in check(facts)]


def describe_rules(rules: TriageRules) -> list[str]:
    """What is checked for the office, for the request page (an empty list when nothing is)."""
    described = []
    if rules.check_repeat:
        described.append(_("the same organisation asking about the same topic within two years"))
    if rules.check_lead_time:
        described.append(
            ngettext(
                "a first day less than %(count)d day ahead",
                "a first day less than %(count)d days ahead",
                rules.min_lead_days,
            )
            % {"count": rules.min_lead_days}
        )
    if rules.check_group_size:
        described.append(_("the group size"))
    if rules.check_practices:
        described.append(_("the days and formats of starred best practices"))
    return described


# --- Loading the facts ----------------------------------------------------------------------


def _squeezed(expression):
    for space in IGNORED_SPACES:
        expression = Replace(expression, Value(space), Value(""))
    return expression


def _without_spaces(name: str) -> str:
    for space in IGNORED_SPACES:
        name = name.replace(space, "")
    return name


def rules_of(requests) -> dict:
    """{office id: TriageRules} for the requests' offices; one query at most, none when the
    offices were loaded with select_related("triage_rules")."""
    offices = {request.office_id: request.office for request in requests}
    rules, unknown = {}, []
    for pk, office in offices.items():
        if OfficePage.triage_rules.is_cached(office):
            rules[pk] = TriageRules.for_office(office)
        else:
            unknown.append(office)
    if unknown:
        found = {row.office_id: row for row in TriageRules.objects.filter(office__in=[o.pk for o in unknown])}
        for office in unknown:
            rules[office.pk] = found.get(office.pk) or TriageRules(office=office)
    return rules


def gather(requests, *, days=None, interests=None, plan_items=None) -> dict:
    """{request pk: Facts} for `requests` (with their offices loaded), in a fixed number of queries.

    `days`, `interests` and `plan_items` ({request pk: [...]}: dates, sub-area ids, page ids)
    are what the caller has read already; what is missing is read here, and only for the
    checks the offices switch on. Requested days prefetched as `requested_slots` are used.
    """
    requests = list(requests)
    if not requests:
        return {}
    rules = rules_of(requests)
    days = dict(days or {})
    for request in requests:
        if request.pk not in days and "requested_slots" in getattr(request, "_prefetched_objects_cache", {}):
            days[request.pk] = [requested.date for requested in request.requested_slots.all()]
    missing = [
        request.pk
        for request in requests
        if request.pk not in days
        and (rules[request.office_id].check_lead_time or rules[request.office_id].check_practices)
    ]
    if missing:
        for request_id, day in RequestedSlot.objects.filter(request_id__in=missing).values_list("request_id", "date"):
            days.setdefault(request_id, []).append(day)
    interests, plan_items = _topics_of(
        [request for request in requests if _needs_topics(rules[request.office_id])], interests, plan_items
    )

    facts = {
        request.pk: Facts(
            request=request,
            rules=rules[request.office_id],
            days=sorted(days.get(request.pk, [])),
            interests=frozenset(interests.get(request.pk, ())),
        )
        for request in requests
    }
    practices = _practices({page for pages in plan_items.values() for page in pages})
    for pk, request_facts in facts.items():
        request_facts.practices = sorted(
            (practices[page] for page in plan_items.get(pk, ()) if page in practices), key=lambda p: (p.title, p.pk)
        )
    repeating = [request_facts for request_facts in facts.values() if request_facts.rules.check_repeat]
    earlier = _earlier(repeating)
    for request_facts in repeating:
        request_facts.earlier = earlier
    return facts


def _needs_topics(rules) -> bool:
    """Interests and starred practices are topics (the repeat) and starred practices have limits."""
    return rules.check_repeat or rules.check_group_size or rules.check_practices


def _topics_of(requests, interests, plan_items):
    """({pk: sub-area ids}, {pk: page ids}) of `requests`, reading what the caller did not pass
    in one query."""
    pks = {request.pk for request in requests}
    interests = {pk: ids for pk, ids in (interests or {}).items() if pk in pks}
    plan_items = {pk: ids for pk, ids in (plan_items or {}).items() if pk in pks}
    missing = [request.pk for request in requests if request.pk not in interests or request.pk not in plan_items]
    if missing:
        interest_rows = (
            VisitRequest.interests.through.objects.filter(visitrequest_id__in=missing)
            .annotate(kind=Value("interest"))
            .values_list("visitrequest_id", "kind", "subareapage_id")
        )
        plan_rows = (
            VisitRequest.plan_items.through.objects.filter(visitrequest_id__in=missing)
            .annotate(kind=Value("plan"))
            .values_list("visitrequest_id", "kind", "page_id")
        )
        read_interests, read_plans = {}, {}
        for request_id, kind, pk in interest_rows.union(plan_rows, all=True):
            (read_interests if kind == "interest" else read_plans).setdefault(request_id, []).append(pk)
        for request_id in missing:
            interests.setdefault(request_id, read_interests.get(request_id, []))
            plan_items.setdefault(request_id, read_plans.get(request_id, []))
    return interests, plan_items


def _practices(page_ids) -> dict:
    """{pk: Practice} for the best practices among `page_ids`, with their office's opening
    days for those that name no days of their own; one query (none without pages)."""
    from catalogue.models import BestPracticePage

    if not page_ids:
        return {}
    office_days = OfficePage.objects.filter(
        region_id=OuterRef("county__region_id"), locale__language_code=default_language()
    ).values("opening_weekdays")[:1]
    rows = (
        BestPracticePage.objects.filter(pk__in=sorted(page_ids))
        .annotate(office_days=Subquery(office_days))
        .values_list(
            "pk",
            "title",
            "largest_group",
            "visiting_weekdays",
            "office_days",
            "visitable_on_site",
            "visitable_digitally",
        )
    )
    practices = {}
    for pk, title, largest, own_days, office_days_value, on_site, digitally in rows:
        weekdays = own_days or office_days_value
        practices[pk] = Practice(
            pk=pk,
            title=title,
            largest_group=largest,
            weekdays=frozenset(int(day) for day in weekdays) if weekdays else None,
            on_site=on_site,
            digitally=digitally,
        )
    return practices


def _earlier(facts_list) -> list[Earlier]:
    """Requests received in the two years before any of these that share one of their topics
    and whose organisation name has the same length without spaces (the names themselves
    are compared in check_repeat, whatever the database's idea of case); one query."""
    interest_ids = set().union(*(request_facts.interests for request_facts in facts_list)) if facts_list else set()
    practice_ids = {practice.pk for request_facts in facts_list for practice in request_facts.practices}
    if not interest_ids and not practice_ids:
        return []
    start = min(request_facts.request.created_at for request_facts in facts_list) - REPEAT_WINDOW
    end = max(request_facts.request.created_at for request_facts in facts_list)
    lengths = sorted({len(_without_spaces(request_facts.request.organisation)) for request_facts in facts_list})
    columns = (
        "visitrequest_id",
        "visitrequest__reference",
        "visitrequest__organisation",
        "visitrequest__created_at",
        "visitrequest__office__title",
        "kind",
    )

    def sharing(through, field, ids, kind):
        return (
            through.objects.filter(
                **{f"{field}__in": sorted(ids)},
                visitrequest__created_at__range=(start, end),
                visitrequest__erased_at__isnull=True,
            )
            .annotate(name_length=Length(_squeezed("visitrequest__organisation")), kind=Value(kind))
            .filter(name_length__in=lengths)
            .values_list(*columns, field)
        )

    queries = []
    if interest_ids:
        queries.append(sharing(VisitRequest.interests.through, "subareapage_id", interest_ids, "interest"))
    if practice_ids:
        queries.append(sharing(VisitRequest.plan_items.through, "page_id", practice_ids, "practice"))
    rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    found = {}
    for pk, reference, organisation, created_at, office_title, kind, topic in rows:
        entry = found.setdefault(pk, [reference, organisation, created_at, office_title, set()])
        entry[4].add((kind, topic))
    return [
        Earlier(pk, reference or "", organisation, created_at, office_title, frozenset(topics))
        for pk, (reference, organisation, created_at, office_title, topics) in found.items()
    ]


def findings_for(visit_request, *, days=None, interests=None, plan_items=None) -> list[Finding]:
    """The findings on one request. `days` (dates), `interests` (sub-area ids) and
    `plan_items` (page ids) are what the caller has read already."""
    known = {}
    for name, value in (("days", days), ("interests", interests), ("plan_items", plan_items)):
        if value is not None:
            known[name] = {visit_request.pk: list(value)}
    return evaluate(gather([visit_request], **known)[visit_request.pk])


def findings_for_many(requests) -> dict:
    """{request pk: findings} for a page of requests, in a fixed number of queries."""
    return {pk: evaluate(request_facts) for pk, request_facts in gather(requests).items()}


# --- Automatic confirmation -----------------------------------------------------------------


def _digital_at_head_office(visit_request) -> bool:
    return visit_request.format == VisitRequest.Format.DIGITAL and visit_request.office.is_head_office


# What each TriageRules.AutoConfirm choice asks of a request, beyond room and no findings.
AUTO_RULES = {TriageRules.AutoConfirm.DIGITAL_HEAD_OFFICE: _digital_at_head_office}


def after_submission(visit_request) -> None:
    """Called in the submission's transaction: once it commits, try the office's automatic
    confirmation. A failure there is logged and leaves the submitted request as it is."""
    request_id, office_id = visit_request.pk, visit_request.office_id

    def try_auto_confirmation():  # a named function: a robust hook's failure is logged by its name
        _try_auto_confirmation(request_id, office_id)

    transaction.on_commit(try_auto_confirmation, robust=True)


def _auto_confirming_offices() -> frozenset:
    return frozenset(TriageRules.objects.exclude(auto_confirm="").values_list("office_id", flat=True))


# Asked after every submission; most offices have no such rule (core/kept_briefly.py). The
# task reads the office's rules again before it confirms anything.
_offices_confirming = KeptBriefly(_auto_confirming_offices, TriageRules)


def _try_auto_confirmation(request_id, office_id) -> None:
    if office_id in _offices_confirming.get():
        auto_confirm_task.enqueue(request_id)


@task()
def auto_confirm_task(request_id: int) -> bool:
    return auto_confirm(request_id)


def auto_confirm(request_id, today=None) -> bool:
    """Confirm a just submitted request on its earliest requested day if its office's rule
    allows it; True when it was confirmed.

    Left alone (for staff) when the request is no longer "submitted", the rule does not match,
    a day is not entirely at the office or no longer has room for the group, or any check
    raises something. The confirmation is `services.confirm_request`'s, in one transaction;
    the requester's and the office's e-mails leave after it commits.
    """
    visit_request = (
        VisitRequest.objects.select_related("office__triage_rules")
        .filter(pk=request_id, status=VisitRequest.Status.SUBMITTED)
        .first()
    )
    if visit_request is None:
        return False
    office = visit_request.office
    rule = TriageRules.for_office(office).auto_confirm
    if rule not in AUTO_RULES or not AUTO_RULES[rule](visit_request):
        return False
    requested = list(visit_request.requested_slots.select_related("slot"))
    choices = [(requested_slot.date, requested_slot.slot) for requested_slot in requested]
    if not choices or any(slot.office_id != office.pk for _day, slot in choices):
        return False
    # Preferred days and times, of which the office confirms one (as the booking form says):
    # the earliest; confirming it gives the others back.
    first = min(choices, key=lambda choice: (choice[0], choice[1].start_time))
    if check_choices(office, [first], visit_request.group_size, exclude_request=visit_request, today=today):
        return False
    if findings_for(visit_request, days=[day for day, _slot in choices]):
        return False
    with translation.override(settings.LANGUAGE_CODE):  # the history is written once, for every reader
        reason = _("Confirmed automatically by the office's rule: %(rule)s.") % {
            "rule": TriageRules.AutoConfirm(rule).label
        }
    try:
        with transaction.atomic():
            services.confirm_request(visit_request, [(office, *first)], reason=reason)
            transaction.on_commit(lambda: emails.send_confirmed(visit_request))
    except (services.TransitionRefused, SlotUnavailable) as refusal:  # staff acted, or a day filled, meanwhile
        logger.info("Request %s was not confirmed automatically: %s", request_id, refusal)
        return False
    return True
