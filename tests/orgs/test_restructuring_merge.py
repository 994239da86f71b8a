"""Merging: sources end on the effective date, their children move to the target, and lineage links them."""

import pytest

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs import queries
from quanlyhoi.orgs.models import EventUnit, Lineage, RestructuringEvent, Unit, UnitPeriod
from quanlyhoi.orgs.services import Basis, NewUnit, unit_create, unit_dissolve, unit_rename, units_merge
from tests.orgs.util import check_invariants, counts, d, get, parent_on, refused, tree, tree_names
from tests.world import area

pytestmark = pytest.mark.django_db


def merge(actor, sources, day, target=None, **kw):
    return units_merge(
        actor=actor,
        sources=[get(c) for c in sources],
        target=get(target) if target else None,
        basis=Basis(effective_date=d(day), decision_number="05/QĐ-NCT"),
        **kw,
    )


def add_branch(operator, parent_code, name, day="01/09/2025"):
    out = unit_create(
        actor=operator,
        association=get(parent_code).association,
        level=get("NCT.01.00004.001").level,
        spec=NewUnit(name=name, parent=get(parent_code)),
        basis=Basis(effective_date=d(day)),
    )
    return out.unit_codes[0]


def codes(rows):
    return [r["unit"].code for r in rows]


def test_merge_into_an_existing_unit(operator):
    branch = add_branch(operator, "NCT.01.00008", "Chi hội số 1 Ngọc Hà")
    before = counts()
    out = merge(operator, ["NCT.01.00008"], "01/10/2025", target="NCT.01.00004")

    assert tree("NCT.01", d("30/09/2025")) == ["NCT.01", "NCT.01.00004", "NCT.01.00004.001", "NCT.01.00008", branch]
    assert tree("NCT.01", d("01/10/2025")) == ["NCT.01", "NCT.01.00004", "NCT.01.00004.001", branch]
    assert parent_on(branch, d("30/09/2025")) == "NCT.01.00008"
    assert parent_on(branch, d("01/10/2025")) == "NCT.01.00004"
    source, target = get("NCT.01.00008"), get("NCT.01.00004")
    assert source.valid_to == d("01/10/2025")
    assert UnitPeriod.objects.get(unit=source).valid_to == d("01/10/2025")
    assert get(branch).path.startswith(target.path)
    assert set(Unit.objects.subtree(target).values_list("code", flat=True)) == {
        "NCT.01.00004",
        "NCT.01.00004.001",
        branch,
    }
    # The target keeps its one period: nothing about it changed.
    assert UnitPeriod.objects.filter(unit=target).count() == 1
    event = RestructuringEvent.objects.get(pk=out.event_id)
    assert (event.kind, event.decision_number) == ("merge", "05/QĐ-NCT")
    assert sorted(EventUnit.objects.filter(event=event).values_list("unit__code", "role")) == [
        ("NCT.01.00004", "target"),
        ("NCT.01.00008", "source"),
    ]
    assert [(x.predecessor.code, x.successor.code) for x in Lineage.objects.filter(event=event)] == [
        ("NCT.01.00008", "NCT.01.00004")
    ]
    assert codes(queries.lineage(target)["predecessors"]) == ["NCT.01.00008"]
    assert codes(queries.lineage(source)["successors"]) == ["NCT.01.00004"]
    assert queries.lineage(target)["successors"] == []
    after = counts()
    assert after["orgs.Unit"] == before["orgs.Unit"]  # nothing created, nothing deleted
    assert after["orgs.UnitPeriod"] == before["orgs.UnitPeriod"] + 1  # the moved branch
    source_audit = AuditRecord.objects.get(
        object_type="orgs.unit", object_id=str(source.pk), action="restructure.merge"
    )
    assert source_audit.changes == {"valid_to": [None, "2025-10-01"]}
    check_invariants()


def test_merge_into_an_existing_unit_renamed_with_a_new_area(operator):
    merge(
        operator,
        ["NCT.01.00008"],
        "01/10/2025",
        target="NCT.01.00004",
        target_name="Hội NCT phường Ba Đình - Ngọc Hà",
        target_area=area("00025"),
    )
    names = tree_names("NCT.01", d("01/10/2025"))
    assert names["NCT.01.00004"] == "Hội NCT phường Ba Đình - Ngọc Hà"
    assert tree_names("NCT.01", d("30/09/2025"))["NCT.01.00004"] == "Hội NCT phường Ba Đình"
    assert get("NCT.01.00004").area.code == "00025"
    assert UnitPeriod.objects.filter(unit__code="NCT.01.00004").count() == 2
    check_invariants()


def test_merge_into_a_new_unit(operator):
    add_branch(operator, "NCT.01.00008", "Chi hội số 1 Ngọc Hà")
    out = merge(
        operator,
        ["NCT.01.00004", "NCT.01.00008"],
        "01/10/2025",
        new_target=NewUnit(name="Hội NCT phường Ba Đình", area=area("00004")),
    )
    new_code = out.unit_codes[-1]
    assert new_code == "NCT.01.00004-2"  # the area's code is taken by the merged chapter, never reused
    new = get(new_code)
    assert (new.valid_from, new.parent.code, new.level.code) == (d("01/10/2025"), "NCT.01", "commune")
    assert tree("NCT.01", d("01/10/2025")) == ["NCT.01", new_code, "NCT.01.00004.001", "NCT.01.00008.001"]
    assert get("NCT.01.00004").valid_to == get("NCT.01.00008").valid_to == d("01/10/2025")
    assert sorted(codes(queries.lineage(new)["predecessors"])) == ["NCT.01.00004", "NCT.01.00008"]
    assert sorted(EventUnit.objects.filter(event_id=out.event_id).values_list("unit__code", "role")) == [
        ("NCT.01.00004", "source"),
        (new_code, "created"),
        ("NCT.01.00008", "source"),
    ]
    check_invariants()


def test_lineage_is_transitive_over_two_merges(operator):
    merge(operator, ["NCT.01.00008"], "01/10/2025", target="NCT.01.00004")
    merge(operator, ["NCT.02"], "01/10/2025", target="NCT.08")
    merge(operator, ["NCT.01.00004"], "01/11/2025", target="NCT.08.02269")
    last = get("NCT.08.02269")
    assert sorted(codes(queries.lineage(last)["predecessors"])) == ["NCT.01.00004", "NCT.01.00008"]
    first = get("NCT.01.00008")
    successors = queries.lineage(first)["successors"]
    assert codes(successors) == ["NCT.01.00004", "NCT.08.02269"]
    assert successors[1]["via"].code == "NCT.01.00004"
    assert successors[1]["event"].effective_date == d("01/11/2025")
    # The branch of the first target has followed to the last.
    assert get("NCT.01.00004.001").path.startswith(last.path)
    assert "NCT.01.00004.001" in tree("NCT.08", d("01/11/2025"))
    assert "NCT.01.00004.001" in tree("NCT.01", d("31/10/2025"))
    check_invariants()


def test_several_merges_into_one_target_on_the_same_day(operator):
    merge(operator, ["NCT.02"], "01/07/2025", target="NCT.08")
    merge(operator, ["NCT.04"], "01/07/2025", target="NCT.08")
    assert sorted(codes(queries.lineage(get("NCT.08"))["predecessors"])) == ["NCT.02", "NCT.04"]
    check_invariants()


def test_units_of_different_associations_cannot_merge(operator):
    refused("different_association", merge, operator, ["CTD.01.00004"], "01/10/2025", target="NCT.01.00004")
    refused("different_association", merge, operator, ["NCT.01.00008"], "01/10/2025", target="CTD.01.00004")


def test_units_of_different_levels_cannot_merge(operator):
    refused("different_level", merge, operator, ["NCT.01.00008"], "01/10/2025", target="NCT.01")
    refused(
        "different_level",
        merge,
        operator,
        ["NCT.01.00008", "NCT.01.00004.001"],
        "01/10/2025",
        new_target=NewUnit(name="Hội mới"),
    )


def test_target_among_the_sources_is_refused(operator):
    refused("merge_target", merge, operator, ["NCT.01.00004", "NCT.01.00008"], "01/10/2025", target="NCT.01.00004")


def test_exactly_one_target_is_required(operator):
    refused("merge_target", merge, operator, ["NCT.01.00008"], "01/10/2025")
    refused(
        "merge_target",
        merge,
        operator,
        ["NCT.01.00008"],
        "01/10/2025",
        target="NCT.01.00004",
        new_target=NewUnit(name="Hội mới"),
    )


def test_a_new_target_needs_two_sources(operator):
    refused("merge_sources", merge, operator, ["NCT.01.00008"], "01/10/2025", new_target=NewUnit(name="Hội mới"))
    refused("merge_sources", merge, operator, [], "01/10/2025", target="NCT.01.00004")


def test_date_before_a_source_exists_is_refused(operator):
    refused("before_unit_exists", merge, operator, ["NCT.01.00008"], "31/07/2025", target="NCT.01.00004")


def test_date_before_the_target_exists_is_refused(operator):
    unit_create(
        actor=operator,
        association=get("NCT").association,
        level=get("NCT.01.00008").level,
        spec=NewUnit(name="Hội NCT xã Lâm Bình", parent=get("NCT.08"), area=area("02266")),
        basis=Basis(effective_date=d("01/12/2025")),
    )
    refused("before_unit_exists", merge, operator, ["NCT.08.02269"], "01/11/2025", target="NCT.08.02266")


def test_ended_source_or_target_is_refused(operator):
    unit_dissolve(actor=operator, unit=get("NCT.01.00004.001"), basis=Basis(effective_date=d("01/10/2025")))
    add_branch(operator, "NCT.01.00008", "Chi hội số 1 Ngọc Hà")
    refused("after_unit_ends", merge, operator, ["NCT.01.00004.001"], "01/11/2025", target="NCT.01.00008.001")
    refused("after_unit_ends", merge, operator, ["NCT.01.00008.001"], "01/11/2025", target="NCT.01.00004.001")


def test_source_changed_on_or_after_the_date_is_refused(operator):
    refused("overlapping_event", merge, operator, ["NCT.01.00008"], "01/08/2025", target="NCT.01.00004")
    unit_rename(
        actor=operator, unit=get("NCT.01.00008"), name="Hội NCT Ngọc Hà", basis=Basis(effective_date=d("01/11/2025"))
    )
    refused("overlapping_event", merge, operator, ["NCT.01.00008"], "01/10/2025", target="NCT.01.00004")


def test_target_changed_after_the_date_is_refused(operator):
    unit_rename(
        actor=operator, unit=get("NCT.01.00004"), name="Hội NCT Ba Đình", basis=Basis(effective_date=d("01/11/2025"))
    )
    refused("overlapping_event", merge, operator, ["NCT.01.00008"], "01/10/2025", target="NCT.01.00004")


def test_source_whose_child_starts_or_changes_later_is_refused(operator):
    # NCT.01.00004.001 starts on 01/09/2025: merging its commune on 15/08 would move it before it exists.
    err = refused("before_unit_exists", merge, operator, ["NCT.01.00004"], "15/08/2025", target="NCT.01.00008")
    assert "NCT.01.00004.001" in err.message
    unit_rename(
        actor=operator, unit=get("NCT.01.00004.001"), name="Chi hội Một", basis=Basis(effective_date=d("01/11/2025"))
    )
    err = refused("overlapping_event", merge, operator, ["NCT.01.00004"], "15/10/2025", target="NCT.01.00008")
    assert "NCT.01.00004.001" in err.message


def test_merge_scoping(personas):
    province = personas["province_officer"]
    merge(province, ["NCT.01.00008"], "01/10/2025", target="NCT.01.00004")
    assert get("NCT.01.00008").valid_to == d("01/10/2025")
    refused("not_found", merge, province, ["NCT.01.00004"], "01/11/2025", target="NCT.08.02269")
    refused("not_found", merge, province, ["NCT.08.02269"], "01/11/2025", target="NCT.01.00004")
    commune = personas["commune_officer"]
    second = add_branch(commune, "NCT.01.00004", "Chi hội số 2 Ba Đình")
    merge(commune, [second], "01/11/2025", target="NCT.01.00004.001")
    assert get(second).valid_to == d("01/11/2025")
    refused("forbidden", merge, personas["inspector"], ["NCT.01.00004.001"], "01/12/2025", target="NCT.01.00008")


def test_out_of_scope_target_is_not_revealed(personas):
    """A unit the actor cannot see answers "not found", whatever else is wrong with the request."""
    province = personas["province_officer"]
    refused("not_found", merge, province, ["NCT.01.00008"], "01/10/2025", target="CTD.01.00004")
