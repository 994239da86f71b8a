"""Reporting periods: created from their code with the default cut-off window and deadlines, opened and closed
for entry."""

from __future__ import annotations

import datetime

from django.db import transaction

from quanlyhoi.core import audit
from quanlyhoi.core.errors import DomainError, Forbidden
from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.orgs.models import Unit
from quanlyhoi.reporting import calendar
from quanlyhoi.reporting.models import Deadline, DeadlineRule, Period


def period_for(code: str) -> Period:
    """The period of a code, created on first use with its cut-off window and the default deadline of every
    level (DeadlineRule: days after the cut-off)."""
    spec = calendar.parse(code)
    period = Period.objects.filter(code=spec.code).first()
    if period is not None:
        return period
    starts, ends = spec.window
    with transaction.atomic():
        period, created = Period.objects.get_or_create(
            code=spec.code,
            defaults={
                "kind": spec.kind,
                "year": spec.year,
                "number": spec.number,
                "starts_on": starts,
                "ends_on": ends,
            },
        )
        if created:
            # Made by whoever first named it (a request, an import, the CLI): recorded under the context's source.
            audit.record(actor=None, action="report.period_create", obj=period,
                         changes={"starts_on": [None, starts], "ends_on": [None, ends]})  # fmt: skip
            Deadline.objects.bulk_create(
                Deadline(
                    period=period, level_code=rule.level_code, due_on=ends + datetime.timedelta(days=rule.days_after)
                )
                for rule in DeadlineRule.objects.filter(period_kind=spec.kind)
            )
    return period


def existing_period(code: str) -> Period | None:
    """The period of a code if anyone has used it (a comparison with a period nobody reported for has nothing to
    compare with, and must not create it)."""
    return Period.objects.filter(code=calendar.parse(code).code).first()


def deadline_of(period: Period, unit: Unit) -> datetime.date | None:
    """When `unit` must have submitted for `period` (by its level); None when no deadline is set."""
    row = Deadline.objects.filter(period=period, level_code=unit.level.code).first()
    return row.due_on if row else None


def level_order() -> dict[str, int]:
    """Level code -> its rank (1 the central office, larger further down), the smallest any association gives
    it: deadlines run from the bottom of the tree up."""
    from django.db.models import Min

    from quanlyhoi.orgs.models import UnitLevel

    return dict(UnitLevel.objects.values_list("code").annotate(r=Min("rank")).order_by())


def _check_deadlines(period_ends: datetime.date, deadlines: dict[str, datetime.date]) -> None:
    ranks = level_order()
    unknown = sorted(set(deadlines) - set(ranks))
    if unknown:
        raise DomainError("unknown_level", f"Không có cấp {', '.join(unknown)}.", status=422, field="deadlines")
    early = sorted(code for code, day in deadlines.items() if day <= period_ends)
    if early:
        raise DomainError(
            "deadline_before_cut_off",
            f"Hạn nộp của cấp {', '.join(early)} phải sau ngày chốt số liệu {period_ends:%d/%m/%Y}.",
            status=422, field="deadlines",
        )  # fmt: skip
    by_rank = sorted(deadlines.items(), key=lambda item: -ranks[item[0]])  # from the bottom up
    for (lower, due_lower), (upper, due_upper) in zip(by_rank, by_rank[1:], strict=False):
        if due_lower > due_upper:
            raise DomainError(
                "deadline_order",
                f"Cấp dưới nộp trước cấp trên: hạn của cấp {lower} ({due_lower:%d/%m/%Y}) không được sau hạn của "
                f"cấp {upper} ({due_upper:%d/%m/%Y}).",
                status=422, field="deadlines",
            )  # fmt: skip


def configure(
    *,
    actor,
    period: Period,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    deadlines: dict[str, datetime.date] | None = None,
    is_open: bool | None = None,
    reason: str = "",
) -> Period:
    """Change a period's cut-off window (only before any report is started on it: registry figures were taken
    over the window), its deadlines per level (given levels replaced, after the cut-off, lower levels not later
    than higher ones), or open or close it for entry. The reporting calendar is the whole system's: system
    scope only. Audited; nothing changes when anything is refused."""
    from quanlyhoi.reporting.models import Submission

    if not has_system_scope(actor, Action.MANAGE_REPORTING):
        raise Forbidden("Chỉ cơ quan theo dõi và quản trị hệ thống thay đổi kỳ báo cáo.")
    starts, ends = starts_on or period.starts_on, ends_on or period.ends_on
    if starts >= ends:
        raise DomainError("bad_window", "Ngày bắt đầu số liệu phải trước ngày chốt số liệu.", status=422,
                          field="starts_on")  # fmt: skip
    window_changes = (starts, ends) != (period.starts_on, period.ends_on)
    if window_changes and Submission.objects.filter(period=period).exists():
        raise DomainError(
            "window_in_use",
            f"Đã có báo cáo lập cho kỳ {period.code}: không đổi được khoảng thời gian số liệu.",
            status=409, field="starts_on",
        )  # fmt: skip
    current = dict(period.deadlines.values_list("level_code", "due_on"))
    wanted = {**current, **(deadlines or {})}
    _check_deadlines(ends, wanted)
    before = {"starts_on": period.starts_on, "ends_on": period.ends_on, "is_open": period.is_open,
              "deadlines": current}  # fmt: skip
    after = {"starts_on": starts, "ends_on": ends, "is_open": period.is_open if is_open is None else is_open,
             "deadlines": wanted}  # fmt: skip
    changes = audit.diff(before, after)
    if not changes:
        return period
    with transaction.atomic():
        period.starts_on, period.ends_on, period.is_open = starts, ends, after["is_open"]
        period.save(update_fields=["starts_on", "ends_on", "is_open"])
        for level, due in wanted.items():
            if current.get(level) != due:
                Deadline.objects.update_or_create(period=period, level_code=level, defaults={"due_on": due})
        action = "report.period_change"
        if set(changes) == {"is_open"}:
            action = "report.period_open" if after["is_open"] else "report.period_close"
        audit.record(actor=actor, action=action, obj=period, changes=changes, message=reason.strip())
    return period
