"""Vietnamese text helpers: NFC normalisation and accent/case folding for search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalise(value: str | None) -> str:
    """NFC, trimmed, inner whitespace collapsed (text arrives in NFC and NFD)."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str | None) -> str:
    """Lower case without diacritics, đ folded to d: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    text = normalise(value).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
