"""Reminders of the directives' deadlines, as in-app notifications (and e-mail when SMTP is configured), and a
weekly digest per user of what is still open.

For each open assignment (not started, in progress) with a due date: within SOON_DAYS days (today included) a
"due soon" reminder, past it an "overdue" one. Each is keyed by the assignment and the occurrence's due date
(`directive:{id}:soon:{due}`, `directive:{id}:overdue:{due}`), unique per recipient: running it twice, or every
day from cron, sends each reminder once; a recurring assignment's next occurrence has a new due date, so new
reminders. The digest is keyed by the ISO week (`digest:{user}:{year}-W{week}`): once a week per user.

Recipients of a unit's assignment are the active users holding a role with Action.FOLLOW_UP scoped exactly on
the unit (for an association's central office also those holding it on the association as a whole); of a
department's assignment, the overseer's users (roles with Action.OVERSEE on the whole system). Officers higher
up are not told about their chapters' deadlines: they see them on the board.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db import transaction
from django.urls import reverse

from quanlyhoi.accounts.models import RoleAssignment
from quanlyhoi.accounts.recipients import unit_officers
from quanlyhoi.briefings.models import OPEN, Assignment
from quanlyhoi.briefings.queries import SOON_DAYS
from quanlyhoi.core import audit
from quanlyhoi.core.dates import today, vn
from quanlyhoi.core.errors import Forbidden
from quanlyhoi.core.notifications import Message, send
from quanlyhoi.core.roles import ROLE_ACTIONS, Action
from quanlyhoi.core.scoping import SYSTEM, has_system_scope, scopes_for

KIND = "directive_reminder"
DIGEST_KIND = "directive_digest"
FOLLOW_UP_ROLES = [role for role, actions in ROLE_ACTIONS.items() if Action.FOLLOW_UP in actions]
OVERSEER_ROLES = [role for role, actions in ROLE_ACTIONS.items() if Action.OVERSEE in actions]
DIGEST_LISTED = 10  # the most urgent assignments named in the digest


def _in_scope(actor) -> set[int]:
    """The open assignments the actor may remind of: those it directs or follows up, and for the overseer those
    of its own briefings (the operator: all)."""
    oversees = has_system_scope(actor, Action.OVERSEE)
    if not oversees and not scopes_for(actor, Action.DIRECT) and not scopes_for(actor, Action.FOLLOW_UP):
        raise Forbidden("Bạn không có quyền nhắc việc thực hiện kết luận giao ban.")
    found = set()
    for action in (Action.DIRECT, Action.FOLLOW_UP):
        found |= set(Assignment.objects.restrict(actor, action).filter(state__in=OPEN).values_list("pk", flat=True))
    if oversees:
        own = Assignment.objects.filter(state__in=OPEN, directive__briefing__unit__isnull=True)
        found |= set(own.values_list("pk", flat=True))
    return found


def _recipients(assignments: list[Assignment]) -> dict[int, set[int]]:
    """assignment id -> the user ids to tell."""
    by_unit = unit_officers([a.unit_id for a in assignments if a.unit_id], FOLLOW_UP_ROLES)
    roots = {a.unit.association_id for a in assignments if a.unit_id and a.unit.parent_id is None}
    by_association: dict[int, set[int]] = defaultdict(set)
    if roots:
        rows = RoleAssignment.objects.filter(
            association_id__in=roots, unit__isnull=True, role__in=FOLLOW_UP_ROLES, user__is_active=True
        ).values_list("association_id", "user_id")
        for association_id, user_id in rows:
            by_association[association_id].add(user_id)
    overseer: set[int] = set()
    if any(a.unit_id is None for a in assignments):
        overseer = set(
            RoleAssignment.objects.filter(
                association__isnull=True, unit__isnull=True, role__in=OVERSEER_ROLES, user__is_active=True
            ).values_list("user_id", flat=True)
        )
    out: dict[int, set[int]] = {}
    for a in assignments:
        if a.unit_id is None:
            out[a.pk] = set(overseer)
        else:
            out[a.pk] = by_unit[a.unit_id] | (
                by_association[a.unit.association_id] if a.unit.parent_id is None else set()
            )
    return out


def link(assignment: Assignment) -> str:
    return reverse("briefings:assignment", kwargs={"pk": assignment.pk})


def _describe(a: Assignment) -> str:
    briefing = a.directive.briefing
    return f"{a.assignee}: “{a.directive.title}” (giao ban “{briefing.title}” ngày {vn(briefing.held_on)})"


def _reminder(a: Assignment, user_id: int, day: datetime.date) -> Message:
    due = a.due_on
    if due < day:
        late = (day - due).days
        title = f"Quá hạn: {a.directive.title}"
        text = f"{_describe(a)} đã quá hạn {late} ngày (hạn {vn(due)})."
        key = f"directive:{a.pk}:overdue:{due.isoformat()}"
    else:
        left = (due - day).days
        title = f"Sắp đến hạn: {a.directive.title}"
        text = f"{_describe(a)} đến hạn ngày {vn(due)}" + (", tức hôm nay." if left == 0 else f", còn {left} ngày.")
        key = f"directive:{a.pk}:soon:{due.isoformat()}"
    lines = [text, f"Tiến độ đã báo cáo: {a.progress}%. Hãy cập nhật kết quả thực hiện, kèm tài liệu minh chứng."]
    return Message(user_id, KIND, key, title, "\n".join(lines), link(a))


def _digest(user_id: int, mine: list[Assignment], day: datetime.date) -> Message:
    year, week, _weekday = day.isocalendar()
    overdue = [a for a in mine if a.due_on and a.due_on < day]
    soon = [a for a in mine if a.due_on and day <= a.due_on <= day + datetime.timedelta(days=SOON_DAYS)]
    title = f"Nhiệm vụ được giao, tuần {week}/{year}: {len(mine)} đang thực hiện, {len(overdue)} quá hạn"
    lines = [f"Nhiệm vụ chưa hoàn thành: {len(mine)}; quá hạn: {len(overdue)}; sắp đến hạn ({SOON_DAYS} ngày tới): "
             f"{len(soon)}."]  # fmt: skip
    urgent = sorted(overdue + soon, key=lambda a: (a.due_on, a.pk))[:DIGEST_LISTED]
    lines += [f"- {_describe(a)}, hạn {vn(a.due_on)}" + (" (quá hạn)" if a.due_on < day else "") for a in urgent]
    return Message(user_id, DIGEST_KIND, f"digest:{user_id}:{year}-W{week:02d}", title, "\n".join(lines))


def _audit_scope(actor) -> dict:
    if has_system_scope(actor, Action.OVERSEE):
        return {}
    scopes = scopes_for(actor, Action.DIRECT) or scopes_for(actor, Action.FOLLOW_UP)
    if len(scopes) != 1 or scopes[0].kind == SYSTEM:
        return {}
    return {"association_id": scopes[0].association_id, "unit_path": scopes[0].path or ""}


@transaction.atomic
def remind(*, actor, day: datetime.date | None = None) -> dict:
    """Send the due reminders of the open assignments in the actor's scope (the operator: all) and the week's
    digest to their recipients; idempotent. Returns {"assignments", "soon", "overdue", "notified", "digests",
    "already", "without_recipient"}: open assignments in scope, of them due soon and overdue, new reminder
    notifications, new digests, reminders sent before, assignments nobody could be told of (ids)."""
    day = day or today()
    in_scope = _in_scope(actor)
    # Every open assignment is read (their recipients' digests count them all); the reminders are the scope's.
    found = list(
        Assignment.objects.filter(state__in=OPEN).select_related("unit", "directive__briefing").order_by("due_on", "pk")
    )
    recipients = _recipients(found)
    everything = [a for a in found if a.pk in in_scope]
    horizon = day + datetime.timedelta(days=SOON_DAYS)
    due = [a for a in everything if a.due_on is not None and a.due_on <= horizon]
    messages = [_reminder(a, user_id, day) for a in due for user_id in sorted(recipients[a.pk])]
    sent = send(messages)
    new_keys = Counter(m.key for m in sent)
    # The digest goes to the recipients of the scope's assignments and sums up each one's own open assignments,
    # in this run's scope or not (so that a narrower run does not send a partial digest for the week).
    told = {user_id for a in everything for user_id in recipients[a.pk]}
    mine: dict[int, list[Assignment]] = defaultdict(list)
    for a in found:
        for user_id in recipients[a.pk] & told:
            mine[user_id].append(a)
    digests = send([_digest(user_id, mine[user_id], day) for user_id in sorted(told)])
    overdue = [a for a in due if a.due_on < day]
    result = {
        "date": day.isoformat(),
        "assignments": len(everything),
        "soon": len(due) - len(overdue),
        "overdue": len(overdue),
        "notified": len(sent),
        "digests": len(digests),
        "already": len(messages) - len(sent),
        "without_recipient": [a.pk for a in due if not recipients[a.pk]],
    }
    audit.record(
        actor=actor,
        action="directive.remind",
        object_type="briefings.assignment",
        object_repr=f"Nhắc việc thực hiện kết luận giao ban ngày {vn(day)}",
        changes={**result, "keys": sorted(new_keys)[:200]},
        message=f"{len(sent)} nhắc việc mới, {len(digests)} bản tổng hợp tuần mới",
        **_audit_scope(actor),
    )
    return result
