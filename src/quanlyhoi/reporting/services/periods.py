"""Reporting periods: created from their code with the default cut-off window and deadlines, opened and closed
for entry."""

from __future__ import annotations

import datetime

from django.db import transaction

from quanlyhoi.core import audit
from quanlyhoi.core.errors import Forbidden
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
            Deadline.objects.bulk_create(
                Deadline(
                    period=period, level_code=rule.level_code, due_on=ends + datetime.timedelta(days=rule.days_after)
                )
                for rule in DeadlineRule.objects.filter(period_kind=spec.kind)
            )
    return period


def deadline_of(period: Period, unit: Unit) -> datetime.date | None:
    """When `unit` must have submitted for `period` (by its level); None when no deadline is set."""
    row = Deadline.objects.filter(period=period, level_code=unit.level.code).first()
    return row.due_on if row else None


def set_open(*, actor, period: Period, is_open: bool, reason: str = "") -> Period:
    """Open or close a period for entry (the reporting calendar is the whole system's: system scope only)."""
    if not has_system_scope(actor, Action.MANAGE_REPORTING):
        raise Forbidden("Chỉ cơ quan theo dõi và quản trị hệ thống mở hoặc đóng kỳ báo cáo.")
    if period.is_open == is_open:
        return period
    with transaction.atomic():
        period.is_open = is_open
        period.save(update_fields=["is_open"])
        audit.record(
            actor=actor,
            action="report.period_open" if is_open else "report.period_close",
            obj=period,
            changes={"is_open": [not is_open, is_open]},
            message=reason.strip(),
        )
    return period
