"""Briefings, assignments and their files as the API and the CLI show them, and the lookups through the
scoping choke point that both use."""

from __future__ import annotations

import datetime
import mimetypes

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from quanlyhoi.api.common import association_visible
from quanlyhoi.briefings import files as stored
from quanlyhoi.briefings import queries
from quanlyhoi.briefings.models import Assignment, Briefing, BriefingFile, Directive
from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.documents.models import RegisteredDocument


def briefing_row(b: Briefing) -> dict:
    return {
        "id": b.pk, "kind": b.kind, "title": b.title, "held_on": b.held_on, "place": b.place, "chair": b.chair,
        "unit": b.unit.code if b.unit_id else None, "associations": sorted(a.code for a in b.associations.all()),
        "participants": b.participants, "agenda": b.agenda, "period": b.period.code if b.period_id else None,
        "report": b.report_id, "minutes": b.minutes, "conclusion": b.conclusion, "created_at": b.created_at,
        "version": b.version,
    }  # fmt: skip


def file_row(f: BriefingFile) -> dict:
    return {"id": f.pk, "kind": f.kind, "name": f.name, "size": f.size, "sha256": f.sha256,
            "uploaded_at": f.uploaded_at}  # fmt: skip


def assignment_row(a: Assignment, day: datetime.date | None = None) -> dict:
    d = a.directive
    return {
        "id": a.pk, "directive": d.pk, "directive_title": d.title, "briefing": d.briefing_id,
        "briefing_title": d.briefing.title, "unit": a.unit.code if a.unit_id else None,
        "association": a.unit.association.code if a.unit_id else None, "department": a.department,
        "assignee": a.assignee, "parent": a.parent_id, "state": a.state, "status": queries.status(a, day),
        "overdue": queries.is_overdue(a, day), "due_on": a.due_on, "priority": d.priority,
        "recurrence": d.recurrence, "progress": a.progress, "rolled_progress": queries.rolled_progress(a),
        "reason": a.reason, "done_at": a.done_at, "accepted_at": a.accepted_at, "updated_at": a.updated_at,
        "version": a.version,
    }  # fmt: skip


def assignment_detail(a: Assignment) -> dict:
    day = today()
    d = a.directive
    updates = [
        {"id": u.pk, "step": u.step, "text": u.text, "progress": u.progress, "link": u.link,
         "author": u.author_name, "created_at": u.created_at,
         "evidence": [{"id": e.pk, "name": e.name, "size": e.size, "sha256": e.sha256} for e in u.files.all()]}
        for u in a.updates.prefetch_related("files")
    ]  # fmt: skip
    children = a.children.select_related("directive__briefing", "unit__association").prefetch_related("children")
    return {
        **assignment_row(a, day), "content": d.content, "coordinator": d.coordinator,
        "indicators": [i.code for i in d.indicators.all()], "children": [assignment_row(c, day) for c in children],
        "updates": updates,
    }  # fmt: skip


def directive_row(d: Directive, assignments: list[Assignment]) -> dict:
    day = today()
    return {
        "id": d.pk, "briefing": d.briefing_id, "title": d.title, "content": d.content, "coordinator": d.coordinator,
        "due_on": d.due_on, "recurrence": d.recurrence, "priority": d.priority,
        "indicators": [i.code for i in d.indicators.all()],
        "assignments": [assignment_row(a, day) for a in assignments],
    }  # fmt: skip


def assignments_in_scope(user):
    return (
        Assignment.objects.restrict(user, "view")
        .select_related("directive__briefing", "unit__association", "parent")
        .prefetch_related("children")
    )


def board_row(r: queries.BoardRow) -> dict:
    return {"key": r.key, "name": r.name, "total": r.total, "counts": r.counts, "soon": r.soon,
            "completion": r.completion}  # fmt: skip


def briefing_detail(user, b: Briefing) -> dict:
    """The briefing with its files and the directives the caller may see (those assigned in its scope)."""
    return {
        **briefing_row(b), "files": [file_row(f) for f in b.files.all()],
        "directives": [directive_row(d, d.shown) for d in queries.directives_of(user, b)],
    }  # fmt: skip


def briefings_in_scope(user):
    return (
        Briefing.objects.restrict(user, "view")
        .distinct()
        .select_related("unit", "period")
        .prefetch_related("associations")
    )


def visible_briefing(user, briefing_id: int) -> Briefing:
    found = briefings_in_scope(user).filter(pk=briefing_id).first()
    if found is None:
        raise NotFound(f"Không tìm thấy cuộc giao ban số {briefing_id}.")
    return found


def visible_assignment(user, assignment_id: int) -> Assignment:
    found = assignments_in_scope(user).filter(pk=assignment_id).first()
    if found is None:
        raise NotFound(f"Không tìm thấy nhiệm vụ được giao số {assignment_id}.")
    return found


def registered_report(user, report_id: int | None):
    if not report_id:
        return None
    found = RegisteredDocument.objects.restrict(user, "view").filter(pk=report_id).first()
    if found is None:
        raise NotFound(f"Không tìm thấy văn bản số {report_id} trong sổ văn bản.")
    return found


def download(name: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=mimetypes.guess_type(name)[0] or stored.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def uploaded(files) -> list[tuple[str, bytes]]:
    """(name, bytes) of the uploaded files; an oversized one is refused before it is read."""
    too_big = [f.name for f in files if f.size > stored.MAX_FILE]
    if too_big:
        raise DomainError("too_big", f"Tệp lớn hơn 20 MB: {', '.join(too_big)}.", status=422, field="files")
    return [(f.name or "", f.read()) for f in files]


def briefings_listed(user, *, kind: str | None = None, association: str | None = None):
    """The briefings in scope, newest first: of one kind; that an association took part in or convened."""
    rows = briefings_in_scope(user)
    if kind:
        rows = rows.filter(kind=kind)
    if association:
        code = association_visible(user, association).code
        rows = rows.filter(associations__code=code) | rows.filter(unit__association__code=code)
    return rows.order_by("-held_on", "-id")
