"""Forms of the delegation record: the participant rows, the needs, the file upload and the
visa letter's choice of addressee.

A row is checked by `ParticipantForm` wherever it comes from (the table on the page or a line
of an uploaded file); the rules of the whole list (group size, one head of delegation) are
`delegation.list_problems`.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from visits.delegation import MAX_PARTICIPANTS, PARTICIPANT_FIELDS, list_problems
from visits.models import DelegationNeeds, Participant

Role = Participant.Role

MAX_FILE_BYTES = 1024 * 1024
MAX_ROWS = MAX_PARTICIPANTS
# An XLSX is a zip: refuse one that unpacks to more than this (a small file can hide a huge sheet).
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
MAX_COLUMNS = 30
# At most this many more blank rows under the participants already named.
EXTRA_ROWS = 10


class ParticipantForm(forms.Form):
    """One row. A row left wholly blank is no participant (that is how a row is emptied)."""

    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)

    TEXT_FIELDS = ("name", "organisation", "title", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        data = super().clean()
        if not self.is_blank(data) and not data.get("name") and "name" not in self.errors:
            self.add_error("name", gettext("Enter the participant's name, or empty the whole row to remove it."))
        return data

    def is_blank(self, data=None):
        data = self.cleaned_data if data is None else data
        return not any((data.get(name) or "").strip() for name in self.TEXT_FIELDS)

    def row(self) -> dict | None:
        """The participant as the service takes it, or None for a blank row."""
        if self.is_blank():
            return None
        return {name: self.cleaned_data.get(name) or "" for name in PARTICIPANT_FIELDS}


class BaseParticipantFormSet(forms.BaseFormSet):
    def __init__(self, *args, visit_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit_request = visit_request

    def get_deletion_widget(self):
        return forms.CheckboxInput()

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")

    def clean(self):
        if any(self.errors):
            return
        problems = list_problems(self.visit_request, self.rows())
        if problems:
            raise ValidationError(problems)

    def rows(self) -> list[dict]:
        """The participants in their order: blank and removed rows left out."""
        rows = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if not hasattr(form, "cleaned_data"):
                continue
            row = form.row()
            if row is not None:
                rows.append(row)
        return rows


def participant_formset(visit_request, participants, data=None):
    """The table of participants: the named ones, then blank rows up to the group size (at
    most EXTRA_ROWS at a time; saving brings more)."""
    initial = [{name: getattr(person, name) for name in PARTICIPANT_FIELDS} for person in participants]
    extra = max(0, min(visit_request.group_size - len(initial), EXTRA_ROWS))
    formset_class = forms.formset_factory(
        ParticipantForm,
        formset=BaseParticipantFormSet,
        extra=extra,
        can_delete=True,
        max_num=MAX_PARTICIPANTS,
        absolute_max=MAX_PARTICIPANTS + EXTRA_ROWS,
    )
    return formset_class(data, initial=initial, prefix="participants", visit_request=visit_request)


class NeedsForm(forms.ModelForm):
    class Meta:
        model = DelegationNeeds
        fields = ["interpreting", "dietary", "accessibility"]
        widgets = {
            "dietary": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "interpreting": _("Interpreting into"),
            "dietary": _("Dietary needs"),
            "accessibility": _("Accessibility needs"),
        }
        help_texts = {
            "interpreting": _("Languages the group needs an interpreter for during the visit."),
            "dietary": _("For example vegetarian, halal or allergies. Write only what the hosts need to know."),
            "accessibility": _("For example step-free access, a wheelchair, a hearing loop or seats near the front."),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "needs")
        super().__init__(*args, **kwargs)
        # MultipleChoiceJSONField builds its form field itself: give it the labels above too.
        for name in ("interpreting",):
            self.fields[name].label = self.Meta.labels[name]
            self.fields[name].help_text = self.Meta.help_texts[name]


# --- Uploading a file of participants -------------------------------------------------------


def _words(value) -> str:
    """ "Head-of_Delegation " → "head of delegation"; also for "press/media"."""
    return re.sub(r"[\s_/&-]+", " ", str(value).strip().lower()).strip()


HEADER_ALIASES = {
    "name": ("name", "full name", "participant", "participant name"),
    "organisation": ("organisation", "organization", "organisation name", "organization name"),
    "title": ("title", "job title", "job", "position"),
    "email": ("email", "e mail", "email address", "e mail address", "mail"),
    "role": ("role", "role in the delegation"),
}

ROLE_WORDS = {
    Role.MEMBER: ("member", "delegate", "participant", "delegation member", "member of the delegation"),
    Role.HEAD: (
        "head",
        "head of delegation",
        "head of the delegation",
        "delegation head",
        "leader",
        "delegation leader",
    ),
    Role.INTERPRETER: ("interpreter", "translator"),
    Role.PRESS: ("press", "media", "press or media", "press media", "press and media", "journalist"),
}


def _header_names() -> dict[str, str]:
    """{words of a column header: field}: English aliases, plus the labels in the active language."""
    names = {_words(alias): field for field, aliases in HEADER_ALIASES.items() for alias in aliases}
    for field in PARTICIPANT_FIELDS:
        names.setdefault(_words(ParticipantForm.base_fields[field].label), field)
        names.setdefault(_words(Participant._meta.get_field(field).verbose_name), field)
    return names


def _role_names() -> dict[str, str]:
    names = {_words(word): role for role, words in ROLE_WORDS.items() for word in words}
    for role, label in Role.choices:
        names.setdefault(_words(role), role)
        names.setdefault(_words(label), role)  # the label in the active language
    return names


class FileUnreadable(ValueError):
    pass


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.isoformat()
    return str(value).strip()


def _read_csv(raw: bytes):
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                raise FileUnreadable from None
            break
    else:
        if b"\x00" in raw:
            raise FileUnreadable
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:  # what spreadsheet programs on Windows save as "CSV"
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                raise FileUnreadable from None
    if "\x00" in text:
        raise FileUnreadable
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[_cell(value) for value in row[:MAX_COLUMNS]] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error:
        raise FileUnreadable from None


def _read_xlsx(upload):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(upload) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise FileUnreadable
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except FileUnreadable:
        raise
    except Exception:  # any malformed archive or XML: openpyxl has no single error type
        raise FileUnreadable from None
    try:
        sheet = workbook.worksheets[0]
        rows, filled = [], 0
        for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            row = [_cell(value) for value in values]
            rows.append(row)
            filled += any(row)
            if filled > MAX_ROWS + 1:  # the header and one row too many are enough to refuse
                break
        return rows
    except Exception:
        raise FileUnreadable from None
    finally:
        workbook.close()


class ParticipantUploadForm(forms.Form):
    """A CSV or XLSX file of participants; `rows` holds them when the form is valid."""

    file = forms.FileField(
        label=_("File of participants (CSV or XLSX)"),
        help_text=_(
            "One participant per row, under a first row naming the columns: name, organisation, title, "
            "email, role. Role is member, head of delegation, interpreter or press. At most 500 rows and 1 MB; "
            "the file replaces the list above."
        ),
    )

    def __init__(self, *args, visit_request, **kwargs):
        kwargs.setdefault("prefix", "upload")
        super().__init__(*args, **kwargs)
        self.visit_request = visit_request
        self.fields["file"].widget.attrs["accept"] = (
            ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        self.rows = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(gettext("The file is larger than 1 MB; send at most 500 participants in it."))
        name = (upload.name or "").lower()
        head = upload.read(4)
        upload.seek(0)
        try:
            if name.endswith(".xlsx") and head == b"PK\x03\x04":
                table = _read_xlsx(upload)
            elif name.endswith(".csv") and head != b"PK\x03\x04":
                table = _read_csv(upload.read())
            elif name.endswith((".csv", ".xlsx")):
                raise FileUnreadable
            else:
                raise ValidationError(
                    gettext("Upload a CSV file (.csv) or an Excel workbook (.xlsx); other files cannot be read.")
                )
        except FileUnreadable:
            raise ValidationError(
                gettext(
                    "This file could not be read. Save it again as CSV (UTF-8) or as an Excel workbook (.xlsx) "
                    "and upload it once more."
                )
            ) from None
        self.rows = self._participants(table)
        return upload

    def _participants(self, table) -> list[dict]:
        numbered = [(number, row) for number, row in enumerate(table, start=1) if any(row)]
        if not numbered:
            raise ValidationError(gettext("The file is empty."))
        columns = self._columns(numbered[0][1])
        body = numbered[1:]
        if len(body) > MAX_ROWS:
            raise ValidationError(
                gettext("The file has more than %(max)d participants; a group has at most %(max)d.") % {"max": MAX_ROWS}
            )
        if not body:
            raise ValidationError(gettext("The file names no participants under its first row."))
        roles, rows, problems = _role_names(), [], []
        for number, cells in body:
            values = {field: cells[index] if index < len(cells) else "" for index, field in columns.items()}
            row_problems = []
            role_text = values.get("role", "")
            role = roles.get(_words(role_text), None) if role_text else Role.MEMBER
            if role is None:
                row_problems.append(
                    gettext("“%(value)s” is no role; use member, head of delegation, interpreter or press.")
                    % {"value": role_text[:40]}
                )
                role = Role.MEMBER
            form = ParticipantForm(data={**values, "role": role})
            if not form.is_valid():
                row_problems += [
                    f"{form.fields[field].label}: {' '.join(errors)}" if field != "__all__" else " ".join(errors)
                    for field, errors in form.errors.items()
                ]
            if row_problems:
                problems.append(
                    gettext("Row %(row)d: %(problems)s") % {"row": number, "problems": " ".join(row_problems)}
                )
            elif not form.is_blank():
                rows.append(form.row())
        if problems:
            raise ValidationError(problems)
        return rows

    @staticmethod
    def _columns(header) -> dict[int, str]:
        """{column index: field} from the first row; unknown columns are left out."""
        names, columns = _header_names(), {}
        for index, text in enumerate(header):
            field = names.get(_words(text))
            if field is None:
                continue
            if field in columns.values():
                raise ValidationError(
                    gettext("The column “%(column)s” appears twice in the first row.") % {"column": text[:40]}
                )
            columns[index] = field
        if "name" not in columns.values():
            raise ValidationError(
                gettext(
                    "The first row must name the columns, and one of them must be “name”: "
                    "name, organisation, title, email, role."
                )
            )
        return columns


# --- The visa invitation letter -------------------------------------------------------------

GROUP = "group"


class VisaLetterForm(forms.Form):
    addressee = forms.ChoiceField(label=_("Addressed to"), widget=forms.RadioSelect, initial=GROUP)

    def __init__(self, *args, participants=(), **kwargs):
        kwargs.setdefault("auto_id", "visa_%s")
        super().__init__(*args, **kwargs)
        self.participants = {str(person.pk): person for person in participants}
        self.fields["addressee"].choices = [
            (GROUP, _("The whole group")),
            *((key, f"{person.name} ({person.get_role_display()})") for key, person in self.participants.items()),
        ]

    def participant(self):
        """The chosen participant, or None for the whole group."""
        return self.participants.get(self.cleaned_data["addressee"])


def error_links(*forms_and_formsets) -> list[tuple[str, str]]:
    """[(href, message)] for the page's error summary: each error with a link to its field."""
    links = []
    for item in forms_and_formsets:
        if item is None:
            continue
        if isinstance(item, forms.BaseFormSet):
            if not item.is_bound:
                continue
            links += [("#participants", str(error)) for error in item.non_form_errors()]
            for number, form in enumerate(item.forms, start=1):
                for field, message in _field_errors(form):
                    links.append((field, gettext("Participant %(n)d, %(message)s") % {"n": number, "message": message}))
        else:
            links += [("", str(error)) for error in item.non_field_errors()]
            links += _field_errors(item)
    return links


def _field_errors(form):
    found = []
    for name, errors in form.errors.items():
        if name not in form.fields:
            continue
        bound = form[name]
        target = bound.subwidgets[0].id_for_label if bound.field.widget.use_fieldset else bound.id_for_label
        found += [(f"#{target or bound.auto_id}", f"{bound.label}: {error}") for error in errors]
    return found
