"""sex() and ethnicity(): the spellings spreadsheets use."""

import unicodedata

import pytest

from quanlyhoi.members.cleaning import ETHNIC_GROUPS, CleanError, ethnicity, sex


@pytest.mark.parametrize(
    "value", ["Nam", "nam", "NAM", " Nam ", "M", "m", "male", "Male", "trai", "ông", "Ong", "1", 1, 1.0, "1.0"]
)
def test_sex_male_variants(value):
    assert sex(value) == "M"


@pytest.mark.parametrize(
    "value", ["Nữ", "nữ", "NỮ", "Nu", "nu", "nữ giới", "F", "female", "gái", "bà", "Ba", "0", 0, 0.0, "0.0"]
)
def test_sex_female_variants(value):
    assert sex(value) == "F"


def test_sex_female_in_nfd():
    assert sex(unicodedata.normalize("NFD", "Nữ")) == "F"


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_sex_empty(empty):
    assert sex(empty) == ""


@pytest.mark.parametrize("value", ["2", 2, "x", "khác", True, "Nam/Nữ"])
def test_sex_unknown_or_ambiguous_refused(value):
    with pytest.raises(CleanError, match="^Giới tính '.*' không hợp lệ"):
        sex(value)


def test_ethnic_groups_are_the_54_in_gso_order():
    assert len(ETHNIC_GROUPS) == len(set(ETHNIC_GROUPS)) == 54
    assert ETHNIC_GROUPS[:6] == ("Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa")
    assert ETHNIC_GROUPS[-1] == "Ơ Đu"
    assert all(unicodedata.is_normalized("NFC", g) for g in ETHNIC_GROUPS)


@pytest.mark.parametrize("group", ETHNIC_GROUPS)
def test_ethnicity_every_listed_spelling_is_its_own_canonical_form(group):
    assert ethnicity(group) == group
    assert ethnicity(group.upper()) == group


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("kinh", "Kinh"),
        ("KINH", "Kinh"),
        ("Việt", "Kinh"),
        ("Hmong", "Mông"),
        ("H'mông", "Mông"),
        ("H’Mông", "Mông"),
        ("Mông", "Mông"),
        ("Mèo", "Mông"),
        ("Ê Đê", "Ê Đê"),
        ("Ê-đê", "Ê Đê"),
        ("Ede", "Ê Đê"),
        ("Khơ-me", "Khmer"),
        ("khmer", "Khmer"),
        ("Gia-rai", "Gia Rai"),
        ("Bana", "Ba Na"),
        ("Bru - Vân Kiều", "Bru Vân Kiều"),
        ("Stiêng", "Xtiêng"),
        ("K'Ho", "Cơ Ho"),
        ("Cờ Lao", "Cơ Lao"),
        ("dân tộc Tày", "Tày"),
        ("tay", "Tày"),
    ],
)
def test_ethnicity_variants(value, expected):
    assert ethnicity(value) == expected


def test_ethnicity_nfd_input():
    assert ethnicity(unicodedata.normalize("NFD", "Mường")) == "Mường"


@pytest.mark.parametrize("empty", [None, "", " "])
def test_ethnicity_empty(empty):
    assert ethnicity(empty) == ""


@pytest.mark.parametrize("value", ["Kinh Tày", "Hán Việt", "Người nước ngoài", "x", 5])
def test_ethnicity_unknown_refused(value):
    with pytest.raises(CleanError, match="^Dân tộc '.*' không có trong danh mục 54 dân tộc"):
        ethnicity(value)
