"""Vietnamese text and dates: NFC normalisation, accent/case folding for search, dd/mm/yyyy."""

import datetime
import unicodedata

import pytest

from quanlyhoi.core.dates import parse_date, vn
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.text import fold, normalise


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Văn Đức", "nguyen van duc"),
        ("ĐẶNG THỊ ÁNH", "dang thi anh"),
        ("Hội Người cao tuổi", "hoi nguoi cao tuoi"),
        ("Thừa Thiên Huế", "thua thien hue"),
        ("  Phường   Ba   Đình ", "phuong ba dinh"),
        ("Ưu Ơn Ăn Âm Êm Ôm", "uu on an am em om"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_and_normalise_accept_nfd_input():
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Đức")
    assert nfd != "Nguyễn Văn Đức"
    assert fold(nfd) == "nguyen van duc"
    assert normalise(nfd) == "Nguyễn Văn Đức"
    assert unicodedata.is_normalized("NFC", normalise(nfd))


def test_normalise_collapses_whitespace():
    assert normalise("  Hội\tNgười \n cao  tuổi ") == "Hội Người cao tuổi"
    assert normalise(None) == ""


@pytest.mark.parametrize("text", ["05/01/2026", "5/1/2026", "2026-01-05", "05-01-2026", "05.01.2026", " 05/01/2026 "])
def test_parse_date_accepts_vietnamese_and_iso_forms(text):
    assert parse_date(text) == datetime.date(2026, 1, 5)


def test_parse_date_refuses_bad_dates_in_vietnamese():
    for text in ("31/02/2026", "2026/01/05", "5 tháng 1", "01/13/2026"):
        with pytest.raises(DomainError) as info:
            parse_date(text, field="effective_date")
        assert info.value.code == "bad_date" and info.value.field == "effective_date"
        assert "dd/mm/yyyy" in info.value.message and fold(info.value.message) != info.value.message.lower()
    with pytest.raises(DomainError) as info:
        parse_date("  ", required=True)
    assert info.value.code == "date_required"
    assert parse_date("") is None
    assert parse_date(datetime.date(2025, 7, 1)) == datetime.date(2025, 7, 1)


def test_vn_date_format():
    assert vn(datetime.date(2025, 7, 1)) == "01/07/2025"
    assert vn(None) == ""
