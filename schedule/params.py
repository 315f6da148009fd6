"""Reading the calendar's query string: every value is checked, bad ones are reported."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import FocusAreaPage
from core.i18n import in_default_language
from offices.models import OfficePage

VIEWS = ("month", "week", "day", "agenda")
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass
class CalendarParams:
    view: str = "month"
    date: datetime.date = field(default_factory=timezone.localdate)
    office: OfficePage | None = None
    focus_area: FocusAreaPage | None = None
    group_size: int = 1
    errors: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, query):
        params = cls()
        view = query.get("view", "month")
        if view in VIEWS:
            params.view = view
        else:
            params.errors.append(_("Unknown view “%(view)s”; showing the month.") % {"view": view[:20]})
        raw_date = query.get("date", "")
        if raw_date:
            try:
                params.date = datetime.date.fromisoformat(raw_date + "-01" if len(raw_date) == 7 else raw_date)
            except ValueError:
                params.date = timezone.localdate()
                params.errors.append(_("“%(date)s” is not a date (use YYYY-MM-DD).") % {"date": raw_date[:20]})
            if not FIRST_YEAR <= params.date.year <= LAST_YEAR:
                params.errors.append(_("The calendar covers %(a)d to %(b)d.") % {"a": FIRST_YEAR, "b": LAST_YEAR})
                params.date = timezone.localdate()
        office_slug = query.get("office", "")
        if office_slug:
            params.office = in_default_language(OfficePage.objects.live()).filter(slug=office_slug).first()
            if params.office is None:
                params.errors.append(
                    _("Unknown office “%(office)s”; showing all offices.") % {"office": office_slug[:40]}
                )
        focus_slug = query.get("focus_area", "")
        if focus_slug:
            params.focus_area = in_default_language(FocusAreaPage.objects.live()).filter(slug=focus_slug).first()
            if params.focus_area is None:
                params.errors.append(_("Unknown focus area “%(area)s”.") % {"area": focus_slug[:40]})
        raw_size = query.get("group_size", "")
        if raw_size:
            try:
                params.group_size = int(raw_size)
                if not 1 <= params.group_size <= 500:
                    raise ValueError
            except ValueError:
                params.group_size = 1
                params.errors.append(_("The group size must be a number from 1 to 500."))
        return params

    def query(self, **changes) -> dict:
        values = {
            "view": self.view,
            "date": self.date.isoformat(),
            "office": self.office.slug if self.office else "",
            "focus_area": self.focus_area.slug if self.focus_area else "",
            "group_size": str(self.group_size) if self.group_size > 1 else "",
        }
        values.update(changes)
        if values["view"] == "month":
            values["view"] = ""
        return {key: value for key, value in values.items() if value}

    def url(self, path, **changes) -> str:
        query = self.query(**changes)
        return f"{path}?{urlencode(query)}" if query else path
