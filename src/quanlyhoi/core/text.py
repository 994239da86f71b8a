"""Vietnamese text helpers: NFC normalisation and accent/case folding for search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def _fold_table() -> dict[int, str]:
    """Every precomposed Latin letter with marks -> its base letter (đ -> d); built once, used by str.translate,
    which folds a million names in C instead of character by character in Python."""
    table = {ord("đ"): "d", ord("Đ"): "d"}
    for code in range(0x00C0, 0x1EFA):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
        if base != ch and base.isascii():
            table[code] = base.lower()
    # Combining marks left over (text that had no precomposed form) are dropped.
    for code in range(0x0300, 0x0370):
        table[code] = None
    return table


_FOLD = _fold_table()


def normalise(value: str | None) -> str:
    """NFC, trimmed, inner whitespace collapsed (text arrives in NFC and NFD)."""
    if not value:
        return ""
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    # Most cells are already clean: skip the regex (isprintable is false for tabs, newlines, odd spaces).
    if value.isprintable() and "  " not in value and value[0] != " " and value[-1] != " ":
        return value
    return _SPACES.sub(" ", value).strip()


def fold(value: str | None) -> str:
    """Lower case without diacritics, đ folded to d: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    return normalise(value).lower().translate(_FOLD)
