"""The audit log through the API: scoped reads, filters, one request id per request, no way to alter it."""

import pytest

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import Association

pytestmark = pytest.mark.django_db

MERGE = {"kind": "merge", "sources": ["NCT.01.00008"], "target": "NCT.01.00004", "effective_date": "2025-10-01"}


def test_one_request_writes_its_records_under_one_request_id_with_source_api(api):
    client = api("assoc_admin")
    response = client.post("/events", MERGE)
    assert response.status_code == 201
    request_id = response["X-Request-ID"]
    records = AuditRecord.objects.filter(request_id=request_id)
    assert records.count() == 3  # the event and the two units
    assert {r.source for r in records} == {"api"}
    assert {r.actor_name for r in records} == {"assoc_admin"}
    assert {r.ip for r in records} == {"127.0.0.1"}
    listed = client.get("/audit", {"request_id": request_id}).json()
    assert listed["count"] == 3
    assert {r["request_id"] for r in listed["items"]} == {request_id}
    # Another request gets another id.
    other = client.patch("/units/NCT.01.00004", {"phone": "0243"})
    assert other["X-Request-ID"] != request_id
    assert AuditRecord.objects.filter(request_id=other["X-Request-ID"], action="update").count() == 1


@pytest.mark.parametrize("persona", ["province_officer", "commune_officer"])
def test_personas_without_view_audit_are_refused(api, persona):
    listing = api(persona).get("/audit")
    assert listing.status_code == 403
    assert listing.json()["message"] == "Bạn không có quyền xem nhật ký."
    record = AuditRecord.objects.filter(unit_path__gt="").first()
    assert api(persona).get(f"/audit/{record.pk}").status_code == 403


@pytest.mark.parametrize(
    ("persona", "association"), [("inspector", "NCT"), ("assoc_admin", "NCT"), ("outsider", "CTD")]
)
def test_audit_is_scoped_to_the_association(api, persona, association):
    own = Association.objects.get(code=association).pk
    body = api(persona).get("/audit", {"limit": 500}).json()
    assert body["count"] == AuditRecord.objects.filter(association_id=own).count() > 0
    foreign = AuditRecord.objects.exclude(association_id=own).exclude(association_id=None).first()
    hidden = api(persona).get(f"/audit/{foreign.pk}")
    missing = api(persona).get("/audit/99999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


@pytest.mark.parametrize("persona", ["sysadmin", "overseer"])
def test_system_personas_see_every_record(api, persona):
    client = api(persona)
    assert client.get("/audit").json()["count"] == AuditRecord.objects.count()


def test_audit_filters_and_detail(api):
    client = api("sysadmin")
    client.post("/events", MERGE)
    merges = client.get("/audit", {"action": "restructure.merge", "source": "api"}).json()
    assert merges["count"] == 3
    units = client.get("/audit", {"action": "restructure", "object_type": "orgs.unit", "user": "sysadmin"}).json()
    assert {r["object_type"] for r in units["items"]} == {"orgs.unit"}
    assert {r["actor"] for r in units["items"]} == {"sysadmin"}
    by_object = client.get("/audit", {"object": "Ngọc Hà", "action": "restructure.merge"}).json()
    assert by_object["count"] >= 1
    record = next(r for r in merges["items"] if r["object_type"] == "orgs.restructuringevent")
    detail = client.get(f"/audit/{record['id']}").json()
    assert detail == record
    assert detail["changes"]["basis"]["effective_date"] == "2025-10-01"
    assert detail["changes"]["units"] == ["NCT.01.00008", "NCT.01.00004"]
    assert client.get("/audit", {"source": "martian"}).status_code == 422
    assert client.get("/audit", {"request_id": "not-a-uuid"}).status_code == 422


def test_no_way_to_alter_audit_records(api):
    client = api("sysadmin")
    record = AuditRecord.objects.order_by("id").first()
    before = (record.action, record.actor_name, record.changes, record.message)
    path = f"/audit/{record.pk}"
    assert client.put(path, {"action": "forged"}).status_code == 405
    assert client.patch(path, {"action": "forged"}).status_code == 405
    assert client.delete(path).status_code == 405
    assert client.post("/audit", {"action": "forged"}).status_code == 405
    assert client.delete("/audit").status_code == 405
    assert client.put("/audit", {"action": "forged"}).status_code == 405
    record.refresh_from_db()
    assert (record.action, record.actor_name, record.changes, record.message) == before
    assert not AuditRecord.objects.filter(action="forged").exists()
