"""The one-member API: join, correction, transfer, status, welfare needs, erasure, with the services' refusals
as JSON errors."""

import datetime

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.members.models import Membership, Person

D = datetime.date
JOIN = {"unit": "NCT.01.00004", "full_name": "phạm thị lan", "birth": "1950", "sex": "Nữ", "joined_on": "2025-10-01",
        "phone": "0912 000 111"}  # fmt: skip


def test_join_answers_201_with_the_member_masked(api, world_members):
    response = api("commune_officer").post("/members", JOIN)
    assert response.status_code == 201
    data = response.json()
    shown = (data["full_name"], data["birth_year"], data["sex"], data["phone"])
    assert shown == ("Phạm Thị Lan", 1950, "F", "091****111")
    assert Membership.objects.filter(pk=data["id"], unit__code="NCT.01.00004").exists()


def test_join_with_invalid_data_answers_400_on_the_field(api, world_members):
    response = api("commune_officer").post("/members", {**JOIN, "phone": "12ab"})
    assert response.status_code == 400
    assert response.json()["field"] == "phone"


def test_join_with_a_duplicate_cccd_answers_409(api, world_members):
    body = {**JOIN, "full_name": "Nguyễn Văn An", "birth": "05/01/1950", "sex": "Nam", "id_number": "001050001234"}
    response = api("assoc_admin").post("/members", body)
    assert response.status_code == 409 and response.json()["code"] == "duplicate_id_number"


def test_join_into_a_unit_outside_the_scope_answers_404(api, world_members):
    assert api("commune_officer").post("/members", {**JOIN, "unit": "NCT.01.00008"}).status_code == 404


def test_member_list_is_still_answered_on_the_same_path(api, world_members):
    assert api("assoc_admin").get("/members").status_code == 200


def test_patch_changes_only_the_fields_sent(api, member):
    response = api("commune_officer").patch(f"/members/{member('NCT-BD-001').pk}", {"occupation": "Hưu trí"})
    assert response.status_code == 200
    person = member("NCT-BD-001").person
    assert (person.occupation, person.phone, person.id_number) == ("Hưu trí", "0912345678", "001050001234")


def test_patch_address_matches_the_commune_again(api, member):
    body = {"address": "Số 1 phố Đội Cấn, phường Ngọc Hà, Hà Nội"}
    assert api("commune_officer").patch(f"/members/{member('NCT-BD-001').pk}", body).status_code == 200
    assert member("NCT-BD-001").person.area.code == "00008"


def test_patch_without_a_change_answers_400(api, member):
    response = api("commune_officer").patch(f"/members/{member('NCT-BD-001').pk}", {"phone": "0912345678"})
    assert response.status_code == 400 and response.json()["code"] == "no_change"


def test_patch_by_the_outsider_answers_404_and_changes_nothing(api, member):
    response = api("outsider").patch(f"/members/{member('NCT-BD-003').pk}", {"phone": "0977000111"})
    assert response.status_code == 404
    assert member("NCT-BD-003").person.phone == ""


def test_transfer_and_status_change(api, member):
    client, pk = api("province_officer"), member("NCT-BD-001").pk
    moved = client.post(f"/members/{pk}/transfer", {"unit": "NCT.01.00008", "day": "2026-01-10"}).json()
    assert moved["unit"]["code"] == "NCT.01.00008"
    body = {"status": "suspended", "day": "2026-02-01", "reason": "Ốm"}
    changed = client.post(f"/members/{pk}/status", body).json()
    assert [(p["unit"], p["status"]) for p in changed["periods"]] == [
        ("NCT.01.00004", "active"),
        ("NCT.01.00008", "active"),
        ("NCT.01.00008", "suspended"),
    ]


def test_transfer_outside_the_scope_answers_404(api, member):
    body = {"unit": "NCT.01.00008", "day": "2026-01-10"}
    assert api("commune_officer").post(f"/members/{member('NCT-BD-001').pk}/transfer", body).status_code == 404


def test_refused_transition_answers_409(api, member):
    body = {"status": "active", "day": "2026-01-10"}
    response = api("commune_officer").post(f"/members/{member('NCT-BD-001').pk}/status", body)
    assert response.status_code == 409 and response.json()["code"] == "bad_transition"


def test_welfare_needs_add_list_end(api, member):
    client, pk = api("commune_officer"), member("NCT-BD-001").pk
    created = client.post(f"/members/{pk}/welfare-needs", {"kind": "difficult", "since": "2025-10-01", "note": "x"})
    assert created.status_code == 201
    need_id = created.json()["id"]
    ended = client.post(f"/members/{pk}/welfare-needs/{need_id}/end", {"until": "2026-03-01"})
    assert ended.json()["until"] == "2026-03-01"
    assert [n["kind"] for n in client.get(f"/members/{pk}/welfare-needs").json()] == ["difficult"]


def test_unknown_need_kind_answers_400(api, member):
    body = {"kind": "rich", "since": "2025-10-01"}
    response = api("commune_officer").post(f"/members/{member('NCT-BD-001').pk}/welfare-needs", body)
    assert response.status_code == 400 and response.json()["field"] == "kind"


def test_erase_needs_confirmation(api, member):
    response = api("assoc_admin").post(f"/members/{member('NCT-BD-001').pk}/erase", {"confirm": False})
    assert response.status_code == 422
    assert member("NCT-BD-001").person.erased_at is None


def test_erase_answers_the_anonymised_member(api, member):
    response = api("assoc_admin").post(f"/members/{member('NCT-BD-001').pk}/erase", {"confirm": True})
    data = response.json()
    assert (data["full_name"], data["id_number"], data["erased"], data["member_number"]) == (
        "Đã xoá dữ liệu",
        "",
        True,
        "NCT-BD-001",
    )
    assert Person.objects.get(pk=member("NCT-BD-001").person_id).erased_at is not None


def test_erase_by_an_officer_answers_403(api, member):
    response = api("province_officer").post(f"/members/{member('NCT-BD-001').pk}/erase", {"confirm": True})
    assert response.status_code == 403


def test_personal_data_export_is_audited_from_the_api(api, member):
    api("commune_officer").get(f"/members/{member('NCT-BD-001').pk}/personal-data")
    assert AuditRecord.objects.get(action="member.personal_data_export").source == "api"
