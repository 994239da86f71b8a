"""The 54 ethnic groups of Vietnam and lenient matching of how spreadsheets spell them."""

from __future__ import annotations

import re

from quanlyhoi.core.text import fold

# Danh mục các dân tộc Việt Nam, Quyết định 1019/QĐ-TCTK (12/11/2008) of the General Statistics Office, in its
# order (codes 01..54), with the spellings of the GSO's 2019 census publications.
ETHNIC_GROUPS: tuple[str, ...] = (
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Sán Chay",
    "Chăm",
    "Cơ Ho",
    "Xơ Đăng",
    "Sán Dìu",
    "Hrê",
    "Ra Glai",
    "Mnông",
    "Thổ",
    "Xtiêng",
    "Khơ Mú",
    "Bru Vân Kiều",
    "Cơ Tu",
    "Giáy",
    "Tà Ôi",
    "Mạ",
    "Giẻ Triêng",
    "Co",
    "Chơ Ro",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "La Chí",
    "Kháng",
    "Phù Lá",
    "La Hủ",
    "La Ha",
    "Pà Thẻn",
    "Lự",
    "Ngái",
    "Chứt",
    "Lô Lô",
    "Mảng",
    "Cơ Lao",
    "Bố Y",
    "Cống",
    "Si La",
    "Pu Péo",
    "Rơ Măm",
    "Brâu",
    "Ơ Đu",
)

# Other names in common use (the 1979 list's spellings, exonyms) that do not fold to the listed spelling.
_ALIASES = {
    "viet": "Kinh",
    "khome": "Khmer",
    "khomekrom": "Khmer",
    "hmong": "Mông",
    "meo": "Mông",
    "han": "Hoa",
    "raglay": "Ra Glai",
    "stieng": "Xtiêng",
    "khmu": "Khơ Mú",
    "bru": "Bru Vân Kiều",
    "vankieu": "Bru Vân Kiều",
    "kho": "Cơ Ho",
}

_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def _key(value: str) -> str:
    """Case, diacritics, spaces, hyphens and apostrophes ignored: "H'Mông", "Hmong" -> "hmong"."""
    key = _NOT_LETTERS.sub("", fold(value))
    return key.removeprefix("dantoc") or key


_INDEX: dict[str, str] = {_key(name): name for name in ETHNIC_GROUPS}
assert len(_INDEX) == len(ETHNIC_GROUPS) == 54, "two ethnic groups fold to the same key"
_INDEX.update((alias, name) for alias, name in _ALIASES.items() if alias not in _INDEX)


def lookup(value: str) -> str | None:
    """The listed spelling of an ethnic group, or None when the text names none of the 54."""
    return _INDEX.get(_key(value))
