"""Renaming: the old name stays the name of every day before the effective date."""

import pytest

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import EventUnit, UnitPeriod
from quanlyhoi.orgs.services import Basis, unit_dissolve, unit_rename
from tests.orgs.util import check_invariants, counts, d, get, refused, tree_names
from tests.world import area, legacy

pytestmark = pytest.mark.django_db


def rename(actor, code, name, day, **kw):
    return unit_rename(actor=actor, unit=get(code), name=name, basis=Basis(effective_date=d(day)), **kw)


def test_name_changes_from_the_effective_date(operator):
    before = counts()
    out = rename(operator, "NCT.01.00004", "Hội Người cao tuổi phường Ba Đình", "01/10/2025")

    assert tree_names("NCT.01", d("30/09/2025"))["NCT.01.00004"] == "Hội NCT phường Ba Đình"
    assert tree_names("NCT.01", d("01/10/2025"))["NCT.01.00004"] == "Hội Người cao tuổi phường Ba Đình"
    unit = get("NCT.01.00004")
    assert unit.name == "Hội Người cao tuổi phường Ba Đình"
    assert unit.name_folded == "hoi nguoi cao tuoi phuong ba dinh"
    old, new = UnitPeriod.objects.filter(unit=unit).order_by("valid_from")
    assert (old.valid_from, old.valid_to, old.name) == (d("01/08/2025"), d("01/10/2025"), "Hội NCT phường Ba Đình")
    assert (new.valid_from, new.valid_to, new.path, new.parent_id) == (d("01/10/2025"), None, old.path, old.parent_id)
    assert new.event_id == out.event_id
    assert EventUnit.objects.get(event_id=out.event_id).role == "renamed"
    # Only the renamed unit gets a period; its children keep theirs.
    after = counts()
    assert after["orgs.UnitPeriod"] == before["orgs.UnitPeriod"] + 1
    assert after["orgs.Unit"] == before["orgs.Unit"]
    assert UnitPeriod.objects.filter(unit__code="NCT.01.00004.001").count() == 1
    rec = AuditRecord.objects.get(object_type="orgs.unit", object_id=str(unit.pk), action="restructure.rename")
    assert rec.changes == {"name": ["Hội NCT phường Ba Đình", "Hội Người cao tuổi phường Ba Đình"]}
    check_invariants()


def test_rename_with_a_new_area(operator):
    rename(operator, "NCT.08", "Hội Người cao tuổi tỉnh Tuyên Quang", "01/07/2025", area=area("08"))
    unit = get("NCT.08")
    assert unit.area.code == "08" and unit.area.generation == "2025"
    assert UnitPeriod.objects.as_of(d("30/06/2025")).get(unit=unit).area == legacy("08")
    assert UnitPeriod.objects.as_of(d("01/07/2025")).get(unit=unit).area == area("08")
    check_invariants()


def test_rename_after_the_reform_must_also_give_a_current_area(operator):
    # NCT.04 still sits in the old province of Cao Bằng (ended 01/07/2025). A later change must bring it into
    # the current areas: keeping the old one would also leave a change after 01/07/2025 that blocks the 2025
    # merger of the association (overlapping_event).
    refused("area_not_valid", rename, operator, "NCT.04", "Hội Người cao tuổi tỉnh Cao Bằng (sửa)", "01/10/2025")
    rename(operator, "NCT.04", "Hội Người cao tuổi tỉnh Cao Bằng (sửa)", "01/10/2025", area=area("04"))
    assert get("NCT.04").area == area("04")
    check_invariants()


def test_same_name_and_area_is_no_change(operator):
    refused("no_change", rename, operator, "NCT.01.00004", " Hội NCT  phường Ba Đình ", "01/10/2025")


def test_empty_name_is_refused(operator):
    refused("name_required", rename, operator, "NCT.01.00004", "  ", "01/10/2025")


def test_date_before_the_unit_exists_is_refused(operator):
    refused("before_unit_exists", rename, operator, "NCT.01.00004", "Tên mới", "31/07/2025")


def test_date_of_the_last_change_or_earlier_is_refused(operator):
    refused("overlapping_event", rename, operator, "NCT.01.00004", "Tên mới", "01/08/2025")
    rename(operator, "NCT.01.00004", "Tên mới", "01/10/2025")
    refused("overlapping_event", rename, operator, "NCT.01.00004", "Tên khác", "01/10/2025")
    refused("overlapping_event", rename, operator, "NCT.01.00004", "Tên khác", "15/09/2025")
    rename(operator, "NCT.01.00004", "Tên khác", "02/10/2025")


def test_date_on_or_after_the_end_is_refused(operator):
    unit_dissolve(actor=operator, unit=get("NCT.01.00004.001"), basis=Basis(effective_date=d("01/10/2025")))
    refused("after_unit_ends", rename, operator, "NCT.01.00004.001", "Tên mới", "01/10/2025")
    refused("after_unit_ends", rename, operator, "NCT.01.00004.001", "Tên mới", "01/01/2026")
    # Before its end, but the unit has ended: history is closed.
    refused("unit_ended", rename, operator, "NCT.01.00004.001", "Tên mới", "15/09/2025")


def test_area_of_the_wrong_level_is_refused(operator):
    refused("area_level_mismatch", rename, operator, "NCT.01.00004", "Tên mới", "01/10/2025", area=area("01"))


def test_area_not_in_force_is_refused(operator):
    refused("area_not_valid", rename, operator, "NCT.04", "Tên mới", "30/06/2025", area=area("04"))


def test_unit_officer_renames_below_its_root_but_not_its_root(personas):
    officer = personas["commune_officer"]
    refused("forbidden", rename, officer, "NCT.01.00004", "Tên mới", "01/10/2025")
    rename(officer, "NCT.01.00004.001", "Chi hội số Một", "01/10/2025")
    assert get("NCT.01.00004.001").name == "Chi hội số Một"
    province = personas["province_officer"]
    refused("forbidden", rename, province, "NCT.01", "Tên mới", "01/10/2025")
    rename(province, "NCT.01.00004", "Hội NCT phường Ba Đình mới", "01/10/2025")


def test_out_of_scope_unit_is_not_found_and_read_only_roles_are_forbidden(personas):
    for name in ("outsider", "commune_officer", "province_officer"):
        err = refused("not_found", rename, personas[name], "NCT.08", "Tên mới", "01/10/2025")
        assert err.status == 404
    for name in ("inspector", "overseer"):
        err = refused("forbidden", rename, personas[name], "NCT.08", "Tên mới", "01/10/2025")
        assert err.status == 403
    with pytest.raises(DomainError):
        rename(None, "NCT.08", "Tên mới", "01/10/2025")
