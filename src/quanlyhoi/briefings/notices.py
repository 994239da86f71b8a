"""In-app notices of the follow-up (and e-mail when SMTP is configured): an assignee hears that it was given
something, returned or cancelled; the assigner hears that a result awaits its acceptance. One notice per
event (the key names the assignment and its version), sent in the step's transaction."""

from __future__ import annotations

from django.urls import reverse

from quanlyhoi.accounts.models import RoleAssignment
from quanlyhoi.accounts.recipients import unit_officers
from quanlyhoi.briefings.models import Assignment
from quanlyhoi.core.dates import vn
from quanlyhoi.core.notifications import Message, send
from quanlyhoi.core.roles import ROLE_ACTIONS, Action
from quanlyhoi.orgs.models import Unit

KIND = "directive_notice"
FOLLOW_UP_ROLES = [role for role, actions in ROLE_ACTIONS.items() if Action.FOLLOW_UP in actions]
DIRECT_ROLES = [role for role, actions in ROLE_ACTIONS.items() if Action.DIRECT in actions]
OVERSEER_ROLES = [role for role, actions in ROLE_ACTIONS.items() if Action.OVERSEE in actions]


def people(unit: Unit | None, roles) -> set[int]:
    """Who speaks for `unit`: its own officers, and for a central office the association's too; for the
    overseer (None), the users of the overseer's role."""
    active = RoleAssignment.objects.filter(user__is_active=True)
    if unit is None:
        return set(active.filter(association__isnull=True, unit__isnull=True, role__in=OVERSEER_ROLES)
                   .values_list("user_id", flat=True))  # fmt: skip
    found = set(unit_officers([unit.pk], roles)[unit.pk])
    if unit.parent_id is None:
        found |= set(active.filter(association_id=unit.association_id, unit__isnull=True, role__in=roles)
                     .values_list("user_id", flat=True))  # fmt: skip
    return found


def _assigner(a: Assignment) -> Unit | None:
    return a.parent.unit if a.parent_id else a.directive.briefing.unit


def _send(a: Assignment, users: set[int], event: str, title: str, body: str) -> None:
    link = reverse("briefings:assignment", kwargs={"pk": a.pk})
    send([Message(u, KIND, f"directive:{a.pk}:{event}:{a.version}", title, body, link) for u in users])


def assigned(assignments: list[Assignment]) -> None:
    for a in assignments:
        d = a.directive
        due = f", hạn {vn(a.due_on)}" if a.due_on else ""
        body = f"Giao ban “{d.briefing.title}” ({vn(d.briefing.held_on)}) giao cho {a.assignee}{due}."
        _send(a, people(a.unit, FOLLOW_UP_ROLES), "assigned", f"Nhiệm vụ mới: {d.title}", body)


TITLES = {
    "done": "Chờ nghiệm thu: {title}",
    "accept": "Đã nghiệm thu: {title}",
    "return": "Bị trả lại: {title}",
    "cancel": "Đã huỷ: {title}",
}


def stepped(a: Assignment, step: str, text: str) -> None:
    """The other side of a step hears of it: the assigner of a result, the assignee of a decision."""
    if step not in TITLES:
        return
    to = people(_assigner(a), DIRECT_ROLES) if step == "done" else people(a.unit, FOLLOW_UP_ROLES)
    title = TITLES[step].format(title=a.directive.title)
    _send(a, to, step, title, f"{a.assignee}: {text}" if text else a.assignee)
