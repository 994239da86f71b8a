"""AreaMatcher: addresses to current provinces and communes, old province names through their successor."""

import pytest

from quanlyhoi.members.cleaning import AreaMatcher
from tests.world import area

pytestmark = pytest.mark.django_db


@pytest.fixture
def matcher():
    return AreaMatcher.load()


@pytest.mark.parametrize(
    "address",
    ["Số 5, Thành phố Hà Nội", "Số 5, Hà Nội", "số 5, ha noi", "Số 5, TP. Hà Nội", "Số 5, tp Hà Nội, Việt Nam"],
)
def test_current_province_name(matcher, address):
    assert matcher.match(address) == area("01")


@pytest.mark.parametrize("address", ["12 Lê Lợi, TP.HCM", "12 Lê Lợi, Tp Hồ Chí Minh", "12 Lê Lợi, Sài Gòn"])
def test_common_names_of_ho_chi_minh_city(matcher, address):
    assert matcher.match(address) == area("79")


def test_old_province_name_mapped_to_new_province(matcher):
    assert matcher.match("Thôn Nặm Đăm, Huyện Quản Bạ, Tỉnh Hà Giang") == area("08")  # Tuyên Quang


def test_old_province_thua_thien_hue_is_hue(matcher):
    assert matcher.match("Xã Phú Dương, Huyện Phú Vang, Thừa Thiên Huế") == area("46")


def test_old_province_split_on_its_dash(matcher):
    assert matcher.match("Số 1, Bà Rịa - Vũng Tàu") == area("79")


def test_old_province_without_diacritics(matcher):
    assert matcher.match("xa Y, huyen Z, tinh Binh Duong") == area("79")


def test_commune_found_within_the_province(matcher):
    assert matcher.match("Số 5 Điện Biên Phủ, Phường Ba Đình, Thành phố Hà Nội") == area("00004")


def test_commune_without_prefix_or_diacritics(matcher):
    assert matcher.match("so 5, ba dinh, ha noi") == area("00004")


def test_commune_with_another_type_prefix(matcher):
    assert matcher.match("Xã Văn Lang, Thái Nguyên") == area("02143")
    assert matcher.match("Phường Văn Lang, Thái Nguyên") == area("02143")


def test_commune_in_an_old_province_address(matcher):
    assert matcher.match("Phường Hà Giang 1, Tỉnh Hà Giang") == area("00694")


def test_commune_behind_an_old_district(matcher):
    assert matcher.match("Tổ 3, Phường Thuận Hóa, Quận X, Thừa Thiên Huế") == area("19786")


def test_commune_names_folding_alike_told_apart_by_diacritics(matcher):
    assert matcher.match("Văn Lăng, Thái Nguyên") == area("05665")
    assert matcher.match("Văn Lang, Thái Nguyên") == area("02143")


def test_ambiguous_commune_falls_back_to_province(matcher):
    # Phường Mỹ Tho and Xã Mỹ Thọ, Đồng Tháp.
    assert matcher.match("Ấp 1, my tho, Đồng Tháp") == area("82")
    assert matcher.match("phuong my tho, Đồng Tháp") == area("28261")


def test_commune_of_another_province_not_matched(matcher):
    assert matcher.match("Phường Ba Đình, Tỉnh Cao Bằng") == area("04")


def test_explicit_province_and_commune(matcher):
    assert matcher.match("", province="Hà Nội", commune="Ba Đình") == area("00004")
    assert matcher.match("Số 5 Hàng Bài", province="Tỉnh Hà Giang") == area("08")


def test_explicit_province_not_found_falls_back_to_address(matcher):
    assert matcher.match("Phường Ba Đình, Hà Nội", province="Hà Tây") == area("00004")


@pytest.mark.parametrize("address", ["", "Số 5 phố Huế", "Số 5, Hà Tây", "Paris, France", "Việt Nam"])
def test_unmatched_address_is_none(matcher, address):
    assert matcher.match(address) is None
