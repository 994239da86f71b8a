"""Creating units: the new unit exists from its effective date, with a code derived from its place, and every
refusal names its rule in Vietnamese without writing anything."""

import pytest

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.paths import child_path
from quanlyhoi.orgs.models import Association, EventUnit, RestructuringEvent, Unit, UnitLevel, UnitPeriod
from quanlyhoi.orgs.services import Basis, NewUnit, unit_create, unit_dissolve
from tests.orgs.util import check_invariants, counts, d, get, refused, tree
from tests.world import area, legacy

pytestmark = pytest.mark.django_db


def level(code: str, association: str = "NCT") -> UnitLevel:
    return UnitLevel.objects.get(association__code=association, code=code)


def nct() -> Association:
    return Association.objects.get(code="NCT")


def create(actor, level_code, name, parent_code, day, area_obj=None, code=None, association="NCT", preview=False):
    return unit_create(
        actor=actor,
        association=Association.objects.get(code=association),
        level=level(level_code, association),
        spec=NewUnit(name=name, area=area_obj, parent=get(parent_code) if parent_code else None, code=code),
        basis=Basis(effective_date=d(day), decision_number="12/QĐ-NCT"),
        preview=preview,
    )


def test_created_commune_exists_from_its_effective_date_only(operator):
    before = counts()
    out = create(operator, "commune", "  Hội NCT phường   Giảng Võ ", "NCT.01", "15/10/2025", area("00025"))

    assert out.unit_codes == ["NCT.01.00025"]
    new = get("NCT.01.00025")
    assert new.name == "Hội NCT phường Giảng Võ"  # normalised
    assert new.parent == get("NCT.01")
    assert new.path == child_path(get("NCT.01").path, new.pk)
    assert new.valid_from == d("15/10/2025") and new.valid_to is None
    assert "NCT.01.00025" not in tree("NCT.01", d("14/10/2025"))
    assert tree("NCT.01", d("15/10/2025")) == [
        "NCT.01",
        "NCT.01.00004",
        "NCT.01.00004.001",
        "NCT.01.00008",
        "NCT.01.00025",
    ]
    period = UnitPeriod.objects.get(unit=new)
    assert (period.valid_from, period.valid_to, period.area.code) == (d("15/10/2025"), None, "00025")
    event = RestructuringEvent.objects.get(pk=out.event_id)
    assert (event.kind, event.effective_date, event.decision_number) == ("create", d("15/10/2025"), "12/QĐ-NCT")
    assert event.scope_path == get("NCT.01").path
    assert period.event == event
    assert list(EventUnit.objects.filter(event=event).values_list("unit__code", "role")) == [
        ("NCT.01.00025", "created")
    ]
    after = counts()
    assert after["orgs.Unit"] == before["orgs.Unit"] + 1
    assert after["orgs.UnitPeriod"] == before["orgs.UnitPeriod"] + 1
    check_invariants()


def test_branch_codes_are_numbered_and_never_reused(operator):
    out = create(operator, "branch", "Chi hội số 2 Ba Đình", "NCT.01.00004", "01/10/2025")
    assert out.unit_codes == ["NCT.01.00004.002"]
    unit_dissolve(actor=operator, unit=get("NCT.01.00004.002"), basis=Basis(effective_date=d("01/11/2025")))
    out = create(operator, "branch", "Chi hội số 2 (mới)", "NCT.01.00004", "01/12/2025")
    assert out.unit_codes == ["NCT.01.00004.003"]


def test_area_codes_are_not_reused_after_a_unit_ends(operator):
    unit_dissolve(actor=operator, unit=get("NCT.01.00008"), basis=Basis(effective_date=d("01/10/2025")))
    out = create(operator, "commune", "Hội NCT phường Ngọc Hà", "NCT.01", "01/11/2025", area("00008"))
    assert out.unit_codes == ["NCT.01.00008-2"]
    assert get("NCT.01.00008").valid_to == d("01/10/2025")


def test_explicit_code_is_upper_cased_and_must_be_free(operator):
    out = create(operator, "branch", "Chi hội Giảng Võ", "NCT.01.00004", "01/10/2025", code="nct.01.00004.cv1")
    assert out.unit_codes == ["NCT.01.00004.CV1"]
    refused("code_taken", create, operator, "branch", "X", "NCT.01.00004", "01/10/2025", code="NCT.01.00008")
    refused("bad_code", create, operator, "branch", "X", "NCT.01.00004", "01/10/2025", code="NCT 01/2")


def test_a_second_root_is_refused(operator):
    refused("root_exists", create, operator, "central", "Trung ương thứ hai", None, "01/01/2026")


def test_a_province_chapter_needs_a_parent(operator):
    refused("parent_required", create, operator, "province", "Hội NCT mồ côi", None, "01/01/2026", area("04"))


def test_commune_under_commune_is_refused(operator):
    refused("level_order", create, operator, "commune", "Hội NCT Giảng Võ", "NCT.01.00004", "01/10/2025", area("00025"))


def test_province_under_province_is_refused(operator):
    refused("level_order", create, operator, "province", "Hội NCT Cao Bằng", "NCT.01", "01/10/2025", area("04"))


def test_area_of_the_wrong_level_is_refused(operator):
    refused("area_level_mismatch", create, operator, "commune", "Hội NCT Hà Nội", "NCT.01", "01/10/2025", area("01"))
    refused("area_level_mismatch", create, operator, "province", "Hội NCT Ba Đình", "NCT", "01/10/2025", area("00004"))


def test_area_not_in_force_on_the_effective_date_is_refused(operator):
    # The 34 provinces start on 01/07/2025; the 63 old ones end then.
    refused("area_not_valid", create, operator, "province", "Hội NCT Lào Cai", "NCT", "30/06/2025", area("15"))
    refused("area_not_valid", create, operator, "province", "Hội NCT Yên Bái", "NCT", "01/07/2025", legacy("15"))
    out = create(operator, "province", "Hội NCT Yên Bái", "NCT", "30/06/2025", legacy("15"))
    assert out.unit_codes == ["NCT.15"]


def test_level_of_another_association_is_refused(operator):
    refused(
        "different_association",
        unit_create,
        actor=operator,
        association=nct(),
        level=level("branch", "CTD"),
        spec=NewUnit(name="Chi hội", parent=get("NCT.01.00004")),
        basis=Basis(effective_date=d("01/10/2025")),
    )


def test_parent_of_another_association_is_refused(operator):
    refused(
        "different_association",
        unit_create,
        actor=operator,
        association=nct(),
        level=level("branch"),
        spec=NewUnit(name="Chi hội", parent=get("CTD.01.00004")),
        basis=Basis(effective_date=d("01/10/2025")),
    )


def test_parent_that_does_not_exist_yet_on_the_date_is_refused(operator):
    # NCT.01.00004 exists from 01/08/2025.
    refused("parent_not_valid", create, operator, "branch", "Chi hội sớm", "NCT.01.00004", "31/07/2025")


def test_ended_parent_is_refused(operator):
    unit_dissolve(actor=operator, unit=get("NCT.01.00008"), basis=Basis(effective_date=d("01/10/2025")))
    refused("parent_not_valid", create, operator, "branch", "Chi hội", "NCT.01.00008", "01/11/2025")


def test_parent_changed_after_the_effective_date_is_refused(operator):
    from quanlyhoi.orgs.services import unit_rename

    unit_rename(
        actor=operator,
        unit=get("NCT.01.00004"),
        name="Hội NCT phường Ba Đình (mới)",
        basis=Basis(effective_date=d("01/12/2025")),
    )
    refused("overlapping_event", create, operator, "branch", "Chi hội", "NCT.01.00004", "01/11/2025")


def test_empty_name_is_refused(operator):
    refused("name_required", create, operator, "branch", "   ", "NCT.01.00004", "01/10/2025")


def test_unit_officer_creates_below_its_scope_but_not_elsewhere(personas):
    officer = personas["commune_officer"]
    out = create(officer, "branch", "Chi hội số 2 Ba Đình", "NCT.01.00004", "01/10/2025")
    assert out.unit_codes == ["NCT.01.00004.002"]
    # A parent outside its scope is invisible to it: not found, not "forbidden".
    with pytest.raises(DomainError) as info:
        create(officer, "branch", "Chi hội", "NCT.01.00008", "01/10/2025")
    assert info.value.code == "not_found" and info.value.status == 404
    assert not Unit.objects.filter(code__startswith="NCT.01.00008.").exists()


def test_only_association_admins_create_a_root(personas):
    association = Association.objects.get(code="HNB")
    for name in ("province_officer", "inspector", "outsider"):
        refused(
            "forbidden",
            unit_create,
            actor=personas[name],
            association=association,
            level=level("central", "HNB"),
            spec=NewUnit(name="Trung ương Hội Nhà báo"),
            basis=Basis(effective_date=d("01/01/2026")),
        )
    out = unit_create(
        actor=personas["sysadmin"],
        association=association,
        level=level("central", "HNB"),
        spec=NewUnit(name="Trung ương Hội Nhà báo"),
        basis=Basis(effective_date=d("01/01/2026")),
    )
    assert out.unit_codes == ["HNB"]


def test_inspector_and_overseer_cannot_create(personas):
    for name in ("inspector", "overseer"):
        refused("forbidden", create, personas[name], "branch", "Chi hội", "NCT.01.00004", "01/10/2025")


def test_preview_creates_nothing(operator):
    out = create(operator, "branch", "Chi hội thử", "NCT.01.00004", "01/10/2025", preview=True)
    assert out.preview and out.event_id is None
    assert out.unit_codes == ["NCT.01.00004.002"]
    assert out.lines and "NCT.01.00004.002" in out.lines[0]
    assert not Unit.objects.filter(code="NCT.01.00004.002").exists()
