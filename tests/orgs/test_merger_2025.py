"""The 2025 provincial merger (Hướng dẫn 05/HD-MTTW-BTT): province chapters follow the 63 -> 34 mapping."""

import datetime

import pytest

from quanlyhoi.core.errors import DomainError
from quanlyhoi.geo.models import AdminArea, AreaSuccession
from quanlyhoi.orgs import queries
from quanlyhoi.orgs.models import Association, RestructuringEvent, Unit, UnitLevel, UnitPeriod
from quanlyhoi.orgs.services import Basis, NewUnit, merger2025, unit_create
from tests.orgs.util import check_invariants, d, get, parent_on, refused, state, tree
from tests.world import area, legacy

pytestmark = pytest.mark.django_db

EVE, REFORM = d("30/06/2025"), d("01/07/2025")


def nct() -> Association:
    return Association.objects.get(code="NCT")


def test_the_mapping_comes_from_the_area_successions():
    def successor(code):
        return AreaSuccession.objects.get(predecessor=legacy(code)).successor

    assert successor("02") == area("08")  # Hà Giang -> Tuyên Quang
    assert successor("08") == area("08")
    assert successor("01") == area("01")
    assert successor("04") == area("04")
    assert area("08").name == "Tỉnh Tuyên Quang"
    predecessors = {s.predecessor.code for s in AreaSuccession.objects.filter(successor=area("04"))}
    assert predecessors == {"04"}  # Cao Bằng was not merged
    assert {s.predecessor.name for s in AreaSuccession.objects.filter(successor=area("08"))} == {
        "Tỉnh Hà Giang",
        "Tỉnh Tuyên Quang",
    }


def test_plan_groups_hagiang_into_tuyenquang_and_only_moves_the_others_to_the_new_area():
    plan = merger2025.plan(nct())
    assert [s.as_dict() for s in plan.steps] == [
        {
            "new_area": {"code": "01", "name": "Thành phố Hà Nội"},
            "sources": [],
            "target": "NCT.01",
            "new_name": "Hội Người cao tuổi tỉnh Hà Nội",
            "kind": "rename",
        },
        {
            "new_area": {"code": "04", "name": "Tỉnh Cao Bằng"},
            "sources": [],
            "target": "NCT.04",
            "new_name": "Hội Người cao tuổi tỉnh Cao Bằng",
            "kind": "rename",
        },
        {
            "new_area": {"code": "08", "name": "Tỉnh Tuyên Quang"},
            "sources": ["NCT.02"],
            "target": "NCT.08",
            "new_name": "Hội Người cao tuổi tỉnh Tuyên Quang",
            "kind": "merge",
        },
    ]


def test_renamed_for_takes_the_new_provinces_name_and_kind():
    assert (
        merger2025.renamed_for("Hội Người cao tuổi tỉnh Hà Giang", legacy("02"), area("08"))
        == "Hội Người cao tuổi tỉnh Tuyên Quang"
    )
    # Hải Dương joined the city of Hải Phòng: "tỉnh" becomes "thành phố".
    assert (
        merger2025.renamed_for("Hội Người cao tuổi tỉnh Hải Dương", legacy("30"), area("31"))
        == "Hội Người cao tuổi thành phố Hải Phòng"
    )
    # A name that does not mention the old province keeps it and gains the new one.
    assert merger2025.renamed_for("Hội NCT", legacy("02"), area("08")) == "Hội NCT (Tỉnh Tuyên Quang)"


def test_preview_writes_nothing(operator):
    before = state()
    plan = merger2025.apply(actor=operator, association=nct(), preview=True)
    assert state() == before
    assert not plan.applied
    assert [o.kind for o in plan.outcomes] == ["rename", "rename", "merge"]
    assert all(o.preview and o.event_id is None for o in plan.outcomes)
    assert "NCT.02 Hội Người cao tuổi tỉnh Hà Giang hợp nhất vào NCT.08 từ ngày 01/07/2025" in plan.as_dict()["lines"]


def test_apply_dates_the_events_01_07_2025_under_the_guidance(operator):
    plan = merger2025.apply(actor=operator, association=nct())
    assert plan.applied
    events = RestructuringEvent.objects.filter(pk__in=[o.event_id for o in plan.outcomes]).order_by("pk")
    assert [(e.kind, e.effective_date, e.decision_number) for e in events] == [
        ("rename", REFORM, "05/HD-MTTW-BTT"),
        ("rename", REFORM, "05/HD-MTTW-BTT"),
        ("merge", REFORM, "05/HD-MTTW-BTT"),
    ]
    assert get("NCT.02").valid_to == REFORM
    for code, area_code in [("NCT.01", "01"), ("NCT.04", "04"), ("NCT.08", "08")]:
        unit = get(code)
        assert unit.valid_to is None
        assert (unit.area.generation, unit.area.code) == ("2025", area_code)
    assert get("NCT.08").name == "Hội Người cao tuổi tỉnh Tuyên Quang"
    check_invariants()


def test_decision_number_can_be_given(operator):
    plan = merger2025.apply(actor=operator, association=nct(), decision_number="17/QĐ-NCT")
    assert set(
        RestructuringEvent.objects.filter(pk__in=[o.event_id for o in plan.outcomes]).values_list(
            "decision_number", flat=True
        )
    ) == {"17/QĐ-NCT"}


def test_second_apply_has_nothing_to_merge(operator):
    merger2025.apply(actor=operator, association=nct())
    refused("nothing_to_merge", merger2025.apply, actor=operator, association=nct())
    # An association whose chapters already sit in the 34 provinces has nothing to merge either.
    refused("nothing_to_merge", merger2025.apply, actor=operator, association=Association.objects.get(code="CTD"))


def test_tree_before_the_reform_still_shows_the_old_chapters(operator):
    merger2025.apply(actor=operator, association=nct())
    assert tree("NCT", EVE) == ["NCT", "NCT.01", "NCT.02", "NCT.04", "NCT.08"]
    # Old areas are labelled as such, so the tree of 30/06/2025 cannot be mistaken for today's.
    assert [n.area for n in queries.tree_rows(operator, get("NCT"), EVE)][1:] == [
        "Thành phố Hà Nội (trước 1/7/2025)",
        "Tỉnh Hà Giang (trước 1/7/2025)",
        "Tỉnh Cao Bằng (trước 1/7/2025)",
        "Tỉnh Tuyên Quang (trước 1/7/2025)",
    ]
    eve_areas = (
        UnitPeriod.objects.as_of(EVE)
        .filter(unit__code__in=["NCT.01", "NCT.08"])
        .values_list("area__generation", flat=True)
    )
    assert set(eve_areas) == {"legacy"}
    assert tree("NCT", REFORM) == ["NCT", "NCT.01", "NCT.04", "NCT.08"]
    assert {n.code: n.area for n in queries.tree_rows(operator, get("NCT"), REFORM, max_depth=1)} == {
        "NCT": None,
        "NCT.01": "Thành phố Hà Nội",
        "NCT.04": "Tỉnh Cao Bằng",
        "NCT.08": "Tỉnh Tuyên Quang",
    }


def test_lineage_of_the_keeper_lists_the_merged_chapter(operator):
    merger2025.apply(actor=operator, association=nct())
    lineage = queries.lineage(get("NCT.08"))
    assert [r["unit"].code for r in lineage["predecessors"]] == ["NCT.02"]
    assert lineage["predecessors"][0]["event"].effective_date == REFORM
    assert [r["unit"].code for r in queries.lineage(get("NCT.02"))["successors"]] == ["NCT.08"]
    assert queries.lineage(get("NCT.01")) == {"predecessors": [], "successors": []}


def test_children_of_a_merged_chapter_move_to_the_keeper(operator):
    out = unit_create(
        actor=operator,
        association=nct(),
        level=UnitLevel.objects.get(association=nct(), code="commune"),
        spec=NewUnit(name="Hội NCT thị trấn Yên Minh", parent=get("NCT.02")),
        basis=Basis(effective_date=d("01/03/2024")),
    )
    child = out.unit_codes[0]
    merger2025.apply(actor=operator, association=nct())
    assert parent_on(child, EVE) == "NCT.02"
    assert parent_on(child, REFORM) == "NCT.08"
    assert get(child).path.startswith(get("NCT.08").path)
    assert child in tree("NCT.08", REFORM) and child in tree("NCT.02", EVE)
    check_invariants()


def test_a_chapter_created_under_an_old_province_after_the_reform_blocks_the_merger(operator):
    unit_create(
        actor=operator,
        association=nct(),
        level=UnitLevel.objects.get(association=nct(), code="commune"),
        spec=NewUnit(name="Hội NCT xã Yên Minh", parent=get("NCT.02")),
        basis=Basis(effective_date=d("01/08/2025")),
    )
    refused("before_unit_exists", merger2025.apply, actor=operator, association=nct())


def test_merger_respects_scope(personas):
    # A province officer may not restructure its own chapter; nothing is written.
    with pytest.raises(DomainError) as info:
        merger2025.apply(actor=personas["province_officer"], association=nct())
    assert info.value.code == "forbidden"
    assert get("NCT.02").valid_to is None
    refused("not_found", merger2025.apply, actor=personas["outsider"], association=nct())
    plan = merger2025.apply(actor=personas["assoc_admin"], association=nct())
    assert plan.applied


def test_all_63_old_chapters_become_34(operator):
    """A whole association of 63 old-province chapters ends with one chapter per new province."""
    association = Association.objects.get(code="HNB")
    levels = {lvl.code: lvl for lvl in UnitLevel.objects.filter(association=association)}
    day = datetime.date(2020, 1, 1)
    root_out = unit_create(
        actor=operator,
        association=association,
        level=levels["central"],
        spec=NewUnit(name="Trung ương Hội Nhà báo Việt Nam"),
        basis=Basis(effective_date=day),
    )
    root = Unit.objects.get(code=root_out.unit_codes[0])
    olds = AdminArea.objects.filter(generation="legacy", level="province").order_by("code")
    for old in olds:
        kind = "thành phố" if old.name.startswith("Thành phố") else "tỉnh"
        short = old.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
        unit_create(
            actor=operator,
            association=association,
            level=levels["province"],
            spec=NewUnit(name=f"Hội Nhà báo {kind} {short}", area=old, parent=root),
            basis=Basis(effective_date=day),
        )
    plan = merger2025.plan(association)
    assert len(plan.steps) == 34
    assert sum(len(s.sources) for s in plan.steps) == 63 - 34
    merger2025.apply(actor=operator, association=association)

    living = UnitPeriod.objects.as_of(REFORM).filter(unit__association=association, unit__level=levels["province"])
    assert living.count() == 34
    assert sorted(living.values_list("area__code", flat=True)) == sorted(
        AdminArea.objects.filter(generation="2025", level="province").values_list("code", flat=True)
    )
    assert set(living.values_list("area__generation", flat=True)) == {"2025"}
    # Each keeper is the chapter of the old province whose code the new province kept.
    assert all(p.unit.code == f"HNB.{p.area.code}" for p in living.select_related("unit", "area"))
    assert get("HNB.52").name == "Hội Nhà báo tỉnh Gia Lai"  # Bình Định + Gia Lai -> Gia Lai (code 52)
    assert get("HNB.31").name == "Hội Nhà báo thành phố Hải Phòng"
    assert UnitPeriod.objects.as_of(EVE).filter(unit__association=association).count() == 64
    assert sorted(r["unit"].code for r in queries.lineage(get("HNB.79"))["predecessors"]) == ["HNB.74", "HNB.77"]
    check_invariants()


def test_a_chapter_already_moved_to_its_current_province_is_left_out(operator):
    from quanlyhoi.orgs.services import unit_rename

    unit_rename(
        actor=operator,
        unit=get("NCT.04"),
        name="Hội Người cao tuổi tỉnh Cao Bằng",
        area=area("04"),
        basis=Basis(effective_date=d("01/10/2025")),
    )
    plan = merger2025.plan(nct())
    assert [s.target.code for s in plan.steps] == ["NCT.01", "NCT.08"]
    merger2025.apply(actor=operator, association=nct())
    assert UnitPeriod.objects.as_of(REFORM).get(unit__code="NCT.04").area == legacy("04")
    check_invariants()


def test_old_chapters_merge_into_a_chapter_already_on_the_new_province(operator):
    from tests.world import D2020, create, legacy

    # CTD already has CTD.01 on the 2025 Hà Nội; a chapter of the old Hà Nội was left over beside it.
    leftover = create("CTD", "province", "Hội Chữ thập đỏ Hà Nội (cũ)", parent="CTD", day=D2020, area_obj=legacy("01"))
    ctd = Association.objects.get(code="CTD")
    the_plan = merger2025.plan(ctd)
    assert [s.as_dict() for s in the_plan.steps] == [
        {
            "new_area": {"code": "01", "name": "Thành phố Hà Nội"},
            "sources": [leftover.code],
            "target": "CTD.01",
            "new_name": "Hội Chữ thập đỏ thành phố Hà Nội",
            "kind": "merge",
        }
    ]
    merger2025.apply(actor=operator, association=ctd)
    assert get(leftover.code).valid_to == REFORM
    assert [r["unit"].code for r in queries.lineage(get("CTD.01"))["predecessors"]] == [leftover.code]
    # CTD.01 itself is untouched: same name, same area, no new period.
    assert get("CTD.01").periods.count() == 1
