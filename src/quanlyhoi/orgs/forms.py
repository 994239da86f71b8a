"""Forms of the chapter-tree pages: they parse and look up input (always within the user's scope); the
restructuring services decide and write. Every lookup of a unit goes through `restrict(user, "view")`."""

from __future__ import annotations

import datetime
import re
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
from quanlyhoi.orgs.models import Association, Unit, UnitLevel, UnitPeriod
from quanlyhoi.orgs.services import Basis, NewUnit

CODE_SPLIT = re.compile(r"[\s,;]+")


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


class UnitCreateForm(BasisForm):
    association = forms.ModelChoiceField(
        label=_l("Association"),
        queryset=Association.objects.none(),
        required=False,
        help_text=_l("Only needed for a top-level unit; otherwise the parent's association is used."),
    )
    parent = forms.CharField(label=_l("Parent unit (code)"), required=False, max_length=60)
    level = forms.ModelChoiceField(label=_l("Level"), queryset=UnitLevel.objects.none())
    name = forms.CharField(label=_l("Name"), max_length=250)
    area = forms.CharField(label=_l("Administrative area (code or name)"), required=False, max_length=160)
    code = forms.CharField(
        label=_l("Code"),
        required=False,
        max_length=60,
        help_text=_l("Leave empty to derive it from the parent and the area."),
    )

    def __init__(self, *args, parent: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        associations = Association.objects.restrict(self.user, "view")
        self.fields["association"].queryset = associations
        levels = UnitLevel.objects.filter(association__in=associations).select_related("association")
        if parent is not None:
            levels = levels.filter(association=parent.association, rank__gt=parent.level.rank)
            self.fields["parent"].initial = parent.code
            self.fields["association"].initial = parent.association_id
            self.fields["level"].initial = levels.order_by("rank").values_list("pk", flat=True).first()
        self.fields["level"].queryset = levels
        self.fields["level"].label_from_instance = lambda lvl: f"{lvl.association.code} · {lvl.name}"
        self.fields["parent"].widget = unit_input(association=parent.association.code if parent else None)
        default_level = levels.filter(pk=self.fields["level"].initial).first() if parent else None
        self.fields["area"].widget = area_input(default_level.has_area if default_level else "")

    def clean_parent(self):
        return self.unit_field("parent", required=False)

    def clean(self):
        data = super().clean()
        parent, level = data.get("parent"), data.get("level")
        if parent is not None:
            data["association"] = parent.association
        elif not data.get("association") and not self.errors:
            self.add_error("association", _("Choose the association, or give a parent unit."))
        if level is not None and "area" in data:
            try:
                data["area"] = find_area(data.get("area"), level.has_area)
            except forms.ValidationError as exc:
                self.add_error("area", exc)
        return data

    def spec(self) -> NewUnit:
        data = self.cleaned_data
        return NewUnit(name=data["name"], area=data.get("area"), code=data.get("code") or None, parent=data["parent"])


class UnitRenameForm(BasisForm):
    name = forms.CharField(label=_l("New name"), max_length=250)
    area = forms.CharField(
        label=_l("New administrative area (code or name)"),
        required=False,
        max_length=160,
        help_text=_l("Leave empty to keep the current area."),
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = unit.name
        self.fields["area"].widget = area_input(unit.level.has_area)

    def clean_area(self):
        return find_area(self.cleaned_data.get("area"), self.unit.level.has_area)


class UnitMoveForm(BasisForm):
    new_parent = forms.CharField(label=_l("New parent unit (code)"), max_length=60)

    def __init__(self, *args, unit: Unit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].widget = unit_input(association=unit.association.code, rank_below=unit.level.rank)

    def clean_new_parent(self):
        return self.unit_field("new_parent")


class UnitMergeForm(BasisForm):
    """The unit plus others of the same association and level merge into an existing or a new unit."""

    EXISTING, NEW = "existing", "new"

    sources = forms.MultipleChoiceField(
        label=_l("Merge together with"), required=False, widget=forms.CheckboxSelectMultiple
    )
    more_sources = forms.CharField(
        label=_l("Other units to merge (codes)"),
        required=False,
        max_length=2000,
        help_text=_l("Separated by commas or spaces."),
    )
    target_kind = forms.ChoiceField(
        label=_l("Merge into"),
        choices=[(EXISTING, _l("an existing unit")), (NEW, _l("a new unit"))],
        initial=EXISTING,
        widget=forms.RadioSelect,
    )
    target = forms.CharField(label=_l("Receiving unit (code)"), required=False, max_length=60)
    name = forms.CharField(
        label=_l("Name after the merge"),
        required=False,
        max_length=250,
        help_text=_l("Required for a new unit; for an existing unit, leave empty to keep its name."),
    )
    area = forms.CharField(label=_l("Administrative area (code or name)"), required=False, max_length=160)
    parent = forms.CharField(
        label=_l("Parent of the new unit (code)"),
        required=False,
        max_length=60,
        help_text=_l("Leave empty to keep the current parent."),
    )

    def __init__(self, *args, unit: Unit, siblings: list[Unit], **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = [(s.code, f"{s.code} {s.name}") for s in siblings]
        code = unit.association.code
        self.fields["target"].widget = unit_input(association=code, level=unit.level_id)
        self.fields["parent"].widget = unit_input(association=code, rank_below=unit.level.rank)
        self.fields["area"].widget = area_input(unit.level.has_area)

    def clean_target(self):
        return self.unit_field("target", required=False)

    def clean_parent(self):
        return self.unit_field("parent", required=False)

    def clean(self):
        data = super().clean()
        codes = list(data.get("sources") or []) + [c for c in CODE_SPLIT.split(data.get("more_sources", "")) if c]
        units = [self.unit]
        for code in dict.fromkeys(c.upper() for c in codes):
            other = find_unit(self.user, code)
            if other is None:
                self.add_error("more_sources", _("No unit with code %(code)s in your scope.") % {"code": code})
            elif other not in units:
                units.append(other)
        data["source_units"] = units
        if data.get("target_kind") == self.EXISTING and "target" in data and data["target"] is None:
            self.add_error("target", _("Enter the code of the receiving unit."))
        if data.get("target_kind") == self.NEW and not (data.get("name") or "").strip():
            self.add_error("name", _("A new unit needs a name."))
        try:
            data["area"] = find_area(data.get("area"), self.unit.level.has_area)
        except forms.ValidationError as exc:
            self.add_error("area", exc)
        return data


class SplitPartForm(forms.Form):
    name = forms.CharField(label=_l("Name"), max_length=250)
    area = forms.CharField(label=_l("Administrative area (code or name)"), required=False, max_length=160)

    def __init__(self, *args, area_level: str = "", **kwargs):
        self.area_level = area_level
        super().__init__(*args, **kwargs)
        style_form(self)
        self.fields["area"].widget = area_input(area_level)

    def clean_area(self):
        return find_area(self.cleaned_data.get("area"), self.area_level)


class BaseSplitFormSet(forms.BaseFormSet):
    """Rows of new parts; rows after the first two may be left empty (they are skipped)."""

    def initial_form_count(self) -> int:
        return 0  # every row is "extra", so empty rows beyond min_num are allowed

    def total_form_count(self) -> int:
        if not self.is_bound:
            return max(len(self.initial or []), self.min_num)
        return super().total_form_count()

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if len([f for f in self.forms if f.cleaned_data]) < 2:
            raise forms.ValidationError(_("A split needs at least two new units."))

    def parts(self) -> tuple[list[NewUnit], dict[int, int]]:
        """The new units, and row number -> index among them (empty rows have none)."""
        parts, rows = [], {}
        for row, form in enumerate(self.forms):
            if form.cleaned_data:
                rows[row] = len(parts)
                parts.append(NewUnit(name=form.cleaned_data["name"], area=form.cleaned_data.get("area")))
        return parts, rows


SplitPartFormSet = forms.formset_factory(
    SplitPartForm, formset=BaseSplitFormSet, extra=0, min_num=2, max_num=50, validate_max=True
)


class UnitSplitForm(BasisForm):
    """The basis, plus one select per living child: which new part receives it. Parts are a formset."""

    def __init__(self, *args, unit: Unit, children: list[Unit], parts: int, **kwargs):
        self.unit = unit
        self.children = children
        super().__init__(*args, **kwargs)
        choices = [(str(i), _("Part %(n)s") % {"n": i + 1}) for i in range(parts)]
        for child in children:
            self.fields[f"child_{child.pk}"] = forms.ChoiceField(
                label=f"{child.code} {child.name}",
                choices=choices,
                initial="0",
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
        self.order_fields(list(self.basis_fields))

    def child_fields(self):
        return [self[f"child_{c.pk}"] for c in self.children]

    def assignment(self) -> dict[int, int]:
        return {c.pk: int(self.cleaned_data[f"child_{c.pk}"]) for c in self.children}


class UnitDissolveForm(BasisForm):
    def __init__(self, *args, unit: Unit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)


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
