"""Reporting periods by code, and their data cut-off windows (Nghị định 09/2019/NĐ-CP, Điều 12, by default).

Codes: "2025-M07" (month), "2025-Q3" (quarter), "2025-H2" (half-year), "2025" (year). A window runs from the
15th of the month before the period to the 14th of its last month: the first half-year from 15/12 of the
previous year to 14/6, the second from 15/6 to 14/12, the year from 15/12 of the previous year to 14/12.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from quanlyhoi.core.errors import DomainError
from quanlyhoi.reporting.models import PeriodKind

_CODE = re.compile(r"^(\d{4})(?:-(M|Q|H)(\d{1,2}))?$")
_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
_COUNT = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}
_LETTER = {"M": PeriodKind.MONTH, "Q": PeriodKind.QUARTER, "H": PeriodKind.HALF}
CUT_OFF_DAY = 15  # a window starts on the 15th of the month before the period and ends on the 14th


@dataclass(frozen=True)
class PeriodSpec:
    kind: str
    year: int
    number: int

    @property
    def code(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return f"{self.year}"
        letter = {v: k for k, v in _LETTER.items()}[self.kind]
        return (
            f"{self.year}-{letter}{self.number:02d}"
            if self.kind == PeriodKind.MONTH
            else f"{self.year}-{letter}{self.number}"
        )

    @property
    def window(self) -> tuple[datetime.date, datetime.date]:
        """[first day, last day] of the cut-off window."""
        months = _MONTHS[self.kind]
        last_month = self.number * months  # 1-12, the period's last month
        first_month = last_month - months + 1
        start_year, start_month = (self.year - 1, 12) if first_month == 1 else (self.year, first_month - 1)
        starts = datetime.date(start_year, start_month, CUT_OFF_DAY)
        ends = datetime.date(self.year, last_month, CUT_OFF_DAY - 1)
        return starts, ends

    @property
    def label(self) -> str:
        """How a Vietnamese report names the period: "6 tháng đầu năm 2025", "quý III năm 2025"."""
        if self.kind == PeriodKind.HALF:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"quý {('I', 'II', 'III', 'IV')[self.number - 1]} năm {self.year}"
        if self.kind == PeriodKind.MONTH:
            return f"tháng {self.number} năm {self.year}"
        return f"năm {self.year}"

    def next(self) -> PeriodSpec:
        if self.number < _COUNT[self.kind]:
            return PeriodSpec(self.kind, self.year, self.number + 1)
        return PeriodSpec(self.kind, self.year + 1, 1)

    def previous(self) -> PeriodSpec:
        if self.number > 1:
            return PeriodSpec(self.kind, self.year, self.number - 1)
        return PeriodSpec(self.kind, self.year - 1, _COUNT[self.kind])


def parse(code: str) -> PeriodSpec:
    """The period of a code; DomainError (422) in Vietnamese for anything else."""
    match = _CODE.match((code or "").strip().upper())
    if match:
        year, letter, number = int(match[1]), match[2], int(match[3] or 1)
        kind = _LETTER[letter] if letter else PeriodKind.YEAR
        if 1900 < year < 2200 and 1 <= number <= _COUNT[kind]:
            return PeriodSpec(kind, year, number)
    raise DomainError(
        "bad_period",
        f"Mã kỳ báo cáo '{code}' không hợp lệ: dùng 2025 (năm), 2025-H1 hoặc 2025-H2 (6 tháng), "
        "2025-Q1…Q4 (quý) hoặc 2025-M01…M12 (tháng).",
        status=422,
        field="period",
    )


def latest_ended(kind: str, on: datetime.date) -> PeriodSpec:
    """The latest period of `kind` whose cut-off window has ended by `on` (the one being reported)."""
    spec = PeriodSpec(kind, on.year, _COUNT[kind])
    while spec.window[1] > on:
        spec = spec.previous()
    return spec
