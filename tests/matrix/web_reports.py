"""Matrix entries of the reports pages (reporting/urls.py). The report is NCT.01.00004's for 2025-H2, created
for the test in the state the route needs (tests/matrix/api_reports.py): the commune officer fills in and sends
its unit's report; only the levels above approve it. Writes answer with a redirect to the report."""

from tests.matrix.api_reports import report
from tests.matrix.personas import row

LOGIN = 302


def none() -> dict:
    return {}


def draft() -> dict:
    return {"pk": report("draft")()["pk"]}


def submitted() -> dict:
    return {"pk": report("submitted")()["pk"], "step": "approve"}


COMMUNE = {"unit": "NCT.01.00004", "period": "2025-H2"}
SEE = row(200, 200, 200, 200, 200, 200, 404, LOGIN)

# name -> (URL kwargs factory, query, method, expected answers in personas.ORDER)
ENTRIES = {
    "reporting:status": (none, COMMUNE, "get", SEE),
    "reporting:rollup": (none, COMMUNE, "get", SEE),
    "reporting:dashboard": (none, COMMUNE, "get", SEE),
    "reporting:start": (none, COMMUNE, "post", row(302, 403, 302, 302, 302, 403, 404, LOGIN)),
    "reporting:report": (draft, {}, "get", SEE),
    "reporting:save": (
        draft,
        {"version": "2", "v:TT_BUOI": "4"},
        "post",
        row(302, 403, 302, 302, 302, 403, 404, LOGIN),
    ),
    "reporting:form": (draft, {}, "get", SEE),
    # Without a file: the page answers with the message (302); those who may not fill in the report, 403.
    "reporting:form_upload": (draft, {}, "post", row(302, 403, 302, 302, 302, 403, 404, LOGIN)),
    "reporting:forms_upload": (none, {}, "post", row(302, 302, 302, 302, 302, 302, 302, LOGIN)),
    "reporting:gather": (draft, {"version": "2"}, "post", row(302, 403, 302, 302, 302, 403, 404, LOGIN)),
    "reporting:step": (submitted, {}, "post", row(302, 403, 302, 302, 403, 403, 404, LOGIN)),
}
