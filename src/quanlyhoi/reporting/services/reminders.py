"""Reminders from the level above to the units of its tree whose report for a period has not reached it yet
(not started, being drafted, or returned for correction), as in-app notifications (and e-mail when SMTP is
configured) to the officers of those units.

Idempotent by day: the key `report:{period}:{unit}:{yyyy-mm-dd}` is unique per recipient, so running it twice on
the same day (by hand or from cron) sends nothing new, and the next day sends a new reminder.

Recipients are the active users holding a role with Action.REPORT scoped exactly on the unit. A unit without one
is not escalated to an officer further up (who may be the reminder's sender): it is listed as "without officer"
so that the sender knows to call it.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse

from quanlyhoi.accounts.recipients import unit_officers
from quanlyhoi.core import audit, dates
from quanlyhoi.core.errors import NotFound
from quanlyhoi.core.notifications import Message, send
from quanlyhoi.core.permissions import require
from quanlyhoi.core.roles import ROLE_ACTIONS, Action
from quanlyhoi.orgs.models import Unit
from quanlyhoi.reporting.models import Period
from quanlyhoi.reporting.queries import RECEIVED, UnitStatus, completeness
from quanlyhoi.reporting.services.submissions import can_approve

KIND = "report_reminder"
REPORTING_ROLES = [role for role, actions in ROLE_ACTIONS.items() if Action.REPORT in actions]
BATCH = 500
WHERE = {
    "missing": "chưa lập báo cáo",
    "draft": "báo cáo đang soạn, chưa gửi",
    "returned": "báo cáo bị trả lại, cần sửa và gửi lại",
}


@transaction.atomic
def remind(*, actor, unit: Unit, period: Period, codes: list[str] | None = None) -> dict:
    """Remind the units of `unit`'s tree (as it stood at the period's cut-off) that the actor approves for and
    whose report has not reached the level above; `codes` narrows it to some of them. The actor needs
    Action.APPROVE on `unit`. Returns {"units": units to remind, "notified": new notifications, "already": units
    whose officers were all reminded earlier today, "without_officer": [codes of units nobody could be told]}."""
    require(actor, Action.APPROVE, unit)
    rows = completeness(actor, unit, period).rows
    units = _units(actor, [r.code for r in rows])
    # A unit officer approves strictly below its own unit: its own unit is not reminded by itself.
    rows = [r for r in rows if can_approve(actor, units[r.code])]
    if codes:
        wanted = {c.strip().upper() for c in codes if c and c.strip()}
        unknown = sorted(wanted - {r.code for r in rows})
        if unknown:
            raise NotFound(
                f"Không tìm thấy đơn vị {', '.join(unknown)} trong các đơn vị thuộc {unit.code} mà bạn nhắc được.",
                code="unknown_units",
            )
        rows = [r for r in rows if r.code in wanted]
    pending = [r for r in rows if r.state not in RECEIVED]
    officers = unit_officers([units[r.code].pk for r in pending], REPORTING_ROLES)
    day = dates.today()
    messages = [
        _message(actor, unit, period, row, user_id, day) for row in pending for user_id in officers[units[row.code].pk]
    ]
    new = Counter(n.key for n in send(messages))
    without = [r.code for r in pending if not officers[units[r.code].pk]]
    already = [r.code for r in pending if officers[units[r.code].pk] and not new[_key(period, r.code, day)]]
    result = {"units": len(pending), "notified": new.total(), "already": len(already), "without_officer": without}
    audit.record(
        actor=actor,
        action="report.remind",
        obj=unit,
        changes={
            "period": period.code,
            "reminded": [r.code for r in pending if new[_key(period, r.code, day)]],
            "already": already,
            "without_officer": without,
            "notified": result["notified"],
        },
        message=f"Nhắc {len(pending)} đơn vị chưa gửi báo cáo kỳ {period.code}",
        association_id=unit.association_id,
        unit_path=unit.path,
    )
    return result


def _units(actor, codes: list[str]) -> dict[str, Unit]:
    visible = Unit.objects.restrict(actor, "view")
    found: dict[str, Unit] = {}
    for i in range(0, len(codes), BATCH):
        found.update((u.code, u) for u in visible.filter(code__in=codes[i : i + BATCH]))
    return found


def _key(period: Period, code: str, day) -> str:
    return f"report:{period.code}:{code}:{day.isoformat()}"


def _message(actor, root: Unit, period: Period, row: UnitStatus, user_id: int, day) -> Message:
    lines = [
        f"{row.name} ({row.code}): {WHERE.get(row.state, row.state)} kỳ {period.code} "
        f"(số liệu từ {dates.vn(period.starts_on)} đến {dates.vn(period.ends_on)})."
    ]
    if row.due_on:
        lines.append(f"Hạn nộp {dates.vn(row.due_on)}" + (", đã quá hạn." if row.late else "."))
    sender = actor.get_username() if hasattr(actor, "get_username") else str(actor)
    lines.append(f"Cấp trên ({root.code} {root.name}) nhắc đơn vị hoàn thành và gửi báo cáo. Người nhắc: {sender}.")
    link = f"{reverse('reporting:status')}?{urlencode({'unit': row.code, 'period': period.code})}"
    title = f"Nhắc nộp báo cáo kỳ {period.code}: {row.name}"
    return Message(user_id, KIND, _key(period, row.code, day), title, "\n".join(lines), link)
