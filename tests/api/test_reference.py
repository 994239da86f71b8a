"""Areas and overseers (reference data), the OpenAPI document, the docs page, unknown paths."""

import re

import pytest

from quanlyhoi.geo.models import AdminArea
from tests.api.conftest import ApiClient
from tests.api.util import codes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["sysadmin", "commune_officer", "outsider", "inspector"])
def test_areas_are_visible_to_every_authenticated_user(api, persona):
    response = api(persona).get("/areas", {"generation": "2025", "level": "province", "limit": 100})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 34
    assert len(body["items"]) == 34
    assert body["items"][0]["generation"] == "2025"


def test_areas_need_a_token():
    assert ApiClient().get("/areas").status_code == 401


def test_area_filters(api):
    client = api("commune_officer")
    legacy = client.get("/areas", {"generation": "legacy"}).json()
    assert legacy["count"] == 63
    hanoi = client.get("/areas", {"province": "01", "level": "commune", "limit": 500}).json()
    assert hanoi["count"] == AdminArea.objects.filter(parent__code="01", level="commune").count()
    assert {a["parent"] for a in hanoi["items"]} == {"01"}
    search = client.get("/areas", {"q": "tuyen quang", "level": "province"}).json()
    assert {(a["generation"], a["code"]) for a in search["items"]} >= {("2025", "08"), ("legacy", "08")}
    before = client.get("/areas", {"as_of": "2025-06-30", "level": "province"}).json()
    assert before["count"] == 63
    after = client.get("/areas", {"as_of": "2025-07-01", "level": "province"}).json()
    assert after["count"] == 34


def test_area_paging(api):
    client = api("sysadmin")
    first = client.get("/areas", {"level": "commune", "limit": 5}).json()
    second = client.get("/areas", {"level": "commune", "limit": 5, "offset": 5}).json()
    assert first["count"] == second["count"] > 3000
    assert len(first["items"]) == 5
    assert {a["code"] for a in first["items"]}.isdisjoint({a["code"] for a in second["items"]})
    assert client.get("/areas", {"limit": 0}).status_code == 422
    assert client.get("/areas", {"limit": 501}).status_code == 422


def test_bad_filter_value_is_422_with_message(api):
    response = api("sysadmin").get("/areas", {"as_of": "31/12/2025"})
    assert response.status_code == 422
    assert "as_of" in response.json()["message"]


def test_area_detail(api):
    client = api("outsider")
    response = client.get("/areas/2025/commune/00004")
    assert response.status_code == 200
    assert response.json()["parent"] == "01"
    legacy = client.get("/areas/legacy/province/02").json()
    assert legacy["valid_to"] == "2025-07-01"
    missing = client.get("/areas/2025/province/99")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_overseers(api):
    client = api("commune_officer")
    listing = client.get("/overseers").json()
    assert listing["count"] >= 2
    current = client.get("/overseers/current", {"date": "2024-01-01"})
    assert current.status_code == 200
    assert current.json()["valid_from"] <= "2024-01-01"
    today = client.get("/overseers/current")
    assert today.status_code == 200
    assert client.get("/overseers/current", {"date": "1900-01-01"}).status_code == 404
    assert client.get("/overseers/current", {"date": "hôm qua"}).status_code == 422


def test_openapi_document_lists_the_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["info"]["title"] == "quanlyhoi API"
    assert doc["info"]["version"] == "1"
    paths = doc["paths"]
    for path, methods in {
        "/api/v1/auth/token": {"post", "delete"},
        "/api/v1/areas": {"get"},
        "/api/v1/areas/{generation}/{level}/{code}": {"get"},
        "/api/v1/overseers": {"get"},
        "/api/v1/overseers/current": {"get"},
        "/api/v1/associations": {"get", "post"},
        "/api/v1/associations/{code}": {"get", "patch"},
        "/api/v1/associations/{code}/merger-2025": {"post"},
        "/api/v1/units": {"get"},
        "/api/v1/units/{code}": {"get", "patch"},
        "/api/v1/units/{code}/tree": {"get"},
        "/api/v1/units/{code}/history": {"get"},
        "/api/v1/events": {"get", "post"},
        "/api/v1/events/{event_id}": {"get"},
        "/api/v1/audit": {"get"},
        "/api/v1/audit/{record_id}": {"get"},
        "/api/v1/me": {"get"},
        "/api/v1/users": {"get", "post"},
        "/api/v1/users/{user_id}/roles": {"post"},
        "/api/v1/users/{user_id}/roles/{assignment_id}": {"delete"},
    }.items():
        assert path in paths, path
        assert set(paths[path]) >= methods, path
    # Audit has no write methods at all.
    for path in ("/api/v1/audit", "/api/v1/audit/{record_id}"):
        assert set(paths[path]) == {"get"}
    assert doc["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    assert "security" not in paths["/api/v1/auth/token"]["post"]
    # The event body is a union discriminated by "kind".
    body = paths["/api/v1/events"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["discriminator"]["propertyName"] == "kind"
    assert set(body["discriminator"]["mapping"]) == {"create", "rename", "move", "merge", "split", "dissolve"}


def test_docs_page_uses_only_local_assets(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    external = re.findall(r"""(?:src|href)=["'](https?:)?//""", html)
    assert external == []
    asset = re.search(r'src="([^"]*swagger-ui-bundle\.js)"', html).group(1)
    assert asset.startswith("/static/")
    assert client.get(asset).status_code == 200


def test_unknown_api_path_is_json_404(api):
    response = api("sysadmin").get("/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_codes_helper_reads_items(api):
    response = api("sysadmin").get("/associations", {"limit": 2})
    assert len(codes(response)) == 2
