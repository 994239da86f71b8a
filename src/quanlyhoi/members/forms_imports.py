"""Forms of the member import pages: upload (unit and file), column mapping, run options. They parse input; the
services (members.services.imports) check and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from quanlyhoi.core.web import style_form
from quanlyhoi.members.imports.columns import FIELDS
from quanlyhoi.orgs.forms import UserForm, unit_input

SKIP = ""


class ImportUploadForm(UserForm):
    unit = forms.CharField(
        label=_l("Unit receiving the members"),
        max_length=60,
        help_text=_l("Members without a unit code in the file join this unit; codes in the file must be below it."),
    )
    file = forms.FileField(
        label=_l("Spreadsheet"),
        help_text=_l("Excel (.xlsx) or CSV. The columns are recognised from their usual Vietnamese headers."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget = unit_input()
        self.fields["file"].widget.attrs.update(accept=".xlsx,.csv,.txt", **{"class": "form-control"})

    def clean_unit(self):
        return self.unit_field("unit")


def column_label(index: int, header: str) -> str:
    """ "C · Ngày sinh": the column letter as Excel shows it, then the header."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters} · {header}" if header else letters


class MappingForm(forms.Form):
    """One select per column of the header row (which field it holds, or skip it), and the header row number.
    A new header row number detects the columns again from that row."""

    header_row = forms.IntegerField(label=_l("Header row"), min_value=1, max_value=100)

    def __init__(self, *args, headers: list[str], mapping: dict[str, int], header_row: int, **kwargs):
        super().__init__(*args, initial={"header_row": header_row}, **kwargs)
        self.current_header_row = header_row
        by_column = {col: key for key, col in mapping.items()}
        choices = [(SKIP, _("— skip —"))] + [(f.key, f.header) for f in FIELDS]
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=column_label(index, header), choices=choices, required=False, initial=by_column.get(index, SKIP)
            )
        style_form(self)
        self.fields["header_row"].widget.attrs["class"] += " import-header-row"

    def column_fields(self):
        return [self[name] for name in self.fields if name.startswith("col_")]

    def clean(self):
        data = super().clean()
        chosen: dict[str, int] = {}
        for name, value in data.items():
            if name.startswith("col_") and value:
                if value in chosen:
                    label = dict(self.fields[name].choices)[value]
                    raise forms.ValidationError(_("%(field)s is chosen for two columns.") % {"field": label})
                chosen[value] = int(name.removeprefix("col_"))
        self.chosen = chosen
        return data

    def mapping(self) -> dict[str, int] | None:
        """field -> column, or None to detect the columns again (the header row changed)."""
        if self.cleaned_data["header_row"] != self.current_header_row:
            return None
        return self.chosen


class RunForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label=_l("Skip invalid rows"),
        required=False,
        help_text=_l("Import the valid rows and report the others; otherwise one invalid row stops the whole file."),
    )
    accept_duplicates = forms.BooleanField(
        label=_l("Also import the rows that may be duplicates"),
        required=False,
        help_text=_l("Rows without CCCD or member number whose name and birth year match a member of the same unit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
