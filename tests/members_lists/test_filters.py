"""MemberFilter: each filter alone, the unit subtree within the actor's scope, and the orderings."""

import datetime

import pytest

from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError
from quanlyhoi.members import queries
from quanlyhoi.members.filters import MemberFilter, filtered
from quanlyhoi.members.models import WelfareNeed, WelfareNeedKind
from quanlyhoi.members.services.lifecycle import member_set_status

pytestmark = pytest.mark.django_db
YEAR = today().year


def names(actor, **data):
    return sorted(m.person.full_name for m in MemberFilter({"unit": "NCT.01.00008", **data}, actor=actor).qs)


def need(membership, code, since, until=None):
    kind = WelfareNeedKind.objects.get(association__isnull=True, code=code)
    WelfareNeed.objects.create(person=membership.person, kind=kind, since=since, until=until)


def test_unit_filter_takes_the_whole_subtree(world_members, operator):
    rows = MemberFilter({"unit": "NCT.01.00004"}, actor=operator).qs
    assert sorted(m.member_number for m in rows) == ["NCT-BD-001", "NCT-BD-002", "NCT-BD-003"]


def test_unit_filter_accepts_a_lower_case_code(world_members, operator):
    assert MemberFilter({"unit": "nct.01.00004.001"}, actor=operator).qs.count() == 1


def test_unit_out_of_scope_gives_no_rows(world_members, personas):
    assert not MemberFilter({"unit": "NCT.01.00004"}, actor=personas["outsider"]).qs.exists()


def test_unit_above_the_officers_scope_gives_no_rows(world_members, personas):
    # The commune officer cannot see NCT.01 itself: as for any unit it cannot see, nothing is listed.
    assert not MemberFilter({"unit": "NCT.01"}, actor=personas["commune_officer"]).qs.exists()


def test_unknown_unit_gives_no_rows(world_members, operator):
    assert not MemberFilter({"unit": "NCT.99"}, actor=operator).qs.exists()


def test_status_filter_takes_several_statuses(join, operator):
    join("NCT.01.00008", "Nguyễn Văn An")
    left = join("NCT.01.00008", "Trần Văn Bình")
    dead = join("NCT.01.00008", "Lê Văn Cường")
    member_set_status(actor=operator, membership=left, status="left", day=today(), reason="Chuyển nơi ở")
    member_set_status(actor=operator, membership=dead, status="deceased", day=today(), reason="Từ trần")
    assert names(operator, status=["left", "deceased"]) == ["Lê Văn Cường", "Trần Văn Bình"]


def test_sex_filter(join, operator):
    join("NCT.01.00008", "Nguyễn Văn An", sex="M")
    join("NCT.01.00008", "Trần Thị Bình", sex="F")
    assert names(operator, sex="F") == ["Trần Thị Bình"]


@pytest.mark.parametrize(
    ("band", "expected"),
    [("under60", ["Tuổi Năm Mươi"]), ("60-69", ["Tuổi Sáu Mươi"]), ("70-79", ["Tuổi Bảy Chín"]),
     ("80-89", ["Tuổi Tám Mươi"]), ("90+", ["Tuổi Chín Mươi"])],
)  # fmt: skip
def test_age_band_filter(join, operator, band, expected):
    join("NCT.01.00008", "Tuổi Năm Mươi", birth_year=YEAR - 59)
    join("NCT.01.00008", "Tuổi Sáu Mươi", birth_year=YEAR - 60)
    join("NCT.01.00008", "Tuổi Bảy Chín", birth_year=YEAR - 79)
    join("NCT.01.00008", "Tuổi Tám Mươi", birth_date=datetime.date(YEAR - 80, 12, 31))
    join("NCT.01.00008", "Tuổi Chín Mươi", birth_year=YEAR - 95)
    join("NCT.01.00008", "Không Rõ Tuổi")
    assert names(operator, age_band=band) == expected


def test_age_bands_cover_every_age_once():
    ages = list(range(0, 120))
    covering = [[b.code for b in queries.AGE_BANDS if (b.low or 0) <= age <= (b.high or 200)] for age in ages]
    assert all(len(c) == 1 for c in covering)


def test_membership_type_filter(join, operator):
    join("NCT.01.00008", "Nguyễn Văn An")
    join("NCT.01.00008", "Trần Văn Bình", type_code="honorary")
    assert names(operator, type="honorary") == ["Trần Văn Bình"]


def test_welfare_need_filter_takes_needs_open_today(join, operator):
    open_now = join("NCT.01.00008", "Nguyễn Văn An")
    ended = join("NCT.01.00008", "Trần Văn Bình")
    other = join("NCT.01.00008", "Lê Văn Cường")
    need(open_now, "difficult", datetime.date(2025, 1, 1))
    need(ended, "difficult", datetime.date(2024, 1, 1), until=datetime.date(2025, 1, 1))
    need(other, "disability", datetime.date(2025, 1, 1))
    assert names(operator, need="difficult") == ["Nguyễn Văn An"]


def test_welfare_need_from_the_future_does_not_count(join, operator):
    later = join("NCT.01.00008", "Nguyễn Văn An")
    need(later, "difficult", today() + datetime.timedelta(days=10))
    assert names(operator, need="difficult") == []


def test_person_with_two_open_needs_is_listed_once(join, operator):
    member = join("NCT.01.00008", "Nguyễn Văn An")
    need(member, "difficult", datetime.date(2025, 1, 1))
    need(member, "difficult", datetime.date(2025, 2, 1))
    assert names(operator, need="difficult") == ["Nguyễn Văn An"]


def test_joined_between(join, operator):
    join("NCT.01.00008", "Nguyễn Văn An", joined_on=datetime.date(2010, 5, 1))
    join("NCT.01.00008", "Trần Văn Bình", joined_on=datetime.date(2015, 5, 1))
    join("NCT.01.00008", "Lê Văn Cường", joined_on=datetime.date(2020, 5, 1))
    got = names(operator, joined_from="01/01/2011", joined_to="2020-05-01")
    assert got == ["Lê Văn Cường", "Trần Văn Bình"]


def test_order_by_member_number(join, operator):
    join("NCT.01.00008", "Nguyễn Văn An", number="X-2")
    join("NCT.01.00008", "Trần Văn Bình", number="X-1")
    rows = MemberFilter({"unit": "NCT.01.00008", "order": "number"}, actor=operator).qs
    assert [m.member_number for m in rows] == ["X-1", "X-2"]


def test_order_by_joined_date_newest_first(join, operator):
    join("NCT.01.00008", "Nguyễn Văn An", joined_on=datetime.date(2010, 5, 1))
    join("NCT.01.00008", "Trần Văn Bình", joined_on=datetime.date(2015, 5, 1))
    rows = MemberFilter({"unit": "NCT.01.00008", "order": "-joined"}, actor=operator).qs
    assert [m.person.full_name for m in rows] == ["Trần Văn Bình", "Nguyễn Văn An"]


def test_search_combines_with_other_filters(join, operator):
    join("NCT.01.00008", "Nguyễn Văn An", sex="M")
    join("NCT.01.00008", "Nguyễn Thị An", sex="F")
    assert names(operator, q="nguyen", sex="F") == ["Nguyễn Thị An"]


def test_invalid_filter_is_refused_with_its_name(operator):
    with pytest.raises(DomainError) as exc:
        filtered(operator, {"status": ["alive"]})
    assert exc.value.field == "status" and exc.value.status == 422


def test_invalid_date_is_refused(operator):
    with pytest.raises(DomainError) as exc:
        filtered(operator, {"joined_from": "31/02/2020"})
    assert exc.value.field == "joined_from"


def test_type_choices_hide_other_associations_types(db, personas):
    from quanlyhoi.members.models import MembershipType
    from quanlyhoi.orgs.models import Association

    MembershipType.objects.create(association=Association.objects.get(code="CTD"), code="ctd_only", name="Riêng CTD")
    codes = [c for c, _ in MemberFilter(actor=personas["assoc_admin"]).form.fields["type"].choices]
    assert "ctd_only" not in codes and "official" in codes


def test_association_filter(world_members, operator):
    rows = MemberFilter({"association": "ctd"}, actor=operator).qs
    assert [m.member_number for m in rows] == ["CTD-BD-001"]


def test_association_out_of_scope_gives_no_rows(world_members, personas):
    assert not MemberFilter({"association": "NCT"}, actor=personas["outsider"]).qs.exists()


def test_list_query_names_the_persons_association_for_the_index(world_members, personas):
    # The condition removes nothing; it lets the database read one page in order from the person index.
    sql = str(queries.member_rows(personas["assoc_admin"]).query)
    assert '"members_person"."association_id" =' in sql
