"""The templates and indicators API: a revision answers the new version with its history; a report started on
version 1 still answers version 1; a stale or invalid revision is refused and changes nothing; indicators are
created, and patched only where their meaning stays."""

from quanlyhoi.reporting.models import ReportTemplate
from tests.reporting.conftest import NARRATIVES


def test_revise_then_read_both_versions(api, db):
    overseer, commune = api("overseer"), api("commune_officer")
    report = commune.post("/reports", {"unit": "NCT.01.00004", "period": "2025-H2"}).json()
    v1 = overseer.get("/reports/templates/bc-hqc").json()
    assert v1["version"] == 1 and v1["versions"] == [
        {"version": 1, "is_current": True, "name": v1["name"], "reports": 1}
    ]
    items = [i for i in v1["items"] if i["indicator"] != "KNTC_NHAN"]
    rules = [r for r in v1["rules"] if r["code"] != "kntc_giai_quyet"]
    answer = overseer.post("/reports/templates/BC-HQC/revisions", {"version": 1, "items": items, "rules": rules})
    assert answer.status_code == 201, answer.content
    v2 = answer.json()
    assert v2["version"] == 2 and v2["is_current"] and len(v2["items"]) == len(v1["items"]) - 1
    assert [v["version"] for v in v2["versions"]] == [2, 1] and v2["versions"][1]["reports"] == 1
    old = overseer.get("/reports/templates/BC-HQC", {"version": 1}).json()
    assert not old["is_current"] and "KNTC_NHAN" in {i["indicator"] for i in old["items"]}
    # The report started on version 1 keeps it: its form still takes KNTC_NHAN.
    saved = commune.patch(
        f"/reports/{report['id']}",
        {"version": report["version"], "values": [{"indicator": "KNTC_NHAN", "value": 4}], "narratives": NARRATIVES},
    )
    assert saved.status_code == 200 and saved.json()["template_version"] == 1
    stale = overseer.post("/reports/templates/BC-HQC/revisions", {"version": 1, "name": "Khác"})
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    listed = {t["code"]: t["version"] for t in overseer.get("/reports/templates").json()}
    assert listed["BC-HQC"] == 2


def test_refused_revisions_change_nothing(api, db):
    overseer = api("overseer")
    bad = [
        {"items": [{"indicator": "KHONG_CO"}]},
        {"counted_states": ["draft"]},
        {"period_kinds": ["week"]},
        {"sections": [{"code": "ket_qua", "title": " ", "required": True}]},
        {"rules": [{"code": "r", "kind": "range", "indicator": "HV_TONG", "message": "Ngoài khoảng."}]},
    ]
    for body in bad:
        answer = overseer.post("/reports/templates/BC-HQC/revisions", body)
        assert answer.status_code == 422 and answer.json()["message"], body
    assert api("assoc_admin").post("/reports/templates/BC-HQC/revisions", {"name": "Khác"}).status_code == 403
    assert overseer.get("/reports/templates/BC-HQC", {"version": 9}).status_code == 404
    assert ReportTemplate.objects.filter(code="BC-HQC").count() == 1


def test_indicators_created_and_patched(api, db):
    admin, outsider = api("assoc_admin"), api("outsider")
    created = admin.post(
        "/reports/indicators",
        {"association": "NCT", "code": "NCT_CLB", "name": "Câu lạc bộ", "kind": "yesno", "aggregation": "sum"},
    )
    assert created.status_code == 201 and created.json()["association"] == "NCT"
    assert admin.post("/reports/indicators", {"code": "CHUNG", "name": "Chung"}).status_code == 403
    assert outsider.patch("/reports/indicators/NCT_CLB", {"name": "Khác"}).status_code == 404
    assert admin.patch("/reports/indicators/NCT_CLB", {"aggregation": "last"}).status_code == 422
    patched = admin.patch("/reports/indicators/nct_clb", {"name": "Có câu lạc bộ", "aggregation": "average"})
    assert patched.status_code == 200 and patched.json()["aggregation"] == "average"
    codes = {i["code"] for i in outsider.get("/reports/indicators").json()}
    assert "HV_TONG" in codes and "NCT_CLB" not in codes


def test_an_indicator_in_use_refuses_a_new_meaning(api, db):
    commune, overseer = api("commune_officer"), api("overseer")
    report = commune.post("/reports", {"unit": "NCT.01.00004", "period": "2025-H2"}).json()
    commune.patch(
        f"/reports/{report['id']}", {"version": report["version"], "values": [{"indicator": "TT_BUOI", "value": 2}]}
    )
    refused = overseer.patch("/reports/indicators/TT_BUOI", {"kind": "decimal"})
    assert refused.status_code == 409 and refused.json()["code"] == "indicator_in_use"
    assert overseer.patch("/reports/indicators/TT_BUOI", {"unit_of_measure": "buổi họp"}).status_code == 200
    in_use = {i["code"]: i["in_use"] for i in overseer.get("/reports/indicators").json()}
    assert in_use["TT_BUOI"] and not in_use["MH_HAY"]


def test_an_association_template_is_listed_only_in_its_scope(api, db):
    body = {
        "association": "NCT",
        "name": "Báo cáo quý",
        "period_kinds": ["quarter"],
        "items": [{"indicator": "HV_TONG"}],
    }
    created = api("assoc_admin").post("/reports/templates/nct-q", body)
    assert created.status_code == 201 and created.json()["code"] == "NCT-Q"
    assert "NCT-Q" in {t["code"] for t in api("commune_officer").get("/reports/templates").json()}
    assert "NCT-Q" not in {t["code"] for t in api("outsider").get("/reports/templates").json()}
    assert api("outsider").get("/reports/templates/NCT-Q").status_code == 404
    assert api("assoc_admin").post("/reports/templates/NCT-Q", body).status_code == 409
