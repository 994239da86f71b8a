"""Forms of the person pages. Person data is cleaned by services._common.clean_person, the same rules as the
import (members.cleaning); each form then hands its result to one service, whose refusals show on the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from quanlyhoi.core.dates import today
from quanlyhoi.members.models import Membership, MemberStatus, Person, Sex
from quanlyhoi.members.services._common import InvalidPerson, PersonData, clean_person, need_kinds_for, types_for
from quanlyhoi.members.services.lifecycle import REASON_REQUIRED, allowed_statuses
from quanlyhoi.orgs.forms import UserForm, VNDateField, area_input, find_area, unit_input
from quanlyhoi.orgs.models import Unit

PERSON_FIELDS = ("full_name", "birth", "sex", "id_number", "phone", "ethnicity", "religion", "occupation", "address",
                 "area", "notes")  # fmt: skip


class PersonForm(UserForm):
    """A person's data as typed; `person_data` is the cleaned PersonData once the form is valid."""

    full_name = forms.CharField(label=_l("Full name"), max_length=200)
    birth = forms.CharField(
        label=_l("Date of birth"),
        required=False,
        max_length=20,
        help_text=_l("dd/mm/yyyy, or the year alone."),
    )
    sex = forms.ChoiceField(label=_l("Sex"), required=False, choices=[("", "—"), *Sex.choices])
    id_number = forms.CharField(
        label=_l("CCCD/CMND number"),
        required=False,
        max_length=20,
        help_text=_l("12-digit CCCD or 9-digit CMND; checked against the date of birth and sex."),
    )
    phone = forms.CharField(label=_l("Phone"), required=False, max_length=30)
    ethnicity = forms.CharField(label=_l("Ethnicity"), required=False, max_length=40)
    religion = forms.CharField(label=_l("Religion"), required=False, max_length=60)
    occupation = forms.CharField(label=_l("Occupation"), required=False, max_length=120)
    address = forms.CharField(label=_l("Address"), required=False, max_length=300)
    area = forms.CharField(
        label=_l("Commune (administrative area)"),
        required=False,
        max_length=160,
        help_text=_l("Leave empty to match it from the address."),
    )
    notes = forms.CharField(label=_l("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].widget = area_input("commune")
        self.person_data: PersonData | None = None

    def clean_area(self):
        return find_area(self.cleaned_data.get("area"), "commune")

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                self.person_data = clean_person(**{name: data.get(name) for name in PERSON_FIELDS})
            except InvalidPerson as exc:
                for field, message in exc.errors.items():
                    self.add_error(field if field in self.fields else None, message)
        return data

    @staticmethod
    def initial_for(person: Person) -> dict:
        """The form's initial values for an existing person (the birth as typed: a date or a year)."""
        birth = person.birth_date.strftime("%d/%m/%Y") if person.birth_date else (person.birth_year or "")
        area = f"{person.area.code} {person.area.name}" if person.area_id else ""
        return {
            **{name: getattr(person, name) or "" for name in PERSON_FIELDS if name not in ("birth", "area")},
            "birth": birth,
            "area": area,
        }


class JoinForm(PersonForm):
    """A new member: the receiving unit (its code, prefilled from ?unit=), joined date, number and type."""

    unit = forms.CharField(label=_l("Unit (code)"), max_length=60)
    joined_on = VNDateField(label=_l("Joined on"))
    member_number = forms.CharField(
        label=_l("Member number"), required=False, max_length=30, help_text=_l("Leave empty to generate it.")
    )
    type = forms.ChoiceField(label=_l("Membership type"), required=False)

    def __init__(self, *args, unit: Unit | None = None, **kwargs):
        kwargs.setdefault("initial", {}).update(joined_on=today(), **({"unit": unit.code} if unit else {}))
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget = unit_input(association=unit.association.code if unit else None)
        association = unit.association if unit else None
        kinds = types_for(association) if association else types_for(None)
        self.fields["type"].choices = [(t.code, t.name) for t in kinds]
        self.order_fields(["unit", "joined_on", "member_number", "type", *PERSON_FIELDS])

    def clean_unit(self):
        return self.unit_field("unit")


class TransferForm(UserForm):
    unit = forms.CharField(label=_l("Receiving unit (code)"), max_length=60)
    day = VNDateField(label=_l("From"))
    reason = forms.CharField(label=_l("Reason"), required=False, max_length=300)

    def __init__(self, *args, membership: Membership, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("day", today())
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget = unit_input(association=membership.unit.association.code)

    def clean_unit(self):
        return self.unit_field("unit")


class StatusForm(UserForm):
    """Only the transitions allowed from the member's current status are offered."""

    status = forms.ChoiceField(label=_l("New status"))
    day = VNDateField(label=_l("From"))
    reason = forms.CharField(
        label=_l("Reason"),
        required=False,
        max_length=300,
        help_text=_l("Required to suspend, for leaving and for a transfer out of the association."),
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("day", today())
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, MemberStatus(s).label) for s in allowed_statuses(membership)]

    def clean(self):
        data = super().clean()
        if data.get("status") in REASON_REQUIRED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Enter the reason."))
        return data


class NeedForm(UserForm):
    kind = forms.ChoiceField(label=_l("Kind"))
    since = VNDateField(label=_l("Since"))
    note = forms.CharField(label=_l("Note"), required=False, max_length=300)

    def __init__(self, *args, membership: Membership, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("since", today())
        super().__init__(*args, **kwargs)
        self.kinds = {k.code: k for k in need_kinds_for(membership.association_id)}
        self.fields["kind"].choices = [(code, kind.name) for code, kind in self.kinds.items()]


class NeedEndForm(UserForm):
    until = VNDateField(label=_l("Until"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("until", today())
        super().__init__(*args, **kwargs)


class EraseForm(UserForm):
    """Erasure cannot be undone: the officer types the member number to confirm."""

    confirm = forms.CharField(label=_l("Type the member number to confirm"), max_length=30)
    reason = forms.CharField(
        label=_l("Request or reason"),
        required=False,
        max_length=300,
        help_text=_l("E.g. the person's written request."),
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        self.membership = membership
        super().__init__(*args, **kwargs)

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value != self.membership.member_number:
            raise forms.ValidationError(_("This is not the member number of this member."))
        return value
