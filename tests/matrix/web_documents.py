"""Matrix entries of the consolidated report pages (reporting/views_documents.py) and the document register
(documents/urls.py). The report is NCT.01.00004's for 2025-H2: every NCT persona sees it; those who may issue
on the unit (not the overseer, who issues only under its own letterhead, nor the inspector) number it."""

from tests.matrix.api_documents import issued
from tests.matrix.personas import row

LOGIN = 302
COMMUNE = {"unit": "NCT.01.00004", "period": "2025-H2"}
SEE = row(200, 200, 200, 200, 200, 200, 404, LOGIN)
ISSUE = row(302, 403, 302, 302, 302, 403, 404, LOGIN)


def none() -> dict:
    return {}


def registered() -> dict:
    return {"pk": issued()["pk"], "fmt": "docx"}


ENTRIES = {
    "reporting:document": (none, COMMUNE, "get", SEE),
    "reporting:document_file": (none, {**COMMUNE, "format": "docx"}, "get", SEE),
    "reporting:document_issue": (none, COMMUNE, "post", ISSUE),
    "documents:register": (none, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "documents:body": (none, {"unit": "NCT.01.00004"}, "get", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
    "documents:file": (registered, {}, "get", SEE),
}

# The reporting calendar (reporting/views_periods.py): everyone signed in reads it; only system roles that
# manage reporting (the system administrator, the overseer) change it.
ENTRIES.update(
    {
        "reporting:periods": (none, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
        "reporting:period": (
            lambda: {"code": "2025-H2"},
            {},
            "get",
            row(200, 200, 403, 403, 403, 403, 403, LOGIN),
        ),
    }
)
