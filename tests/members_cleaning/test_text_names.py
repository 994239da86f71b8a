"""text() and name(): NFC, whitespace, numbers from spreadsheets, names capitalised and split."""

import datetime
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quanlyhoi.members.cleaning import CleanError, name, text


@pytest.mark.parametrize("empty", [None, "", "   ", "\t\n"])
def test_text_empty_is_empty_string(empty):
    assert text(empty) == ""


def test_text_nfd_input_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")
    assert nfd != "Nguyễn Thị Hằng"
    assert text(nfd) == "Nguyễn Thị Hằng"


def test_text_collapses_whitespace():
    assert text("  Số 5,\u00a0 phố   Huế \n") == "Số 5, phố Huế"


@pytest.mark.parametrize(
    ("value", "expected"), [(1.0, "1"), (123456789012.0, "123456789012"), (42, "42"), (1.5, "1.5")]
)
def test_text_numbers_lose_the_spurious_decimal(value, expected):
    assert text(value) == expected


def test_text_dates_in_vietnamese_format():
    assert text(datetime.date(2026, 1, 5)) == "05/01/2026"
    assert text(datetime.datetime(2026, 1, 5)) == "05/01/2026"
    assert text(datetime.datetime(2026, 1, 5, 8, 30)) == "05/01/2026 08:30"
    assert text(datetime.time(8, 30)) == "08:30"


def test_name_capitalised_word_by_word_and_split():
    assert name("nguyễn  VĂN a") == ("Nguyễn Văn A", "Nguyễn", "Văn", "A")


def test_name_several_middle_names():
    assert name("tôn nữ thị ngọc lan") == ("Tôn Nữ Thị Ngọc Lan", "Tôn", "Nữ Thị Ngọc", "Lan")


def test_name_two_words_have_no_middle_name():
    assert name("Lê Lợi") == ("Lê Lợi", "Lê", "", "Lợi")


def test_name_one_word_is_the_given_name():
    assert name("hoa") == ("Hoa", "", "", "Hoa")


def test_name_nfd_input_becomes_nfc():
    full = name(unicodedata.normalize("NFD", "đặng thùy trâm"))[0]
    assert full == "Đặng Thùy Trâm" and unicodedata.is_normalized("NFC", full)


def test_name_apostrophe_and_hyphen_kept_with_capitals_after_them():
    assert name("h’hen niê")[0] == "H'Hen Niê"
    assert name("ksor h'bia")[0] == "Ksor H'Bia"
    assert name("lê thị-mai")[0] == "Lê Thị-Mai"


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_name_empty_is_not_an_error(empty):
    assert name(empty) == ("", "", "", "")


@pytest.mark.parametrize("bad", ["Nguyễn Văn 2", "Trần@Bình", "Lê (Mai)", 123, "- '"])
def test_name_with_digits_or_symbols_refused(bad):
    with pytest.raises(CleanError, match="Họ tên"):
        name(bad)


_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


@given(st.lists(st.text(alphabet=_LETTERS + _LETTERS.upper(), min_size=1, max_size=8), min_size=1, max_size=5))
def test_name_is_idempotent(words):
    full = name("  ".join(words))[0]
    assert name(full)[0] == full
    assert name(full) == name(" ".join(words))
