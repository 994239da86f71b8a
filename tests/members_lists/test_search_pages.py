"""A name search read page by page in the official order (members.name_search merged by members.listing) gives
exactly the rows of the plain search, in the same order, whatever path each part takes."""

import pytest
from django.db import connection

from quanlyhoi.core.collation import name_key, plain_word, prefix_ranges
from quanlyhoi.members import name_search
from quanlyhoi.members.filters import filtered
from quanlyhoi.members.search_index import IRREGULAR, search_name
from quanlyhoi.members.services._common import PersonData
from quanlyhoi.members.services.lifecycle import member_join, person_update
from quanlyhoi.orgs.models import Unit
from tests.members_lists.conftest import JOINED

pytestmark = pytest.mark.django_db

NAMES = [
    "Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "Trần Hùng Anh", "Lê Thị Hồng", "Nguyễn Thị Hà", "Hoàng Văn Hải",
    "Nguyễn Đức Dục", "Phạm Văn Đức", "Đỗ Văn Đức", "Nguyễn Văn Đức", "Nguyễn Văn Đức", "Lê Đức Anh",
    "Dương Thị Dung", "Đặng Văn Dũng", "Nguyễn Thị Thu Hằng", "Trần Thị Thảo", "Nguyễn Hữu Thắng",
    "Hùng Văn Hùng", "Nguyễn Văn An", "Nguyễn Văn Anh", "Lê An", "Trần Văn Ân",
    "Nguyễn Minh Quang", "Trần Quang Minh", "Phạm Anh Đức", "Nguyễn Quang Minh Anh", "Quang Văn Minh",
]  # fmt: skip
# Given names that no range of keys holds: they are found as "the rest".
IRREGULAR_PEOPLE = [("Søren Nguyễn", "Søren"), ("Nguyễn Văn (Tư)", "(Tư)"), ("Lê Thị Mai Anh", "Mai Anh")]
TEXTS = [
    "hung", "hu", "h", "nguyen van hung", "van h", "duc", "d", "nguyen van d", "nguyen", "thi", "thi h", "an",
    "an ", "anh", "le", "nguyen van", "so", "soren", "tu", "mai", "mai anh", "zzz", "hung van", "Đức", "đ",
    "nguyen thi thu h", "van a", "quang minh", "minh quang", "duc anh", "anh duc", "quang minh a", "minh m",
]  # fmt: skip


@pytest.fixture
def people(join, operator):
    for name in NAMES:
        join("NCT.01.00008", name)
    unit = Unit.objects.get(code="NCT.01.00008")
    for full_name, given in IRREGULAR_PEOPLE:
        family, *rest = full_name.removesuffix(given).split()
        data = PersonData(full_name=full_name, family_name=family, middle_name=" ".join(rest), given_name=given)
        member_join(actor=operator, unit=unit, person=data, joined_on=JOINED)


def pages(operator, text, size):
    filterset = filtered(operator, {"q": text})
    listing, plain = filterset.listing(), filterset.qs
    total = plain.count()
    out = []
    for start in range(0, total + size, size):
        got, expected = listing[start : start + size], list(plain[start : start + size])
        out.append(([m.pk for m in got], [m.pk for m in expected]))
    return listing, out


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("size", [1, 3, 50])
def test_pages_are_the_plain_search_in_order(people, operator, text, size):
    listing, out = pages(operator, text, size)
    for got, expected in out:
        assert got == expected
    if connection.vendor == "sqlite":
        assert listing.parts is not None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
@pytest.mark.parametrize("text", TEXTS)
def test_the_rest_read_in_order_gives_the_same_pages(people, operator, monkeypatch, text):
    monkeypatch.setattr(name_search, "SORTED_AT_MOST", 0)  # every rest part read in order, none sorted
    for got, expected in pages(operator, text, 2)[1]:
        assert got == expected


def test_the_page_holds_the_full_rows(people, operator):
    row = filtered(operator, {"q": "nguyen van hung"}).listing()[0:1][0]
    assert (row.person.full_name, row.unit.code) == ("Nguyễn Văn Hùng", "NCT.01.00008")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL pages are plain querysets")
def test_a_listing_is_read_by_slices(people, operator):
    with pytest.raises(TypeError):
        filtered(operator, {"q": "hung"}).listing()[1]


def test_other_orders_and_numbers_use_the_plain_search(people, operator):
    assert filtered(operator, {"q": "hung", "order": "number"}).listing().parts is None
    assert filtered(operator, {"q": "0912345678"}).listing().parts is None


def test_a_renamed_person_is_found_by_the_new_name_only(people, operator):
    member = filtered(operator, {"q": "tran thi thao"}).qs.get()
    data = PersonData(full_name="Trần Thị Thanh", family_name="Trần", middle_name="Thị", given_name="Thanh")
    person_update(actor=operator, person=member.person, data=data)
    assert [m.pk for m in filtered(operator, {"q": "thanh"}).listing()[0:10]] == [member.pk]
    assert list(filtered(operator, {"q": "thao"}).listing()[0:10]) == []


# --- the searchable name and the key ranges ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "full_name", "expected"),
    [
        ("Hùng", "Nguyễn Văn Hùng", "hung nguyen van"),
        ("Văn", "Nguyễn Văn Văn", "van nguyen van"),
        ("An", "An", "an"),
        ("Søren", "Søren Nguyễn", f"{IRREGULAR} s ren nguyen"),
        ("Mai Anh", "Lê Thị Mai Anh", f"{IRREGULAR} le thi mai anh"),
        ("Hoa", "Nguyễn Thị Hồng", f"{IRREGULAR} nguyen thi hong"),  # the given name is not in the name
        ("", "Đã xoá dữ liệu", f"{IRREGULAR} da xoa du lieu"),
    ],
)
def test_search_name_puts_a_plain_given_name_first(given, full_name, expected):
    assert search_name(given, full_name) == expected


def test_plain_words_are_letters_of_the_alphabet():
    assert plain_word("Hưng") and plain_word("Đức") and plain_word("John")
    assert not plain_word("Søren") and not plain_word("Mai Anh") and not plain_word("") and not plain_word("A1")


@pytest.mark.parametrize("given", ["Hùng", "Hưng", "Húng", "Hu", "Hừng", "Huỳnh"])
def test_a_folded_prefix_range_holds_every_spelling(given):
    key = name_key(given, "", "")
    assert any(low <= key < high for low, high in prefix_ranges("hu"))


@pytest.mark.parametrize("given", ["Hà", "Huy", "Hương", "Ha"])
def test_a_folded_prefix_range_leaves_out_other_words(given):
    key = name_key(given, "", "")
    assert not any(low <= key < high for low, high in prefix_ranges("hung"))


def test_prefix_ranges_one_per_spelling():
    assert len(prefix_ranges("duc")) == 4  # d/đ x u/ư
    assert prefix_ranges("a1") is None
