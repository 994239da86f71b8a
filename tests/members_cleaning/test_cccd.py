"""CCCD/CMND numbers: normalisation (lost leading zeros), province codes, century/sex and year digits."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quanlyhoi.core import cccd
from quanlyhoi.core.cccd import PROVINCE_CODES, CccdError
from quanlyhoi.members.cleaning import CleanError, id_number

# 001 Hà Nội, 0 = male born in the 1900s, 50 = 1950, serial 012345.
MALE_1950 = "001050012345"


def test_province_codes_are_the_63_old_provinces():
    assert len(PROVINCE_CODES) == 63
    assert PROVINCE_CODES["001"] == "Hà Nội"
    assert PROVINCE_CODES["079"] == "Hồ Chí Minh"
    assert PROVINCE_CODES["096"] == "Cà Mau"
    assert "003" not in PROVINCE_CODES and "097" not in PROVINCE_CODES
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCE_CODES)


def test_valid_cccd_accepted():
    assert id_number(MALE_1950, birth_year=1950, sex="M") == MALE_1950


def test_valid_cccd_with_full_birth_date():
    assert id_number("079301000001", birth_date=datetime.date(2001, 3, 4), sex="F") == "079301000001"


def test_separators_and_text_marker_removed():
    assert id_number("001 050 012 345") == MALE_1950
    assert id_number("'001050012345") == MALE_1950
    assert id_number("001.050.012.345") == MALE_1950


@pytest.mark.parametrize("value", ["1050012345", 1050012345, 1050012345.0, "1050012345.0"])
def test_leading_zeros_restored_from_ten_digits(value):
    assert id_number(value) == MALE_1950


def test_leading_zeros_restored_from_float_1234567890():
    assert cccd.normalise(1234567890.0) == "001234567890"


def test_leading_zero_restored_from_eleven_digits():
    assert id_number(79301000001) == "079301000001"


def test_nine_digit_cmnd_kept_as_is():
    assert id_number("012345678", birth_year=1950, sex="F") == "012345678"
    assert id_number(123456789) == "123456789"


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_empty_is_none(empty):
    assert id_number(empty) is None


@pytest.mark.parametrize("value", ["12345678", "1234567890123", "00105001234A", "1.05001E+11", 1.5, True])
def test_wrong_length_or_characters_refused(value):
    with pytest.raises(CleanError, match="CCCD"):
        id_number(value)


def test_unknown_province_code_refused():
    with pytest.raises(CleanError, match="mã tỉnh .*'003'"):
        id_number("003050012345")


def test_country_code_accepted_when_first_digit_not_zero():
    assert id_number("840050012345", birth_year=1950, sex="M") == "840050012345"


def test_sex_digit_inconsistent_with_sex_refused():
    with pytest.raises(CleanError, match="giới tính nữ, nhưng giới tính ghi là nam"):
        id_number("001150012345", birth_year=1950, sex="M")
    with pytest.raises(CleanError, match="giới tính nam, nhưng giới tính ghi là nữ"):
        id_number(MALE_1950, sex="F")


def test_century_digit_inconsistent_with_birth_century_refused():
    with pytest.raises(CleanError, match="chữ số thứ 4 .*1900–1999.*2001"):
        id_number("001001012345", birth_date=datetime.date(2001, 1, 1))


def test_year_digits_inconsistent_with_birth_year_refused():
    with pytest.raises(CleanError, match="chữ số thứ 5–6 \\('49'\\).*1950"):
        id_number("001049012345", birth_year=1950)


def test_century_digit_for_a_future_birth_year_refused():
    with pytest.raises(CleanError, match="tương lai"):
        id_number("001450012345")


def test_all_disagreements_named_at_once():
    with pytest.raises(CccdError) as e:
        cccd.check("001149012345", birth_year=1950, sex="M")
    assert "5–6" in str(e.value) and "giới tính" in str(e.value)


def test_cmnd_not_checked_against_birth_or_sex():
    cccd.check("123456789", birth_year=2001, sex="F")


@given(
    code=st.sampled_from(sorted(PROVINCE_CODES)),
    year=st.integers(1900, datetime.date.today().year),
    female=st.booleans(),
    serial=st.integers(0, 999999),
)
def test_numbers_built_from_birth_and_sex_pass_and_survive_losing_zeros(code, year, female, serial):
    digit = (year - 1900) // 100 * 2 + female
    number = f"{code}{digit}{year % 100:02d}{serial:06d}"
    sex = "F" if female else "M"
    assert id_number(number, birth_year=year, sex=sex) == number
    assert id_number(int(number), birth_year=year, sex=sex) == number
    assert id_number(float(int(number)), birth_year=year, sex=sex) == number
