"""Memberships follow restructuring: members of merged units belong to the successor from the effective date,
a split assigns them by administrative area or an explicit mapping, a unit with members cannot be dissolved.

Set-based SQL (INSERT ... SELECT, UPDATE): a province merger moves hundreds of thousands of memberships."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q

from quanlyhoi.core.errors import DomainError
from quanlyhoi.members.models import MEMBER_STATUSES, Membership, MembershipPeriod
from quanlyhoi.orgs.models import Unit
from quanlyhoi.orgs.services.followers import Change

CHUNK = 500
_T = MembershipPeriod._meta.db_table


def follow_event(change: Change) -> None:
    kind = change.event.kind
    if kind == "merge":
        moved = _move(change, Q(unit_id__in=[s.pk for s in change.sources]), change.target)
        if moved:
            change.lines.append(f"{moved} hội viên chuyển về {change.target.code}.")
    elif kind == "split":
        _split(change)
    elif kind == "dissolve":
        unit = change.sources[0]
        left = Membership.objects.filter(unit=unit, status__in=MEMBER_STATUSES).count()
        if left:
            raise DomainError(
                "has_members",
                f"Đơn vị {unit.code} còn {left} hội viên; hãy chuyển sinh hoạt cho họ trước khi giải thể.",
                status=409,
            )


def _move(change: Change, where: Q, target: Unit) -> int:
    """Move the memberships matched by `where` (on Membership) to `target` from the change's day."""
    ids = list(Membership.objects.filter(where).values_list("pk", flat=True))
    day, event = change.day, change.event
    reason = f"Theo sắp xếp tổ chức: {event.summary or event.get_kind_display()}"[:300]
    with connection.cursor() as cursor:
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i : i + CHUNK]
            marks = ",".join(["%s"] * len(chunk))
            # Periods that began on or after the day belonged to the successor from their start.
            cursor.execute(
                f"UPDATE {_T} SET unit_id = %s, event_id = %s "  # noqa: S608 (table name and placeholders only)
                f"WHERE membership_id IN ({marks}) AND valid_to IS NULL AND valid_from >= %s",
                [target.pk, event.pk, *chunk, day],
            )
            cursor.execute(
                f"INSERT INTO {_T} (membership_id, association_id, unit_id, status, valid_from, valid_to, reason, "  # noqa: S608
                f"event_id, import_job_id) SELECT membership_id, association_id, %s, status, %s, NULL, %s, %s, NULL "
                f"FROM {_T} WHERE membership_id IN ({marks}) AND valid_to IS NULL AND valid_from < %s",
                [target.pk, day, reason, event.pk, *chunk, day],
            )
            cursor.execute(
                f"UPDATE {_T} SET valid_to = %s WHERE membership_id IN ({marks}) "  # noqa: S608
                f"AND valid_to IS NULL AND valid_from < %s",
                [day, *chunk, day],
            )
            Membership.objects.filter(pk__in=chunk).update(unit=target)
    return len(ids)


def _split(change: Change) -> None:
    """Assign each membership of the split unit to a part: explicit mapping first, then by area."""
    source, parts = change.sources[0], change.parts
    options = change.options.get("members") or {}
    mapping = {int(k): int(v) for k, v in (options.get("mapping") or {}).items()}
    by_area = options.get("by", "area") == "area"
    rows = list(Membership.objects.filter(unit=source).values_list("pk", "member_number", "person__area_id"))
    if not rows:
        return
    area_part = _area_index(parts) if by_area else {}
    assigned: dict[int, list[int]] = {}
    unassigned = []
    for pk, number, area_id in rows:
        index = mapping.get(pk)
        if index is None and area_id is not None:
            index = area_part.get(area_id)
        if index is None or not 0 <= index < len(parts):
            unassigned.append(number)
            continue
        assigned.setdefault(index, []).append(pk)
    if unassigned:
        raise DomainError(
            "split_members_unassigned",
            f"{len(unassigned)} hội viên của {source.code} chưa được phân về đơn vị mới nào (theo địa bàn hoặc "
            f"theo danh sách): {', '.join(unassigned[:20])}{'…' if len(unassigned) > 20 else ''}.",
        )
    for index, ids in sorted(assigned.items()):
        moved = _move(change, Q(pk__in=ids), parts[index])
        change.lines.append(f"{moved} hội viên chuyển về {parts[index].code}.")


def _area_index(parts: list[Unit]) -> dict[int, int]:
    """area id -> part index: a part's own area, and every commune of a part whose area is a province."""
    from quanlyhoi.geo.models import AdminArea

    index: dict[int, int] = {}
    for i, part in enumerate(parts):
        if part.area_id is None:
            continue
        index.setdefault(part.area_id, i)
        for child_id in AdminArea.objects.filter(parent_id=part.area_id).values_list("pk", flat=True):
            index.setdefault(child_id, i)
    return index
