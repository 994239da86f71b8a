"""Matrix entries of the follow-up report pages (briefings/views_report.py). The briefing is the overseer's with
NCT, one directive assigned to NCT.01.00004: every NCT persona sees it and drafts the report (GET, the DOCX);
the outsider (CTD) does not see it. Only the overseer's register numbers it: the overseer and the system
administrator issue (302 back to the briefing), the others are refused."""

from tests.matrix.personas import row

LOGIN = 302
TITLE = "Giao ban ma trận (báo cáo kết quả)"


def report_briefing() -> dict:
    import datetime

    from quanlyhoi.briefings.models import Briefing
    from quanlyhoi.briefings.services.directives import create_directive
    from quanlyhoi.briefings.services.meetings import create_briefing
    from quanlyhoi.core.scoping import SystemOperator
    from quanlyhoi.orgs.models import Association

    found = Briefing.objects.filter(title=TITLE).first()
    if found is None:
        operator = SystemOperator("matrix")
        found = create_briefing(actor=operator, title=TITLE, held_on=datetime.date(2026, 1, 15),
                                associations=list(Association.objects.filter(code="NCT")))  # fmt: skip
        create_directive(actor=operator, briefing=found, title="Phát triển hội viên",
                         due_on=datetime.date(2026, 6, 30), assignees=["NCT.01.00004"])  # fmt: skip
    return {"pk": found.pk}


ENTRIES = {
    "briefings:report": (report_briefing, {}, "get", row(200, 200, 200, 200, 200, 200, 404, LOGIN)),
    "briefings:report_issue": (report_briefing, {}, "post", row(302, 302, 403, 403, 403, 403, 404, LOGIN)),
}
