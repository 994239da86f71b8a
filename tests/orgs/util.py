"""Helpers for the domain tests: dates, table counts, tree invariants and refusal checks."""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest

from quanlyhoi.accounts.models import ApiToken, RoleAssignment
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.core.paths import segment
from quanlyhoi.core.scoping import SystemOperator
from quanlyhoi.core.text import fold
from quanlyhoi.orgs import queries
from quanlyhoi.orgs.models import (
    Association,
    EventUnit,
    Lineage,
    Overseer,
    RestructuringEvent,
    Unit,
    UnitLevel,
    UnitPeriod,
)

TABLES = [
    Association,
    Overseer,
    UnitLevel,
    Unit,
    UnitPeriod,
    RestructuringEvent,
    EventUnit,
    Lineage,
    AuditRecord,
    RoleAssignment,
    ApiToken,
]


def d(text: str) -> datetime.date:
    """d("01/10/2025") -> date(2025, 10, 1)."""
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


def counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in TABLES}


def state() -> dict:
    """Counts plus every mutable column of units and periods: a refused or previewed operation leaves all equal."""
    return {
        "counts": counts(),
        "units": sorted(
            Unit.objects.values_list("pk", "name", "name_folded", "parent_id", "area_id", "path", "valid_to")
        ),
        "periods": sorted(UnitPeriod.objects.values_list("pk", "valid_to", "path", "parent_id", "name", "area_id")),
        "events": sorted(RestructuringEvent.objects.values_list("pk", "summary", "scope_path")),
    }


def is_vietnamese(message: str) -> bool:
    """A Vietnamese sentence carries diacritics: folding it changes it."""
    return bool(message) and fold(message) != message.lower()


def refused(code: str, fn, /, *args, **kwargs) -> DomainError:
    """Run `fn`, expect DomainError `code` with a Vietnamese message, and that nothing was written."""
    before = state()
    with pytest.raises(DomainError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, f"expected {code}, got {info.value.code}: {info.value.message}"
    assert is_vietnamese(info.value.message), info.value.message
    assert state() == before, "a refused operation wrote something"
    return info.value


def get(code: str) -> Unit:
    return Unit.objects.get(code=code)


def tree(root_code: str, day: datetime.date, actor=None) -> list[str]:
    """Codes of the subtree of `root_code` as it stood on `day` (path order)."""
    return [n.code for n in queries.tree_rows(actor or SystemOperator("t"), get(root_code), day)]


def tree_names(root_code: str, day: datetime.date) -> dict[str, str]:
    return {n.code: n.name for n in queries.tree_rows(SystemOperator("t"), get(root_code), day)}


def parent_on(code: str, day: datetime.date) -> str | None:
    period = UnitPeriod.objects.as_of(day).select_related("parent").get(unit__code=code)
    return period.parent.code if period.parent_id else None


def living_codes(association: str, day: datetime.date) -> set[str]:
    return set(
        UnitPeriod.objects.as_of(day).filter(unit__association__code=association).values_list("unit__code", flat=True)
    )


def check_invariants() -> None:
    """The effective-dated tree is consistent:
    - each unit's periods are contiguous, start at valid_from and end at valid_to;
    - on every day of a period the parent exists and its path is the prefix of the child's path;
    - the unit row mirrors its newest period (an ended unit's path follows its last parent's latest place)."""
    periods: dict[int, list[UnitPeriod]] = defaultdict(list)
    for p in UnitPeriod.objects.order_by("unit_id", "valid_from"):
        periods[p.unit_id].append(p)
    units = {u.pk: u for u in Unit.objects.all()}
    assert set(periods) == set(units), "every unit has periods"
    for pk, rows in periods.items():
        unit = units[pk]
        assert rows[0].valid_from == unit.valid_from, unit.code
        for a, b in zip(rows, rows[1:], strict=False):
            assert a.valid_to == b.valid_from, f"{unit.code}: gap or overlap between {a} and {b}"
        assert rows[-1].valid_to == unit.valid_to, f"{unit.code}: last period ends {rows[-1].valid_to}"
        newest = rows[-1]
        assert (unit.name, unit.parent_id, unit.area_id) == (
            newest.name,
            newest.parent_id,
            newest.area_id,
        ), f"{unit.code}: unit row does not mirror its newest period"
        if unit.valid_to is None:
            assert unit.path == newest.path, f"{unit.code}: unit path is not its open period's"
        # Ended units follow their last parent's latest place (scoping), so the unit rows form a tree too.
        expected = (units[unit.parent_id].path if unit.parent_id else "") + segment(pk)
        assert unit.path == expected, f"{unit.code}: unit path {unit.path} is not under its parent's"
        assert unit.name_folded == fold(unit.name)
        for p in rows:
            assert p.path.endswith(segment(pk)), f"{unit.code}: path {p.path}"
            if p.parent_id is None:
                assert p.path == segment(pk)
                continue
            # Every boundary inside [p.valid_from, p.valid_to) where the parent's state may change.
            days = {p.valid_from} | {
                q.valid_from
                for q in periods[p.parent_id]
                if q.valid_from > p.valid_from and (p.valid_to is None or q.valid_from < p.valid_to)
            }
            for day in days:
                covering = [
                    q for q in periods[p.parent_id] if q.valid_from <= day and (q.valid_to is None or day < q.valid_to)
                ]
                assert len(covering) == 1, f"{unit.code} on {day}: parent {units[p.parent_id].code} not living"
                assert covering[0].path + segment(pk) == p.path, f"{unit.code} on {day}: path not under parent"
