"""Personal data masking: who may see a member's CCCD, phone, address and date of birth in clear.

Roles without `view_personal` (overseer, inspector) see masked values: the last digits of an identity number,
the ends of a phone number, the area instead of the address and the year instead of the date of birth; enough
to tell people apart, not enough to contact or identify them. Web, API, CLI and exports all mask through here.
"""

from __future__ import annotations

from django.db.models import BooleanField, Exists, OuterRef, Value

from quanlyhoi.core import audit
from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import ASSOCIATION, SYSTEM, UNIT, scopes_for
from quanlyhoi.members.models import Membership, Person

MASK = "*"


def mask_id_number(value: str | None) -> str:
    """ "001050001234" -> "********1234": the last four digits, the length kept."""
    if not value:
        return ""
    return MASK * max(len(value) - 4, 0) + value[-4:]


def mask_phone(value: str | None) -> str:
    """ "0912345678" -> "091****678": the network prefix and the last three digits, the length kept."""
    if not value:
        return ""
    if len(value) <= 6:
        return MASK * len(value)
    return value[:3] + MASK * (len(value) - 6) + value[-3:]


def mask_address(address: str | None, area_name: str | None = None) -> str:
    """The name of the address's area (commune or province) alone, never the street or village."""
    if area_name:
        return area_name
    return MASK * 3 if address else ""


def mask_birth(birth_date, birth_year: int | None) -> int | None:
    """The year of birth alone (the age band stays visible, the date does not)."""
    if birth_date is not None:
        return birth_date.year
    return birth_year


def personal_fields(
    *, id_number, phone, address, area_name, birth_date, birth_year, unmasked: bool
) -> tuple[str, str, str, object]:
    """(id_number, phone, address, birth) as a role may see them; `birth` is the date when known and allowed,
    else the year. For rows read as plain values (exports)."""
    if unmasked:
        return id_number or "", phone or "", address or "", birth_date or birth_year
    return (
        mask_id_number(id_number),
        mask_phone(phone),
        mask_address(address, area_name),
        mask_birth(birth_date, birth_year),
    )


def personal_values(person: Person, *, unmasked: bool) -> dict:
    """The personal fields of one person as a role may see them: id_number, phone, address and birth."""
    values = personal_fields(
        id_number=person.id_number,
        phone=person.phone,
        address=person.address,
        area_name=person.area.name if person.area_id else None,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        unmasked=unmasked,
    )
    return dict(zip(("id_number", "phone", "address", "birth"), values, strict=True))


def personal_annotation(actor):
    """An expression for Membership querysets: True on rows whose personal data `actor` may see in clear.

    Constant when the answer is the same for every row (no permission, or the whole system); otherwise one
    primary-key lookup per row through the scoping choke point, so a page or an export chunk costs no more
    than its rows."""
    scopes = scopes_for(actor, Action.VIEW_PERSONAL)
    if not scopes:
        return Value(False, output_field=BooleanField())
    if any(s.kind == SYSTEM for s in scopes):
        return Value(True, output_field=BooleanField())
    return Exists(Membership.objects.restrict(actor, Action.VIEW_PERSONAL).filter(pk=OuterRef("pk")))


def has_personal_scope(actor) -> bool:
    """Whether `actor` may see personal data anywhere (decides whether to offer the unmasked view at all)."""
    return bool(scopes_for(actor, Action.VIEW_PERSONAL))


def can_view_personal(actor, obj) -> bool:
    """Whether `actor` may see the personal data of a Membership, a Person, or the members of a Unit."""
    if isinstance(obj, Membership):
        return Membership.objects.restrict(actor, Action.VIEW_PERSONAL).filter(pk=obj.pk).exists()
    if isinstance(obj, Person):
        return Person.objects.restrict(actor, Action.VIEW_PERSONAL).filter(pk=obj.pk).exists()
    # A unit: the same rule Membership.scope_q applies to its unit, without a query.
    for scope in scopes_for(actor, Action.VIEW_PERSONAL):
        if scope.kind == SYSTEM:
            return True
        if scope.kind == ASSOCIATION and scope.association_id == obj.association_id:
            return True
        if scope.kind == UNIT and obj.path.startswith(scope.path):
            return True
    return False


def audit_personal_access(actor, *, action: str, rows: int, filters: dict, unit=None, message: str, **extra) -> None:
    """One audit record for a list or an export that showed personal data in clear.

    The record lands in the narrowest scope known without scanning the rows: the filtered unit's subtree, or
    the actor's own single scope; so the people who audit that part of the tree see it."""
    association_id, unit_path = None, ""
    if unit is not None:
        association_id, unit_path = unit.association_id, unit.path
    else:
        scopes = scopes_for(actor, Action.VIEW_PERSONAL)
        if len(scopes) == 1 and scopes[0].kind != SYSTEM:
            association_id, unit_path = scopes[0].association_id, scopes[0].path or ""
    audit.record(
        actor=actor,
        action=action,
        object_type=Membership._meta.label_lower,
        object_repr="Danh sách hội viên",
        changes={"filters": filters, "rows": rows, **extra},
        message=message,
        association_id=association_id,
        unit_path=unit_path,
    )
