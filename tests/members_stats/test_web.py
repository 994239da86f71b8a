"""The statistics page, the members block of the unit page and the members block of the dashboard."""

import json
import re

import pytest
from django.urls import reverse

from quanlyhoi.core.dates import today

pytestmark = pytest.mark.django_db

STATS = reverse("members:stats")


def page(client, **query):
    response = client.get(STATS, query)
    assert response.status_code == 200
    return response.content.decode()


def chart(body: str, chart_id: str) -> dict:
    found = re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', body, re.S)
    return json.loads(found.group(1))


def test_the_page_shows_the_unit_figures(world_members, login_client):
    body = page(login_client("assoc_admin"), unit="NCT.01")
    assert "Hội Người cao tuổi tỉnh Hà Nội" in body
    assert chart(body, "chart-children")["values"] == [3, 1]


def test_charts_carry_their_data_as_json_not_script(world_members, login_client):
    body = page(login_client("assoc_admin"), unit="NCT.01")
    status = chart(body, "chart-status")
    assert (status["kind"], status["values"][:2]) == ("doughnut", [4, 0])
    assert 'data-chart="chart-age"' in body and "vendor/chart.js/chart.umd.min.js" in body


def test_figures_as_of_today_link_to_the_filtered_member_list(world_members, login_client):
    body = page(login_client("assoc_admin"), unit="NCT.01")
    assert "/members/?unit=NCT.01&amp;age_band=70-79&amp;status=active&amp;status=suspended" in body
    assert chart(body, "chart-sex")["links"][0] == "/members/?unit=NCT.01&sex=M&status=active&status=suspended"


def test_figures_as_of_a_past_date_are_not_linked(world_members, login_client):
    body = page(login_client("assoc_admin"), unit="NCT.01", as_of="01/01/2026")
    assert "age_band=" not in body
    assert chart(body, "chart-sex")["links"] == ["", "", ""]


def test_a_period_shows_joined_and_left(world_members, login_client):
    body = page(login_client("assoc_admin"), unit="NCT.01", **{"from": "01/09/2025", "to": "30/09/2025"})
    assert "01/09/2025–30/09/2025" in body


def test_a_period_with_one_end_is_an_error_on_the_form(world_members, login_client):
    body = page(login_client("assoc_admin"), unit="NCT.01", **{"from": "01/09/2025"})
    assert "alert-danger" in body and "chart-status" not in body


def test_a_reversed_period_is_an_error_on_the_form(world_members, login_client):
    body = page(login_client("assoc_admin"), unit="NCT.01", **{"from": "30/09/2025", "to": "01/09/2025"})
    assert "không hợp lệ" in body and "chart-status" not in body


def test_a_bad_date_is_an_error_on_the_form(world_members, login_client):
    body = page(login_client("assoc_admin"), unit="NCT.01", as_of="31/02/2026")
    assert "invalid-feedback" in body and "chart-status" not in body


def test_without_a_choice_a_unit_officer_sees_their_unit(world_members, login_client):
    body = page(login_client("commune_officer"))
    assert "Hội NCT phường Ba Đình" in body and chart(body, "chart-status")["values"][0] == 3


def test_without_a_choice_an_association_administrator_sees_the_association(world_members, login_client):
    body = page(login_client("assoc_admin"))
    assert "Hội Người cao tuổi Việt Nam" in body and chart(body, "chart-children")["values"] == [4, 0, 0, 1]


def test_a_unit_out_of_scope_is_not_found(world_members, login_client):
    assert login_client("commune_officer").get(STATS, {"unit": "NCT.01"}).status_code == 404


def test_a_unit_officer_is_offered_no_whole_association(world_members, login_client):
    # The choice lists only associations the user has a role on as a whole: NCT is refused on the form.
    body = page(login_client("province_officer"), association="NCT")
    assert "invalid-feedback" in body and "chart-status" not in body


def test_a_unit_that_did_not_exist_says_so(world_members, login_client):
    body = page(login_client("assoc_admin"), unit="NCT.01.00004", as_of="01/01/2025")
    assert "chart-status" in body and "alert-warning" in body


def test_the_unit_block_counts_members_and_links_to_the_list(world_members, login_client):
    response = login_client("province_officer").get(reverse("members:stats_unit"), {"unit": "NCT.01.00004"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"{today():%d/%m/%Y}" in body
    assert "/members/?unit=NCT.01.00004&amp;status=active&amp;status=suspended" in body
    assert "NCT.01.00004.001" in body  # its branch, with its own count


def test_the_unit_block_needs_a_unit(world_members, login_client):
    assert login_client("assoc_admin").get(reverse("members:stats_unit")).status_code == 404


def test_the_unit_page_loads_the_members_block_and_links_to_the_list(world_members, login_client):
    body = login_client("assoc_admin").get(reverse("orgs:unit_detail", args=["NCT.01.00004"])).content.decode()
    assert f'hx-get="{reverse("members:stats_unit")}?unit=NCT.01.00004"' in body
    assert f'href="{reverse("members:list")}?unit=NCT.01.00004"' in body
    assert f'href="{STATS}?unit=NCT.01.00004"' in body


def test_the_dashboard_loads_the_members_block(world_members, login_client):
    body = login_client("assoc_admin").get(reverse("core:home")).content.decode()
    assert f'hx-get="{reverse("members:stats_overview")}"' in body


def test_the_dashboard_block_counts_members_per_association(world_members, login_client):
    body = login_client("overseer").get(reverse("members:stats_overview")).content.decode()
    data = chart(body, "members-chart-0")
    counts = dict(zip(data["labels"], data["values"], strict=True))
    assert (data["kind"], sum(counts.values()), len(counts) > 2) == ("bar", 6, True)
    assert data["links"][0].startswith(f"{STATS}?association=")


def test_the_dashboard_block_of_a_unit_officer_counts_per_unit_below(world_members, login_client):
    body = login_client("province_officer").get(reverse("members:stats_overview")).content.decode()
    data = chart(body, "members-chart-0")
    assert (data["values"], "members-chart-1" in body) == ([3, 1], False)


def test_the_dashboard_block_of_a_user_without_members_says_so(db, login_client):
    body = login_client("commune_officer").get(reverse("members:stats_overview")).content.decode()
    assert "members-chart-0" in body  # their unit, with zero members


@pytest.mark.parametrize("name", ["members:stats", "members:stats_overview"])
def test_pages_refuse_anonymous_users(db, client, name):
    assert client.get(reverse(name)).status_code == 302


def test_the_date_defaults_to_today(world_members, login_client):
    body = page(login_client("assoc_admin"), unit="NCT.01")
    assert f"{today():%d/%m/%Y}" in body
