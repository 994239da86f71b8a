"""/associations/{code}/levels: list, add, edit, reorder, delete through orgs.services.levels."""

import pytest

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import UnitLevel

pytestmark = pytest.mark.django_db
DEFAULT = ["central", "province", "commune", "branch", "group"]


def ranks() -> dict[str, int]:
    return dict(UnitLevel.objects.filter(association__code="NCT").values_list("code", "rank"))


@pytest.mark.parametrize("persona", ["overseer", "province_officer", "commune_officer", "inspector", "assoc_admin"])
def test_whoever_sees_the_association_reads_its_levels(api, persona):
    response = api(persona).get("/associations/nct/levels")
    assert response.status_code == 200
    body = response.json()
    assert [lvl["code"] for lvl in body] == DEFAULT
    assert body[1] == {"code": "province", "name": "Tỉnh, thành phố", "rank": 2, "has_area": "province"}
    assert api("outsider").get("/associations/NCT/levels").status_code == 404


def test_association_admin_adds_edits_and_deletes_a_level(api):
    client = api("assoc_admin")
    added = client.post("/associations/NCT/levels", {"code": "Doi", "name": "Đội", "has_area": "commune"})
    assert added.status_code == 201, added.content
    assert added.json() == {"code": "doi", "name": "Đội", "rank": 6, "has_area": "commune"}
    patched = client.patch("/associations/NCT/levels/DOI", {"name": "Đội hội viên", "rank": 8})
    assert patched.status_code == 200, patched.content
    assert patched.json() == {"code": "doi", "name": "Đội hội viên", "rank": 8, "has_area": "commune"}
    assert client.delete("/associations/NCT/levels/doi").status_code == 204
    assert "doi" not in ranks()
    records = AuditRecord.objects.filter(object_type="orgs.unitlevel").order_by("id")
    assert [r.action for r in records] == ["create", "update", "delete"]
    assert {r.source for r in records} == {"api"}
    assert records[1].changes == {"name": ["Đội", "Đội hội viên"], "rank": [6, 8]}


def test_reorder_swaps_two_levels(api):
    response = api("sysadmin").post(
        "/associations/NCT/levels/reorder", {"codes": ["central", "province", "commune", "group", "branch"]}
    )
    assert response.status_code == 200, response.content
    assert [(lvl["code"], lvl["rank"]) for lvl in response.json()][3:] == [("group", 4), ("branch", 5)]
    assert ranks()["group"] == 4


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("post", "/associations/NCT/levels", {"code": "branch", "name": "X"}, 409, "code_taken"),
        ("post", "/associations/NCT/levels", {"code": "a b", "name": "X"}, 400, "bad_code"),
        ("post", "/associations/NCT/levels", {"code": "reorder", "name": "X"}, 400, "bad_code"),
        ("post", "/associations/NCT/levels", {"code": "x", "name": "  "}, 400, "name_required"),
        ("post", "/associations/NCT/levels", {"code": "x", "name": "X", "rank": 2}, 409, "rank_taken"),
        ("post", "/associations/NCT/levels", {"code": "x", "name": "X", "has_area": "xa"}, 422, "validation_error"),
        ("patch", "/associations/NCT/levels/group", {"code": "to"}, 422, "validation_error"),
        ("patch", "/associations/NCT/levels/group", {"rank": 0}, 400, "bad_rank"),
        ("patch", "/associations/NCT/levels/commune", {"rank": 9}, 409, "level_order"),
        ("patch", "/associations/NCT/levels/commune", {"has_area": "province"}, 409, "area_level_conflict"),
        ("patch", "/associations/NCT/levels/khong_co", {"name": "X"}, 404, "not_found"),
        ("delete", "/associations/NCT/levels/branch", None, 409, "level_in_use"),
        ("post", "/associations/NCT/levels/reorder", {"codes": ["central"]}, 400, "bad_order"),
        (
            "post",
            "/associations/NCT/levels/reorder",
            {"codes": ["central", "commune", "province", "branch", "group"]},
            409,
            "level_order",
        ),
    ],
)
def test_refusals_answer_json_and_write_nothing(api, method, path, body, status, code):
    client = api("assoc_admin")
    before = ranks(), list(UnitLevel.objects.values_list("pk", "name", "has_area"))
    response = client.delete(path) if method == "delete" else getattr(client, method)(path, body)
    assert response.status_code == status, response.content
    payload = response.json()
    assert payload["code"] == code and payload["message"]
    assert (ranks(), list(UnitLevel.objects.values_list("pk", "name", "has_area"))) == before
    assert not AuditRecord.objects.filter(object_type="orgs.unitlevel").exists()


def test_others_are_refused(api):
    assert api("inspector").post("/associations/NCT/levels", {"code": "x", "name": "X"}).status_code == 403
    refused = api("province_officer").patch("/associations/NCT/levels/group", {"name": "X"})
    assert refused.status_code == 403 and "quản trị" in refused.json()["message"]
    assert api("outsider").delete("/associations/NCT/levels/group").status_code == 404
    assert api("outsider").post("/associations/NCT/levels/reorder", {"codes": DEFAULT}).status_code == 404
    assert api(None).get("/associations/NCT/levels").status_code == 401
    assert "group" in ranks()
