"""Unit levels configured per association: add, edit, re-rank, reorder, delete, with the tree kept valid."""

import datetime

import pytest

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import Association, UnitLevel
from quanlyhoi.orgs.services import (
    Basis,
    NewUnit,
    association_create,
    level_delete,
    level_save,
    levels_editable,
    levels_reorder,
    unit_create,
    unit_dissolve,
)
from tests.orgs.util import d, get, refused

pytestmark = pytest.mark.django_db
DEFAULT = ["central", "province", "commune", "branch", "group"]


def nct() -> Association:
    return Association.objects.get(code="NCT")


def level(code: str, association: str = "NCT") -> UnitLevel:
    return UnitLevel.objects.get(association__code=association, code=code)


def levels(association: str = "NCT") -> list[tuple]:
    return list(
        UnitLevel.objects.filter(association__code=association)
        .order_by("rank")
        .values_list("code", "name", "rank", "has_area")
    )


def level_records():
    return AuditRecord.objects.filter(object_type="orgs.unitlevel")


def refused_level(code: str, fn, /, **kwargs):
    """`refused` (code, Vietnamese message, nothing written) and every level row unchanged."""
    before = levels("NCT")
    err = refused(code, fn, **kwargs)
    assert levels("NCT") == before
    return err


# --- adding and editing ----------------------------------------------------------------------------------


def test_association_admin_adds_a_level_below_the_lowest_by_default(personas):
    added = level_save(
        actor=personas["assoc_admin"], association=nct(), data={"code": " Nhom_Ho ", "name": " Nhóm  hộ "}
    )
    assert (added.code, added.name, added.rank, added.has_area) == ("nhom_ho", "Nhóm hộ", 6, "")
    record = level_records().get(action="create")
    assert record.association_id == nct().pk and record.object_id == str(added.pk)
    assert record.changes["code"] == [None, "nhom_ho"] and record.changes["rank"] == [None, 6]
    assert record.object_repr == "NCT · nhom_ho Nhóm hộ"
    assert record.actor.username == "assoc_admin"


def test_system_administrator_edits_name_rank_and_area(personas):
    edited = level_save(
        actor=personas["sysadmin"],
        association=nct(),
        level=level("group"),
        data={"name": "Tổ hội viên", "rank": 9, "has_area": "commune"},
    )
    assert (edited.name, edited.rank, edited.has_area) == ("Tổ hội viên", 9, "commune")
    record = level_records().get(action="update")
    assert record.changes == {
        "name": ["Tổ hội", "Tổ hội viên"],
        "rank": [5, 9],
        "has_area": ["", "commune"],
    }
    assert record.association_id == nct().pk


def test_an_edit_changes_only_what_is_sent_and_an_unchanged_save_writes_no_record(personas):
    level_save(actor=personas["assoc_admin"], association=nct(), level=level("branch"), data={"name": "Chi hội"})
    assert not level_records().exists()
    level_save(actor=personas["assoc_admin"], association=nct(), level=level("branch"), data={"rank": 7})
    assert level("branch").name == "Chi hội" and level("branch").rank == 7


def test_refused_input(personas):
    admin, association = personas["assoc_admin"], nct()
    for bad in ("", "tổ", "a-b", "a b", "x" * 21):
        refused_level("bad_code", level_save, actor=admin, association=association, data={"code": bad, "name": "X"})
    err = refused_level(
        "code_taken", level_save, actor=admin, association=association, data={"code": "Branch", "name": "Chi hội 2"}
    )
    assert err.status == 409 and err.field == "code" and "branch" in err.message
    refused_level("name_required", level_save, actor=admin, association=association, data={"code": "x", "name": " "})
    for bad in (0, -1, 1000, "ba", True):
        refused_level(
            "bad_rank", level_save, actor=admin, association=association, data={"code": "x", "name": "X", "rank": bad}
        )
    err = refused_level(
        "rank_taken", level_save, actor=admin, association=association, data={"code": "x", "name": "X", "rank": 4}
    )
    assert err.status == 409 and "Chi hội" in err.message
    refused_level(
        "rank_taken", level_save, actor=admin, association=association, level=level("group"), data={"rank": 1}
    )
    refused_level(
        "bad_area_level",
        level_save,
        actor=admin,
        association=association,
        data={"code": "x", "name": "X", "has_area": "district"},
    )
    err = refused_level(
        "code_fixed", level_save, actor=admin, association=association, level=level("group"), data={"code": "to"}
    )
    assert err.field == "code"
    refused_level(
        "name_required", level_save, actor=admin, association=association, level=level("group"), data={"name": ""}
    )


def test_codes_are_unique_per_association_not_across_associations(personas):
    level_save(actor=personas["sysadmin"], association=nct(), data={"code": "doi", "name": "Đội"})
    ctd = Association.objects.get(code="CTD")
    added = level_save(actor=personas["outsider"], association=ctd, data={"code": "doi", "name": "Đội"})
    assert added.association == ctd


@pytest.mark.parametrize("persona", ["overseer", "province_officer", "commune_officer", "inspector"])
def test_others_may_not_configure_levels(personas, persona):
    actor = personas[persona]
    assert not levels_editable(actor, nct())
    refused_level("forbidden", level_save, actor=actor, association=nct(), data={"code": "x", "name": "X"})
    refused_level("forbidden", level_save, actor=actor, association=nct(), level=level("group"), data={"name": "Y"})
    refused_level("forbidden", level_delete, actor=actor, association=nct(), level=level("group"))
    refused_level("forbidden", levels_reorder, actor=actor, association=nct(), codes=DEFAULT)


def test_an_association_invisible_to_the_actor_is_not_found(personas):
    outsider = personas["outsider"]
    refused_level("not_found", level_save, actor=outsider, association=nct(), data={"code": "x", "name": "X"})
    refused_level("not_found", level_delete, actor=outsider, association=nct(), level=level("group"))
    refused_level("not_found", levels_reorder, actor=outsider, association=nct(), codes=DEFAULT)
    # A level of another association is not found through this one.
    ctd = Association.objects.get(code="CTD")
    refused_level("not_found", level_save, actor=outsider, association=ctd, level=level("group"), data={"name": "Y"})


def test_the_cli_operator_and_system_administrators_may(personas, operator):
    assert levels_editable(operator, nct()) and levels_editable(personas["sysadmin"], nct())
    assert levels_editable(personas["assoc_admin"], nct())
    assert not levels_editable(personas["assoc_admin"], Association.objects.get(code="CTD"))


# --- ranks and the tree ----------------------------------------------------------------------------------


def test_a_rank_change_that_would_put_a_parent_below_its_child_is_refused(personas):
    # NCT.01.00004.001 (branch, rank 4) sits under NCT.01.00004 (commune, rank 3).
    err = refused_level(
        "level_order",
        level_save,
        actor=personas["assoc_admin"],
        association=nct(),
        level=level("commune"),
        data={"rank": 6},
    )
    assert err.status == 409 and err.field == "rank"
    assert "NCT.01.00004.001" in err.message and "NCT.01.00004 " in err.message
    # Moving a level within the room its relations leave is fine.
    level_save(actor=personas["assoc_admin"], association=nct(), level=level("branch"), data={"rank": 8})
    assert level("branch").rank == 8


def test_reorder_swaps_two_ranks_in_one_step(personas):
    order = ["central", "province", "commune", "group", "branch"]
    result = levels_reorder(actor=personas["assoc_admin"], association=nct(), codes=[c.upper() for c in order])
    assert [lvl.code for lvl in result] == order
    assert [row[0] for row in levels()] == order and [row[2] for row in levels()] == [1, 2, 3, 4, 5]
    records = level_records().filter(action="update").order_by("object_repr")
    assert [(r.object_repr, r.changes) for r in records] == [
        ("NCT · branch Chi hội", {"rank": [4, 5]}),
        ("NCT · group Tổ hội", {"rank": [5, 4]}),
    ]
    assert all(r.association_id == nct().pk and "group, branch" in r.message for r in records)
    assert len({r.request_id for r in records}) == 1


def test_reorder_compacts_ranks_and_an_unchanged_order_writes_nothing(personas):
    level_save(actor=personas["sysadmin"], association=nct(), level=level("group"), data={"rank": 40})
    levels_reorder(actor=personas["sysadmin"], association=nct(), codes=DEFAULT)
    assert [row[2] for row in levels()] == [1, 2, 3, 4, 5]
    before = level_records().count()
    levels_reorder(actor=personas["sysadmin"], association=nct(), codes=DEFAULT)
    assert level_records().count() == before


def test_reorder_refusals(personas):
    admin = personas["assoc_admin"]
    err = refused_level(
        "level_order",
        levels_reorder,
        actor=admin,
        association=nct(),
        codes=["central", "commune", "province", "branch", "group"],
    )
    assert "NCT.01.00004" in err.message and "NCT.01 " in err.message
    for codes in (DEFAULT[:4], [*DEFAULT, "xyz"], [*DEFAULT[:4], "central"], []):
        err = refused_level("bad_order", levels_reorder, actor=admin, association=nct(), codes=codes)
        assert "central, province, commune, branch, group" in err.message


def test_the_level_of_units_without_a_parent_stays_the_top_level(personas):
    err = refused_level(
        "level_order",
        levels_reorder,
        actor=personas["assoc_admin"],
        association=nct(),
        codes=["group", "central", "province", "commune", "branch"],
    )
    assert "NCT " in err.message and "cao nhất" in err.message
    for code in reversed(DEFAULT):  # room above the central level: ranks 11..15
        level_save(
            actor=personas["sysadmin"], association=nct(), level=level(code), data={"rank": level(code).rank + 10}
        )
    refused_level(
        "level_order",
        level_save,
        actor=personas["assoc_admin"],
        association=nct(),
        data={"code": "quoc_te", "name": "Quốc tế", "rank": 3},
    )


def test_ended_relations_count_too(personas, operator):
    """A group that once sat under the branch keeps 'group below branch', even after the group ended."""
    association = nct()
    out = unit_create(
        actor=operator,
        association=association,
        level=level("group"),
        spec=NewUnit(name="Tổ 1", parent=get("NCT.01.00004.001")),
        basis=Basis(effective_date=d("01/10/2025")),
    )
    unit_dissolve(actor=operator, unit=get(out.unit_codes[0]), basis=Basis(effective_date=d("01/11/2025")))
    err = refused_level(
        "level_order",
        levels_reorder,
        actor=personas["assoc_admin"],
        association=association,
        codes=["central", "province", "commune", "group", "branch"],
    )
    assert out.unit_codes[0] in err.message
    err = refused_level(
        "level_in_use", level_delete, actor=personas["assoc_admin"], association=association, level=level("group")
    )
    assert "1 đơn vị" in err.message


# --- area level ------------------------------------------------------------------------------------------


def test_area_level_change_must_agree_with_the_units_on_the_level(personas):
    admin = personas["assoc_admin"]
    err = refused_level(
        "area_level_conflict",
        level_save,
        actor=admin,
        association=nct(),
        level=level("commune"),
        data={"has_area": "province"},
    )
    assert err.status == 409 and err.field == "has_area" and "NCT.01.00004" in err.message
    refused_level(
        "area_level_conflict",
        level_save,
        actor=admin,
        association=nct(),
        level=level("province"),
        data={"has_area": "commune"},
    )
    # The branch has no area: any area level fits; clearing the area level always fits.
    level_save(actor=admin, association=nct(), level=level("branch"), data={"has_area": "commune"})
    level_save(actor=admin, association=nct(), level=level("province"), data={"has_area": ""})
    assert level("branch").has_area == "commune" and level("province").has_area == ""


def test_only_open_periods_decide_the_area_level(personas, operator):
    """An ended unit on the level does not hold back the change (only units currently on it)."""
    association = nct()
    out = unit_create(
        actor=operator,
        association=association,
        level=level("group"),
        spec=NewUnit(name="Tổ phường Ba Đình", parent=get("NCT.01.00004.001"), area=get("NCT.01.00004").area),
        basis=Basis(effective_date=datetime.date(2025, 10, 1)),
    )
    refused_level(
        "area_level_conflict",
        level_save,
        actor=personas["assoc_admin"],
        association=association,
        level=level("group"),
        data={"has_area": "province"},
    )
    unit_dissolve(actor=operator, unit=get(out.unit_codes[0]), basis=Basis(effective_date=d("01/11/2025")))
    level_save(
        actor=personas["assoc_admin"], association=association, level=level("group"), data={"has_area": "province"}
    )
    assert level("group").has_area == "province"


# --- deleting --------------------------------------------------------------------------------------------


def test_an_unused_level_is_deleted_with_an_audit_record(personas):
    group = level("group")
    pk = group.pk
    level_delete(actor=personas["assoc_admin"], association=nct(), level=group)
    assert [row[0] for row in levels()] == DEFAULT[:4]
    record = level_records().get(action="delete")
    assert record.object_id == str(pk) and record.association_id == nct().pk
    assert record.changes["code"] == ["group", None] and record.changes["rank"] == [5, None]
    assert record.action_label


def test_a_used_level_cannot_be_deleted(personas):
    err = refused_level(
        "level_in_use", level_delete, actor=personas["sysadmin"], association=nct(), level=level("branch")
    )
    assert err.status == 409


def test_the_last_level_cannot_be_deleted(personas):
    sysadmin = personas["sysadmin"]
    association = association_create(
        actor=sysadmin,
        data={"code": "THU", "name": "Hội Thử", "is_centrally_assigned": False, "valid_from": d("01/01/2026")},
        with_default_levels=False,
    )
    only = level_save(actor=sysadmin, association=association, data={"code": "central", "name": "Trung ương"})
    assert only.rank == 1
    err = refused("last_level", level_delete, actor=sysadmin, association=association, level=only)
    assert err.status == 409
