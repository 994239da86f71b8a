"""A unit may not end while one of its children still sits under it after that date: the child would
outlive its parent in the tree of those days."""

import pytest

from quanlyhoi.orgs.services import Basis, NewUnit, unit_dissolve, unit_move, unit_split, units_merge
from tests.orgs.util import check_invariants, d, get, refused

pytestmark = pytest.mark.django_db


def basis(day):
    return Basis(effective_date=d(day))


def test_dissolve_before_a_child_ended_is_refused(operator):
    unit_dissolve(actor=operator, unit=get("NCT.01.00004.001"), basis=basis("01/12/2025"))
    err = refused(
        "overlapping_event", unit_dissolve, actor=operator, unit=get("NCT.01.00004"), basis=basis("01/11/2025")
    )
    assert "NCT.01.00004.001" in err.message
    unit_dissolve(actor=operator, unit=get("NCT.01.00004"), basis=basis("01/12/2025"))
    check_invariants()


def test_dissolve_before_a_child_moved_away_is_refused(operator):
    unit_move(actor=operator, unit=get("NCT.01.00004.001"), new_parent=get("NCT.01.00008"), basis=basis("01/12/2025"))
    refused("overlapping_event", unit_dissolve, actor=operator, unit=get("NCT.01.00004"), basis=basis("01/11/2025"))


def test_merge_of_a_source_whose_child_ended_later_is_refused(operator):
    unit_dissolve(actor=operator, unit=get("NCT.01.00004.001"), basis=basis("01/12/2025"))
    refused(
        "overlapping_event",
        units_merge,
        actor=operator,
        sources=[get("NCT.01.00004")],
        target=get("NCT.01.00008"),
        basis=basis("01/11/2025"),
    )


def test_split_of_a_source_whose_child_ended_later_is_refused(operator):
    unit_dissolve(actor=operator, unit=get("NCT.01.00004.001"), basis=basis("01/12/2025"))
    refused(
        "overlapping_event",
        unit_split,
        actor=operator,
        source=get("NCT.01.00004"),
        parts=[NewUnit(name="A"), NewUnit(name="B")],
        basis=basis("01/11/2025"),
    )


def test_children_that_ended_before_do_not_block(operator):
    unit_dissolve(actor=operator, unit=get("NCT.01.00004.001"), basis=basis("01/10/2025"))
    units_merge(actor=operator, sources=[get("NCT.01.00004")], target=get("NCT.01.00008"), basis=basis("01/11/2025"))
    check_invariants()
