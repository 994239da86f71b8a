"""Memberships follow restructuring: members of merged units belong to the successor from the effective date,
a split assigns them by administrative area, an explicit mapping or a default part, a unit with members cannot
be dissolved.

Set-based SQL (INSERT ... SELECT, UPDATE): a province merger moves hundreds of thousands of memberships. Every
period on the old unit that reaches past the effective date is cut there and continued on the new unit, so
counts as of any earlier date keep their answer.

Split options, passed by orgs.services.restructuring.unit_split as `options["members"]`:
`{"by": "area" | "mapping", "mapping": {membership_id: part_index}, "default": part_index | None}`. The mapping
wins, then (with "area") the part whose area holds the member's area, then the default part. Every current
member (active or suspended) must land somewhere; former members (left, deceased, transferred out) follow when
they can be placed and otherwise keep their history on the old unit.
"""

from __future__ import annotations

import re

from django.db import connection

from quanlyhoi.core.errors import DomainError
from quanlyhoi.members.models import MEMBER_STATUSES, Membership, MembershipPeriod
from quanlyhoi.orgs.models import Unit
from quanlyhoi.orgs.services.followers import Change

CHUNK = 500
_T = MembershipPeriod._meta.db_table
BY_AREA, BY_MAPPING = "area", "mapping"


def follow_event(change: Change) -> None:
    kind = change.event.kind
    if kind == "merge":
        current = Membership.objects.filter(unit__in=change.sources, status__in=MEMBER_STATUSES).count()
        _move(change, change.sources, change.target, None)
        if current:
            change.lines.append(f"{current} hội viên chuyển về {change.target.code}.")
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


def _move(change: Change, sources: list[Unit], target: Unit, ids: list[int] | None) -> None:
    """Move to `target` from the change's day the memberships on `sources` (all of them, or those in `ids`)."""
    day, event = change.day, change.event
    reason = f"Theo sắp xếp tổ chức: {event.summary or event.get_kind_display()}"[:300]
    units = [u.pk for u in sources]
    chunks = [None] if ids is None else [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    with connection.cursor() as cursor:
        for chunk in chunks:
            where = f"unit_id IN ({','.join(['%s'] * len(units))})"
            args = list(units)
            if chunk is not None:
                where += f" AND membership_id IN ({','.join(['%s'] * len(chunk))})"
                args += chunk
            reaching = "valid_from < %s AND (valid_to IS NULL OR valid_to > %s)"
            # Periods that begin on or after the day belong to the successor from their start.
            cursor.execute(
                f"UPDATE {_T} SET unit_id = %s, event_id = %s WHERE {where} AND valid_from >= %s",  # noqa: S608
                [target.pk, event.pk, *args, day],
            )
            # Periods that straddle the day: the part from the day on continues on the successor...
            cursor.execute(
                f"INSERT INTO {_T} (membership_id, association_id, unit_id, status, valid_from, valid_to, reason, "  # noqa: S608
                f"event_id, import_job_id) SELECT membership_id, association_id, %s, status, %s, valid_to, %s, %s, "
                f"NULL FROM {_T} WHERE {where} AND {reaching}",
                [target.pk, day, reason, event.pk, *args, day, day],
            )
            # ... and the old unit's part ends on it (the rows just inserted are on the successor, not matched).
            cursor.execute(
                f"UPDATE {_T} SET valid_to = %s WHERE {where} AND {reaching}",  # noqa: S608
                [day, *args, day, day],
            )
            memberships = Membership.objects.filter(unit_id__in=units)
            if chunk is not None:
                memberships = memberships.filter(pk__in=chunk)
            memberships.update(unit=target)


def _options(change: Change) -> tuple[str, dict[int, int], int | None]:
    options = change.options.get("members") or {}
    by = options.get("by") or BY_AREA
    if by not in (BY_AREA, BY_MAPPING):
        raise DomainError("split_members_by", f"Cách phân bổ hội viên '{by}' không có (area hoặc mapping).")
    try:
        mapping = {int(k): int(v) for k, v in (options.get("mapping") or {}).items()}
        default = None if options.get("default") is None else int(options["default"])
    except (TypeError, ValueError):
        raise DomainError("split_members_mapping", "Danh sách phân bổ hội viên không hợp lệ.") from None
    for index in [*mapping.values(), *([] if default is None else [default])]:
        if not 0 <= index < len(change.parts):
            raise DomainError("split_members_mapping", f"Không có đơn vị mới số {index + 1} để nhận hội viên.")
    return by, mapping, default


def _split(change: Change) -> None:
    """Assign each membership of the split unit to a part (see the module docstring)."""
    source, parts = change.sources[0], change.parts
    by, mapping, default = _options(change)
    rows = list(Membership.objects.filter(unit=source).values_list("pk", "member_number", "status", "person__area_id"))
    stray = set(mapping) - {pk for pk, *_ in rows}
    if stray:
        raise DomainError(
            "split_members_mapping", f"{len(stray)} hội viên trong danh sách phân bổ không sinh hoạt tại {source.code}."
        )
    area_part = _area_index(parts) if by == BY_AREA else {}
    assigned: dict[int, list[int]] = {}
    current: dict[int, int] = {}
    unassigned, staying = [], 0
    for pk, number, status, area_id in rows:
        index = mapping.get(pk)
        if index is None and area_id is not None:
            index = area_part.get(area_id)
        if index is None:
            index = default
        if index is None:
            if status in MEMBER_STATUSES:
                unassigned.append(number)
            else:
                staying += 1
            continue
        assigned.setdefault(index, []).append(pk)
        current[index] = current.get(index, 0) + (status in MEMBER_STATUSES)
    if unassigned:
        how = "theo địa bàn, theo danh sách" if by == BY_AREA else "theo danh sách"
        raise DomainError(
            "split_members_unassigned",
            f"{len(unassigned)} hội viên của {source.code} chưa được phân về đơn vị mới nào ({how} hoặc đơn vị "
            f"nhận mặc định): {', '.join(unassigned[:20])}{'…' if len(unassigned) > 20 else ''}.",
        )
    for index, ids in sorted(assigned.items()):
        _move(change, [source], parts[index], ids)
        change.lines.append(f"{current[index]} hội viên chuyển về {parts[index].code}.")
    if staying:
        change.lines.append(f"{staying} người đã thôi sinh hoạt giữ lịch sử tại {source.code}.")


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


# --- the split's member assignment, as web, API and CLI give it ---------------------------------------------------


def parse_mapping(rows) -> dict[str, int]:
    """Member number -> part number (from 1) from rows of two cells: a pasted list ("NCT-BD-001=1", "…,2",
    "…;2", tab-separated) split into rows, or a spreadsheet's first two columns. A first row that is not a
    number pair (a header) is skipped."""
    from quanlyhoi.members.cleaning import text

    mapping: dict[str, int] = {}
    for line, row in enumerate(rows, start=1):
        cells = [text(c) for c in row][:2]
        if not any(cells):
            continue
        number, part = (cells + ["", ""])[:2]
        if not part.isdigit() or int(part) < 1:
            if line == 1:
                continue
            raise DomainError(
                "split_members_mapping",
                f"Dòng {line} của danh sách phân bổ hội viên không đúng dạng SỐ_THẺ=SỐ_THỨ_TỰ_PHẦN: "
                f"'{' '.join(cells)}'.",
                field="members_mapping",
            )
        mapping[number] = int(part)
    return mapping


def mapping_lines(text: str) -> list[list[str]]:
    """A typed or pasted list split into rows of cells (separators =, comma, semicolon, tab)."""
    return [re.split(r"\s*[=,;\t]\s*", line.strip(), maxsplit=1) for line in text.splitlines()]


def split_members_option(*, source: Unit, by: str = BY_AREA, mapping: dict[str, int] | None = None,
                         default: int | None = None) -> dict:  # fmt: skip
    """unit_split's `options` from member numbers: `mapping` member number -> part index (from 0), `default` the
    part index for members placed neither by the mapping nor (with "area") by area."""
    numbers = mapping or {}
    ids: dict[str, int] = {}
    keys = list(numbers)
    for i in range(0, len(keys), CHUNK):
        found = Membership.objects.filter(unit=source, member_number__in=keys[i : i + CHUNK])
        ids.update(found.values_list("member_number", "pk"))
    unknown = [n for n in keys if n not in ids]
    if unknown:
        raise DomainError(
            "split_members_mapping",
            f"{len(unknown)} số thẻ trong danh sách phân bổ không phải hội viên của {source.code}: "
            f"{', '.join(unknown[:20])}{'…' if len(unknown) > 20 else ''}.",
            field="members_mapping",
        )
    return {"members": {"by": by, "mapping": {ids[n]: index for n, index in numbers.items()}, "default": default}}


def read_mapping_file(file_name: str, content: bytes) -> dict[str, int]:
    """Member number -> part number from an uploaded CSV or XLSX (first two columns; see parse_mapping)."""
    import tempfile
    from pathlib import Path

    from quanlyhoi.members.imports.reader import guess_format, rows

    file_format = guess_format(file_name, content[:65536])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"mapping.{file_format}"
        path.write_bytes(content)
        return parse_mapping(rows(path, file_format))
