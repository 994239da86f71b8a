"""Random sequences of restructuring operations on random dates: every accepted operation leaves a consistent
effective-dated tree, every refused one leaves nothing written, and the tree of any date is reachable from
the root."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from quanlyhoi.core.errors import DomainError
from quanlyhoi.orgs.models import Unit, UnitPeriod
from quanlyhoi.orgs.services import (
    Basis,
    NewUnit,
    unit_create,
    unit_dissolve,
    unit_move,
    unit_rename,
    unit_split,
    units_merge,
)
from tests.orgs.util import check_invariants, state, tree

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 8, 2)
KINDS = ["create", "rename", "move", "merge", "merge_new", "split", "dissolve"]


def living(day):
    """NCT units below the province level living on `day` (the world's restructurable part), code order."""
    return list(
        Unit.objects.filter(
            association__code="NCT",
            level__rank__gte=3,
            pk__in=UnitPeriod.objects.as_of(day).values("unit_id"),
        ).order_by("code")
    )


def apply(op, kind, day, pick):
    units = living(day)
    provinces = list(Unit.objects.filter(association__code="NCT", level__rank=2).order_by("code"))
    basis = Basis(effective_date=day)
    if kind == "create":
        parents = provinces + units
        parent = parents[pick(len(parents))]
        level = Unit.objects.get(code="NCT.01.00004.001").level if parent.level.rank >= 3 else units_level(parent)
        if parent.level.rank >= level.rank:
            level = Unit.objects.get(code="NCT.01.00004.001").level
        return unit_create(
            actor=op,
            association=parent.association,
            level=level,
            spec=NewUnit(name=f"Đơn vị {day:%d%m%y}", parent=parent),
            basis=basis,
        )
    if not units:
        return None
    a = units[pick(len(units))]
    b = units[pick(len(units))]
    if kind == "rename":
        return unit_rename(actor=op, unit=a, name=f"{a.name} ({day:%d/%m/%Y})", basis=basis)
    if kind == "move":
        parents = provinces + units
        return unit_move(actor=op, unit=a, new_parent=parents[pick(len(parents))], basis=basis)
    if kind == "merge":
        return units_merge(actor=op, sources=[a], target=b, basis=basis)
    if kind == "merge_new":
        return units_merge(actor=op, sources=[a, b], new_target=NewUnit(name="Đơn vị hợp nhất"), basis=basis)
    if kind == "split":
        kids = UnitPeriod.objects.filter(parent=a, valid_to__isnull=True).values_list("unit_id", flat=True)
        return unit_split(
            actor=op,
            source=a,
            parts=[NewUnit(name="Phần một"), NewUnit(name="Phần hai")],
            children={k: pick(2) for k in kids},
            basis=basis,
        )
    return unit_dissolve(actor=op, unit=a, basis=basis)


def units_level(parent):
    from quanlyhoi.orgs.models import UnitLevel

    return UnitLevel.objects.get(association=parent.association, rank=parent.level.rank + 1)


@given(st.data())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_restructuring_keeps_the_tree_consistent(operator, data):
    with transaction.atomic():
        days = []
        for _ in range(data.draw(st.integers(1, 8), label="steps")):
            kind = data.draw(st.sampled_from(KINDS), label="kind")
            day = START + datetime.timedelta(days=data.draw(st.integers(0, 400), label="day"))
            days.append(day)
            before = state()
            try:
                apply(operator, kind, day, lambda n: data.draw(st.integers(0, n - 1)) if n else 0)
            except DomainError as err:
                event(f"{kind} refused: {err.code}")
                assert state() == before, f"refused {kind} on {day} wrote something"
                continue
            event(f"{kind} applied")
            check_invariants()
        for day in days:
            # The root of the tree reaches every living NCT unit of that day.
            reached = set(tree("NCT", day))
            living_codes = set(
                UnitPeriod.objects.as_of(day).filter(unit__association__code="NCT").values_list("unit__code", flat=True)
            )
            assert reached == living_codes
        transaction.set_rollback(True)
