"""Following a directive up: the assignee reports progress and, with evidence, that it is done; whoever gave
the assignment accepts it or returns it, or cancels it with a reason. A recurring assignment, once accepted,
starts again with the next occurrence's due date. Every step is an Update (the history) and an audit record.

    not started ─progress─▶ in progress ─done─▶ done ─accept─▶ accepted (recurring: not started, next due)
         └──────────────────done──────────────────▶   ◀─return─┘ (back to in progress)
    not started, in progress, done ─cancel─▶ cancelled (with its open pass-downs)"""

from __future__ import annotations

import calendar
import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from quanlyhoi.briefings import files as stored
from quanlyhoi.briefings import notices
from quanlyhoi.briefings.models import OPEN, Assignment, Evidence, Recurrence, State, Update
from quanlyhoi.briefings.services.directives import author, may_assign, may_follow_up, unit_scope
from quanlyhoi.core import audit
from quanlyhoi.core.errors import DomainError, Forbidden

MONTHS = {Recurrence.QUARTER: 3, Recurrence.HALF: 6, Recurrence.YEAR: 12}
ASSIGNEE_STEPS = {"progress": OPEN, "done": OPEN}
ASSIGNER_STEPS = {"accept": (State.DONE,), "return": (State.DONE,), "cancel": (*OPEN, State.DONE)}
NAMES = {"progress": "báo cáo tiến độ", "done": "báo cáo hoàn thành", "accept": "nghiệm thu", "return": "trả lại",
         "cancel": "huỷ"}  # fmt: skip


def next_due(day: datetime.date, recurrence: str) -> datetime.date:
    """The same day `recurrence` later (the month's last day when it is shorter: 31/8 → 28/2)."""
    months = day.month - 1 + MONTHS[recurrence]
    year, month = day.year + months // 12, months % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _locked(assignment: Assignment, version: int | None) -> Assignment:
    locked = (
        Assignment.objects.select_for_update(of=("self",))  # PostgreSQL locks no outer-joined row
        .select_related("unit", "parent", "directive__briefing__unit")
        .get(pk=assignment.pk)
    )
    if version is not None and int(version) != locked.version:
        raise DomainError("stale", "Nhiệm vụ vừa được người khác cập nhật; hãy tải lại trang.", status=409)
    return locked


@transaction.atomic
def step(
    *, actor, assignment: Assignment, step: str, text: str = "", progress: int | None = None, link: str = "",
    files: list[tuple[str, bytes]] | None = None, version: int | None = None,
) -> Assignment:  # fmt: skip
    """One step of the follow-up; DomainError in Vietnamese (nothing written) when it is not allowed."""
    if step not in ASSIGNEE_STEPS and step not in ASSIGNER_STEPS:
        raise DomainError("bad_step", f"Không có bước '{step}'.", status=422, field="step")
    a = _locked(assignment, version)
    if step in ASSIGNEE_STEPS and not may_follow_up(actor, a):
        raise Forbidden("Chỉ nơi được giao nhiệm vụ mới báo cáo tiến độ, kết quả.")
    if step in ASSIGNER_STEPS and not may_assign(actor, a):
        raise Forbidden("Chỉ nơi giao nhiệm vụ mới nghiệm thu, trả lại hoặc huỷ.")
    allowed = {**ASSIGNEE_STEPS, **ASSIGNER_STEPS}[step]
    if a.state not in allowed:
        raise DomainError("bad_state", f"Không thể {NAMES[step]} nhiệm vụ đang ở trạng thái “{a.get_state_display()}”.",
                          status=409)  # fmt: skip
    text = (text or "").strip()
    if step in ("progress", "done") and not text:
        raise DomainError("text_required", "Cần ghi nội dung đã thực hiện.", status=422, field="text")
    if step in ("return", "cancel") and not text:
        raise DomainError("reason_required", f"Cần ghi lý do {NAMES[step]}.", status=422, field="text")
    if progress is not None and not 0 <= int(progress) <= 100:
        raise DomainError("bad_progress", "Tiến độ là phần trăm, từ 0 đến 100.", status=422, field="progress")
    stored.check(files or [])
    before = {"state": a.state, "due_on": a.due_on, "progress": a.progress}
    now = timezone.now()
    if step == "progress":
        a.state = State.IN_PROGRESS
        a.progress = int(progress) if progress is not None else a.progress
    elif step == "done":
        a.state, a.progress, a.done_at = State.DONE, 100, now
    elif step == "accept":
        a.accepted_at = now
        if a.directive.recurrence and a.due_on:  # this occurrence is accepted; the next one starts
            a.state, a.progress, a.done_at = State.NOT_STARTED, 0, None
            a.due_on = next_due(a.due_on, a.directive.recurrence)
        else:
            a.state = State.ACCEPTED
    elif step == "return":
        a.state, a.reason = State.IN_PROGRESS, text
    elif step == "cancel":
        a.state, a.reason = State.CANCELLED, text
        _cancel_below(a, text)
    a.version += 1
    a.save()
    update = Update.objects.create(assignment=a, step=step, text=text, progress=progress, link=link.strip()[:300],
                                   **author(actor))  # fmt: skip
    for name, data in files or []:
        Evidence.objects.create(update=update, name=stored.clean_name(name), size=len(data), sha256=stored.keep(data))
    after = {"state": a.state, "due_on": a.due_on, "progress": a.progress}
    audit.record(actor=actor, action=f"directive.{step}", obj=a, changes=audit.diff(before, after), message=text,
                 **unit_scope(a.unit))  # fmt: skip
    notices.stepped(a, step, text)
    return a


def _cancel_below(assignment: Assignment, reason: str) -> None:
    """What was passed down from a cancelled assignment is cancelled too, all the way down."""
    parents = [assignment.pk]
    while parents:
        below = Assignment.objects.filter(parent_id__in=parents, state__in=(*OPEN, State.DONE))
        parents = list(below.values_list("pk", flat=True))
        below.update(state=State.CANCELLED, reason=reason, version=F("version") + 1)
