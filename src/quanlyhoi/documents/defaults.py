"""The shipped defaults of an issuing body, made the first time it issues a document; all editable."""

from __future__ import annotations

from quanlyhoi.core.text import fold
from quanlyhoi.documents.models import IssuingBody, Style
from quanlyhoi.orgs.models import Overseer, Unit

# The overseer's boards before 1/7/2025 were Party committee boards (Party format); the Front uses the state one.
OVERSEERS = {
    "BDVTW": dict(style=Style.PARTY, parent_name="Ban Chấp hành Trung ương", name="Ban Dân vận",
                  abbreviation="BDVTW", signer_authority="K/T Trưởng ban", signer_title="Phó Trưởng ban"),
    "BTGDVTW": dict(style=Style.PARTY, parent_name="Ban Chấp hành Trung ương", name="Ban Tuyên giáo và Dân vận",
                    abbreviation="BTGDVTW", signer_authority="K/T Trưởng ban", signer_title="Phó Trưởng ban"),
    "MTTQVN": dict(style=Style.STATE, parent_name="Ủy ban Trung ương", name="Mặt trận Tổ quốc Việt Nam",
                   abbreviation="MTTW-BTT", signer_authority="TM. Ban Thường trực", signer_title="Phó Chủ tịch"),
}  # fmt: skip
OVERSEER_RECIPIENTS = ["- Ban Bí thư Trung ương Đảng (để báo cáo);", "- Các hội quần chúng;", "- Lưu: VT."]
_AREA_PREFIXES = ("thành phố ", "tỉnh ", "phường ", "xã ", "đặc khu ", "thị trấn ")


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isalpha()).upper()


def _place(unit: Unit) -> str:
    """The locality of the date line: the area of the unit or of its nearest ancestor, without "Tỉnh",
    "Thành phố", "Xã"... (Hà Nội for a central office)."""
    candidate = unit
    while candidate is not None:  # a branch has no area of its own: its commune's
        if candidate.area_id:
            name = candidate.area.name
            for prefix in _AREA_PREFIXES:
                if fold(name).startswith(fold(prefix)):
                    return name[len(prefix) :]
            return name
        candidate = candidate.parent
    return "Hà Nội"


def for_overseer(overseer: Overseer) -> IssuingBody:
    given = OVERSEERS.get(overseer.short_name, {"name": overseer.name, "abbreviation": overseer.short_name or "BC"})
    return IssuingBody(overseer=overseer, recipients="\n".join(OVERSEER_RECIPIENTS), **given)


def for_unit(unit: Unit) -> IssuingBody:
    association = unit.association
    central = unit.parent_id is None
    parent = unit.parent
    return IssuingBody(
        unit=unit,
        style=Style.STATE,
        parent_name="" if central else (parent.name if parent else association.name),
        name=unit.name,
        abbreviation="TWH" if central else _initials(association.short_name or association.name),
        place=_place(unit),
        signer_authority="TM. Ban Thường vụ",
        signer_title="Chủ tịch",
        recipients="\n".join(
            [
                f"- {parent.name} (để báo cáo);" if parent else "- Ủy ban Trung ương MTTQ Việt Nam (để báo cáo);",
                "- Lưu: VT.",
            ]
        ),  # fmt: skip
    )
