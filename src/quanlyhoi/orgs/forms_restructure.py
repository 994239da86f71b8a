"""The restructuring forms (create, rename, move, merge, split, dissolve): each parses what the service needs;
the effective date and decision come from BasisForm."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.web import style_form
from quanlyhoi.orgs.forms import BasisForm, area_input, find_area, find_unit, unit_input
from quanlyhoi.orgs.models import Association, Unit, UnitLevel
from quanlyhoi.orgs.services import NewUnit

CODE_SPLIT = re.compile(r"[\s,;]+")


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
    """The basis, plus one select per living child: which new part receives it, and how the members are
    assigned to the parts (members.services.restructure). Parts are a formset."""

    members_by = forms.ChoiceField(
        label=_l("Members go to the new units"),
        choices=[("area", _l("by their area of residence")), ("mapping", _l("only by the list below"))],
        initial="area",
        required=False,
        widget=forms.RadioSelect,
    )
    members_mapping = forms.CharField(
        label=_l("List: member number = part number"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "NCT0000123=1"}),
        help_text=_l("One member per line; the list wins over the area."),
    )
    members_file = forms.FileField(
        label=_l("Or upload the list"),
        required=False,
        help_text=_l("CSV or Excel: member number in the first column, part number in the second."),
    )
    members_default = forms.ChoiceField(label=_l("Members placed neither way go to"), required=False)

    def __init__(self, *args, unit: Unit, children: list[Unit], parts: int, **kwargs):
        self.unit = unit
        self.children = children
        super().__init__(*args, **kwargs)
        choices = [(str(i), _("Part %(n)s") % {"n": i + 1}) for i in range(parts)]
        self.fields["members_default"].choices = [("", _("none: refuse the split")), *choices]
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

    def members_option(self, rows_to_parts: dict[int, int]) -> dict:
        """unit_split's options for the members; part numbers typed are rows of the parts table (from 1)."""
        from quanlyhoi.members.services.restructure import mapping_lines, parse_mapping, split_members_option

        data = self.cleaned_data

        def index(row: int) -> int:
            if row not in rows_to_parts:
                raise DomainError(
                    "split_members_mapping", _("Part %(n)s is empty.") % {"n": row + 1}, field="members_mapping"
                )
            return rows_to_parts[row]

        typed = parse_mapping(mapping_lines(data.get("members_mapping") or ""))
        default = data.get("members_default")
        return split_members_option(
            source=self.unit,
            by=data.get("members_by") or "area",
            mapping={number: index(part - 1) for number, part in typed.items()},
            default=index(int(default)) if default not in (None, "") else None,
        )


class UnitDissolveForm(BasisForm):
    def __init__(self, *args, unit: Unit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)
