"""Moving a unit takes its whole living subtree along from the effective date; before it, the tree is as it was."""

import pytest

from quanlyhoi.core.paths import child_path
from quanlyhoi.orgs import queries
from quanlyhoi.orgs.models import RestructuringEvent, Unit, UnitPeriod
from quanlyhoi.orgs.services import Basis, NewUnit, unit_create, unit_dissolve, unit_move, unit_rename
from tests.orgs.util import check_invariants, counts, d, get, parent_on, refused, tree

pytestmark = pytest.mark.django_db


def move(actor, code, parent_code, day, **kw):
    return unit_move(actor=actor, unit=get(code), new_parent=get(parent_code), basis=Basis(effective_date=d(day)), **kw)


def test_moved_unit_takes_its_subtree_along_from_the_effective_date(operator):
    before = counts()
    old_commune_path = get("NCT.01.00004").path
    out = move(operator, "NCT.01.00004", "NCT.08", "01/10/2025")

    assert tree("NCT.01", d("30/09/2025")) == ["NCT.01", "NCT.01.00004", "NCT.01.00004.001", "NCT.01.00008"]
    assert tree("NCT.08", d("30/09/2025")) == ["NCT.08", "NCT.08.02269"]
    assert tree("NCT.01", d("01/10/2025")) == ["NCT.01", "NCT.01.00008"]
    assert sorted(tree("NCT.08", d("01/10/2025"))) == ["NCT.01.00004", "NCT.01.00004.001", "NCT.08", "NCT.08.02269"]
    assert parent_on("NCT.01.00004", d("30/09/2025")) == "NCT.01"
    assert parent_on("NCT.01.00004", d("01/10/2025")) == "NCT.08"
    # The branch keeps its parent; only its path follows.
    assert parent_on("NCT.01.00004.001", d("01/10/2025")) == "NCT.01.00004"

    commune, branch, province = get("NCT.01.00004"), get("NCT.01.00004.001"), get("NCT.08")
    assert commune.code == "NCT.01.00004"  # identity never changes
    assert commune.path == child_path(province.path, commune.pk)
    assert branch.path == child_path(commune.path, branch.pk)
    assert set(Unit.objects.subtree(province).values_list("code", flat=True)) == {
        "NCT.08",
        "NCT.08.02269",
        "NCT.01.00004",
        "NCT.01.00004.001",
    }
    assert set(Unit.objects.subtree(get("NCT.01")).values_list("code", flat=True)) == {"NCT.01", "NCT.01.00008"}
    # History keeps the old paths.
    old = UnitPeriod.objects.get(unit=commune, valid_to=d("01/10/2025"))
    assert old.path == old_commune_path
    assert UnitPeriod.objects.subtree(old_commune_path).as_of(d("30/09/2025")).count() == 2

    after = counts()
    assert after["orgs.UnitPeriod"] == before["orgs.UnitPeriod"] + 2  # commune and branch reopen
    assert after["orgs.Unit"] == before["orgs.Unit"]
    event = RestructuringEvent.objects.get(pk=out.event_id)
    assert event.kind == "move" and event.scope_path == get("NCT").path
    assert out.lines[1].startswith("1 ")  # one unit moved along
    check_invariants()


def test_move_and_move_back_keeps_each_period(operator):
    move(operator, "NCT.01.00004", "NCT.08", "01/10/2025")
    move(operator, "NCT.01.00004", "NCT.01", "01/12/2025")
    assert parent_on("NCT.01.00004", d("15/09/2025")) == "NCT.01"
    assert parent_on("NCT.01.00004", d("15/10/2025")) == "NCT.08"
    assert parent_on("NCT.01.00004", d("15/12/2025")) == "NCT.01"
    assert UnitPeriod.objects.filter(unit__code="NCT.01.00004.001").count() == 3
    assert "NCT.01.00004.001" in tree("NCT.08", d("30/11/2025"))
    assert "NCT.01.00004.001" not in tree("NCT.08", d("01/12/2025"))
    check_invariants()


def test_dissolved_descendants_follow_for_scoping_but_keep_their_history(operator):
    unit_dissolve(actor=operator, unit=get("NCT.01.00004.001"), basis=Basis(effective_date=d("01/10/2025")))
    move(operator, "NCT.01.00004", "NCT.08", "01/11/2025")
    branch = get("NCT.01.00004.001")
    assert branch.path.startswith(get("NCT.08").path)
    assert UnitPeriod.objects.get(unit=branch).path.startswith(get("NCT.01").path)
    assert "NCT.01.00004.001" in tree("NCT.01", d("30/09/2025"))


def test_moving_a_unit_under_itself_is_a_cycle(operator):
    refused("cycle", move, operator, "NCT.01.00004", "NCT.01.00004", "01/10/2025")


def test_moving_a_unit_under_its_descendant_is_a_cycle(operator):
    refused("cycle", move, operator, "NCT.01", "NCT.01.00004", "01/10/2025")
    refused("cycle", move, operator, "NCT", "NCT.01.00004.001", "01/10/2025")


def test_moving_under_the_same_parent_is_no_change(operator):
    refused("no_change", move, operator, "NCT.01.00004", "NCT.01", "01/10/2025")


def test_commune_under_commune_is_refused(operator):
    refused("level_order", move, operator, "NCT.01.00008", "NCT.01.00004", "01/10/2025")


def test_moving_into_another_association_is_refused(operator):
    refused("different_association", move, operator, "CTD.01.00004", "NCT.01", "01/10/2025")


def test_date_before_the_unit_exists_is_refused(operator):
    refused("before_unit_exists", move, operator, "NCT.08.02269", "NCT.01", "31/07/2025")


def test_moving_a_subtree_with_a_later_change_is_refused(operator):
    # The branch under NCT.01.00004 was created on 01/09/2025: moving its commune on 15/08 would rewrite it.
    err = refused("overlapping_event", move, operator, "NCT.01.00004", "NCT.08", "15/08/2025")
    assert "NCT.01.00004.001" in err.message


def test_moving_on_the_day_of_the_last_change_is_refused(operator):
    unit_rename(
        actor=operator,
        unit=get("NCT.01.00008"),
        name="Hội NCT phường Ngọc Hà mới",
        basis=Basis(effective_date=d("01/10/2025")),
    )
    refused("overlapping_event", move, operator, "NCT.01.00008", "NCT.08", "01/10/2025")
    refused("overlapping_event", move, operator, "NCT.01.00008", "NCT.08", "20/09/2025")


def test_parent_not_living_on_the_date_is_refused(operator):
    unit_create(
        actor=operator,
        association=get("NCT").association,
        level=get("NCT.01.00008").level,
        spec=NewUnit(name="Hội NCT mới", parent=get("NCT.08")),
        basis=Basis(effective_date=d("01/12/2025")),
    )
    new = Unit.objects.get(code="NCT.08.001")
    refused("parent_not_valid", move, operator, "NCT.01.00004.001", new.code, "01/10/2025")
    unit_dissolve(actor=operator, unit=get("NCT.01.00008"), basis=Basis(effective_date=d("01/10/2025")))
    refused("parent_not_valid", move, operator, "NCT.01.00004.001", "NCT.01.00008", "01/11/2025")


def test_ended_unit_cannot_move(operator):
    unit_dissolve(actor=operator, unit=get("NCT.01.00008"), basis=Basis(effective_date=d("01/10/2025")))
    refused("after_unit_ends", move, operator, "NCT.01.00008", "NCT.08", "01/11/2025")


def test_unit_officer_moves_within_its_scope_only(personas):
    province = personas["province_officer"]
    move(province, "NCT.01.00004.001", "NCT.01.00008", "01/10/2025")
    assert get("NCT.01.00004.001").parent.code == "NCT.01.00008"
    # Out of its subtree, under a parent it cannot see: refused and nothing written.
    refused("not_found", move, province, "NCT.01.00004", "NCT.08", "01/11/2025")
    refused("forbidden", move, province, "NCT.01", "NCT", "01/11/2025")
    commune = personas["commune_officer"]
    refused("forbidden", move, commune, "NCT.01.00004", "NCT.01", "01/11/2025")
    refused("not_found", move, commune, "NCT.01.00004.001", "NCT.01.00004", "01/11/2025")


def test_stale_objects_are_not_trusted_for_scope(personas, operator):
    """The province officer holds an old copy of NCT.08.02269 whose path still says "under NCT.01"; the service
    must decide on the database, not the copy."""
    stale = get("NCT.01.00008")
    move(operator, "NCT.01.00008", "NCT.08", "01/10/2025")
    stale.refresh_from_db(fields=["code"])  # keeps the stale path
    assert stale.path.startswith(get("NCT.01").path)
    refused(
        "not_found",
        unit_move,
        actor=personas["province_officer"],
        unit=stale,
        new_parent=get("NCT.01.00004"),
        basis=Basis(effective_date=d("01/11/2025")),
    )


def test_tree_rows_follow_the_move_for_each_reader(personas, operator):
    move(operator, "NCT.01.00004", "NCT.08", "01/10/2025")
    province = personas["province_officer"]
    rows = queries.tree_rows(province, get("NCT.01"), d("01/10/2025"))
    assert [r.code for r in rows] == ["NCT.01", "NCT.01.00008"]
    # Scoping follows the latest place: the moved commune is no longer the Hà Nội officer's, even in the past.
    rows = queries.tree_rows(province, get("NCT.01"), d("30/09/2025"))
    assert [r.code for r in rows] == ["NCT.01", "NCT.01.00008"]
    nested = queries.nest(queries.tree_rows(personas["assoc_admin"], get("NCT"), d("01/10/2025")))
    assert [n.code for n in nested] == ["NCT"]
    tq = next(c for c in nested[0].children if c.code == "NCT.08")
    assert sorted(c.code for c in tq.children) == ["NCT.01.00004", "NCT.08.02269"]
