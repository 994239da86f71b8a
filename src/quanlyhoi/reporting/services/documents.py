"""The consolidated report of a period, as a draft (no number) or issued under the next number of the issuing
body's register: the overseer's for the associations taken together, a unit's for its subtree. One function
for the web, the API and the CLI."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError, Forbidden
from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.documents import services as register
from quanlyhoi.documents.models import RegisteredDocument
from quanlyhoi.orgs.models import Unit
from quanlyhoi.reporting import consolidated
from quanlyhoi.reporting.models import Period
from quanlyhoi.reporting.rollup import DEFAULT_TEMPLATE


@dataclass
class Produced:
    file_name: str
    data: bytes
    content_type: str
    registered: RegisteredDocument | None = None


def _format(fmt: str) -> str:
    fmt = (fmt or "docx").strip().lower()
    if fmt not in register.FORMATS:
        raise DomainError("bad_format", f"Định dạng '{fmt}' không hỗ trợ: dùng docx hoặc xlsx.", status=422,
                          field="format")  # fmt: skip
    return fmt


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
) -> Produced:  # fmt: skip
    """The DOCX (or its tables as XLSX). With `issue`, numbered and registered (both files kept); without, a
    draft with the number left blank, nothing written."""
    fmt, day = _format(fmt), today()
    body = issuing_body(actor, unit, day)
    if issue and not register.may_issue(actor, body):
        raise Forbidden("Bạn không có quyền cấp số văn bản của cơ quan ban hành này.")
    content = consolidated.gather(actor, period, unit, template_code)
    stem = f"BC-{period.code}-{unit.code if unit else 'CAC-HOI'}"
    if not issue:
        data = register.FORMATS[fmt](consolidated.document(content, register.issuer(body), None, day))
        return Produced(f"{stem}-du-thao.{fmt}", data, register.CONTENT_TYPES[fmt])
    subject = f"report:{period.code}:{unit.code if unit else '*'}"
    registered, files = register.issue(
        actor=actor, body=body, subject=subject,
        build=lambda number: consolidated.document(content, register.issuer(body), number, day),
    )  # fmt: skip
    return Produced(f"{registered.number:02d}-{stem}.{fmt}", files[fmt], register.CONTENT_TYPES[fmt], registered)
