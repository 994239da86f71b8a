"""Personal identification numbers: 12-digit CCCD and old 9-digit CMND (DOMAIN.md §4).

A CCCD is PPP C YY NNNNNN: PPP the old (63-unit) province code where the birth was registered, or a country code
when the first digit is not 0; C the century and sex (0/1 1900s male/female, 2/3 2000s, ...); YY the last two
digits of the birth year; a 6-digit serial. There is no check digit, so the checks here are consistency checks.
"""

from __future__ import annotations

import datetime
import importlib.util
import re
import sqlite3
from pathlib import Path

__all__ = ["PROVINCE_CODES", "CccdError", "check", "normalise"]


def _province_codes() -> dict[str, str]:
    """The 63 old province codes from vietnamadminunits' packaged database, zero-padded to 3 digits.

    Thông tư 07/2016/TT-BCA and 59/2021/TT-BCA use the administrative province codes as the CCCD prefix.
    The package is located without being imported: its __init__ loads its parsers, which takes half a second."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("vietnamadminunits is required for the CCCD province codes")
    db = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT DISTINCT provinceCode, province FROM admin_units_legacy").fetchall()
    codes = {}
    for code, name in sorted(rows):
        for prefix in ("Thành phố ", "Tỉnh "):
            name = name.removeprefix(prefix)
        codes[f"{int(code):03d}"] = name
    return codes


PROVINCE_CODES: dict[str, str] = _province_codes()


class CccdError(ValueError):
    """str(e) is a Vietnamese message for the user."""


_SEPARATORS = re.compile(r"[\s.\-]+")
_DIGITS = re.compile(r"\d+")
_FLOAT_TEXT = re.compile(r"\d+\.0+")
_EXPONENT = re.compile(r"\d[eE][+-]?\d")


def normalise(value) -> str | None:
    """Digits only; 12 digits = CCCD, 10-11 digits get their lost leading zeros back, 9 digits = old CMND.

    None, "" and whitespace mean "not given" and return None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CccdError(f"Số CCCD/CMND '{value}' không hợp lệ.")
    if isinstance(value, int):
        raw = digits = str(value)
    elif isinstance(value, float):
        if not value.is_integer() or value < 0:
            raise CccdError(f"Số CCCD/CMND '{value}' không hợp lệ.")
        raw = digits = str(int(value))
    else:
        raw = str(value).strip()
        if not raw:
            return None
        # A leading apostrophe is how spreadsheets mark a number stored as text; "1234567890.0" is a number
        # written out by a tool that read the cell as a float.
        digits = raw.removeprefix("'")
        if _FLOAT_TEXT.fullmatch(digits):
            digits = digits.partition(".")[0]
        if _EXPONENT.search(digits):
            raise CccdError(
                f"Số CCCD/CMND '{raw}' ở dạng số mũ (bảng tính đã làm mất chữ số): hãy định dạng cột là văn bản."
            )
        digits = _SEPARATORS.sub("", digits)
        if not _DIGITS.fullmatch(digits):
            raise CccdError(f"Số CCCD/CMND '{raw}' chỉ được chứa chữ số.")
    length = len(digits)
    if length == 12 or length == 9:
        return digits
    if length in (10, 11):
        return digits.zfill(12)
    raise CccdError(f"Số CCCD/CMND '{raw}' có {length} chữ số; CCCD có 12 chữ số, CMND cũ có 9 chữ số.")


_SEX_WORD = {"M": "nam", "F": "nữ"}


def check(
    number: str,
    *,
    birth_date: datetime.date | None = None,
    birth_year: int | None = None,
    sex: str = "",
) -> None:
    """Raise CccdError when a normalised number contradicts itself or the recorded birth year and sex."""
    if len(number) == 9:
        return
    if len(number) != 12 or not number.isdigit():
        raise CccdError(f"Số CCCD '{number}' phải gồm 12 chữ số.")
    problems = []
    prefix = number[:3]
    if prefix[0] == "0" and prefix not in PROVINCE_CODES:
        problems.append(f"mã tỉnh nơi đăng ký khai sinh '{prefix}' (3 chữ số đầu) không tồn tại")
    digit = int(number[3])
    century = 1900 + (digit // 2) * 100
    encoded_year = century + int(number[4:6])
    encoded_sex = "F" if digit % 2 else "M"
    if encoded_year > datetime.date.today().year:
        problems.append(f"chữ số thứ 4 đến 6 ('{number[3:6]}') ứng với năm sinh {encoded_year}, trong tương lai")
    year = birth_date.year if birth_date else birth_year
    if year:
        if year - year % 100 != century:
            problems.append(
                f"chữ số thứ 4 ('{digit}') ứng với người sinh trong các năm {century}–{century + 99}, "
                f"nhưng năm sinh là {year}"
            )
        elif year % 100 != int(number[4:6]):
            problems.append(f"chữ số thứ 5–6 ('{number[4:6]}') không khớp với năm sinh {year}")
    if sex in _SEX_WORD and sex != encoded_sex:
        problems.append(
            f"chữ số thứ 4 ('{digit}') ứng với giới tính {_SEX_WORD[encoded_sex]}, "
            f"nhưng giới tính ghi là {_SEX_WORD[sex]}"
        )
    if problems:
        raise CccdError(f"Số CCCD '{number}' không hợp lệ: " + "; ".join(problems) + ".")
