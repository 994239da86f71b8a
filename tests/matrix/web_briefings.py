"""Matrix entries of the briefing pages (briefings/urls.py). The briefing is the overseer's with NCT, with a
document attached and one directive assigned to NCT.01.00004 that has a progress update with an evidence file:
every NCT persona sees them, the outsider (CTD) does not. The overseer and the system administrator record,
change and assign; the commune's officers and those above it report on the assignment. Writes answer with a
redirect back to the page."""

from tests.matrix.personas import row

LOGIN = 302


def _world() -> dict:
    import datetime

    from quanlyhoi.briefings.services.directives import create_directive
    from quanlyhoi.briefings.services.follow_up import step
    from quanlyhoi.briefings.services.meetings import attach, create_briefing
    from quanlyhoi.core.scoping import SystemOperator
    from quanlyhoi.orgs.models import Association

    operator = SystemOperator("matrix")
    briefing = create_briefing(
        actor=operator, title="Giao ban ma trận (web)", held_on=datetime.date(2026, 1, 15),
        associations=list(Association.objects.filter(code="NCT")), conclusion="Phát triển hội viên.",
    )  # fmt: skip
    (made,) = attach(actor=operator, briefing=briefing, kind="minutes", files=[("bien-ban.txt", b"Bien ban")])
    directive = create_directive(
        actor=operator, briefing=briefing, title="Phát triển hội viên", due_on=datetime.date(2026, 6, 30),
        assignees=["NCT.01.00004"], indicators=["HV_MOI"],
    )  # fmt: skip
    assignment = directive.assignments.get()
    step(actor=operator, assignment=assignment, step="progress", text="Đang làm", progress=20,
         files=[("minh-chung.txt", b"Minh chung")])  # fmt: skip
    evidence = assignment.updates.get(step="progress").files.get()
    return {"briefing": briefing.pk, "file": made.pk, "assignment": assignment.pk, "evidence": evidence.pk}


def none() -> dict:
    return {}


def briefing() -> dict:
    return {"pk": _world()["briefing"]}


def briefing_file() -> dict:
    found = _world()
    return {"pk": found["briefing"], "file_id": found["file"]}


def assignment() -> dict:
    return {"pk": _world()["assignment"]}


def progress() -> dict:
    return {"pk": _world()["assignment"], "step": "progress"}


def evidence() -> dict:
    return {"pk": _world()["evidence"]}


EVERYONE = row(200, 200, 200, 200, 200, 200, 200, LOGIN)
SEE = row(200, 200, 200, 200, 200, 200, 404, LOGIN)
DIRECT = row(200, 200, 403, 403, 403, 403, 404, LOGIN)

# name -> (URL kwargs factory, query, method, expected answers in personas.ORDER)
ENTRIES = {
    "briefings:list": (none, {}, "get", EVERYONE),
    # Unit officers and association administrators record their own units' internal briefings.
    "briefings:new": (none, {}, "get", row(200, 200, 200, 200, 200, 403, 200, LOGIN)),
    "briefings:detail": (briefing, {}, "get", SEE),
    "briefings:edit": (briefing, {}, "get", DIRECT),
    # Without a file: the page answers with the message (302); those who may not attach, 403.
    "briefings:attach": (briefing, {"kind": "other"}, "post", row(302, 302, 403, 403, 403, 403, 404, LOGIN)),
    "briefings:file": (briefing_file, {}, "get", SEE),
    "briefings:directive_new": (briefing, {}, "get", DIRECT),
    "briefings:assignment": (assignment, {}, "get", SEE),
    "briefings:step": (
        progress,
        {"text": "Đã tổ chức 2 buổi tuyên truyền", "progress": "40"},
        "post",
        row(302, 403, 302, 302, 302, 403, 404, LOGIN),
    ),
    "briefings:evidence": (evidence, {}, "get", SEE),
    "briefings:mine": (none, {}, "get", EVERYONE),
    "briefings:board": (none, {}, "get", EVERYONE),
    "briefings:assignments": (none, {"association": "NCT", "status": "overdue"}, "get", EVERYONE),
}
