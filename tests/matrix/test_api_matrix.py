"""Every API operation × every persona → the expected status, generated from the OpenAPI document: an
operation without an entry here fails `test_every_operation_has_an_entry`.

Writes in the matrix are previews or harmless (each test runs in its own rolled-back transaction). 401 is the
answer without a token; 404 for out of scope (the outsider administers CTD, the objects belong to NCT)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from quanlyhoi.accounts.services import token_create
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import RestructuringEvent
from tests.matrix.personas import ORDER, extra_entries, row
from tests.matrix.urlconf import api_operations
from tests.world import PASSWORD


def _officer():
    return get_user_model().objects.get(username="commune_officer")


def params():
    """Values for the path parameters of the OpenAPI paths."""
    officer = _officer()
    return {
        "code": "NCT.01.00004",
        "generation": "2025",
        "level": "province",
        "event_id": RestructuringEvent.objects.get(unit_links__unit__code="NCT.01.00004", kind="create").pk,
        "user_id": officer.pk,
        "assignment_id": officer.role_assignments.get().pk,
        "record_id": AuditRecord.objects.filter(object_type="orgs.unit", object_repr__startswith="NCT.01.00004 ")
        .first()
        .pk,
    }


PREVIEW_RENAME = {
    "kind": "rename",
    "unit": "NCT.01.00004.001",
    "name": "Chi hội số 1 (đổi tên)",
    "effective_date": "2026-01-01",
    "preview": True,
}
NEW_USER = {"username": "matrix_user", "password": "Mat-khau-rat-dai-2026", "role": "inspector", "scope": "NCT.01"}

# (method, path) -> (path overrides, body, expected answers in personas.ORDER)
API = {
    # "anonymous" here logs in with an unknown username.
    ("POST", "/api/v1/auth/token"): ({}, "login", row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("DELETE", "/api/v1/auth/token"): ({}, None, row(204, 204, 204, 204, 204, 204, 204, 401)),
    ("GET", "/api/v1/me"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/v1/areas"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/v1/areas/{generation}/{level}/{code}"): (
        {"code": "01"},
        None,
        row(200, 200, 200, 200, 200, 200, 200, 401),
    ),
    ("GET", "/api/v1/overseers"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/v1/overseers/current"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/v1/associations"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("POST", "/api/v1/associations"): (
        {},
        {"code": "MATRIX", "name": "Hội Thử nghiệm", "is_centrally_assigned": False, "valid_from": "2026-01-01"},
        row(201, 403, 403, 403, 403, 403, 403, 401),
    ),
    ("GET", "/api/v1/associations/{code}"): ({"code": "NCT"}, None, row(200, 200, 200, 200, 200, 200, 404, 401)),
    ("PATCH", "/api/v1/associations/{code}"): (
        {"code": "NCT"},
        {"phone": "024 3825 0000"},
        row(200, 403, 200, 403, 403, 403, 404, 401),
    ),
    ("POST", "/api/v1/associations/{code}/merger-2025"): (
        {"code": "NCT"},
        {"apply": False},
        row(200, 403, 200, 403, 403, 403, 404, 401),
    ),
    ("GET", "/api/v1/associations/{code}/levels"): (
        {"code": "NCT"},
        None,
        row(200, 200, 200, 200, 200, 200, 404, 401),
    ),
    ("POST", "/api/v1/associations/{code}/levels"): (
        {"code": "NCT"},
        {"code": "matrix", "name": "Cấp thử"},
        row(201, 403, 201, 403, 403, 403, 404, 401),
    ),
    ("POST", "/api/v1/associations/{code}/levels/reorder"): (
        {"code": "NCT"},
        {"codes": ["central", "province", "commune", "group", "branch"]},
        row(200, 403, 200, 403, 403, 403, 404, 401),
    ),
    ("PATCH", "/api/v1/associations/{code}/levels/{level_code}"): (
        {"code": "NCT", "level_code": "group"},
        {"name": "Tổ hội viên"},
        row(200, 403, 200, 403, 403, 403, 404, 401),
    ),
    # NCT has no unit on the group level: it may be deleted.
    ("DELETE", "/api/v1/associations/{code}/levels/{level_code}"): (
        {"code": "NCT", "level_code": "group"},
        None,
        row(204, 403, 204, 403, 403, 403, 404, 401),
    ),
    ("GET", "/api/v1/units"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/v1/units/{code}"): ({}, None, row(200, 200, 200, 200, 200, 200, 404, 401)),
    ("PATCH", "/api/v1/units/{code}"): ({}, {"phone": "0912345678"}, row(200, 403, 200, 200, 200, 403, 404, 401)),
    ("GET", "/api/v1/units/{code}/tree"): ({}, None, row(200, 200, 200, 200, 200, 200, 404, 401)),
    ("GET", "/api/v1/units/{code}/history"): ({}, None, row(200, 200, 200, 200, 200, 200, 404, 401)),
    ("GET", "/api/v1/events"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("POST", "/api/v1/events"): ({}, PREVIEW_RENAME, row(200, 403, 200, 200, 200, 403, 404, 401)),
    ("GET", "/api/v1/events/{event_id}"): ({}, None, row(200, 200, 200, 200, 404, 200, 404, 401)),
    ("GET", "/api/v1/audit"): ({}, None, row(200, 200, 200, 403, 403, 200, 200, 401)),
    ("GET", "/api/v1/audit/{record_id}"): ({}, None, row(200, 200, 200, 403, 403, 200, 404, 401)),
    ("GET", "/api/v1/users"): ({}, None, row(200, 403, 200, 403, 403, 403, 200, 401)),
    # The outsider cannot see NCT.01: its scope code is refused like an unknown one (400), not 403.
    ("POST", "/api/v1/users"): ({}, NEW_USER, row(201, 403, 201, 403, 403, 403, 400, 401)),
    ("GET", "/api/v1/users/{user_id}"): ({}, None, row(200, 403, 200, 403, 403, 403, 404, 401)),
    ("POST", "/api/v1/users/{user_id}/roles"): (
        {},
        {"role": "inspector", "scope": "NCT.01.00004"},
        row(201, 403, 201, 403, 403, 403, 404, 401),
    ),
    ("DELETE", "/api/v1/users/{user_id}/roles/{assignment_id}"): (
        {},
        None,
        row(204, 403, 204, 403, 403, 403, 404, 401),
    ),
}

API.update(extra_entries("api"))

CASES = [(op, persona) for op in API for persona in ORDER]


def test_every_operation_has_an_entry():
    assert api_operations() == set(API)


@pytest.mark.django_db
@pytest.mark.parametrize(("op", "persona"), CASES, ids=[f"{m} {p}-{who}" for (m, p), who in CASES])
def test_operation_answers_persona(request, personas, op, persona):
    method, path = op
    if path.startswith("/api/v1/members"):
        request.getfixturevalue("world_members")
    overrides, body, expected = API[op]
    overrides = dict(overrides)
    query = overrides.pop("?", "")  # a query string the operation needs
    url = path.format(**{**params(), **overrides}) + (f"?{query}" if query else "")
    headers = {}
    if persona != "anonymous":
        headers["Authorization"] = f"Bearer {token_create(user=personas[persona])[1]}"
    if body == "login":
        body = {"username": persona if persona != "anonymous" else "nobody", "password": PASSWORD}
    client = Client()
    kwargs = {"headers": headers}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    response = getattr(client, method.lower())(url, **kwargs)
    assert response.status_code == expected[persona], response.content[:300]
    if response.status_code >= 400:
        payload = response.json()
        assert payload.get("message") or payload.get("detail"), payload
