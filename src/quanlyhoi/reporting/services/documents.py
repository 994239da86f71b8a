"""The consolidated report of a period, as a draft (no number) or issued under the next number of the issuing
body's register: the overseer's for the associations taken together, a unit's for its subtree. One function
for the web, the API and the CLI."""

from __future__ import annotations

import datetime

from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import Forbidden
from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.documents import services as register
from quanlyhoi.orgs.models import Unit
from quanlyhoi.reporting import consolidated
from quanlyhoi.reporting.models import Period
from quanlyhoi.reporting.rollup import DEFAULT_TEMPLATE


def issuing_body(actor, unit: Unit | None, day: datetime.date):
    """The body a consolidated report of `unit` (None: the overseer's) is issued by; the overseer's report is
    for those who see the whole system."""
    if unit is None:
        if not has_system_scope(actor, Action.VIEW):
            raise Forbidden("Chỉ cơ quan theo dõi lập báo cáo tổng hợp các hội; hãy chọn đơn vị của bạn.")
        return register.body_of(overseer=register.overseer_on(day))
    return register.body_of(unit=unit)


def consolidated_report(
    *, actor, period: Period, unit: Unit | None = None, fmt: str = "docx", issue: bool = False,
    template_code: str = DEFAULT_TEMPLATE,
) -> register.Produced:  # fmt: skip
    """The DOCX (or its tables as XLSX). With `issue`, numbered and registered (both files kept); without, a
    draft with the number left blank, nothing written."""
    fmt, day = register.check_format(fmt), today()
    body = issuing_body(actor, unit, day)
    content = consolidated.gather(actor, period, unit, template_code)
    return register.produce(
        actor=actor, body=body, fmt=fmt, numbered=issue, stem=f"BC-{period.code}-{unit.code if unit else 'CAC-HOI'}",
        subject=f"report:{period.code}:{unit.code if unit else '*'}",
        document=lambda issuer, number: consolidated.document(content, issuer, number, day),
    )  # fmt: skip
