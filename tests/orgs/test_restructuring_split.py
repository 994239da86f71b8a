"""Splitting: the source ends, new units start, every living child goes to the part it is assigned to."""

import pytest

from quanlyhoi.orgs import queries
from quanlyhoi.orgs.models import EventUnit, Unit, UnitPeriod
from quanlyhoi.orgs.services import Basis, NewUnit, unit_create, unit_split
from tests.orgs.util import check_invariants, counts, d, get, parent_on, refused, tree
from tests.world import area

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_branches(operator):
    out = unit_create(
        actor=operator,
        association=get("NCT").association,
        level=get("NCT.01.00004.001").level,
        spec=NewUnit(name="Chi hội số 2 Ba Đình", parent=get("NCT.01.00004")),
        basis=Basis(effective_date=d("01/09/2025")),
    )
    return ["NCT.01.00004.001", out.unit_codes[0]]


def parts():
    return [
        NewUnit(name="Hội NCT phường Ba Đình", area=area("00004")),
        NewUnit(name="Hội NCT phường Giảng Võ", area=area("00025")),
    ]


def split(actor, code, day, parts_, children=None, **kw):
    return unit_split(
        actor=actor,
        source=get(code),
        parts=parts_,
        basis=Basis(effective_date=d(day)),
        children={get(c).pk: i for c, i in (children or {}).items()},
        **kw,
    )


def test_split_ends_the_source_and_distributes_its_children(operator, two_branches):
    first, second = two_branches
    before = counts()
    out = split(operator, "NCT.01.00004", "01/10/2025", parts(), {first: 0, second: 1})

    new_a, new_b = out.unit_codes[1:]
    assert (new_a, new_b) == ("NCT.01.00004-2", "NCT.01.00025")
    assert get("NCT.01.00004").valid_to == d("01/10/2025")
    assert tree("NCT.01", d("30/09/2025")) == ["NCT.01", "NCT.01.00004", first, second, "NCT.01.00008"]
    assert tree("NCT.01", d("01/10/2025")) == ["NCT.01", "NCT.01.00008", new_a, first, new_b, second]
    assert parent_on(first, d("01/10/2025")) == new_a
    assert parent_on(second, d("01/10/2025")) == new_b
    assert parent_on(second, d("30/09/2025")) == "NCT.01.00004"
    for code in (new_a, new_b):
        unit = get(code)
        assert (unit.parent.code, unit.level.code, unit.valid_from) == ("NCT.01", "commune", d("01/10/2025"))
    assert sorted(r["unit"].code for r in queries.lineage(get("NCT.01.00004"))["successors"]) == [new_a, new_b]
    assert [r["unit"].code for r in queries.lineage(get(new_b))["predecessors"]] == ["NCT.01.00004"]
    assert sorted(EventUnit.objects.filter(event_id=out.event_id).values_list("unit__code", "role")) == [
        ("NCT.01.00004", "source"),
        (new_a, "created"),
        ("NCT.01.00025", "created"),
    ]
    after = counts()
    assert after["orgs.Unit"] == before["orgs.Unit"] + 2
    assert after["orgs.UnitPeriod"] == before["orgs.UnitPeriod"] + 4  # two new units, two moved branches
    check_invariants()


def test_parts_may_go_under_another_parent(operator):
    out = split(
        operator,
        "NCT.01.00008",
        "01/10/2025",
        [NewUnit(name="Hội NCT A"), NewUnit(name="Hội NCT B", parent=get("NCT.08"))],
    )
    assert [get(c).parent.code for c in out.unit_codes[1:]] == ["NCT.01", "NCT.08"]
    check_invariants()


def test_every_living_child_must_be_assigned(operator, two_branches):
    first, second = two_branches
    err = refused("split_children_unmapped", split, operator, "NCT.01.00004", "01/10/2025", parts(), {first: 0})
    assert second in err.message and first not in err.message


def test_only_children_of_the_source_can_be_assigned(operator):
    refused(
        "split_children",
        split,
        operator,
        "NCT.01.00004",
        "01/10/2025",
        parts(),
        {"NCT.01.00004.001": 0, "NCT.08.02269": 1},
    )


def test_assignment_to_a_missing_part_is_refused(operator):
    refused("split_children", split, operator, "NCT.01.00004", "01/10/2025", parts(), {"NCT.01.00004.001": 2})


def test_a_split_needs_two_parts(operator):
    refused("split_parts", split, operator, "NCT.01.00008", "01/10/2025", parts()[:1])


def test_split_dates_and_levels(operator):
    refused("before_unit_exists", split, operator, "NCT.01.00008", "31/07/2025", parts())
    refused("overlapping_event", split, operator, "NCT.01.00008", "01/08/2025", parts())
    refused(
        "level_order",
        split,
        operator,
        "NCT.01.00008",
        "01/10/2025",
        [NewUnit(name="A"), NewUnit(name="B", parent=get("NCT.01.00004"))],
    )
    refused(
        "area_level_mismatch",
        split,
        operator,
        "NCT.01.00008",
        "01/10/2025",
        [NewUnit(name="A", area=area("00025")), NewUnit(name="B", area=area("01"))],
    )


def test_a_child_that_starts_later_blocks_an_earlier_split(operator):
    # The branch under NCT.01.00004 starts on 01/09/2025.
    refused("before_unit_exists", split, operator, "NCT.01.00004", "15/08/2025", parts(), {"NCT.01.00004.001": 0})


def test_split_scoping(personas):
    commune = personas["commune_officer"]
    refused("forbidden", split, commune, "NCT.01.00004", "01/10/2025", parts(), {"NCT.01.00004.001": 0})
    province = personas["province_officer"]
    refused(
        "not_found",
        split,
        province,
        "NCT.01.00008",
        "01/10/2025",
        [NewUnit(name="A"), NewUnit(name="B", parent=get("NCT.08"))],
    )
    out = split(province, "NCT.01.00004", "01/10/2025", parts(), {"NCT.01.00004.001": 1})
    assert Unit.objects.get(code=out.unit_codes[2]).parent.code == "NCT.01"
    assert UnitPeriod.objects.filter(unit__code="NCT.01.00004.001").count() == 2


def test_the_top_level_unit_cannot_be_split_into_several_roots(operator):
    children = {c: 0 for c in ("NCT.01", "NCT.02", "NCT.04", "NCT.08")}
    refused(
        "root_exists",
        split,
        operator,
        "NCT",
        "01/01/2026",
        [NewUnit(name="Trung ương A"), NewUnit(name="Trung ương B")],
        children,
    )
