"""Every web route × every persona → the expected answer, generated from the URL configuration: a route
without an entry here fails `test_every_route_has_an_entry`.

200 allowed, 403 visible but not allowed, 404 out of scope (indistinguishable from missing), 302 for
anonymous (to the login page) or after a successful POST, 405 wrong method. The objects used are NCT's commune
chapter NCT.01.00004 (in scope of every NCT persona, not of the outsider, who administers CTD), its branch,
and the commune officer's account."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.orgs.models import Overseer, RestructuringEvent
from tests.matrix.personas import ORDER, extra_entries, row
from tests.matrix.urlconf import web_route_names


def _user(username="commune_officer"):
    return get_user_model().objects.get(username=username)


def officer():
    return {"pk": _user().pk}


def officer_role():
    user = _user()
    return {"pk": user.pk, "assignment_id": user.role_assignments.get().pk}


def commune_audit():
    record = AuditRecord.objects.filter(object_type="orgs.unit", object_repr__startswith="NCT.01.00004 ").first()
    return {"pk": record.pk}


def code(value):
    return lambda: {"code": value}


def nct_level(level):
    return lambda: {"code": "NCT", "level_code": level}


NONE = dict  # no URL arguments
COMMUNE = code("NCT.01.00004")
BRANCH = code("NCT.01.00004.001")
LOGIN = 302

# name -> (URL kwargs factory, query, method, expected answers in personas.ORDER)
WEB = {
    "core:home": (NONE, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "core:audit_list": (NONE, {}, "get", row(200, 200, 200, 403, 403, 200, 200, LOGIN)),
    "core:audit_detail": (commune_audit, {}, "get", row(200, 200, 200, 403, 403, 200, 404, LOGIN)),
    "accounts:login": (NONE, {}, "get", row(302, 302, 302, 302, 302, 302, 302, 200)),
    "accounts:logout": (NONE, {}, "post", row(302, 302, 302, 302, 302, 302, 302, 302)),
    "accounts:profile": (NONE, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    # An empty password form re-renders with errors: the page is reachable, nothing changes.
    "accounts:password_change": (NONE, {}, "post", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "accounts:token_create": (NONE, {}, "post", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "accounts:user_list": (NONE, {}, "get", row(200, 403, 200, 403, 403, 403, 200, LOGIN)),
    "accounts:user_create": (NONE, {}, "get", row(200, 403, 200, 403, 403, 403, 200, LOGIN)),
    "accounts:user_detail": (officer, {}, "get", row(200, 403, 200, 403, 403, 403, 404, LOGIN)),
    "accounts:user_update": (officer, {}, "post", row(302, 403, 302, 403, 403, 403, 404, LOGIN)),
    "accounts:role_grant": (officer, {}, "post", row(200, 403, 200, 403, 403, 403, 404, LOGIN)),
    "accounts:role_revoke": (officer_role, {}, "post", row(302, 403, 302, 403, 403, 403, 404, LOGIN)),
    "geo:area_list": (NONE, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "geo:area_detail": (
        lambda: {"pk": AdminArea.objects.get(generation="2025", level="province", code="01").pk},
        {},
        "get",
        row(200, 200, 200, 200, 200, 200, 200, LOGIN),
    ),
    "orgs:association_list": (NONE, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "orgs:association_create": (NONE, {}, "get", row(200, 403, 403, 403, 403, 403, 403, LOGIN)),
    "orgs:association_detail": (code("NCT"), {}, "get", row(200, 200, 200, 200, 200, 200, 404, LOGIN)),
    "orgs:association_edit": (code("NCT"), {}, "get", row(200, 403, 200, 403, 403, 403, 404, LOGIN)),
    "orgs:merger_2025": (code("NCT"), {}, "get", row(200, 403, 200, 403, 403, 403, 404, LOGIN)),
    # Levels: system administrators and the association's own administrators.
    "orgs:level_create": (code("NCT"), {}, "get", row(200, 403, 200, 403, 403, 403, 404, LOGIN)),
    "orgs:level_edit": (nct_level("commune"), {}, "get", row(200, 403, 200, 403, 403, 403, 404, LOGIN)),
    # NCT has no unit on the group level: deleting it succeeds (302 back to the association).
    "orgs:level_delete": (nct_level("group"), {}, "post", row(302, 403, 302, 403, 403, 403, 404, LOGIN)),
    # An empty order form re-renders the association page with errors: reachable, nothing changes.
    "orgs:levels_reorder": (code("NCT"), {}, "post", row(200, 403, 200, 403, 403, 403, 404, LOGIN)),
    "orgs:overseer_list": (NONE, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "orgs:overseer_create": (NONE, {}, "get", row(200, 403, 403, 403, 403, 403, 403, LOGIN)),
    "orgs:overseer_edit": (
        lambda: {"pk": Overseer.objects.order_by("valid_from").first().pk},
        {},
        "get",
        row(200, 403, 403, 403, 403, 403, 403, LOGIN),
    ),
    "orgs:unit_tree": (NONE, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "orgs:unit_list": (NONE, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "orgs:unit_lookup": (NONE, {"q": "NCT"}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "orgs:area_lookup": (NONE, {"q": "ha noi"}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "orgs:unit_children": (COMMUNE, {}, "get", row(200, 200, 200, 200, 200, 200, 404, LOGIN)),
    "orgs:unit_detail": (COMMUNE, {}, "get", row(200, 200, 200, 200, 200, 200, 404, LOGIN)),
    "orgs:unit_edit": (COMMUNE, {}, "get", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
    # A commune officer may restructure below its unit, never the unit that defines its scope.
    "orgs:unit_create": (NONE, {"parent": "NCT.01.00004"}, "get", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
    "orgs:unit_rename": (COMMUNE, {}, "get", row(200, 403, 200, 200, 403, 403, 404, LOGIN)),
    "orgs:unit_move": (COMMUNE, {}, "get", row(200, 403, 200, 200, 403, 403, 404, LOGIN)),
    "orgs:unit_merge": (COMMUNE, {}, "get", row(200, 403, 200, 200, 403, 403, 404, LOGIN)),
    "orgs:unit_split": (COMMUNE, {}, "get", row(200, 403, 200, 200, 403, 403, 404, LOGIN)),
    "orgs:unit_dissolve": (BRANCH, {}, "get", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
    "orgs:event_list": (NONE, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    # The event that created the commune chapter happened in its parent's (the province's) subtree.
    "orgs:event_detail": (
        lambda: {"pk": RestructuringEvent.objects.get(unit_links__unit__code="NCT.01.00004", kind="create").pk},
        {},
        "get",
        row(200, 200, 200, 200, 404, 200, 404, LOGIN),
    ),
}

WEB.update(extra_entries("web"))

CASES = [(name, persona) for name in WEB for persona in ORDER]


def test_every_route_has_an_entry():
    assert web_route_names() == set(WEB)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_route_answers_persona(request, login_client, name, persona):
    if name.startswith("members:"):
        request.getfixturevalue("world_members")
    kwargs, query, method, expected = WEB[name]
    url = reverse(name, kwargs=kwargs())
    client = login_client(persona)
    response = client.get(url, query) if method == "get" else client.post(url, query)
    assert response.status_code == expected[persona]
    if persona == "anonymous" and expected[persona] == LOGIN and name != "accounts:logout":
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        body = response.content.decode()
        assert "<script>" not in body and 'style="' not in body
        assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in WEB if WEB[n][2] == "post"])
def test_post_only_routes_refuse_get(request, login_client, name):
    if name.startswith("members:"):
        request.getfixturevalue("world_members")
    kwargs, _q, _m, _e = WEB[name]
    assert login_client("sysadmin").get(reverse(name, kwargs=kwargs())).status_code == 405
