"""Forms of the briefing pages: they parse what was typed; the services decide what is allowed."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from quanlyhoi.briefings.models import BriefingKind, FileKind, Priority, Recurrence
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.web import style_form
from quanlyhoi.documents.models import RegisteredDocument
from quanlyhoi.orgs.forms import VNDateField
from quanlyhoi.orgs.models import Association
from quanlyhoi.reporting import calendar


def codes(text: str) -> list[str]:
    """Codes typed one a line or separated by commas, semicolons or spaces, in upper case."""
    return [c.upper() for c in re.split(r"[\s,;]+", text or "") if c]


def lines(text: str) -> list[str]:
    """Names typed one a line or separated by commas or semicolons (departments have spaces in them)."""
    return [part.strip() for part in re.split(r"[\n,;]+", text or "") if part.strip()]


class BriefingForm(forms.Form):
    unit = forms.CharField(label=_("Convened by (unit code)"), required=False, max_length=60,
                           help_text=_("Empty for the overseer's briefing with the associations; a unit's code "
                                       "for its internal briefing with the chapters below it."))  # fmt: skip
    kind = forms.ChoiceField(label=_("Kind"), choices=BriefingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    held_on = VNDateField(label=_("Held on"))
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    chair = forms.CharField(label=_("Chaired by"), required=False, max_length=200)
    associations = forms.ModelMultipleChoiceField(
        label=_("Participating associations"), required=False, queryset=Association.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )  # fmt: skip
    participants = forms.CharField(label=_("Participants (one a line)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    period = forms.CharField(label=_("Period reviewed"), required=False, max_length=12,
                             help_text=_("A period code such as 2025-H2 (half-year), 2025-Q3 or 2025."))  # fmt: skip
    report = forms.ModelChoiceField(label=_("Consolidated report reviewed"), required=False,
                                    queryset=RegisteredDocument.objects.none(),
                                    help_text=_("A report issued under a number of the register."))  # fmt: skip
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    conclusion = forms.CharField(label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, fixed_unit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["associations"].queryset = Association.objects.restrict(user, "view").order_by("sort_order", "code")
        reports = RegisteredDocument.objects.restrict(user, "view").filter(doc_type="BC", subject__startswith="report:")
        self.fields["report"].queryset = reports.select_related("body").order_by("-issued_on", "-number")
        self.fields["report"].label_from_instance = lambda d: f"{d.reference} · {d.issued_on:%d/%m/%Y} · {d.summary}"
        if fixed_unit:  # who convened a briefing does not change
            del self.fields["unit"]
        style_form(self)

    def clean_unit(self) -> str:
        return self.cleaned_data["unit"].strip().upper()

    def clean_period(self) -> str:
        code = self.cleaned_data["period"].strip().upper()
        if code:
            try:
                code = calendar.parse(code).code
            except DomainError as exc:
                raise forms.ValidationError(exc.message) from exc
        return code


class AttachForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=FileKind.choices)


class DirectiveForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    content = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    assignees = forms.CharField(label=_("Assigned to (association or unit codes)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}),
                                help_text=_("One a line or separated by commas, e.g. NCT, CTD or NCT.01."))  # fmt: skip
    departments = forms.CharField(label=_("Departments of the overseer"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("One a line or separated by commas."))  # fmt: skip
    coordinator = forms.CharField(label=_("Coordinated by"), required=False, max_length=200)
    due_on = VNDateField(label=_("Due on"), required=False)
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=Recurrence.choices, required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    indicators = forms.CharField(
        label=_("Linked indicators (codes)"), required=False, max_length=500,
        help_text=_("Indicators whose movement shows progress, e.g. HV_MOI, TT_BUOI."),
    )  # fmt: skip

    def __init__(self, *args, departments: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not departments:  # only the overseer assigns to its own departments
            del self.fields["departments"]
        style_form(self)


class StepForm(forms.Form):
    """Every step's fields (each step's form on the page shows the ones it needs)."""

    text = forms.CharField(required=False, max_length=5000)
    progress = forms.IntegerField(required=False, min_value=0, max_value=100)
    link = forms.CharField(required=False, max_length=300)
    due_on = VNDateField(required=False)
    version = forms.IntegerField(required=False)
