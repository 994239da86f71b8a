"""Registry edits outside the tree: associations and unit contact data."""

import pytest

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import Association, UnitLevel
from quanlyhoi.orgs.services import association_create, association_update, unit_update
from quanlyhoi.orgs.services.registry import association_editable_fields
from tests.orgs.util import d, get, refused

pytestmark = pytest.mark.django_db


def nct() -> Association:
    return Association.objects.get(code="NCT")


def new_association(**extra):
    return {
        "code": " hnd ",
        "name": "  Hội Nông dân   thử ",
        "is_centrally_assigned": False,
        "valid_from": d("01/01/2026"),
        **extra,
    }


def test_system_administrator_registers_an_association_with_default_levels(personas):
    association = association_create(actor=personas["sysadmin"], data=new_association())
    assert (association.code, association.name, association.name_folded) == (
        "HND",
        "Hội Nông dân thử",
        "hoi nong dan thu",
    )
    assert list(UnitLevel.objects.filter(association=association).values_list("code", "rank", "has_area")) == [
        ("central", 1, ""),
        ("province", 2, "province"),
        ("commune", 3, "commune"),
        ("branch", 4, ""),
        ("group", 5, ""),
    ]
    rec = AuditRecord.objects.get(object_type="orgs.association", object_id=str(association.pk))
    assert rec.action == "create" and rec.changes["code"] == [None, "HND"]


def test_association_create_refusals(personas):
    refused("code_taken", association_create, actor=personas["sysadmin"], data=new_association(code="nct"))
    refused(
        "bad_dates",
        association_create,
        actor=personas["sysadmin"],
        data=new_association(valid_to=d("01/01/2025")),
    )
    for name in ("assoc_admin", "overseer", "province_officer"):
        refused("forbidden", association_create, actor=personas[name], data=new_association())


def test_association_admin_edits_contact_data_only(personas):
    admin = personas["assoc_admin"]
    assert association_editable_fields(admin, nct()) == {"address", "phone", "email", "website", "note"}
    association_update(actor=admin, association=nct(), data={"phone": "024 3943 0000", "website": "https://hoinct.vn"})
    assert nct().phone == "024 3943 0000"
    err = refused("forbidden", association_update, actor=admin, association=nct(), data={"name": "Hội khác"})
    assert "name" in err.message


def test_unchanged_fields_outside_ones_rights_may_be_sent_back(personas):
    """A client that sends the whole record back, with the dates unchanged, is not refused for them."""
    association = nct()
    association_update(
        actor=personas["assoc_admin"],
        association=association,
        data={"phone": "024 1", "name": association.name, "valid_from": association.valid_from, "valid_to": None},
    )
    assert nct().phone == "024 1"


def test_system_administrator_edits_everything_but_the_code(personas):
    association_update(
        actor=personas["sysadmin"], association=nct(), data={"name": "Hội Người cao tuổi Việt Nam (sửa)"}
    )
    assert nct().name_folded == "hoi nguoi cao tuoi viet nam (sua)"
    refused("forbidden", association_update, actor=personas["sysadmin"], association=nct(), data={"code": "NCT2"})


def test_others_cannot_edit_an_association(personas):
    for name in ("province_officer", "commune_officer", "inspector", "overseer"):
        refused("forbidden", association_update, actor=personas[name], association=nct(), data={"phone": "1"})
    refused("not_found", association_update, actor=personas["outsider"], association=nct(), data={"phone": "1"})


def test_unit_contact_data(personas):
    officer = personas["commune_officer"]
    unit_update(
        actor=officer, unit=get("NCT.01.00004"), data={"address": " 1 Phan Đình Phùng ", "email": "bd@hoinct.vn"}
    )
    unit = get("NCT.01.00004")
    assert (unit.address, unit.email) == ("1 Phan Đình Phùng", "bd@hoinct.vn")
    err = refused("not_editable", unit_update, actor=officer, unit=get("NCT.01.00004"), data={"name": "Tên khác"})
    assert "name" in err.message
    refused("invalid", unit_update, actor=officer, unit=get("NCT.01.00004"), data={"email": "khong-phai-email"})
    refused("not_found", unit_update, actor=officer, unit=get("NCT.01.00008"), data={"phone": "1"})
    refused("forbidden", unit_update, actor=personas["inspector"], unit=get("NCT.01.00008"), data={"phone": "1"})
    refused("not_found", unit_update, actor=personas["outsider"], unit=get("NCT.01.00008"), data={"phone": "1"})
