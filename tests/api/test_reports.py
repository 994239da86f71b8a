"""The reports API end to end: a commune officer starts, fills in and submits; errors come back as a list;
a stale version is refused; the province approves and the roll-up has the figure at once."""

from quanlyhoi.reporting.models import SubmissionValue
from tests.reporting.conftest import NARRATIVES


def test_commune_fills_province_approves_rollup_sees_it(api, db):
    commune, province = api("commune_officer"), api("province_officer")
    started = commune.post("/reports", {"unit": "NCT.01.00004", "period": "2025-H2"})
    assert started.status_code == 201, started.content
    report = started.json()
    assert report["state"] == "draft" and {p["code"] for p in report["problems"]} == {"required_section"}
    path = f"/reports/{report['id']}"
    saved = commune.patch(path, {"version": report["version"], "values": [{"indicator": "TT_BUOI", "value": "7"}]})
    assert saved.status_code == 200 and saved.json()["version"] == report["version"] + 1
    stale = commune.patch(path, {"version": report["version"], "values": [{"indicator": "TT_BUOI", "value": 9}]})
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    refused = commune.post(f"{path}/submit", {})
    assert refused.status_code == 422 and {d["code"] for d in refused.json()["details"]} == {"required_section"}
    version = commune.patch(path, {"version": saved.json()["version"], "narratives": NARRATIVES}).json()["version"]
    assert commune.post(f"{path}/submit", {"version": version}).json()["state"] == "submitted"
    assert commune.post(f"{path}/approve").status_code == 403
    before = province.get("/reports/rollup", {"unit": "NCT.01", "period": "2025-H2"}).json()
    assert province.post(f"{path}/approve").json()["state"] == "approved"
    after = province.get("/reports/rollup", {"unit": "NCT.01", "period": "2025-H2"}).json()
    total = {f["indicator"]: f["value"] for f in after["figures"] if not f["key"]}
    assert before["reports"] == 0 and after["reports"] == 1 and total["TT_BUOI"] == 7
    status = province.get("/reports/status", {"unit": "NCT.01", "period": "2025-H2"}).json()
    assert status["approved"] == 1 and status["expected"] > 1


def test_bad_period_and_out_of_scope_unit(api, db):
    assert api("commune_officer").post("/reports", {"unit": "NCT.01.00004", "period": "2025-H5"}).status_code == 422
    assert api("outsider").post("/reports", {"unit": "NCT.01.00004", "period": "2025-H2"}).status_code == 404
    listed = api("outsider").get("/reports").json()
    assert listed["count"] == 0


def test_excel_form_download_and_upload(api, db):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from tests.reporting.test_excel import filled

    commune = api("commune_officer")
    report_id = commune.post("/reports", {"unit": "NCT.01.00004", "period": "2025-H2"}).json()["id"]
    got = commune.get(f"/reports/{report_id}/form")
    assert got.status_code == 200
    content = filled(got.content, {("TT_BUOI", ""): 9})
    client = Client()
    answer = client.post(
        "/api/v1/reports/upload",
        {"files": [SimpleUploadedFile("xa.xlsx", content)]},
        headers=commune.headers,
    )
    assert answer.status_code == 200, answer.content
    (result,) = answer.json()
    assert result["ok"] and result["unit"] == "NCT.01.00004"
    assert SubmissionValue.objects.get(submission_id=report_id, indicator__code="TT_BUOI").number == 9
