"""Administrative areas from the packaged data: 34 provinces and 3,321 communes since 01/07/2025, the 63 old
provinces before it, and the 63 -> 34 mapping."""

import datetime

import pytest

from quanlyhoi.geo.models import REFORM_2025, AdminArea, AreaSuccession
from quanlyhoi.geo.reference import load_areas, successor_province
from tests.world import area, legacy

pytestmark = pytest.mark.django_db

PROVINCE, COMMUNE = AdminArea.Level.PROVINCE, AdminArea.Level.COMMUNE
CURRENT, LEGACY = AdminArea.Generation.CURRENT, AdminArea.Generation.LEGACY


def test_counts():
    assert AdminArea.objects.filter(generation=CURRENT, level=PROVINCE).count() == 34
    assert AdminArea.objects.filter(generation=CURRENT, level=COMMUNE).count() == 3321
    assert AdminArea.objects.filter(generation=LEGACY, level=PROVINCE).count() == 63
    assert AreaSuccession.objects.count() == 63
    assert AdminArea.objects.filter(generation=CURRENT, level=COMMUNE, division_type="đặc khu").count() == 13


def test_codes_and_names():
    provinces = AdminArea.objects.filter(generation=CURRENT, level=PROVINCE)
    assert all(len(c) == 2 for c in provinces.values_list("code", flat=True))
    assert all(len(c) == 5 for c in AdminArea.objects.filter(level=COMMUNE).values_list("code", flat=True))
    cities = set(provinces.filter(name__startswith="Thành phố ").values_list("name", flat=True))
    assert cities == {
        "Thành phố Hà Nội",
        "Thành phố Hải Phòng",
        "Thành phố Huế",
        "Thành phố Đà Nẵng",
        "Thành phố Hồ Chí Minh",
        "Thành phố Cần Thơ",
    }
    assert provinces.exclude(name__startswith="Thành phố ").filter(name__startswith="Tỉnh ").count() == 28
    assert area("00004").name == "Phường Ba Đình" and area("00004").parent == area("01")
    assert not AdminArea.objects.filter(level=COMMUNE, parent__isnull=True).exists()
    assert not AdminArea.objects.filter(level=COMMUNE).exclude(parent__generation=CURRENT).exists()


def test_every_old_province_maps_to_exactly_one_new_province():
    for old in AdminArea.objects.filter(generation=LEGACY, level=PROVINCE):
        links = AreaSuccession.objects.filter(predecessor=old)
        assert links.count() == 1, old.name
        link = links.get()
        assert link.successor.generation == CURRENT and link.successor.level == PROVINCE
        assert link.effective_date == REFORM_2025 and link.legal_basis == "Nghị quyết 202/2025/QH15"
    # ... and every new province has at least one predecessor, the one whose code it kept among them.
    for new in AdminArea.objects.filter(generation=CURRENT, level=PROVINCE):
        codes = set(AreaSuccession.objects.filter(successor=new).values_list("predecessor__code", flat=True))
        assert new.code in codes, new.name
    assert successor_province(legacy("02")) == area("08")  # Hà Giang -> Tuyên Quang
    assert successor_province(legacy("04")) == area("04")  # Cao Bằng stays
    assert successor_province(area("08")) is None


def test_search_without_diacritics():
    assert list(AdminArea.objects.filter(level=PROVINCE).current().search("ha noi")) == [area("01")]
    assert set(AdminArea.objects.filter(level=PROVINCE).search("HÀ NỘI")) == {area("01"), legacy("01")}
    assert area("00004") in AdminArea.objects.search("ba dinh")
    assert AdminArea.objects.search("").count() == AdminArea.objects.count()
    assert not AdminArea.objects.search("khong co noi nay").exists()


def test_validity():
    eve, reform = datetime.date(2025, 6, 30), REFORM_2025
    on_eve = AdminArea.objects.as_of(eve).filter(level=PROVINCE)
    on_reform = AdminArea.objects.as_of(reform).filter(level=PROVINCE)
    assert on_eve.count() == 63 and set(on_eve.values_list("generation", flat=True)) == {LEGACY}
    assert on_reform.count() == 34 and set(on_reform.values_list("generation", flat=True)) == {CURRENT}
    assert AdminArea.objects.as_of(eve).filter(level=COMMUNE).count() == 0
    assert AdminArea.objects.as_of(reform).filter(level=COMMUNE).count() == 3321
    assert legacy("01").label == "Thành phố Hà Nội (trước 1/7/2025)" and area("01").label == "Thành phố Hà Nội"


def test_loading_again_creates_nothing():
    assert load_areas() == {"provinces": 0, "communes": 0, "legacy_provinces": 0, "successions": 0}
    assert AdminArea.objects.count() == 34 + 3321 + 63
