"""Matrix entries of the documents API (api/documents.py): the consolidated report of NCT.01.00004 for 2025-H2,
the register and the letterhead. A document issued by the unit is seen by every NCT persona, not the outsider."""

from tests.matrix.api_members_people import Lazy
from tests.matrix.personas import row


def issued() -> dict:
    from quanlyhoi.core.scoping import SystemOperator
    from quanlyhoi.documents.models import RegisteredDocument
    from quanlyhoi.orgs.models import Unit
    from quanlyhoi.reporting.services.documents import consolidated_report
    from quanlyhoi.reporting.services.periods import period_for

    found = RegisteredDocument.objects.filter(body__unit__code="NCT.01.00004").first()
    if found is None:
        found = consolidated_report(
            actor=SystemOperator("matrix"), period=period_for("2025-H2"), unit=Unit.objects.get(code="NCT.01.00004"),
            issue=True,
        ).registered  # fmt: skip
    return {"pk": found.pk}


SEE = row(200, 200, 200, 200, 200, 200, 404, 401)
ISSUE = row(201, 403, 201, 201, 201, 403, 404, 401)
COMMUNE = "unit=NCT.01.00004&period=2025-H2"

# (method, path) -> (path overrides, body, expected answers in personas.ORDER)
ENTRIES = {
    ("GET", "/api/v1/reports/document"): ({"?": COMMUNE}, None, SEE),
    ("POST", "/api/v1/reports/document"): ({}, {"unit": "NCT.01.00004", "period": "2025-H2"}, ISSUE),
    ("GET", "/api/v1/documents"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/v1/documents/{document_id}/file"): ({"document_id": Lazy(issued, "pk")}, None, SEE),
    ("GET", "/api/v1/documents/body"): ({"?": "unit=NCT.01.00004"}, None, SEE),
    ("PATCH", "/api/v1/documents/body"): (
        {"?": "unit=NCT.01.00004"},
        {"signer_name": "Nguyễn Văn An"},
        row(200, 403, 200, 200, 200, 403, 404, 401),
    ),
}

# The reporting calendar (api/reports_periods.py): read by everyone signed in, changed by system roles only.
ENTRIES.update(
    {
        ("GET", "/api/v1/reports/periods"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
        ("GET", "/api/v1/reports/periods/{code}"): (
            {"code": "2025-H2"},
            None,
            row(200, 200, 200, 200, 200, 200, 200, 401),
        ),
        ("PATCH", "/api/v1/reports/periods/{code}"): (
            {"code": "2025-H2"},
            {"is_open": False, "reason": "Hết hạn nhận"},
            row(200, 200, 403, 403, 403, 403, 403, 401),
        ),
    }
)
