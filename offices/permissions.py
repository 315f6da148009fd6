"""Who may do what with visit requests: the single source of truth.

Every staff view, queryset, form, calendar and feed asks this module. Office staff see
their own office's requests, plus any request with a visit day at their office (they host
that day); for anything else the views answer 404, so that the existence of another
office's request is not confirmed. Only the office a request belongs to handles it (and
coordinators): office staff may schedule a day at another office, which is then told and
sees the request.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from offices.models import StaffRole

Role = StaffRole.Role


class Action:
    VIEW = "view"  # list and open requests (without contact data for managers)
    VIEW_CONTACT = "view_contact"  # see the contact person's name, e-mail and phone
    HANDLE = "handle"  # transitions, scheduling, hand-overs, notes, follow-ups
    EXPORT_ERASE = "export_erase"  # personal data export and erasure
    STATISTICS = "statistics"
    DRAFT_NEWS = "draft_news"  # turn a finished year into a draft news post
    EDIT_CONTENT = "edit_content"


GRANTS = {
    Role.COORDINATOR: {
        Action.VIEW,
        Action.VIEW_CONTACT,
        Action.HANDLE,
        Action.EXPORT_ERASE,
        Action.STATISTICS,
        Action.DRAFT_NEWS,
    },
    Role.OFFICE_STAFF: {Action.VIEW, Action.VIEW_CONTACT, Action.HANDLE},
    Role.EDITOR: {Action.EDIT_CONTENT, Action.DRAFT_NEWS},
    Role.MANAGER: {Action.VIEW, Action.STATISTICS, Action.DRAFT_NEWS},
}


def role_of(user) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.COORDINATOR
    staff_role = getattr(user, "staff_role", None)
    return staff_role.role if staff_role else None


def office_of(user):
    staff_role = getattr(user, "staff_role", None)
    return staff_role.office if staff_role and staff_role.role == Role.OFFICE_STAFF else None


def can(user, action, office=None) -> bool:
    """May `user` do `action`, for a request of `office` when one is given?"""
    role = role_of(user)
    if role is None or action not in GRANTS.get(role, set()):
        return False
    if role == Role.OFFICE_STAFF and office is not None:
        return office.pk == office_of(user).pk
    return True


def can_handle_day(user, visit_request, office) -> bool:
    """May `user` change a day of `visit_request` at `office`? The request's own office (and
    coordinators) may; so may the office hosting that day, which handles its own days of a
    study tour that the head office coordinates."""
    return can(user, Action.HANDLE, visit_request.office) or can(user, Action.HANDLE, office)


def scope(user, queryset, action=Action.VIEW):
    """The rows of `queryset` (requests, visits, follow-ups…) that `user` may see.

    A model says how its rows belong to offices with `office_scope_paths` (default: its
    `office` field); a row is an office's when any path leads there.
    """
    role = role_of(user)
    if role is None or action not in GRANTS.get(role, set()):
        return queryset.none()
    if role != Role.OFFICE_STAFF:
        return queryset
    office = office_of(user)
    condition = Q()
    for path in getattr(queryset.model, "office_scope_paths", ("office",)):
        if "__" in path:  # across a to-many relation: a subquery, so rows are not repeated
            condition |= Q(pk__in=queryset.model._default_manager.filter(**{path: office}).values("pk"))
        else:
            condition |= Q(**{path: office})
    return queryset.filter(condition)


def require(user, action, office=None):
    """Raise 404 for another office's request (never confirm it exists), 403 for a missing right."""
    if can(user, action, office):
        return
    if office is not None and role_of(user) == Role.OFFICE_STAFF and action in GRANTS[Role.OFFICE_STAFF]:
        raise Http404
    raise PermissionDenied
