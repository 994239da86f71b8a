"""What every member service shares: the cleaned person record, derived keys, member numbers, lookups."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields

from django.db.models import F, Q

from quanlyhoi.core.collation import name_key
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.text import fold
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.members.models import MemberNumberCounter, MembershipType, Person, WelfareNeedKind

# Fields whose values are personal data: masked for roles without the personal-data permission and never
# written in clear into the (append-only, so never erasable) audit log.
PERSONAL_FIELDS = ("id_number", "phone", "address", "birth_date")


@dataclass
class PersonData:
    """A person's data as cleaned by members.cleaning (forms, API and imports all produce this)."""

    full_name: str
    given_name: str
    family_name: str = ""
    middle_name: str = ""
    sex: str = ""
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    id_number: str | None = None
    phone: str = ""
    ethnicity: str = ""
    religion: str = ""
    occupation: str = ""
    address: str = ""
    area: AdminArea | None = field(default=None, compare=False)
    area_id: int | None = None
    notes: str = ""

    def __post_init__(self):
        if self.area is not None:
            self.area_id = self.area.pk
        if self.birth_date is not None:
            self.birth_year = self.birth_date.year

    def values(self) -> dict:
        """Column values for a Person row (area by id), with the derived search and sort keys."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "area"}
        data["name_folded"] = fold(self.full_name)
        data["sort_key"] = name_key(self.given_name, self.middle_name, self.family_name)
        return data


PERSON_COLUMNS = [f.name for f in fields(PersonData) if f.name != "area"]


def person_state(person: Person) -> dict:
    return {name: getattr(person, name) for name in PERSON_COLUMNS}


def audit_person_changes(before: dict, after: dict) -> dict:
    """A diff for the audit log with personal values masked: it records that they changed, not what to."""
    changes = {}
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if old != new:
            changes[key] = ["***", "***"] if key in PERSONAL_FIELDS else [old, new]
    return changes


def membership_type(association, code: str | None) -> MembershipType:
    """The association's own type of that code, else the shared one; the official type when no code."""
    code = (code or "official").strip()
    found = (
        MembershipType.objects.filter(Q(association=association) | Q(association__isnull=True), code=code)
        .order_by(F("association").desc(nulls_last=True))
        .first()
    )
    if found is None:
        raise DomainError("bad_type", f"Loại hội viên '{code}' không tồn tại.", field="type")
    return found


def types_for(association) -> list[MembershipType]:
    return list(MembershipType.objects.filter(Q(association=association) | Q(association__isnull=True)))


def need_kinds_for(association) -> list[WelfareNeedKind]:
    return list(WelfareNeedKind.objects.filter(Q(association=association) | Q(association__isnull=True)))


def reserve_numbers(association, count: int) -> list[str]:
    """`count` new member numbers for the association ("NCT0000123"), reserved in one locked update."""
    if count <= 0:
        return []
    counter, _ = MemberNumberCounter.objects.select_for_update().get_or_create(association=association)
    start = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [f"{association.code}{n:07d}" for n in range(start, start + count)]
