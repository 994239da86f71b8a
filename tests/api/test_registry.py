"""Associations: scoped lists and details, edits through the service, creation by system admins, the 2025 merger."""

import pytest

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import Association, Unit
from tests.api.util import codes, counts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("assoc_admin", ["NCT"]),
        ("province_officer", ["NCT"]),
        ("commune_officer", ["NCT"]),
        ("inspector", ["NCT"]),
        ("outsider", ["CTD"]),
    ],
)
def test_association_list_is_scoped(api, persona, expected):
    assert codes(api(persona).get("/associations")) == expected


@pytest.mark.parametrize("persona", ["sysadmin", "overseer"])
def test_system_personas_see_every_association(api, persona):
    body = api(persona).get("/associations", {"limit": 100}).json()
    assert body["count"] == Association.objects.count() >= 29


def test_association_filters(api):
    client = api("sysadmin")
    assert codes(client.get("/associations", {"q": "nguoi cao tuoi"})) == ["NCT"]
    assert codes(client.get("/associations", {"q": "ctd"})) == ["CTD"]
    unconfirmed = client.get("/associations", {"is_confirmed": "false", "limit": 100}).json()
    assert unconfirmed["count"] == Association.objects.filter(is_confirmed=False).count() > 0
    assert all(not a["is_confirmed"] for a in unconfirmed["items"])


def test_association_detail_and_out_of_scope_404(api):
    body = api("province_officer").get("/associations/nct").json()
    assert body["code"] == "NCT"
    assert [level["code"] for level in body["levels"]] == ["central", "province", "commune", "branch", "group"]
    hidden = api("outsider").get("/associations/NCT")
    missing = api("outsider").get("/associations/KHONGCO")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["code"] == missing.json()["code"] == "not_found"


def test_association_admin_edits_contact_data_only(api):
    client = api("assoc_admin")
    response = client.patch("/associations/NCT", {"phone": "024 3333 4444", "website": "https://nct.example.vn"})
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "024 3333 4444"
    assert Association.objects.get(code="NCT").phone == "024 3333 4444"
    record = AuditRecord.objects.filter(action="update", object_type="orgs.association").latest("id")
    assert record.source == "api"
    assert record.changes["phone"] == ["", "024 3333 4444"]
    refused = client.patch("/associations/NCT", {"name": "Tên khác"})
    assert refused.status_code == 403
    assert "name" in refused.json()["message"]


def test_association_patch_refusals(api):
    assert api("inspector").patch("/associations/NCT", {"phone": "1"}).status_code == 403
    assert api("outsider").patch("/associations/NCT", {"phone": "1"}).status_code == 404
    unknown_field = api("sysadmin").patch("/associations/NCT", {"code": "XYZ"})
    assert unknown_field.status_code == 422
    assert "code" in unknown_field.json()["message"]
    bad_dates = api("sysadmin").patch("/associations/NCT", {"valid_to": "1990-01-01"})
    assert bad_dates.status_code == 400
    assert bad_dates.json()["field"] == "valid_to"


def test_system_admin_creates_an_association_with_default_levels(api):
    payload = {
        "code": "hmt",
        "name": "Hội Thử nghiệm",
        "is_centrally_assigned": False,
        "valid_from": "2026-01-01",
    }
    response = api("sysadmin").post("/associations", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "HMT"
    assert len(body["levels"]) == 5
    again = api("sysadmin").post("/associations", payload)
    assert again.status_code == 409
    assert again.json()["code"] == "code_taken"
    assert again.json()["field"] == "code"
    refused = api("assoc_admin").post("/associations", {**payload, "code": "HMU"})
    assert refused.status_code == 403
    assert not Association.objects.filter(code="HMU").exists()


def test_merger_2025_preview_writes_nothing_then_apply(api):
    client = api("assoc_admin")
    before = counts()
    preview = client.post("/associations/NCT/merger-2025", {"apply": False})
    assert preview.status_code == 200, preview.content
    plan = preview.json()
    assert plan["applied"] is False
    assert plan["effective_date"] == "2025-07-01"
    steps = {s["new_area"]["code"]: s for s in plan["steps"]}
    assert steps["08"]["kind"] == "merge"
    assert steps["08"]["target"] == "NCT.08"
    assert steps["08"]["sources"] == ["NCT.02"]
    assert steps["01"]["kind"] == "rename"
    assert plan["lines"]
    assert counts() == before

    applied = client.post("/associations/NCT/merger-2025", {"apply": True, "decision_number": "12/QĐ-NCT"})
    assert applied.status_code == 201, applied.content
    assert applied.json()["applied"] is True
    assert Unit.objects.get(code="NCT.02").valid_to.isoformat() == "2025-07-01"
    nct08 = Unit.objects.get(code="NCT.08")
    assert (nct08.area.generation, nct08.area.code) == ("2025", "08")
    events = client.get("/events", {"association": "NCT", "effective_from": "2025-07-01", "effective_to": "2025-07-01"})
    assert {e["decision_number"] for e in events.json()["items"]} == {"12/QĐ-NCT"}

    again = client.post("/associations/NCT/merger-2025", {"apply": True})
    assert again.status_code == 409
    assert again.json()["code"] == "nothing_to_merge"


@pytest.mark.parametrize(("persona", "statuses"), [("inspector", {403}), ("province_officer", {403, 404})])
def test_merger_refused_without_restructuring_rights(api, persona, statuses):
    client = api(persona)  # the token (and its audit record) exists before counting
    before = counts()
    for apply in (False, True):
        response = client.post("/associations/NCT/merger-2025", {"apply": apply})
        assert response.status_code in statuses
        assert response.json()["message"]
    assert counts() == before


def test_merger_of_an_invisible_association_is_404(api):
    assert api("outsider").post("/associations/NCT/merger-2025", {"apply": True}).status_code == 404
