"""Forms of the chapter-tree pages: they parse and look up input (always within the user's scope); the
services decide and write. Every lookup of a unit goes through `restrict(user, "view")`. The shared inputs
(dates, unit codes, areas, the legal basis) live here; the restructuring forms in forms_restructure.py."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from quanlyhoi.core.dates import parse_date, today
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.text import fold
from quanlyhoi.core.web import style_form
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.orgs.models import Unit, UnitPeriod
from quanlyhoi.orgs.services import Basis


class VNDateField(forms.DateField):
    """dd/mm/yyyy (or ISO) in, dd/mm/yyyy out; one parser for the whole project (core.dates)."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except DomainError as exc:
            raise forms.ValidationError(exc.message, code="invalid") from exc


class LookupInput(forms.TextInput):
    """A text input (a unit code or an area) with a <datalist> that HTMX fills from a lookup view as the user
    types; whatever is typed is still accepted as plain text."""

    def __init__(self, url_name: str, params: dict | None = None, attrs: dict | None = None):
        super().__init__({"class": "form-control", "autocomplete": "off", **(attrs or {})})
        self.url_name = url_name
        self.params = {k: v for k, v in (params or {}).items() if v not in (None, "")}

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or self.attrs.get('id') or name}-options"
        query = f"?{urlencode(self.params)}" if self.params else ""
        attrs.update(
            {
                "list": list_id,
                "hx-get": reverse(self.url_name) + query,
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{list_id}",
                "hx-sync": "this:replace",
            }
        )
        html = super().render(name, value, attrs, renderer)
        return html + format_html('<datalist id="{}"></datalist>', list_id)


def unit_input(**params) -> LookupInput:
    return LookupInput("orgs:unit_lookup", params, {"placeholder": _("Unit code or name")})


def area_input(level: str = "") -> LookupInput:
    return LookupInput("orgs:area_lookup", {"level": level}, {"placeholder": _("Area code or name")})


def find_unit(user, code: str | None) -> Unit | None:
    """The unit with this code if `user` may see it (missing and out of scope look the same)."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return Unit.objects.restrict(user, "view").select_related("level", "association").filter(code=code).first()


def find_area(text: str | None, level: str = "") -> AdminArea | None:
    """An area of the 2025 generation by code, "code name" or (unique) name, of `level` when given."""
    text = (text or "").strip()
    if not text:
        return None
    areas = AdminArea.objects.current()
    if level:
        areas = areas.filter(level=level)
    code = text.split(" ", 1)[0]
    if code.isdigit():
        width = {AdminArea.Level.PROVINCE: 2, AdminArea.Level.COMMUNE: 5}.get(level, 5 if len(code) > 2 else 2)
        found = list(areas.filter(code=code.zfill(width)))
        if len(found) == 1:
            return found[0]
    folded = fold(text)
    exact = list(areas.filter(name_folded=folded)[:2])
    if len(exact) == 1:
        return exact[0]
    partial = list(areas.filter(name_folded__contains=folded)[:2])
    if len(partial) == 1 and not exact:
        return partial[0]
    if exact or partial:
        raise forms.ValidationError(_("Several areas match '%(text)s'; enter the area code.") % {"text": text})
    raise forms.ValidationError(_("No administrative area matches '%(text)s'.") % {"text": text})


class UserForm(forms.Form):
    """A form that knows its user (for scoped lookups) and wears Bootstrap classes."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        style_form(self)

    def unit_field(self, name: str, *, required: bool = True) -> Unit | None:
        code = self.cleaned_data.get(name, "")
        if not code:
            if required:
                raise forms.ValidationError(_("Enter a unit code."))
            return None
        unit = find_unit(self.user, code)
        if unit is None:
            raise forms.ValidationError(_("No unit with code %(code)s in your scope.") % {"code": code.upper()})
        return unit


class BasisForm(UserForm):
    """Effective date and legal basis: on every restructuring form."""

    effective_date = VNDateField(label=_l("Effective date"))
    decision_number = forms.CharField(label=_l("Decision number"), max_length=100, required=False)
    decision_date = VNDateField(label=_l("Decision date"), required=False)
    note = forms.CharField(label=_l("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    basis_fields = ("effective_date", "decision_number", "decision_date", "note")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("effective_date", today())
        super().__init__(*args, **kwargs)
        # The basis goes last, whatever the subclass declares.
        self.order_fields([n for n in self.fields if n not in self.basis_fields] + list(self.basis_fields))

    def basis_bound_fields(self):
        return [self[name] for name in self.basis_fields]

    def basis(self) -> Basis:
        data = self.cleaned_data
        return Basis(
            effective_date=data["effective_date"],
            decision_number=data.get("decision_number") or "",
            decision_date=data.get("decision_date"),
            note=data.get("note") or "",
        )


class UnitEditForm(UserForm):
    """Contact data and note; name, parent and area change only through restructuring."""

    address = forms.CharField(label=_l("Address"), required=False, max_length=300)
    phone = forms.CharField(label=_l("Phone"), required=False, max_length=40)
    email = forms.EmailField(label=_l("E-mail"), required=False)
    note = forms.CharField(label=_l("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class Merger2025Form(UserForm):
    decision_number = forms.CharField(
        label=_l("Decision number"),
        required=False,
        max_length=100,
        help_text=_l("Leave empty to cite guidance 05/HD-MTTW-BTT."),
    )
    note = forms.CharField(label=_l("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TreeForm(forms.Form):
    """The tree browser's controls: root, as-of date, search (GET)."""

    root = forms.CharField(label=_l("Root unit"), required=False, max_length=60)
    as_of = VNDateField(label=_l("As of"), required=False)
    q = forms.CharField(label=_l("Search"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"as_of": today()})
        super().__init__(*args, **kwargs)
        style_form(self)
        self.fields["q"].widget.attrs["placeholder"] = _("Name without diacritics, or code prefix")
        self.fields["root"].widget = unit_input()

    def day(self) -> datetime.date:
        if self.is_valid() and self.cleaned_data.get("as_of"):
            return self.cleaned_data["as_of"]
        return today()


def living_children(unit: Unit) -> list[Unit]:
    """Children in the unit's open period (what a split must place), in code order."""
    ids = UnitPeriod.objects.filter(parent=unit, valid_to__isnull=True).values("unit_id")
    return list(Unit.objects.filter(pk__in=ids).order_by("code"))
