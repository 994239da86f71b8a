"""Matrix entries of the follow-up report API (api/briefings_report.py), on the briefing of
web_briefings_report: every NCT persona drafts it, the outsider does not see it; only the overseer's register
(the overseer, the system administrator) numbers it."""

from tests.matrix.api_members_people import Lazy
from tests.matrix.personas import row
from tests.matrix.web_briefings_report import report_briefing

BRIEFING = {"briefing_id": Lazy(report_briefing, "pk")}

# (method, path) -> (path overrides, body, expected answers in personas.ORDER)
ENTRIES = {
    ("GET", "/api/v1/briefings/{briefing_id}/report"): (BRIEFING, None, row(200, 200, 200, 200, 200, 200, 404, 401)),
    ("POST", "/api/v1/briefings/{briefing_id}/report"): (BRIEFING, {}, row(201, 201, 403, 403, 403, 403, 404, 401)),
}
