"""What an official document says, independent of its file format: the blocks a report or a follow-up
report is made of. documents.docx lays them out in the issuing body's format; the tables also go to XLSX."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


def figure(value) -> str:
    """A figure as Vietnamese write it: 1.234.567 and 12,5; an empty cell for no value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{int(number):,}".replace(",", ".")
    whole, _dot, fraction = f"{number.normalize():f}".partition(".")
    return f"{int(Decimal(whole)):,}".replace(",", ".") + "," + fraction


@dataclass
class Heading:
    text: str
    level: int = 1  # 1: "I. KẾT QUẢ ĐẠT ĐƯỢC", 2: "1. Số liệu chủ yếu"


@dataclass
class Paragraph:
    text: str
    source: str = ""  # who wrote the passage (a unit gathered from below), printed in bold before it
    italic: bool = False


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list]  # text, or figures (int, Decimal, None) that DOCX writes 1.234.567 and XLSX keeps as numbers
    widths: list[float] = field(default_factory=list)  # relative widths; empty: equal
    numeric_from: int = 2  # columns from this index are figures (right-aligned)
    total_last: bool = False  # the last row is a total (bold)
    note: str = ""  # printed in italics under the title, e.g. the unit of measure


@dataclass
class Issuer:
    """What the header and the signature need of the issuing body (documents.models.IssuingBody)."""

    style: str
    parent_name: str
    name: str
    abbreviation: str
    place: str
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)


@dataclass
class OfficialDocument:
    issuer: Issuer
    doc_type: str  # "BC"
    type_name: str  # "BÁO CÁO"
    summary: str  # the line under the type name
    issued_on: datetime.date
    number: int | None = None  # None: a draft, the number left blank
    body: list = field(default_factory=list)  # Heading, Paragraph, Table
    annex: list = field(default_factory=list)  # after a page break, under "PHỤ LỤC"

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.body + self.annex if isinstance(b, Table)]
