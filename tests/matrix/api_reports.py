"""Matrix entries of the reports API (api/reports.py). The report is NCT.01.00004's for 2025-H2, created for the
test in the state the operation needs: in scope of every NCT persona, not of the outsider. The commune officer
fills in and submits its unit's report; only the levels above approve, return, lock and reopen it."""

from tests.matrix.api_members_people import Lazy
from tests.matrix.personas import row


def report(state: str):
    def make() -> dict:
        from quanlyhoi.core.scoping import SystemOperator
        from quanlyhoi.orgs.models import Unit
        from quanlyhoi.reporting.models import Submission
        from quanlyhoi.reporting.services import submissions
        from quanlyhoi.reporting.services.periods import period_for

        found = Submission.objects.filter(unit__code="NCT.01.00004", period__code="2025-H2").first()
        if found is None:
            found = submissions.start(
                actor=SystemOperator("matrix"), unit=Unit.objects.get(code="NCT.01.00004"), period=period_for("2025-H2")
            )
            narratives = {"ket_qua": "Tốt.", "han_che": "Chưa đều.", "nhiem_vu": "Phát triển hội viên."}
            found = submissions.save(
                actor=SystemOperator("matrix"), submission=found, version=found.version, narratives=narratives
            )
            Submission.objects.filter(pk=found.pk).update(state=state)
        return {"pk": found.pk}

    return make


def at(state: str) -> dict:
    return {"report_id": Lazy(report(state), "pk")}


SEE = row(200, 200, 200, 200, 200, 200, 404, 401)
FILL = row(200, 403, 200, 200, 200, 403, 404, 401)
APPROVE = row(200, 403, 200, 200, 403, 403, 404, 401)
WHY = {"reason": "Cần bổ sung số liệu"}

# (method, path) -> (path overrides, body, expected answers in personas.ORDER)
ENTRIES = {
    ("GET", "/api/v1/reports/templates"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/v1/reports/status"): ({"?": "unit=NCT.01.00004&period=2025-H2"}, None, SEE),
    ("GET", "/api/v1/reports/rollup"): ({"?": "unit=NCT.01.00004&period=2025-H2"}, None, SEE),
    ("GET", "/api/v1/reports"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("POST", "/api/v1/reports"): (
        {},
        {"unit": "NCT.01.00004", "period": "2025-H2"},
        row(201, 403, 201, 201, 201, 403, 404, 401),
    ),
    ("GET", "/api/v1/reports/{report_id}"): (at("draft"), None, SEE),
    ("GET", "/api/v1/reports/{report_id}/form"): (at("draft"), None, SEE),
    # A JSON body is no upload: every signed-in caller is told so (422).
    ("POST", "/api/v1/reports/upload"): ({}, {}, row(422, 422, 422, 422, 422, 422, 422, 401)),
    ("PATCH", "/api/v1/reports/{report_id}"): (
        at("draft"),
        {"version": 2, "values": [{"indicator": "TT_BUOI", "value": 3}]},
        FILL,
    ),
    ("POST", "/api/v1/reports/{report_id}/submit"): (at("draft"), {}, FILL),
    # Nothing has come up from below in the matrix's world: those who may gather get 409, not 200.
    ("POST", "/api/v1/reports/{report_id}/gather"): (at("draft"), {}, row(409, 403, 409, 409, 409, 403, 404, 401)),
    ("POST", "/api/v1/reports/{report_id}/return"): (at("submitted"), WHY, APPROVE),
    ("POST", "/api/v1/reports/{report_id}/approve"): (at("submitted"), None, APPROVE),
    ("POST", "/api/v1/reports/{report_id}/lock"): (at("approved"), None, APPROVE),
    ("POST", "/api/v1/reports/{report_id}/reopen"): (at("locked"), WHY, APPROVE),
}
