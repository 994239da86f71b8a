"""date() and birth(): the accepted formats, Excel serials (1900 system and its leap-year bug), years alone."""

import datetime

import pytest

from quanlyhoi.members.cleaning import CleanError, birth, date

D = datetime.date
LABEL = "Ngày vào hội"


@pytest.mark.parametrize(
    "value",
    ["05/01/1950", "5/1/1950", "05-01-1950", "05.01.1950", "1950-01-05", "1950-01-05 00:00:00", " 05/01/1950 "],
)
def test_date_text_formats(value):
    assert date(value, label=LABEL) == D(1950, 1, 5)


def test_date_is_day_first():
    assert date("03/04/2020", label=LABEL) == D(2020, 4, 3)


@pytest.mark.parametrize("value", [D(2020, 4, 3), datetime.datetime(2020, 4, 3, 12, 0)])
def test_date_from_date_objects(value):
    assert date(value, label=LABEL) == D(2020, 4, 3)


@pytest.mark.parametrize("value", [43831, 43831.0, "43831", "43831.0", 43831.75])
def test_date_from_excel_serial(value):
    assert date(value, label=LABEL) == D(2020, 1, 1)


def test_date_excel_serial_one_is_first_of_january_1900():
    assert date(1, label=LABEL) == D(1900, 1, 1)
    assert date(59, label=LABEL) == D(1900, 2, 28)


def test_date_excel_serial_after_the_1900_leap_bug():
    assert date(61, label=LABEL) == D(1900, 3, 1)


def test_date_excel_serial_60_the_fictitious_29_february_1900_refused():
    with pytest.raises(CleanError, match="29/02/1900"):
        date(60, label=LABEL)


def test_date_from_timedelta_uses_its_serial():
    assert date(datetime.timedelta(days=43831), label=LABEL) == D(2020, 1, 1)


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_date_empty_is_none(empty):
    assert date(empty, label=LABEL) is None


def test_date_impossible_day_refused_with_label():
    with pytest.raises(CleanError) as e:
        date("31/02/1950", label="Ngày vào hội")
    assert str(e.value) == "Ngày vào hội '31/02/1950' không hợp lệ."


@pytest.mark.parametrize("value", ["hôm qua", "05/01/50", "1950/01/05", "05/01-1950", True])
def test_date_unknown_format_refused_with_label(value):
    with pytest.raises(CleanError, match="^Ngày vào hội '.*' không"):
        date(value, label=LABEL)


@pytest.mark.parametrize("value", [0, 80001, -3])
def test_date_serial_out_of_range_refused(value):
    with pytest.raises(CleanError, match=LABEL):
        date(value, label=LABEL)


def test_date_year_alone_refused():
    with pytest.raises(CleanError, match="chỉ có năm"):
        date("1990", label=LABEL)


def test_date_time_only_refused():
    with pytest.raises(CleanError, match="chỉ có giờ"):
        date(datetime.time(8, 30), label=LABEL)


def test_date_before_1900_refused():
    with pytest.raises(CleanError, match="1900"):
        date("01/01/1850", label=LABEL)


def test_birth_full_date_gives_date_and_year():
    assert birth("05/01/1950") == (D(1950, 1, 5), 1950)


@pytest.mark.parametrize("value", ["1950", 1950, 1950.0, "1950.0"])
def test_birth_year_alone(value):
    assert birth(value) == (None, 1950)


def test_birth_excel_serial():
    assert birth(18268) == (D(1950, 1, 5), 1950)


@pytest.mark.parametrize("empty", [None, "", " "])
def test_birth_empty(empty):
    assert birth(empty) == (None, None)


@pytest.mark.parametrize("value", ["1850", 1899])
def test_birth_year_before_1900_refused(value):
    with pytest.raises(CleanError, match="Năm sinh"):
        birth(value)


def test_birth_year_in_the_future_refused():
    with pytest.raises(CleanError, match="Năm sinh"):
        birth(datetime.date.today().year + 1)


def test_birth_date_in_the_future_refused():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(CleanError, match="tương lai"):
        birth(tomorrow)


def test_birth_invalid_date_names_the_label():
    with pytest.raises(CleanError, match="^Ngày sinh '31/02/1950' không hợp lệ.$"):
        birth("31/02/1950")
