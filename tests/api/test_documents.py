"""The documents API: a draft downloads, an issued report is numbered and kept, the register and the files
follow the scope, the letterhead is changed only by its body and a refused change changes nothing."""

import hashlib

import pytest

from quanlyhoi.documents.models import IssuingBody

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def test_draft_issue_register_and_file(api, db):
    commune = api("commune_officer")
    draft = commune.get("/reports/document", {"unit": "NCT.01.00004", "period": "2025-H2"})
    assert draft.status_code == 200 and draft["Content-Type"] == DOCX and draft.content[:2] == b"PK"
    tables = commune.get("/reports/document", {"unit": "NCT.01.00004", "period": "2025-H2", "format": "xlsx"})
    assert tables.status_code == 200 and "spreadsheetml" in tables["Content-Type"]
    issued = commune.post("/reports/document", {"unit": "NCT.01.00004", "period": "2025-H2"})
    assert issued.status_code == 201, issued.content
    doc = issued.json()
    assert doc["reference"] == "01/BC-HNCT" and doc["number"] == 1 and doc["issued_by"] == "commune_officer"
    kept = api("province_officer").get(f"/documents/{doc['id']}/file")
    assert kept.status_code == 200 and hashlib.sha256(kept.content).hexdigest() == doc["sha256"]
    assert [d["reference"] for d in api("province_officer").get("/documents").json()["items"]] == ["01/BC-HNCT"]
    assert api("outsider").get("/documents").json()["count"] == 0
    assert api("outsider").get(f"/documents/{doc['id']}/file").status_code == 404
    assert commune.get(f"/documents/{doc['id']}/file", {"format": "pdf"}).status_code == 404


def test_errors_come_back_in_vietnamese(api, db):
    officer = api("province_officer")
    bad = officer.get("/reports/document", {"unit": "NCT.01", "period": "2025-H3"})
    assert bad.status_code == 422 and "kỳ" in bad.json()["message"]
    assert officer.get("/reports/document", {"unit": "NCT.01", "period": "2025-H2", "format": "pdf"}).status_code == 422
    overseer_only = officer.get("/reports/document", {"period": "2025-H2"})
    assert overseer_only.status_code == 403 and "cơ quan theo dõi" in overseer_only.json()["message"]
    assert officer.get("/reports/document", {"unit": "CTD.01", "period": "2025-H2"}).status_code == 404


def test_letterhead_read_and_change(api, db):
    officer = api("province_officer")
    shown = officer.get("/documents/body", {"unit": "NCT.01"}).json()
    assert shown["saved"] is False and shown["abbreviation"] == "HNCT" and shown["style"] == "state"
    refused = officer.patch("/documents/body?unit=NCT.01", {"abbreviation": "H NCT"})
    assert refused.status_code == 422 and refused.json()["field"] == "abbreviation"
    assert IssuingBody.objects.count() == 0
    changed = officer.patch("/documents/body?unit=NCT.01", {"signer_name": "Trần Thị Bình", "style": "party"})
    assert changed.status_code == 200 and changed.json()["saved"] and changed.json()["style"] == "party"
    assert officer.get("/documents/body").status_code == 403  # the overseer's letterhead
    overseer = api("overseer")
    assert overseer.get("/documents/body").json()["name"] == "Mặt trận Tổ quốc Việt Nam"
    assert overseer.patch("/documents/body", {"place": "Hà Nội"}).status_code == 200
    assert overseer.patch("/documents/body?unit=NCT.01", {"place": "Hà Nội"}).status_code == 403
