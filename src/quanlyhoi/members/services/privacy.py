"""A person's rights over their data (Nghị định 13/2023/NĐ-CP; Luật Bảo vệ dữ liệu cá nhân 2025): seeing
personal data in clear is audited, the data can be exported on request and erased by an administrator.

Erasure keeps the membership and its periods as anonymised history, so counts as of past dates do not change;
sex, year of birth and area stay for anonymous statistics. The append-only audit log holds no personal values
to erase: audit_person_changes masks them when they are written.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from quanlyhoi.core import audit
from quanlyhoi.core.collation import name_key
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.permissions import require
from quanlyhoi.core.roles import Action
from quanlyhoi.members.models import Membership, Person, WelfareNeed
from quanlyhoi.members.search_index import search_name
from quanlyhoi.members.services.lifecycle import audit_member, locked, membership_history
from quanlyhoi.members.services.welfare import needs_of

ERASED_NAME = "Đã xoá dữ liệu"
# What erasure blanks: names, identity, contact, birth date, and the sensitive or free-text fields.
ERASED_FIELDS = {
    "family_name": "", "middle_name": "", "given_name": "", "full_name": ERASED_NAME, "birth_date": None,
    "id_number": None, "phone": "", "ethnicity": "", "religion": "", "occupation": "", "address": "", "notes": "",
}  # fmt: skip


@transaction.atomic
def personal_data_view(*, actor, membership: Membership) -> Person:
    """The person with personal data in clear, for an actor allowed to see it; the viewing is audited."""
    require(actor, Action.VIEW_PERSONAL, membership)
    membership = Membership.objects.select_related("person", "unit").get(pk=membership.pk)
    audit_member(actor, "member.view_personal", membership, {})
    return membership.person


def _area(area) -> dict | None:
    return None if area is None else {"code": area.code, "name": area.name, "level": area.level}


def _person_data(person: Person) -> dict:
    return {
        "full_name": person.full_name,
        "family_name": person.family_name,
        "middle_name": person.middle_name,
        "given_name": person.given_name,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "birth_year": person.birth_year,
        "id_number": person.id_number,
        "phone": person.phone,
        "ethnicity": person.ethnicity,
        "religion": person.religion,
        "occupation": person.occupation,
        "address": person.address,
        "area": _area(person.area),
        "notes": person.notes,
        "erased_at": person.erased_at,
    }


@transaction.atomic
def person_data_export(*, actor, membership: Membership) -> dict:
    """Everything the association holds about the person, for a request by the person: the record, the
    membership, its history, welfare needs and what the audit log says about them (values masked there)."""
    require(actor, Action.VIEW_PERSONAL, membership)
    membership = Membership.objects.select_related("person__area", "unit", "type", "association").get(pk=membership.pk)
    person = membership.person
    data = {
        "exported_at": timezone.now(),
        "association": {"code": membership.association.code, "name": membership.association.name},
        "person": _person_data(person),
        "membership": {
            "member_number": membership.member_number,
            "type": membership.type.name,
            "unit": {"code": membership.unit.code, "name": membership.unit.name},
            "joined_on": membership.joined_on,
            "status": membership.status,
            "status_since": membership.status_since,
            "status_reason": membership.status_reason,
        },
        "periods": [
            {
                "unit": p.unit.code,
                "unit_name": p.unit.name,
                "status": p.status,
                "valid_from": p.valid_from,
                "valid_to": p.valid_to,
                "reason": p.reason,
                "event": p.event.summary if p.event_id else None,
            }
            for p in membership_history(membership)
        ],
        "welfare_needs": [
            {"kind": n.kind.name, "since": n.since, "until": n.until, "note": n.note} for n in needs_of(membership)
        ],
        "history": [
            {"at": r.at, "action": r.action, "source": r.source, "changes": r.changes}
            for r in audit.history(person).order_by("at", "id")
        ],
    }
    audit_member(actor, "member.personal_data_export", membership, {})
    return data


@transaction.atomic
def person_erase(*, actor, membership: Membership, reason: str = "") -> Person:
    """Erase the person's data on request: names, identity, contact and birth date are blanked, welfare notes
    too; the membership, its periods and its welfare needs stay as anonymised history."""
    require(actor, Action.ERASE_PERSONAL, membership)
    membership = locked(membership)
    person = Person.objects.select_for_update().get(pk=membership.person_id)
    if person.erased_at:
        raise DomainError("erased", "Dữ liệu cá nhân này đã bị xoá theo yêu cầu.", status=409)
    # Which fields held something (not what): enough for the log to show what the erasure removed.
    erased = [key for key, blank in ERASED_FIELDS.items() if getattr(person, key) not in ("", None, blank)]
    for key, blank in ERASED_FIELDS.items():
        setattr(person, key, blank)
    person.name_folded = search_name("", ERASED_NAME)
    person.sort_key = name_key("", "", "")
    person.erased_at = timezone.now()
    person.save()
    notes = WelfareNeed.objects.filter(person=person).exclude(note="").update(note="")
    membership.person = person
    audit_member(
        actor, "member.erase", membership, {"erased": [None, erased], "welfare_notes": [None, notes]}, reason.strip()
    )
    return person
