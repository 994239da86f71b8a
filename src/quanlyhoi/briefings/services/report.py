"""The follow-up report of a briefing (or of all the briefings a convener held about a period) as a draft (no
number) or issued under the next number of the convener's register: the overseer's (as it is on the day of
the report) for its briefings, the convening unit's for an internal one. One function for the web, the API and
the CLI. Drafting it needs only to see the briefing; issuing it, the right to issue on the convener's body."""

from __future__ import annotations

import datetime

from quanlyhoi.briefings import report
from quanlyhoi.briefings.models import Briefing
from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.documents import services as register
from quanlyhoi.orgs.models import Unit
from quanlyhoi.reporting import calendar
from quanlyhoi.reporting.models import Period

DOC_TYPE = "BC"


def visible_briefing(actor, briefing_id) -> Briefing:
    """The briefing if the actor sees it; NotFound otherwise (out of scope looks like missing)."""
    try:
        pk = int(briefing_id)
    except (TypeError, ValueError):
        pk = None
    found = Briefing.objects.restrict(actor, "view").select_related("unit__association").filter(pk=pk).first()
    if found is None:
        raise NotFound(f"Không tìm thấy cuộc giao ban {briefing_id}.")
    return found


def issuing_body(convener: Unit | None, day: datetime.date):
    """The convener's body: the overseer of the day for the overseer's briefings, else the convening unit."""
    if convener is None:
        return register.body_of(overseer=register.overseer_on(day))
    return register.body_of(unit=convener)


def follow_up_report(
    *, actor, briefing: Briefing | None = None, period: Period | None = None, convener: Unit | None = None,
    fmt: str = "docx", issue: bool = False,
) -> register.Produced:  # fmt: skip
    """The DOCX (or its tables as XLSX) of `briefing`, or of every briefing about `period` convened by `convener`
    (None: the overseer) that the actor sees. With `issue`, numbered and registered (both files kept); without,
    a draft with the number left blank, nothing written."""
    fmt, day = register.check_format(fmt), today()
    if briefing is not None:
        briefing = visible_briefing(actor, briefing.pk)
        briefings, convener, label = [briefing], briefing.unit, ""
        stem, subject = f"BC-KQ-GIAO-BAN-{briefing.pk}", f"briefing:{briefing.pk}"
    elif period is not None:
        briefings = list(
            Briefing.objects.restrict(actor, "view").filter(period=period, unit=convener).order_by("held_on", "id")
        )
        if not briefings:
            raise NotFound(f"Không có cuộc giao ban nào về kỳ {period.code} trong phạm vi của bạn.")
        label = calendar.parse(period.code).label
        who = convener.code if convener else "CAC-HOI"
        stem, subject = (
            f"BC-KQ-GIAO-BAN-{period.code}-{who}",
            f"briefings:{period.code}:{convener.code if convener else '*'}",
        )
    else:
        raise DomainError("required", "Cần chọn cuộc giao ban hoặc kỳ.", status=422, field="briefing")
    body = issuing_body(convener, day)
    content = report.gather(actor, briefings, day, label)
    return register.produce(
        actor=actor, body=body, fmt=fmt, numbered=issue, stem=stem, subject=subject,
        document=lambda issuer, number: report.document(content, issuer, number, day),
    )  # fmt: skip
