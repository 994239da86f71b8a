"""The levels of an association on its page: add, edit, delete, reorder, with service refusals on the forms."""

import pytest
from django.urls import reverse

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import UnitLevel
from tests.web.pages import assert_csp_clean, form_errors

pytestmark = pytest.mark.django_db
DETAIL = reverse("orgs:association_detail", args=["NCT"])
CREATE = reverse("orgs:level_create", args=["NCT"])
REORDER = reverse("orgs:levels_reorder", args=["NCT"])


def edit_url(level: str) -> str:
    return reverse("orgs:level_edit", kwargs={"code": "NCT", "level_code": level})


def delete_url(level: str) -> str:
    return reverse("orgs:level_delete", kwargs={"code": "NCT", "level_code": level})


def ranks() -> dict[str, int]:
    return dict(UnitLevel.objects.filter(association__code="NCT").values_list("code", "rank"))


def order(*codes: str) -> dict[str, str]:
    return {f"position_{code}": str(i) for i, code in enumerate(codes, start=1)}


DEFAULT = ("central", "province", "commune", "branch", "group")


@pytest.mark.parametrize("persona", ["sysadmin", "assoc_admin"])
def test_administrators_see_the_level_controls(login_client, persona):
    response = login_client(persona).get(DETAIL)
    assert_csp_clean(response)
    html = response.content.decode()
    assert response.context["can_edit_levels"]
    assert CREATE in html and edit_url("commune") in html and REORDER in html
    # Only levels no unit has ever used offer a delete button, which asks first.
    assert delete_url("group") in html and delete_url("branch") not in html
    assert "data-confirm=" in html
    assert 'form="levels-order"' in html and 'name="position_group"' in html


@pytest.mark.parametrize("persona", ["overseer", "province_officer", "commune_officer", "inspector"])
def test_others_see_the_levels_without_controls(login_client, persona):
    response = login_client(persona).get(DETAIL)
    html = response.content.decode()
    assert not response.context["can_edit_levels"] and response.context["order_form"] is None
    assert CREATE not in html and "levels-order" not in html and "/levels/" not in html
    assert "Chi hội" in html  # the levels themselves are listed


def test_association_admin_adds_a_level(login_client):
    client = login_client("assoc_admin")
    form = client.get(CREATE).context["form"]
    assert list(form.fields) == ["code", "name", "rank", "has_area"]
    response = client.post(CREATE, {"code": "Nhom", "name": "Nhóm hội viên", "rank": "", "has_area": ""})
    assert response.status_code == 302 and response["Location"] == DETAIL
    added = UnitLevel.objects.get(association__code="NCT", code="nhom")
    assert (added.name, added.rank, added.has_area) == ("Nhóm hội viên", 6, "")
    record = AuditRecord.objects.get(object_type="orgs.unitlevel", action="create")
    assert record.source == "web"
    detail = client.get(DETAIL)
    assert record in list(detail.context["history"])  # level changes show in the association's history
    assert "Nhóm hội viên" in detail.content.decode()


def test_service_refusals_are_shown_on_the_form(login_client):
    client = login_client("assoc_admin")
    taken = client.post(CREATE, {"code": "branch", "name": "Chi hội 2"})
    assert taken.status_code == 200 and "đã có cấp mã branch" in str(taken.context["form"].errors["code"])
    bad = client.post(CREATE, {"code": "tổ-2", "name": "X"})
    assert "không hợp lệ" in str(bad.context["form"].errors["code"])
    clash = client.post(edit_url("group"), {"name": "Tổ hội", "rank": "1", "has_area": ""})
    assert "Thứ bậc 1 đã là của cấp Trung ương" in str(clash.context["form"].errors["rank"])
    broken = client.post(edit_url("commune"), {"name": "Xã", "rank": "7", "has_area": "commune"})
    assert "NCT.01.00004.001" in form_errors(broken)
    area = client.post(edit_url("commune"), {"name": "Xã", "rank": "3", "has_area": "province"})
    assert "NCT.01.00004" in str(area.context["form"].errors["has_area"])
    assert_csp_clean(area)
    assert ranks() == dict(zip(DEFAULT, range(1, 6), strict=True))
    assert not AuditRecord.objects.filter(object_type="orgs.unitlevel").exists()


def test_edit_form_has_no_code_and_saves(login_client):
    client = login_client("sysadmin")
    form = client.get(edit_url("GROUP")).context["form"]  # the level code is matched without case
    assert "code" not in form.fields
    assert form.initial == {"name": "Tổ hội", "rank": 5, "has_area": ""}
    response = client.post(edit_url("group"), {"name": "Tổ hội viên", "rank": "9", "has_area": "commune"})
    assert response.status_code == 302
    group = UnitLevel.objects.get(association__code="NCT", code="group")
    assert (group.name, group.rank, group.has_area) == ("Tổ hội viên", 9, "commune")


def test_delete_unused_level_and_refuse_a_used_one(login_client):
    client = login_client("assoc_admin")
    response = client.post(delete_url("group"), follow=True)
    assert "group" not in ranks()
    assert "Tổ hội" in str(list(response.context["messages"])[0])
    refused = client.post(delete_url("branch"), follow=True)
    assert "branch" in ranks()
    assert "Không xoá được cấp Chi hội" in str(list(refused.context["messages"])[0])
    assert client.get(delete_url("branch")).status_code == 405


def test_reorder_swaps_two_levels(login_client):
    client = login_client("assoc_admin")
    response = client.post(REORDER, order("central", "province", "commune", "group", "branch"))
    assert response.status_code == 302 and response["Location"] == DETAIL
    assert ranks() == {"central": 1, "province": 2, "commune": 3, "group": 4, "branch": 5}


def test_reorder_refusals_are_shown_on_the_association_page(login_client):
    client = login_client("assoc_admin")
    response = client.post(REORDER, order("central", "commune", "province", "branch", "group"))
    assert response.status_code == 200
    assert "Không đổi được thứ bậc" in " ".join(response.context["order_form"].non_field_errors())
    assert "Không đổi được thứ bậc" in response.content.decode()
    assert_csp_clean(response)
    same = client.post(REORDER, {**order(*DEFAULT), "position_group": "1"})
    assert same.context["order_form"].non_field_errors()
    assert ranks() == dict(zip(DEFAULT, range(1, 6), strict=True))


def test_unknown_level_is_404_and_others_are_refused(login_client):
    assert login_client("sysadmin").get(edit_url("khong_co")).status_code == 404
    assert login_client("sysadmin").post(delete_url("khong_co")).status_code == 404
    assert login_client("inspector").post(edit_url("group"), {"name": "X", "rank": "5"}).status_code == 403
    assert login_client("outsider").post(REORDER, order(*DEFAULT)).status_code == 404
    assert login_client("province_officer").post(delete_url("group")).status_code == 403
    assert "group" in ranks()
