"""GET /api/v1/members and /api/v1/members/export: the same filters, order, masking and audit as the web."""

import csv
import io

import pytest
from django.test import Client

from quanlyhoi.accounts.services import token_create
from quanlyhoi.core.models import AuditRecord

pytestmark = pytest.mark.django_db
URL = "/api/v1/members"


@pytest.fixture
def api(personas):
    def get(persona, path=URL, **params):
        token = token_create(user=personas[persona])[1]
        return Client().get(path, params, headers={"Authorization": f"Bearer {token}"})

    return get


def numbers(response):
    return [item["member_number"] for item in response.json()["items"]]


def test_list_is_in_official_order(world_members, api):
    assert numbers(api("commune_officer")) == ["NCT-BD-001", "NCT-BD-002", "NCT-BD-003"]


def test_list_is_paginated(world_members, api):
    body = api("assoc_admin", limit=2, offset=1).json()
    assert (body["count"], body["limit"], body["offset"], len(body["items"])) == (5, 2, 1, 2)


def test_list_masks_personal_data_by_default(world_members, api):
    item = api("commune_officer", q="NCT-BD-001").json()["items"][0]
    assert (item["id_number"], item["phone"], item["birth_date"], item["birth_year"], item["personal"]) == (
        "********1234",
        "091****678",
        None,
        1950,
        False,
    )


def test_personal_data_in_clear_when_asked_and_allowed(world_members, api):
    item = api("commune_officer", q="NCT-BD-001", personal="true").json()["items"][0]
    assert (item["id_number"], item["phone"], item["birth_date"], item["personal"]) == (
        "001050001234",
        "0912345678",
        "1950-01-05",
        True,
    )


def test_personal_data_in_clear_is_audited(world_members, api):
    api("commune_officer", personal="true")
    assert AuditRecord.objects.get(action="member.view_personal").changes["rows"] == 3


def test_inspector_asking_for_personal_data_stays_masked(world_members, api):
    item = api("inspector", q="NCT-BD-001", personal="true").json()["items"][0]
    assert item["id_number"] == "********1234" and not item["personal"]


def test_several_statuses_as_repeated_parameters(world_members, api):
    assert api("assoc_admin", status=["active", "left"]).json()["count"] == 5


def test_filters_apply(world_members, api):
    assert numbers(api("assoc_admin", unit="NCT.01.00004.001")) == ["NCT-BD-003"]


def test_search_by_phone(world_members, api):
    assert numbers(api("assoc_admin", q="0987 654 321")) == ["NCT-BD-002"]


def test_order_by_member_number(world_members, api):
    assert numbers(api("commune_officer", order="number")) == ["NCT-BD-001", "NCT-BD-002", "NCT-BD-003"]


def test_invalid_filter_answers_422(world_members, api):
    response = api("assoc_admin", type="no-such-type")
    assert response.status_code == 422 and response.json()["field"] == "type"


def test_outsider_sees_none_of_ncts_members(world_members, api):
    assert numbers(api("outsider")) == ["CTD-BD-001"]


def test_without_a_token_answers_401(world_members):
    assert Client().get(URL).status_code == 401


def test_export_csv(world_members, api):
    response = api("assoc_admin", f"{URL}/export", format="csv", unit="NCT.01.00004")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Nguyễn Văn An", "Trần Thị Bình", "Bùi Văn Hùng"]


def test_export_xlsx(world_members, api):
    response = api("assoc_admin", f"{URL}/export", format="xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_export_with_personal_data_is_audited(world_members, api):
    api("assoc_admin", f"{URL}/export", format="csv")
    assert AuditRecord.objects.get(action="member.export").changes["format"] == "csv"


def test_export_unknown_format_answers_422(world_members, api):
    assert api("assoc_admin", f"{URL}/export", format="pdf").status_code == 422


def test_export_for_the_inspector_is_masked(world_members, api):
    response = api("inspector", f"{URL}/export", format="csv", q="NCT-BD-001")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "********1234" in text and "001050001234" not in text
