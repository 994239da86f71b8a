"""Forms of the template and indicator pages. A template's lists (indicators, sections, rules) are edited as text,
one entry a line with columns separated by "|" (the format is explained on the page), which fits a phone's
screen and needs no script; the forms only split the lines into the plain dicts the services check."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core.web import style_form
from quanlyhoi.orgs.models import UnitLevel
from quanlyhoi.reporting.models import Aggregation, IndicatorKind, PeriodKind, RegistrySource, SubmissionState
from quanlyhoi.reporting.services.templates import COUNTABLE

SEP = "|"
YES = {"x", "*", "1", "có", "co", "bắt buộc", "bat buoc", "required", "yes"}
RULE_COLUMNS = ("code", "kind", "severity", "indicator", "other", "minimum", "maximum", "message")


def _lines(text: str) -> list[tuple[int, list[str]]]:
    """(line number, stripped columns) of the non-empty lines; a line starting with # is a comment."""
    out = []
    for n, line in enumerate((text or "").splitlines(), 1):
        if line.strip() and not line.strip().startswith("#"):
            out.append((n, [c.strip() for c in line.split(SEP)]))
    return out


def _row(values) -> str:
    return f" {SEP} ".join(str(v) for v in values).rstrip(f" {SEP}")


def _flag(value: str) -> bool:
    return value.strip().lower() in YES


def items_text(items: list[dict]) -> str:
    return "\n".join(_row([i["indicator"], i["group"], "x" if i["required"] else ""]) for i in items)


def sections_text(sections: list[dict]) -> str:
    return "\n".join(_row([s["code"], s["title"], "x" if s["required"] else ""]) for s in sections)


def rules_text(rules: list[dict]) -> str:
    return "\n".join(_row([r[c] or "" for c in RULE_COLUMNS]) for r in rules)


def breakdowns_text(breakdowns: list[dict]) -> str:
    return "\n".join(
        _row([d["code"], d["name"], "; ".join(f"{c}={name}" for c, name in d["choices"])]) for d in breakdowns
    )


def _too_many(n: int, columns: list[str], most: int) -> None:
    if len(columns) > most:
        raise forms.ValidationError(_("Line %(n)s has more than %(most)s columns.") % {"n": n, "most": most})


def level_choices(association_id: int | None) -> list[tuple[str, str]]:
    """The levels of the association (of every association for a shared template), by rank."""
    levels = UnitLevel.objects.order_by("rank", "association_id")
    if association_id is not None:
        levels = levels.filter(association_id=association_id)
    names: dict[str, str] = {}
    for code, name in levels.values_list("code", "name"):
        names.setdefault(code, name)
    return list(names.items())


def _owned_by(field: forms.ChoiceField, owners: list[tuple[str, str]]) -> None:
    """Who a new template or indicator is for; "" (shared) is a choice only for those who manage shared ones."""
    field.choices = owners
    field.required = "" not in dict(owners)


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=250)
    period_kinds = forms.MultipleChoiceField(
        label=_("Period types"), choices=PeriodKind.choices, widget=forms.CheckboxSelectMultiple
    )
    levels = forms.MultipleChoiceField(
        label=_("Levels"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: units of every level report on this template."),
    )
    counted_states = forms.MultipleChoiceField(
        label=_("Reports counted in roll-ups"),
        choices=[(s, SubmissionState(s).label) for s in COUNTABLE],
        widget=forms.CheckboxSelectMultiple,
    )
    items = forms.CharField(
        label=_("Indicators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace"}),
        help_text=_(
            "One indicator a line: code | group heading | x if required. The order of the lines is the order "
            "of the form."
        ),
    )
    sections = forms.CharField(
        label=_("Narrative sections"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "font-monospace"}),
        help_text=_("One section a line: code | title | x if required."),
    )
    rules = forms.CharField(
        label=_("Checks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        help_text=_(
            "One check a line: code | kind (at_most, range, change) | severity (error, warning) | indicator | "
            "other indicator (at_most) | minimum (range) | maximum (range; change: 0.2 is 20%) | message."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, association_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["levels"].choices = level_choices(association_id)
        style_form(self)

    def clean_items(self) -> list[dict]:
        out = []
        for n, cols in _lines(self.cleaned_data["items"]):
            _too_many(n, cols, 3)
            code, group, required = (cols + ["", ""])[:3]
            out.append({"indicator": code, "group": group, "required": _flag(required)})
        return out

    def clean_sections(self) -> list[dict]:
        out = []
        for n, cols in _lines(self.cleaned_data["sections"]):
            _too_many(n, cols, 3)
            code, title, required = (cols + ["", ""])[:3]
            out.append({"code": code, "title": title, "required": _flag(required)})
        return out

    def clean_rules(self) -> list[dict]:
        out = []
        for _n, cols in _lines(self.cleaned_data["rules"]):
            # The message is the last column and may itself contain "|".
            cols = cols[:7] + [f" {SEP} ".join(cols[7:])] if len(cols) > 8 else cols
            out.append(dict(zip(RULE_COLUMNS, cols + [""] * (8 - len(cols)), strict=True)))
        return out


class NewTemplateForm(TemplateForm):
    code = forms.CharField(label=_("Code"), max_length=30, help_text=_("Upper-case letters, digits, - and _."))
    association = forms.ChoiceField(label=_("For"), required=False)

    field_order = ["association", "code", "name"]

    def __init__(self, *args, owners: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        _owned_by(self.fields["association"], owners)


class IndicatorForm(forms.Form):
    association = forms.ChoiceField(label=_("For"), required=False)
    code = forms.CharField(
        label=_("Code"), max_length=30, help_text=_("Upper-case letters, digits and _; it cannot change later.")
    )
    name = forms.CharField(label=_("Name"), max_length=250)
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=IndicatorKind.choices)
    aggregation = forms.ChoiceField(
        label=_("Aggregation"),
        choices=Aggregation.choices,
        help_text=_("Text is never aggregated; percentages are averaged, not added up."),
    )
    source = forms.ChoiceField(
        label=_("Computed from"),
        choices=RegistrySource.choices,
        required=False,
        help_text=_("Only whole numbers without breakdowns can be computed from the member registry."),
    )
    breakdowns = forms.CharField(
        label=_("Breakdowns"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "font-monospace"}),
        help_text=_(
            "At most two, one a line: code | name | choice=name; choice=name (2 to 20 choices), e.g. "
            "sex | Giới tính | M=Nam; F=Nữ"
        ),
    )

    def __init__(self, *args, owners: list[tuple[str, str]] | None = None, fixed: tuple[str, ...] = (), **kwargs):
        """`owners`: the choices of who the new indicator is for (None when editing: the code and owner stay);
        `fixed`: fields shown but not editable (those an indicator in use keeps)."""
        super().__init__(*args, **kwargs)
        if owners is None:
            del self.fields["association"]
            self.fields["code"].disabled = True
        else:
            _owned_by(self.fields["association"], owners)
        for name in fixed:
            self.fields[name].disabled = True
        style_form(self)

    def clean_breakdowns(self) -> list[dict]:
        out = []
        for n, cols in _lines(self.cleaned_data["breakdowns"]):
            _too_many(n, cols, 3)
            code, name, choices = (cols + ["", ""])[:3]
            pairs = [c.partition("=") for c in choices.split(";") if c.strip()]
            out.append({"code": code, "name": name, "choices": [[c.strip(), label.strip()] for c, _s, label in pairs]})
        return out
