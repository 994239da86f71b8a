"""Forms of the association and overseer pages: built from the model fields, written by orgs.services."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _l

from quanlyhoi.core.web import style_form
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.orgs.models import Association, Overseer
from quanlyhoi.orgs.services.registry import ASSOCIATION_FIELDS

OVERSEER_FIELDS = ["name", "short_name", "valid_from", "valid_to", "legal_basis", "note"]
TEXTAREA_ROWS = {"note": 3}
# The registry's order, with the free-text note last.
FORM_ORDER = [f for f in ASSOCIATION_FIELDS if f != "note"] + ["note"]


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class _StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, rows in TEXTAREA_ROWS.items():
            if name in self.fields:
                self.fields[name].widget.attrs["rows"] = rows
        style_form(self)


def association_form(allowed: set[str]) -> type[forms.Form]:
    """A form with exactly the association fields the user may edit, in the registry's order."""
    names = [f for f in FORM_ORDER if f in allowed]
    return type(
        "AssociationForm",
        (_StyledForm,),
        forms.fields_for_model(Association, fields=names, formfield_callback=_formfield),
    )


OverseerForm: type[forms.Form] = type(
    "OverseerForm", (_StyledForm,), forms.fields_for_model(Overseer, fields=OVERSEER_FIELDS)
)


# ---------------------------------------------------------------------------------------------------------
# Unit levels of an association (orgs.services.levels).

AREA_LEVEL_CHOICES = [("", _l("None (any area or none)")), *AdminArea.Level.choices]


class LevelForm(_StyledForm):
    """Add a level (code, name, rank, area level) or edit one (the code is fixed once created)."""

    code = forms.CharField(
        label=_l("Code"),
        max_length=20,
        help_text=_l("Letters without diacritics, digits and underscores, e.g. group; cannot be changed later."),
    )
    name = forms.CharField(label=_l("Name"), max_length=100)
    rank = forms.IntegerField(
        label=_l("Rank"),
        min_value=1,
        max_value=999,
        help_text=_l("1 is the top level; a unit's parent must be on a level of a smaller rank."),
    )
    has_area = forms.ChoiceField(
        label=_l("Administrative area level"),
        choices=AREA_LEVEL_CHOICES,
        required=False,
        help_text=_l("Units of this level sit in an area of this level."),
    )

    def __init__(self, *args, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["rank"].required = False
            self.fields["rank"].help_text = _l("Leave empty to add the level below the lowest one.")
        else:
            del self.fields["code"]


class LevelsOrderForm(forms.Form):
    """One position per level (the rows of the levels table); the levels are ranked 1..n in that order."""

    def __init__(self, *args, levels, form_id: str = "levels-order", **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = list(levels)
        for position, level in enumerate(self.levels, start=1):
            field = forms.IntegerField(label=level.name, min_value=1, max_value=999, initial=position)
            field.widget.attrs.update({"form": form_id, "class": "form-control form-control-sm level-position"})
            self.fields[f"position_{level.code}"] = field

    def clean(self):
        data = super().clean()
        positions = [data.get(f"position_{level.code}") for level in self.levels]
        if None not in positions and len(set(positions)) != len(positions):
            raise forms.ValidationError(_l("Give each level a different position."))
        return data

    def codes(self) -> list[str]:
        """The level codes in the chosen order."""
        return [
            level.code
            for _p, _i, level in sorted(
                (self.cleaned_data[f"position_{level.code}"], i, level) for i, level in enumerate(self.levels)
            )
        ]

    def bound_fields(self):
        """(level, its position field) per row of the levels table."""
        return [(level, self[f"position_{level.code}"]) for level in self.levels]
