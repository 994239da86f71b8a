"""Matrix entries of the briefings API (api/briefings.py). The briefing is the overseer's with NCT, its directive
assigned to NCT.01.00004: every NCT persona sees it, the outsider (CTD) does not. The overseer and the system
administrator record briefings and directives; the commune's officers and those above it report on the
assignment, and pass it down to its branch."""

from tests.matrix.api_members_people import Lazy
from tests.matrix.personas import row

TITLE = "Giao ban ma trận"


def world() -> dict:
    import datetime

    from quanlyhoi.briefings.models import Assignment, Briefing, Update
    from quanlyhoi.briefings.services.directives import create_directive
    from quanlyhoi.briefings.services.follow_up import step
    from quanlyhoi.briefings.services.meetings import attach, create_briefing
    from quanlyhoi.core.scoping import SystemOperator
    from quanlyhoi.orgs.models import Association

    briefing = Briefing.objects.filter(title=TITLE).first()
    if briefing is None:
        operator = SystemOperator("matrix")
        briefing = create_briefing(
            actor=operator, title=TITLE, held_on=datetime.date(2026, 1, 15),
            associations=list(Association.objects.filter(code="NCT")),
        )  # fmt: skip
        attach(actor=operator, briefing=briefing, kind="minutes", files=[("bien-ban.txt", b"Bien ban")])
        directive = create_directive(
            actor=operator, briefing=briefing, title="Phát triển hội viên", due_on=datetime.date(2026, 6, 30),
            assignees=["NCT.01.00004"],
        )  # fmt: skip
        step(actor=operator, assignment=directive.assignments.get(), step="progress", text="Đang làm", progress=20,
             files=[("minh-chung.txt", b"Minh chung")])  # fmt: skip
    assignment = Assignment.objects.get(directive__briefing=briefing, unit__code="NCT.01.00004")
    update = Update.objects.filter(assignment=assignment, files__isnull=False).first()
    return {
        "briefing": briefing.pk,
        "file": briefing.files.get().pk,
        "assignment": assignment.pk,
        "evidence": update.files.get().pk,
    }


BRIEFING = {"briefing_id": Lazy(world, "briefing")}
FILE = {**BRIEFING, "file_id": Lazy(world, "file")}
ASSIGNMENT = {"assignment_id": Lazy(world, "assignment")}
EVIDENCE = {**ASSIGNMENT, "evidence_id": Lazy(world, "evidence")}

EVERYONE = row(200, 200, 200, 200, 200, 200, 200, 401)
SEE = row(200, 200, 200, 200, 200, 200, 404, 401)
DIRECT = row(201, 201, 403, 403, 403, 403, 404, 401)
FOLLOW_UP = row(200, 403, 200, 200, 200, 403, 404, 401)
# A JSON body is no upload: every signed-in caller is told so (422).
UPLOAD = row(422, 422, 422, 422, 422, 422, 422, 401)

# (method, path) -> (path overrides, body, expected answers in personas.ORDER)
ENTRIES = {
    ("GET", "/api/v1/briefings"): ({}, None, EVERYONE),
    ("POST", "/api/v1/briefings"): (
        {},
        {"title": "Giao ban quý I", "held_on": "2026-04-10", "associations": ["NCT"]},
        # The outsider cannot see NCT: its code is answered like an unknown association (404).
        row(201, 201, 403, 403, 403, 403, 404, 401),
    ),
    ("GET", "/api/v1/briefings/{briefing_id}"): (BRIEFING, None, SEE),
    ("PATCH", "/api/v1/briefings/{briefing_id}"): (
        BRIEFING,
        {"minutes": "Biên bản đã ký."},
        row(200, 200, 403, 403, 403, 403, 404, 401),
    ),
    ("POST", "/api/v1/briefings/{briefing_id}/files"): (BRIEFING, {}, UPLOAD),
    ("GET", "/api/v1/briefings/{briefing_id}/files/{file_id}"): (FILE, None, SEE),
    ("POST", "/api/v1/briefings/{briefing_id}/directives"): (
        BRIEFING,
        {"title": "Tổng kết mô hình", "assignees": ["NCT.01.00004"], "due_on": "2026-09-30"},
        DIRECT,
    ),
    ("GET", "/api/v1/briefings/assignments"): ({"?": "mine=true&status=in_progress"}, None, EVERYONE),
    ("GET", "/api/v1/briefings/assignments/{assignment_id}"): (ASSIGNMENT, None, SEE),
    ("POST", "/api/v1/briefings/assignments/{assignment_id}/steps"): (
        ASSIGNMENT,
        {"step": "progress", "text": "Đã tổ chức 2 buổi", "progress": 50},
        FOLLOW_UP,
    ),
    ("POST", "/api/v1/briefings/assignments/{assignment_id}/evidence"): (ASSIGNMENT, {}, UPLOAD),
    ("POST", "/api/v1/briefings/assignments/{assignment_id}/pass-down"): (
        ASSIGNMENT,
        {"units": ["NCT.01.00004.001"]},
        row(201, 403, 201, 201, 201, 403, 404, 401),
    ),
    ("GET", "/api/v1/briefings/assignments/{assignment_id}/evidence/{evidence_id}"): (EVIDENCE, None, SEE),
    ("GET", "/api/v1/briefings/board"): ({}, None, EVERYONE),
}
