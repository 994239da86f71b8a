"""Cleaning of member data from imports and forms: one function per kind of value, Vietnamese error messages.

Values come from CSV (str) or from XLSX via python-calamine (str, int, float, bool, date, datetime, time,
timedelta). Empty input (None, "", whitespace) means "not given" and returns the empty value, never an error:
whether a value is required is the caller's decision. Invalid input raises CleanError, whose str() is the message.
The import runs these on millions of rows, so everything they need is built once, at import time.

Decisions:
- sex: "1" is male and "0" female (a yes/no "Nam" column exported as a number); "2" is refused rather than
  guessed, as are TRUE/FALSE: a ticked column may be "Nam" or "Nữ".
- dates: whole numbers 1000..2999 are a year alone, never an Excel serial (those would be days of 1902-1908):
  birth() takes them as a birth year, date() refuses them. Dates must fall in 1900..2100.
"""

from __future__ import annotations

import datetime
import re

from quanlyhoi.core import cccd
from quanlyhoi.core.text import fold, normalise
from quanlyhoi.members import ethnicity as _ethnicity
from quanlyhoi.members.areas import AreaMatcher
from quanlyhoi.members.ethnicity import ETHNIC_GROUPS

__all__ = [
    "ETHNIC_GROUPS",
    "AreaMatcher",
    "CleanError",
    "birth",
    "date",
    "ethnicity",
    "id_number",
    "name",
    "phone",
    "sex",
    "text",
]


class CleanError(ValueError):
    """str(e) is the Vietnamese message shown to the user."""


def text(value) -> str:
    """NFC, whitespace collapsed; numbers without a spurious ".0"; dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, str):
        return normalise(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):  # before date: a datetime is a date
        return value.strftime("%d/%m/%Y" if value.time() == datetime.time() else "%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M" if not value.second else "%H:%M:%S")
    return normalise(str(value))


# --- names -----------------------------------------------------------------------------------------------------

_NAME_CHARS = re.compile(r"(?:[^\W\d_]|[ '.\-])+")
_LETTER = re.compile(r"[^\W\d_]")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})


def name(value) -> tuple[str, str, str, str]:
    """(full, family, middle, given): "nguyễn  VĂN a" -> ("Nguyễn Văn A", "Nguyễn", "Văn", "A").

    One word is a given name only. Every letter run is capitalised, so Ê Đê names keep their form ("H'Hen")."""
    s = text(value).translate(_APOSTROPHES)
    if not s:
        return "", "", "", ""
    if not _NAME_CHARS.fullmatch(s) or not _LETTER.search(s):
        raise CleanError(
            f"Họ tên '{s}' không hợp lệ: chỉ được gồm chữ cái, dấu cách, dấu nháy đơn ('), "
            "dấu gạch ngang (-) và dấu chấm (.)."
        )
    full = s.title()
    words = full.split(" ")
    if len(words) == 1:
        return full, "", "", full
    return full, words[0], " ".join(words[1:-1]), words[-1]


# --- dates -----------------------------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Excel's 1900 date system counts 29/02/1900, a day that never was: serial 60. Serials after it are one too high.
_EXCEL_BEFORE_BUG = datetime.date(1899, 12, 31)
_EXCEL_AFTER_BUG = datetime.date(1899, 12, 30)
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_FORMAT_HINT = "ngày/tháng/năm, ví dụ 05/01/1950"


def _from_number(number: float, raw: str, label: str, *, years: bool) -> datetime.date | int:
    if number.is_integer() and 1000 <= number <= 2999:
        if years:
            return int(number)
        raise CleanError(f"{label} '{raw}' chỉ có năm; cần ghi đủ {_FORMAT_HINT}.")
    if not 1 <= number <= 80000:
        raise CleanError(f"{label} '{raw}' không phải là ngày ({_FORMAT_HINT}).")
    serial = int(number)
    if serial == 60:
        raise CleanError(f"{label} '{raw}' không hợp lệ: Excel hiểu là ngày 29/02/1900, một ngày không có thật.")
    return (_EXCEL_AFTER_BUG if serial > 60 else _EXCEL_BEFORE_BUG) + datetime.timedelta(days=serial)


def _parse(value, label: str, *, years: bool) -> datetime.date | int | None:
    """A date, or with years=True a year alone (int); None when empty."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif isinstance(value, datetime.time):
        raise CleanError(f"{label} '{text(value)}' chỉ có giờ, không có ngày.")
    elif isinstance(value, bool):
        raise CleanError(f"{label} '{value}' không phải là ngày ({_FORMAT_HINT}).")
    elif isinstance(value, int | float):
        return _from_number(float(value), text(value), label, years=years)
    elif isinstance(value, datetime.timedelta):  # a date cell formatted as a duration: same serial number
        return _from_number(value.total_seconds() / 86400, str(value), label, years=years)
    else:
        raw = text(value)
        if not raw:
            return None
        if m := _DMY.fullmatch(raw):
            d, mo, y = int(m[1]), int(m[3]), int(m[4])
        elif m := _YMD.fullmatch(raw):
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
        elif _NUMBER.fullmatch(raw):
            return _from_number(float(raw), raw, label, years=years)
        else:
            raise CleanError(f"{label} '{raw}' không đúng định dạng {_FORMAT_HINT}.")
        try:
            day = datetime.date(y, mo, d)
        except ValueError:
            raise CleanError(f"{label} '{raw}' không hợp lệ.") from None
    if not _MIN_YEAR <= day.year <= _MAX_YEAR:
        raise CleanError(f"{label} '{day:%d/%m/%Y}' không hợp lệ: năm phải từ {_MIN_YEAR} đến {_MAX_YEAR}.")
    return day


def date(value, *, label: str) -> datetime.date | None:
    """A date from text (dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd), an Excel serial or a date."""
    return _parse(value, label, years=False)


def birth(value) -> tuple[datetime.date | None, int | None]:
    """(date of birth, birth year): a full date gives both, a year alone ("1950", 1950.0) gives (None, year)."""
    parsed = _parse(value, "Ngày sinh", years=True)
    if parsed is None:
        return None, None
    today = datetime.date.today()
    if isinstance(parsed, int):
        if not _MIN_YEAR <= parsed <= today.year:
            raise CleanError(f"Năm sinh '{parsed}' không hợp lệ: phải từ {_MIN_YEAR} đến {today.year}.")
        return None, parsed
    if parsed > today:
        raise CleanError(f"Ngày sinh '{parsed:%d/%m/%Y}' không hợp lệ: ngày ở tương lai.")
    return parsed, parsed.year


# --- sex -------------------------------------------------------------------------------------------------------

_SEXES = {
    **dict.fromkeys(("nam", "nam gioi", "m", "male", "trai", "con trai", "ong", "1", "1.0"), "M"),
    **dict.fromkeys(("nu", "nu gioi", "f", "female", "gai", "con gai", "ba", "0", "0.0"), "F"),
}


def sex(value) -> str:
    """ "M", "F" or "" (not given); see the module docstring for numeric codes."""
    raw = text(value)
    if not raw:
        return ""
    try:
        return _SEXES[fold(raw)]
    except KeyError:
        raise CleanError(f"Giới tính '{raw}' không hợp lệ: ghi Nam hoặc Nữ.") from None


# --- phone -----------------------------------------------------------------------------------------------------

_PHONE_CHARS = re.compile(r"\+?[\d\s.()\-]+")
_NOT_DIGIT = re.compile(r"\D+")
_FLOAT_TEXT = re.compile(r"\d+\.0+")  # a number cell written out as a float by some tool: "912345678.0"
# Mobile numbers lost a digit on 15/9/2018 (Thông báo of the Cục Viễn thông): 01xx-xxx-xxxx -> 0yy-xxx-xxxx.
_OLD_MOBILE = {
    **{f"016{d}": f"03{d}" for d in "23456789"},
    "0120": "070",
    "0121": "079",
    "0122": "077",
    "0126": "076",
    "0128": "078",
    "0123": "083",
    "0124": "084",
    "0125": "085",
    "0127": "081",
    "0129": "082",
    "0186": "056",
    "0188": "058",
    "0199": "059",
}


def phone(value) -> str:
    """A Vietnamese number as 0 + national significant number, digits only: mobile 10 digits, landline 11."""
    if isinstance(value, bool):
        raise CleanError(f"Số điện thoại '{value}' không hợp lệ.")
    raw = text(value)
    if not raw:
        return ""
    if not _PHONE_CHARS.fullmatch(raw):
        raise CleanError(f"Số điện thoại '{raw}' chứa ký tự không hợp lệ.")
    digits = _NOT_DIGIT.sub("", raw.partition(".")[0] if _FLOAT_TEXT.fullmatch(raw) else raw)
    if raw.startswith("+"):
        if not digits.startswith("84"):
            raise CleanError(f"Số điện thoại '{raw}' không phải số Việt Nam (+84).")
        national = digits[2:]
    elif digits.startswith("0084"):
        national = digits[4:]
    elif digits.startswith("0"):
        national = digits[1:]
    elif digits.startswith("84") and len(digits) >= 11:  # 84 + 9 or 10 digits; "84x xxx xxx" alone is 9 digits
        national = digits[2:]
    else:  # the spreadsheet dropped the leading zero
        national = digits
    number = "0" + national.removeprefix("0")  # "+84 (0) 912..."
    if len(number) == 11 and number.startswith("01"):
        new_prefix = _OLD_MOBILE.get(number[:4])
        if new_prefix is None:
            raise CleanError(f"Số điện thoại '{raw}' có đầu số {number[:4]} không tồn tại.")
        number = new_prefix + number[4:]
    if (len(number) == 10 and number[1] in "35789") or (len(number) == 11 and number[1] == "2"):
        return number
    raise CleanError(
        f"Số điện thoại '{raw}' không hợp lệ: số di động có 10 chữ số (đầu 03, 05, 07, 08, 09), "
        "số cố định có 11 chữ số (đầu 02)."
    )


# --- ethnicity, identity number ----------------------------------------------------------------------------------


def ethnicity(value) -> str:
    """The listed spelling of one of the 54 ethnic groups ("kinh", "Hmong", "Ede" accepted)."""
    raw = text(value)
    if not raw:
        return ""
    found = _ethnicity.lookup(raw)
    if found is None:
        raise CleanError(f"Dân tộc '{raw}' không có trong danh mục 54 dân tộc Việt Nam.")
    return found


def id_number(
    value,
    *,
    birth_date: datetime.date | None = None,
    birth_year: int | None = None,
    sex: str = "",
) -> str | None:
    """A CCCD (12 digits, leading zeros restored) or an old CMND (9 digits), checked against birth year and sex."""
    try:
        number = cccd.normalise(value)
        if number is not None:
            cccd.check(number, birth_date=birth_date, birth_year=birth_year, sex=sex)
    except cccd.CccdError as e:
        raise CleanError(str(e)) from None
    return number
