"""Administrative areas: searchable without diacritics, old provinces linked to their successors."""

import pytest
from django.urls import reverse

from quanlyhoi.geo.models import AdminArea
from tests.web.pages import assert_fragment, htmx_get

pytestmark = pytest.mark.django_db
LIST = "/areas/"


def _names(response) -> list[str]:
    return [a.name for a in response.context["page_obj"]]


def test_search_without_diacritics(login_client):
    names = _names(login_client("commune_officer").get(LIST, {"q": "ha noi", "level": "province"}))
    assert "Thành phố Hà Nội" in names


def test_filters_generation_level_and_province(login_client):
    client = login_client("commune_officer")
    legacy = client.get(LIST, {"generation": "legacy"})
    assert legacy.context["page_obj"].paginator.count == 63
    provinces = client.get(LIST, {"generation": "2025", "level": "province"})
    assert provinces.context["page_obj"].paginator.count == 34
    communes = client.get(LIST, {"province": "01", "level": "commune"})
    assert communes.context["page_obj"].paginator.count > 50
    assert len(communes.context["page_obj"]) == 50  # paginated
    assert_fragment(htmx_get(client, LIST, {"q": "tuyen quang"}))


def test_list_shows_successor_of_old_provinces(login_client):
    html = login_client("sysadmin").get(LIST, {"generation": "legacy", "q": "ha giang"}).content.decode()
    assert "Hà Giang" in html and "Tuyên Quang" in html and "→" in html


def test_old_province_page_shows_its_successor(login_client):
    ha_giang = AdminArea.objects.get(generation="legacy", code="02")
    response = login_client("inspector").get(reverse("geo:area_detail", args=[ha_giang.pk]))
    assert [a.name for a in response.context["successors"]] == ["Tỉnh Tuyên Quang"]
    assert "01/07/2025" in response.content.decode()


def test_new_province_page_shows_predecessors_and_paginated_communes(login_client):
    tuyen_quang = AdminArea.objects.get(generation="2025", level="province", code="08")
    response = login_client("inspector").get(reverse("geo:area_detail", args=[tuyen_quang.pk]))
    assert {a.code for a in response.context["predecessors"]} == {"02", "08"}
    page = response.context["page_obj"]
    assert len(page) == 50 and page.paginator.count == tuyen_quang.children.count()
    second = login_client("inspector").get(reverse("geo:area_detail", args=[tuyen_quang.pk]), {"page": 2})
    assert second.context["page_obj"].number == 2


def test_chapters_in_an_area_are_scoped(login_client):
    ba_dinh = AdminArea.objects.get(generation="2025", level="commune", code="00004")
    url = reverse("geo:area_detail", args=[ba_dinh.pk])
    assert [u.code for u in login_client("commune_officer").get(url).context["units"]] == ["NCT.01.00004"]
    assert [u.code for u in login_client("outsider").get(url).context["units"]] == ["CTD.01.00004"]
    assert login_client("sysadmin").get(url).context["unit_count"] == 2


def test_unknown_area_is_not_found(login_client):
    assert login_client("sysadmin").get(reverse("geo:area_detail", args=[999999])).status_code == 404
