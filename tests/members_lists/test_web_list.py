"""The member list page: official order, masked personal data unless asked for (and then audited), HTMX
fragment, pagination and export links that keep the filters."""

import pytest
from django.urls import reverse

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.core.web import PAGE_SIZE
from quanlyhoi.members.models import Membership

pytestmark = pytest.mark.django_db
URL = "/members/"


def views():
    return AuditRecord.objects.filter(action="member.view_personal")


def test_list_route_is_members_list():
    assert reverse("members:list") == URL


def test_officer_sees_its_members_in_official_order(world_members, login_client):
    body = login_client("commune_officer").get(URL).content.decode()
    assert body.index("Nguyễn Văn An") < body.index("Trần Thị Bình") < body.index("Bùi Văn Hùng")


def test_list_masks_personal_data_by_default(world_members, login_client):
    body = login_client("commune_officer").get(URL).content.decode()
    assert "091****678" in body and "0912345678" not in body and "********1234" in body


def test_masked_list_is_not_audited(world_members, login_client):
    login_client("commune_officer").get(URL)
    assert not views().exists()


def test_personal_data_shown_when_asked_for(world_members, login_client):
    body = login_client("commune_officer").get(URL, {"personal": "1"}).content.decode()
    assert "0912345678" in body and "001050001234" in body and "05/01/1950" in body


def test_personal_data_shown_is_audited_once_per_page(world_members, login_client):
    login_client("commune_officer").get(URL, {"personal": "1", "unit": "NCT.01.00004"})
    record = views().get()
    assert (record.changes["rows"], record.changes["filters"], record.unit_path) == (
        3,
        {"unit": "NCT.01.00004"},
        Membership.objects.get(member_number="NCT-BD-001").unit.path,
    )


def test_audit_names_the_user(world_members, login_client, personas):
    login_client("commune_officer").get(URL, {"personal": "1"})
    assert views().get().actor == personas["commune_officer"]


@pytest.mark.parametrize("persona", ["overseer", "inspector"])
def test_roles_without_the_permission_stay_masked(world_members, login_client, persona):
    body = login_client(persona).get(URL, {"personal": "1"}).content.decode()
    assert "0912345678" not in body and "091****678" in body


@pytest.mark.parametrize("persona", ["overseer", "inspector"])
def test_roles_without_the_permission_are_not_offered_the_switch(world_members, login_client, persona):
    body = login_client(persona).get(URL).content.decode()
    assert 'name="personal"' not in body


def test_asking_without_the_permission_writes_no_audit(world_members, login_client):
    login_client("inspector").get(URL, {"personal": "1"})
    assert not views().exists()


def test_officer_is_offered_the_switch(world_members, login_client):
    assert 'name="personal"' in login_client("commune_officer").get(URL).content.decode()


def test_outsider_sees_none_of_ncts_members(world_members, login_client):
    body = login_client("outsider").get(URL).content.decode()
    assert "Nguyễn Văn An" not in body and "Bùi Văn Hùng" in body


def test_rows_link_to_the_member_page(world_members, login_client):
    membership = Membership.objects.get(member_number="NCT-BD-001")
    body = login_client("commune_officer").get(URL).content.decode()
    assert f'href="{reverse("members:detail", args=[membership.pk])}"' in body


def test_search_box_filters_the_list(world_members, login_client):
    body = login_client("assoc_admin").get(URL, {"q": "binh"}).content.decode()
    assert "Trần Thị Bình" in body and "Nguyễn Văn An" not in body


def test_htmx_request_gets_only_the_table(world_members, login_client):
    response = login_client("assoc_admin").get(URL, {"q": "an"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<table" in body and "<html" not in body


def test_response_varies_on_htmx(world_members, login_client):
    response = login_client("assoc_admin").get(URL)
    assert "HX-Request" in response["Vary"]


def test_export_links_carry_the_filters(world_members, login_client):
    body = login_client("assoc_admin").get(URL, {"unit": "NCT.01.00004", "status": "active"}).content.decode()
    assert "/members/export/?format=xlsx&amp;unit=NCT.01.00004&amp;status=active" in body


def test_export_links_do_not_carry_the_personal_switch(world_members, login_client):
    body = login_client("assoc_admin").get(URL, {"unit": "NCT.01.00004", "personal": "1"}).content.decode()
    assert 'format=csv&amp;unit=NCT.01.00004"' in body


def test_invalid_filter_is_shown(world_members, login_client):
    body = login_client("assoc_admin").get(URL, {"status": "alive"}).content.decode()
    assert 'class="alert alert-warning"' in body


def test_pagination_keeps_repeated_filter_values(join, login_client):
    for i in range(PAGE_SIZE + 1):
        join("NCT.01.00008", f"Nguyễn Văn Số{i:02d}")
    body = login_client("assoc_admin").get(URL, {"status": ["active", "suspended"]}).content.decode()
    assert "?status=active&amp;status=suspended&amp;page=2" in body


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).status_code == 302


def test_long_lists_are_not_counted_exactly(world_members, login_client, monkeypatch):
    from quanlyhoi.members.views import lists

    monkeypatch.setattr(lists, "COUNT_CAP", 2)
    body = login_client("assoc_admin").get(URL).content.decode()
    assert "More than 2 members" in body or "Hơn 2 hội viên" in body
