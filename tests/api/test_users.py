"""/me and user management (for those who hold manage_users), all through accounts.services."""

import pytest
from django.contrib.auth import get_user_model

from quanlyhoi.accounts.models import RoleAssignment
from quanlyhoi.core.models import AuditRecord
from tests import world
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_me_shows_roles_scopes_and_actions(api):
    body = api("province_officer").get("/me").json()
    assert body["username"] == "province_officer"
    (role,) = body["roles"]
    assert role["role"] == "unit_officer"
    assert role["scope"] == "NCT.01"
    assert role["scope_label"].startswith("NCT.01")
    assert body["actions"] == {
        "view": ["NCT.01"],
        "change": ["NCT.01"],
        "restructure": ["NCT.01"],
        "view_personal": ["NCT.01"],
        "report": ["NCT.01"],
        "approve": ["NCT.01"],
        "issue_documents": ["NCT.01"],
        "direct": ["NCT.01"],
        "follow_up": ["NCT.01"],
    }
    sysadmin = api("sysadmin").get("/me").json()
    assert sysadmin["roles"][0]["scope"] == "*"
    assert set(sysadmin["actions"]) == {
        "view",
        "change",
        "restructure",
        "manage_users",
        "manage_registry",
        "view_audit",
        "view_personal",
        "erase_personal",
        "report",
        "approve",
        "manage_reporting",
        "issue_documents",
        "issue_overseer_documents",
        "direct",
        "oversee",
        "follow_up",
    }
    assert api("inspector").get("/me").json()["actions"] == {"view": ["NCT"], "view_audit": ["NCT"]}


def test_me_needs_a_token():
    assert ApiClient().get("/me").status_code == 401


@pytest.mark.parametrize("persona", ["province_officer", "commune_officer", "inspector", "overseer"])
def test_user_management_needs_manage_users(api, persona):
    client = api(persona)
    response = client.get("/users")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert client.post("/users", {"username": "x", "password": "y", "role": "inspector"}).status_code == 403


def test_user_list_is_scoped(api):
    assoc = api("assoc_admin").get("/users", {"limit": 100}).json()
    assert {u["username"] for u in assoc["items"]} == {
        "assoc_admin",
        "province_officer",
        "commune_officer",
        "inspector",
    }
    inspector = next(u for u in assoc["items"] if u["username"] == "inspector")
    assert [(r["role"], r["scope"]) for r in inspector["roles"]] == [("inspector", "NCT")]
    outsider = api("outsider").get("/users").json()
    assert [u["username"] for u in outsider["items"]] == ["outsider"]
    everyone = api("sysadmin").get("/users", {"limit": 100}).json()
    assert everyone["count"] == User.objects.count()
    search = api("sysadmin").get("/users", {"q": "officer"}).json()
    assert {u["username"] for u in search["items"]} == {"province_officer", "commune_officer"}


def test_create_user_grant_and_revoke_roles(api):
    client = api("assoc_admin")
    created = client.post(
        "/users",
        {
            "username": "can_bo_ba_dinh",
            "password": world.PASSWORD,
            "role": "unit_officer",
            "scope": "NCT.01.00004",
            "first_name": "Lan",
            "last_name": "Nguyễn",
        },
    )
    assert created.status_code == 201, created.content
    user = created.json()
    assert [(r["role"], r["scope"]) for r in user["roles"]] == [("unit_officer", "NCT.01.00004")]
    records = AuditRecord.objects.filter(request_id=created["X-Request-ID"])
    assert {r.action for r in records} == {"create", "role_grant"}
    assert {r.source for r in records} == {"api"}
    # The new user can log in through the API and sees only its scope.
    token = ApiClient().post("/auth/token", {"username": "can_bo_ba_dinh", "password": world.PASSWORD}).json()
    units = ApiClient(token["token"]).get("/units").json()
    assert [u["code"] for u in units["items"]] == ["NCT.01.00004", "NCT.01.00004.001"]

    granted = client.post(f"/users/{user['id']}/roles", {"role": "inspector", "scope": "NCT.01"})
    assert granted.status_code == 201, granted.content
    assignment = granted.json()
    assert (assignment["role"], assignment["scope"]) == ("inspector", "NCT.01")
    again = client.post(f"/users/{user['id']}/roles", {"role": "inspector", "scope": "NCT.01"})
    assert again.status_code == 409
    detail = client.get(f"/users/{user['id']}").json()
    assert len(detail["roles"]) == 2

    revoked = client.delete(f"/users/{user['id']}/roles/{assignment['id']}")
    assert revoked.status_code == 204
    assert not RoleAssignment.objects.filter(pk=assignment["id"]).exists()
    assert client.delete(f"/users/{user['id']}/roles/{assignment['id']}").status_code == 404
    assert AuditRecord.objects.filter(action="role_revoke", source="api").count() == 1


def test_user_management_refusals(api, personas):
    client = api("assoc_admin")
    outside = client.post(
        "/users", {"username": "ngoai", "password": world.PASSWORD, "role": "association_admin", "scope": "CTD"}
    )
    assert outside.status_code == 400 and outside.json()["code"] == "unknown_scope"
    system = client.post("/users", {"username": "ngoai2", "password": world.PASSWORD, "role": "overseer"})
    assert system.status_code == 403
    weak = client.post("/users", {"username": "yeu", "password": "123", "role": "inspector", "scope": "NCT"})
    assert weak.status_code == 400
    assert weak.json()["field"] == "password"
    taken = client.post(
        "/users", {"username": "inspector", "password": world.PASSWORD, "role": "inspector", "scope": "NCT"}
    )
    assert taken.status_code == 409
    assert not User.objects.filter(username__in=["ngoai", "ngoai2", "yeu"]).exists()
    # Users and roles outside one's scope are 404, like everything else.
    outsider_id = personas["outsider"].pk
    assert client.get(f"/users/{outsider_id}").status_code == 404
    assert client.post(f"/users/{outsider_id}/roles", {"role": "inspector", "scope": "NCT"}).status_code == 404
    ctd_role = RoleAssignment.objects.get(user=personas["outsider"])
    assert client.delete(f"/users/{outsider_id}/roles/{ctd_role.pk}").status_code == 404
    # A role id that belongs to another user is not found under this one.
    own_role = RoleAssignment.objects.get(user=personas["inspector"])
    assert client.delete(f"/users/{personas['province_officer'].pk}/roles/{own_role.pk}").status_code == 404
    assert RoleAssignment.objects.filter(pk__in=[ctd_role.pk, own_role.pk]).count() == 2


def test_sysadmin_cannot_revoke_its_own_system_role(api, personas):
    me = personas["sysadmin"]
    role = RoleAssignment.objects.get(user=me)
    response = api("sysadmin").delete(f"/users/{me.pk}/roles/{role.pk}")
    assert response.status_code == 400
    assert response.json()["code"] == "self_lockout"
