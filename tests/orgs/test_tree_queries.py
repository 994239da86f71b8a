"""Reading the tree: as of a date, nested, limited in depth, from each reader's own roots."""

import pytest
from django.contrib.auth.models import AnonymousUser

from quanlyhoi.orgs import queries
from quanlyhoi.orgs.models import Unit
from tests.orgs.util import d, get

pytestmark = pytest.mark.django_db

DAY = d("01/10/2025")


def test_tree_rows_carry_depth_parent_level_and_area(operator):
    rows = queries.tree_rows(operator, get("NCT.01"), DAY)
    assert [(r.code, r.depth, r.parent_code, r.level_rank) for r in rows] == [
        ("NCT.01", 0, "NCT", 2),
        ("NCT.01.00004", 1, "NCT.01", 3),
        ("NCT.01.00004.001", 2, "NCT.01.00004", 4),
        ("NCT.01.00008", 1, "NCT.01", 3),
    ]
    assert rows[1].area == "Phường Ba Đình" and rows[2].area is None
    # The old city (the merger has not been applied in the world), labelled as such.
    assert rows[0].area == "Thành phố Hà Nội (trước 1/7/2025)"


def test_max_depth(operator):
    assert [r.code for r in queries.tree_rows(operator, get("NCT"), DAY, max_depth=1)] == [
        "NCT",
        "NCT.01",
        "NCT.02",
        "NCT.04",
        "NCT.08",
    ]
    assert [r.code for r in queries.tree_rows(operator, get("NCT.01"), DAY, max_depth=0)] == ["NCT.01"]


def test_a_root_not_living_on_the_date_has_no_tree(operator):
    assert queries.tree_rows(operator, get("NCT.01.00004"), d("31/07/2025")) == []


def test_nest(operator):
    (root,) = queries.nest(queries.tree_rows(operator, get("NCT.01"), DAY))
    assert root.as_dict() == {
        "code": "NCT.01",
        "name": "Hội Người cao tuổi tỉnh Hà Nội",
        "level": "Tỉnh, thành phố",
        "area": "Thành phố Hà Nội (trước 1/7/2025)",
        "parent": "NCT",
        "children": [
            {
                "code": "NCT.01.00004",
                "name": "Hội NCT phường Ba Đình",
                "level": "Xã, phường, đặc khu",
                "area": "Phường Ba Đình",
                "parent": "NCT.01",
                "children": [
                    {
                        "code": "NCT.01.00004.001",
                        "name": "Chi hội số 1 Ba Đình",
                        "level": "Chi hội",
                        "area": None,
                        "parent": "NCT.01.00004",
                        "children": [],
                    }
                ],
            },
            {
                "code": "NCT.01.00008",
                "name": "Hội NCT phường Ngọc Hà",
                "level": "Xã, phường, đặc khu",
                "area": "Phường Ngọc Hà",
                "parent": "NCT.01",
                "children": [],
            },
        ],
    }


def test_tree_rows_are_restricted_to_the_reader(personas):
    rows = queries.tree_rows(personas["commune_officer"], get("NCT.01"), DAY)
    assert [r.code for r in rows] == ["NCT.01.00004", "NCT.01.00004.001"]
    assert queries.tree_rows(personas["outsider"], get("NCT.01"), DAY) == []
    assert queries.tree_rows(AnonymousUser(), get("NCT.01"), DAY) == []


def test_roots_of_each_reader(personas):
    def roots(name):
        return [p.unit.code for p in queries.roots_on(personas[name], DAY)]

    assert roots("sysadmin") == ["CTD", "NCT"]  # in the associations' order
    assert roots("assoc_admin") == ["NCT"]
    assert roots("province_officer") == ["NCT.01"]
    assert roots("commune_officer") == ["NCT.01.00004"]
    assert roots("outsider") == ["CTD"]
    assert [p.unit.code for p in queries.roots_on(personas["commune_officer"], d("15/08/2025"))] == ["NCT.01.00004"]
    assert queries.roots_on(AnonymousUser(), DAY) == []


def test_subtree_units_and_periods(personas):
    assert set(queries.subtree_units(personas["province_officer"], get("NCT")).values_list("code", flat=True)) == {
        "NCT.01",
        "NCT.01.00004",
        "NCT.01.00004.001",
        "NCT.01.00008",
    }
    assert set(Unit.objects.subtree(get("NCT.01"), include_root=False).values_list("code", flat=True)) == {
        "NCT.01.00004",
        "NCT.01.00004.001",
        "NCT.01.00008",
    }
    assert [p.valid_from for p in queries.periods(get("NCT.01.00004"))] == [d("01/08/2025")]


def test_unit_search(operator):
    assert set(Unit.objects.search("ba dinh").values_list("code", flat=True)) == {
        "NCT.01.00004",
        "NCT.01.00004.001",
        "CTD.01.00004",
    }
    assert set(Unit.objects.search("nct.01.0000").values_list("code", flat=True)) == {
        "NCT.01.00004",
        "NCT.01.00004.001",
        "NCT.01.00008",
    }
