"""Lists sort in the Vietnamese official order: given name, then middle name, then family name; the
Vietnamese alphabet (a ă â b c d đ e ê ... o ô ơ ... u ư ...) before the tones (unmarked, huyền, hỏi, ngã,
sắc, nặng). The order is the database's, through the stored key."""

import random

import pytest

from quanlyhoi.members import queries
from quanlyhoi.members.filters import MemberFilter

pytestmark = pytest.mark.django_db

# Checked by hand against DOMAIN.md §4, in the expected order.
OFFICIAL_ORDER = [
    "Phạm An",  # given An; no middle name sorts first
    "Lê Thị An",  # same given name: middle name Thị < Văn
    "Nguyễn Văn An",  # same given and middle: family Nguyễn < Trần
    "Trần Văn An",
    "Bùi Văn Anh",  # An < Anh: a shorter word first
    "Lê Thị Ánh",  # same letters: unmarked < sắc
    "Đỗ Thị Ân",  # a < â outranks any tone
    "Nguyễn Thị Dung",
    "Hoàng Văn Dũng",  # same letters: unmarked < ngã
    "Trịnh Thị Đào",  # d < đ
    "Phan Thị Hoa",
    "Vũ Thị Hòa",  # unmarked < huyền
    "Ngô Thị Hồng",  # o < ô
    "Lý Văn Hợp",  # ô < ơ
    "Trần Thị Lan",
    "Nguyễn Thị Lành",  # Lan < Lành: the shorter word first
    "Đặng Văn Lăng",  # a < ă
    "Phùng Văn Lâm",  # ă < â
    "Nguyễn Văn Thanh",
    "Lê Văn Thành",  # unmarked < huyền
    "Hồ Văn Thạnh",  # huyền < nặng
    "Nguyễn Văn Tú",
    "Đinh Văn Tuấn",  # Tú < Tuấn: the shorter word first
    "Trần Văn Tư",  # u < ư outranks the tone of Tú
]


@pytest.fixture
def people(join):
    shuffled = OFFICIAL_ORDER[:]
    random.Random(3).shuffle(shuffled)
    for name in shuffled:
        join("NCT.01.00008", name)


def test_list_is_in_official_order(people, operator):
    rows = MemberFilter({"unit": "NCT.01.00008"}, actor=operator).qs
    assert [m.person.full_name for m in rows] == OFFICIAL_ORDER


def test_order_is_done_by_the_database(people, operator):
    rows = MemberFilter({"unit": "NCT.01.00008"}, actor=operator).qs
    assert "sort_key" in str(rows.query).split("ORDER BY")[1]


def test_default_list_query_orders_by_name(people, operator):
    rows = queries.member_rows(operator).filter(unit__code="NCT.01.00008")
    assert [m.person.full_name for m in rows] == OFFICIAL_ORDER


def test_name_order_can_be_asked_for_explicitly(people, operator):
    rows = MemberFilter({"unit": "NCT.01.00008", "order": "name"}, actor=operator).qs
    assert [m.person.full_name for m in rows] == OFFICIAL_ORDER
