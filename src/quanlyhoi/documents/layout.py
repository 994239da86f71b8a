"""The parts of an official document that depend on the issuing body's format (DOMAIN.md §6): the number and
symbol, the date line, and the font sizes. Plain functions, so the API, the register and the DOCX agree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from quanlyhoi.documents.models import Style


def reference(style: str, number: int | None, doc_type: str, abbreviation: str) -> str:
    """ "05/BC-TWH" (state) or "05-BC/TW" (Party); numbers below 10 are zero-padded. Without a number (a draft),
    the blank the clerk fills in when the document is registered."""
    n = f"{number:02d}" if number is not None else "\u00a0" * 6
    if style == Style.PARTY:
        return f"{n}-{doc_type}/{abbreviation}"
    return f"{n}/{doc_type}-{abbreviation}"


def number_line(style: str, ref: str) -> str:
    """ "Số: 05/BC-TWH" in the state format, "Số 05-BC/TW" (no colon) in the Party format."""
    return f"Số {ref}" if style == Style.PARTY else f"Số: {ref}"


def date_line(place: str, day: datetime.date) -> str:
    """ "Hà Nội, ngày 05 tháng 01 năm 2026": a day below 10 and the months 1 and 2 take a leading zero (Nghị định
    30/2020, phụ lục I), so that they cannot be altered by hand."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass(frozen=True)
class Sizes:
    """Font sizes in points."""

    header: float  # governing and issuing body
    motto: float  # national name / "ĐẢNG CỘNG SẢN VIỆT NAM"
    motto_line2: float  # "Độc lập - Tự do - Hạnh phúc" (state only)
    number: float
    date: float
    doc_type: float
    body: float
    table: float = 11
    recipients_label: float = 12
    recipients: float = 11


SIZES = {
    Style.STATE: Sizes(header=12, motto=12, motto_line2=13, number=13, date=14, doc_type=14, body=14),
    Style.PARTY: Sizes(header=14, motto=15, motto_line2=15, number=14, date=14, doc_type=16, body=14),
}
