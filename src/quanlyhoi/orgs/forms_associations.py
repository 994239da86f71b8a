"""Forms of the association and overseer pages: built from the model fields, written by orgs.services."""

from __future__ import annotations

from django import forms
from django.db import models

from quanlyhoi.core.web import style_form
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
