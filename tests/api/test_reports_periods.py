"""The reporting calendar through the API and the CLI: read by everyone, changed by the overseer only, with
the service's refusals as Vietnamese errors."""


def test_api_and_cli(api, cli, db):
    listed = api("commune_officer").get("/reports/periods/2026-H1").json()
    assert listed["is_open"] and {d["level"] for d in listed["deadlines"]} >= {"commune", "province"}
    refused = api("overseer").patch(
        "/reports/periods/2026-H1", {"deadlines": [{"level": "commune", "due_on": "2026-06-01"}]}
    )
    assert refused.status_code == 422 and refused.json()["code"] == "deadline_before_cut_off"
    changed = api("overseer").patch("/reports/periods/2026-H1", {"is_open": False, "reason": "Tạm dừng"})
    assert changed.status_code == 200 and changed.json()["is_open"] is False
    assert api("assoc_admin").patch("/reports/periods/2026-H1", {"is_open": True}).status_code == 403
    assert "2026-H1" in [p["code"] for p in api("inspector").get("/reports/periods").json()]
    shown = cli("reports", "period", "--period", "2026-H1")
    assert shown.code == 0 and "đã đóng" in shown.out and "commune" in shown.out
    opened = cli("reports", "period", "--period", "2026-H1", "--open", "--deadline", "commune=18/06/2026", "--json")
    assert opened.code == 0 and '"is_open": true' in opened.out and '"commune": "2026-06-18"' in opened.out
    wrong = cli("--as", "assoc_admin", "reports", "period", "--period", "2026-H1", "--close")
    assert wrong.code == 1 and "cơ quan theo dõi" in wrong.err
