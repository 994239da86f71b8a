"""Associations, overseers, unit attributes: the non-temporal parts of the registry."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from quanlyhoi.core import audit
from quanlyhoi.core.errors import DomainError, Forbidden
from quanlyhoi.core.permissions import recheck, require
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.core.text import fold, normalise
from quanlyhoi.orgs.models import Association, Overseer, Unit, UnitLevel

# Shipped default levels; each association gets its own editable copy.
DEFAULT_LEVELS = [
    ("central", "Trung ương", 1, ""),
    ("province", "Tỉnh, thành phố", 2, "province"),
    ("commune", "Xã, phường, đặc khu", 3, "commune"),
    ("branch", "Chi hội", 4, ""),
    ("group", "Tổ hội", 5, ""),
]

ASSOCIATION_FIELDS = [
    "code",
    "name",
    "short_name",
    "legal_basis",
    "has_party_delegation",
    "is_centrally_assigned",
    "is_confirmed",
    "note",
    "address",
    "phone",
    "email",
    "website",
    "sort_order",
    "valid_from",
    "valid_to",
]
UNIT_CONTACT_FIELDS = ["address", "phone", "email", "note"]


def _validate(obj, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError("invalid", f"{field}: {' '.join(messages)}", field=field) from exc


def _check_dates(valid_from: datetime.date | None, valid_to: datetime.date | None) -> None:
    if valid_from and valid_to and valid_to <= valid_from:
        raise DomainError("bad_dates", "Ngày kết thúc phải sau ngày bắt đầu.", field="valid_to")


@transaction.atomic
def association_create(*, actor, data: dict, with_default_levels: bool = True) -> Association:
    """Register an association (system administrators only) with the default levels."""
    if not has_system_scope(actor, "manage_registry"):
        raise Forbidden("Chỉ quản trị hệ thống mới được thêm hội.")
    values = {k: v for k, v in data.items() if k in ASSOCIATION_FIELDS}
    values["code"] = (values.get("code") or "").strip().upper()
    values["name"] = normalise(values.get("name"))
    if Association.objects.filter(code=values["code"]).exists():
        raise DomainError("code_taken", f"Mã hội {values['code']} đã được dùng.", status=409, field="code")
    _check_dates(values.get("valid_from"), values.get("valid_to"))
    association = Association(**values, name_folded=fold(values["name"]))
    _validate(association)
    association.save()
    if with_default_levels:
        UnitLevel.objects.bulk_create(
            [UnitLevel(association=association, code=c, name=n, rank=r, has_area=a) for c, n, r, a in DEFAULT_LEVELS]
        )
    audit.record(
        actor=actor,
        action="create",
        obj=association,
        changes=audit.diff({}, audit.snapshot(association, ASSOCIATION_FIELDS)),
        association_id=association.pk,
    )
    return association


@transaction.atomic
def association_update(*, actor, association: Association, data: dict) -> Association:
    """Edit an association's record. System administrators edit everything; association administrators
    edit their own association's contact data."""
    require(actor, "view", association)
    before = audit.snapshot(association, ASSOCIATION_FIELDS)
    allowed = association_editable_fields(actor, association)
    if not allowed:
        raise Forbidden()
    # Compared with the attribute itself: `before` holds audit-plain values (dates as ISO text).
    refused = sorted(k for k in data if k not in allowed and data[k] != getattr(association, k, None))
    if refused:
        raise Forbidden(f"Bạn không được sửa các trường: {', '.join(refused)}.")
    for key, value in data.items():
        if key in allowed:
            setattr(association, key, normalise(value) if key == "name" else value)
    association.name_folded = fold(association.name)
    _check_dates(association.valid_from, association.valid_to)
    _validate(association)
    association.save()
    changes = audit.diff(before, audit.snapshot(association, ASSOCIATION_FIELDS))
    if changes:
        audit.record(actor=actor, action="update", obj=association, changes=changes, association_id=association.pk)
    return association


def association_editable_fields(actor, association: Association) -> set[str]:
    """The fields of `association` that `actor` may edit (empty: none); forms show exactly these."""
    if has_system_scope(actor, "manage_registry"):
        return set(ASSOCIATION_FIELDS) - {"code"}
    if Association.objects.restrict(actor, "change").filter(pk=association.pk).exists() and _is_association_admin(
        actor, association
    ):
        return {"address", "phone", "email", "website", "note"}
    return set()


def _is_association_admin(actor, association) -> bool:
    from quanlyhoi.core.scoping import ASSOCIATION, scopes_for

    return any(s.kind == ASSOCIATION and s.association_id == association.pk for s in scopes_for(actor, "manage_users"))


@transaction.atomic
def unit_update(*, actor, unit: Unit, data: dict) -> Unit:
    """Edit a unit's contact data and note (name, parent and area change only through restructuring)."""
    require(actor, "change", unit)
    unknown = sorted(set(data) - set(UNIT_CONTACT_FIELDS))
    if unknown:
        raise DomainError(
            "not_editable",
            f"Các trường {', '.join(unknown)} chỉ thay đổi được qua sắp xếp tổ chức (đổi tên, chuyển, hợp nhất…).",
        )
    before = audit.snapshot(unit, UNIT_CONTACT_FIELDS)
    for key, value in data.items():
        setattr(unit, key, (value or "").strip())
    _validate(unit, exclude=["path", "name_folded"])
    unit.save(update_fields=UNIT_CONTACT_FIELDS)
    changes = audit.diff(before, audit.snapshot(unit, UNIT_CONTACT_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="update",
            obj=unit,
            changes=changes,
            association_id=unit.association_id,
            unit_path=unit.path,
        )
    recheck(actor, "change", Unit, [unit.pk])
    return unit


@transaction.atomic
def overseer_save(*, actor, data: dict, overseer: Overseer | None = None) -> Overseer:
    """Create or edit an overseer body; validity periods of overseers must not overlap."""
    if not has_system_scope(actor, "manage_registry"):
        raise Forbidden("Chỉ quản trị hệ thống mới được sửa cơ quan theo dõi.")
    fields = ["name", "short_name", "valid_from", "valid_to", "legal_basis", "note"]
    before = audit.snapshot(overseer, fields) if overseer else {}
    obj = overseer or Overseer()
    for key in fields:
        if key in data:
            setattr(obj, key, data[key])
    _check_dates(obj.valid_from, obj.valid_to)
    _validate(obj)
    clash = Overseer.objects.exclude(pk=obj.pk)
    for other in clash:
        if (obj.valid_to is None or other.valid_from < obj.valid_to) and (
            other.valid_to is None or obj.valid_from < other.valid_to
        ):
            raise DomainError(
                "overlapping_period",
                f"Thời gian hiệu lực trùng với {other.name}.",
                status=409,
                field="valid_from",
            )
    obj.save()
    audit.record(
        actor=actor,
        action="update" if overseer else "create",
        obj=obj,
        changes=audit.diff(before, audit.snapshot(obj, fields)),
    )
    return obj
