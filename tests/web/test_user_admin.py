"""User administration within one's user-management scope, through accounts.services."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from quanlyhoi.accounts.models import RoleAssignment
from quanlyhoi.core.models import AuditRecord
from tests.web.pages import assert_fragment, form_errors, htmx_get

pytestmark = pytest.mark.django_db
User = get_user_model()
GOOD_PASSWORD = "Mat-khau-rat-manh-2026"


def _usernames(response) -> set[str]:
    return {u.username for u in response.context["page_obj"]}


def _new_user(**overrides) -> dict:
    data = {
        "username": "can_bo_moi",
        "last_name": "Nguyễn",
        "first_name": "Văn An",
        "email": "an@example.vn",
        "password": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "role": "unit_officer",
        "scope": "",
        "scope_code": "NCT.01.00008",
    }
    data.update(overrides)
    return data


def test_association_admin_lists_only_users_of_its_association(login_client):
    names = _usernames(login_client("assoc_admin").get(reverse("accounts:user_list")))
    assert names == {"assoc_admin", "province_officer", "commune_officer", "inspector"}
    assert _usernames(login_client("outsider").get(reverse("accounts:user_list"))) == {"outsider"}


def test_user_list_filters(login_client):
    client = login_client("sysadmin")
    assert _usernames(client.get(reverse("accounts:user_list"), {"role": "inspector"})) == {"inspector"}
    assert _usernames(client.get(reverse("accounts:user_list"), {"scope": "NCT.01"})) == {"province_officer"}
    assert _usernames(client.get(reverse("accounts:user_list"), {"scope": "*"})) == {"sysadmin", "overseer"}
    assert _usernames(client.get(reverse("accounts:user_list"), {"q": "officer"})) == {
        "province_officer",
        "commune_officer",
    }
    assert not _usernames(client.get(reverse("accounts:user_list"), {"is_active": "false"}))


def test_user_list_htmx_fragment(login_client):
    assert_fragment(htmx_get(login_client("sysadmin"), reverse("accounts:user_list"), {"q": "admin"}))


def test_roles_outside_own_scope_are_not_listed(login_client, personas):
    from quanlyhoi.accounts.services import role_grant
    from quanlyhoi.core.scoping import SystemOperator

    role_grant(actor=SystemOperator("t"), user=personas["inspector"], role="inspector", scope_code="CTD")
    response = login_client("assoc_admin").get(reverse("accounts:user_list"), {"q": "inspector"})
    (row,) = response.context["page_obj"]
    assert [ra.scope_code for ra in row.visible_roles] == ["NCT"]
    assert "CTD" not in response.content.decode()


def test_association_admin_creates_a_unit_officer(login_client):
    response = login_client("assoc_admin").post(reverse("accounts:user_create"), _new_user())
    user = User.objects.get(username="can_bo_moi")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:user_detail", args=[user.pk])
    assert user.check_password(GOOD_PASSWORD) and user.last_name == "Nguyễn"
    (ra,) = RoleAssignment.objects.filter(user=user)
    assert ra.role == "unit_officer" and ra.unit.code == "NCT.01.00008"
    assert AuditRecord.objects.filter(action="create", object_id=str(user.pk)).exists()


def test_scope_from_the_list(login_client):
    data = _new_user(role="inspector", scope="NCT", scope_code="")
    assert login_client("assoc_admin").post(reverse("accounts:user_create"), data).status_code == 302
    assert RoleAssignment.objects.get(user__username="can_bo_moi").association.code == "NCT"


def test_scope_outside_own_is_refused_in_vietnamese(login_client):
    response = login_client("assoc_admin").post(reverse("accounts:user_create"), _new_user(scope_code="CTD.01"))
    assert response.status_code == 200
    # Another association's unit reads exactly like a code that does not exist.
    assert "Không có hội hoặc đơn vị mang mã CTD.01." in form_errors(response)
    assert not User.objects.filter(username="can_bo_moi").exists()


def test_taken_username_and_mismatched_passwords(login_client):
    response = login_client("assoc_admin").post(reverse("accounts:user_create"), _new_user(username="inspector"))
    assert "đã có" in str(response.context["form"].errors["username"])
    response = login_client("assoc_admin").post(reverse("accounts:user_create"), _new_user(password2="x"))
    assert response.context["form"].errors["password2"]


def test_association_admin_cannot_pick_system_roles(login_client):
    form = login_client("assoc_admin").get(reverse("accounts:user_create")).context["form"]
    roles = {value for value, _label in form.fields["role"].choices}
    assert "system_admin" not in roles and "overseer" not in roles and "unit_officer" in roles
    scopes = str(form.fields["scope"].choices)
    assert "CTD" not in scopes and "NCT.01" in scopes


def test_edit_deactivate_and_set_password(login_client, personas):
    target = personas["province_officer"]
    data = {"last_name": "Trần", "first_name": "Bình", "email": "", "password": "", "password2": ""}
    response = login_client("assoc_admin").post(reverse("accounts:user_update", args=[target.pk]), data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.last_name == "Trần" and not target.is_active
    data.update(is_active="on", password=GOOD_PASSWORD, password2=GOOD_PASSWORD)
    login_client("assoc_admin").post(reverse("accounts:user_update", args=[target.pk]), data)
    target.refresh_from_db()
    assert target.is_active and target.check_password(GOOD_PASSWORD)
    detail = login_client("assoc_admin").get(reverse("accounts:user_detail", args=[target.pk]))
    # the account's own (association-less) updates are in its history for its manager
    assert {"update"} <= {r.action for r in detail.context["history"]}


def test_cannot_lock_oneself_out(login_client, personas):
    me = personas["sysadmin"]
    data = {"last_name": "", "first_name": "", "email": "", "password": "", "password2": ""}
    response = login_client("sysadmin").post(reverse("accounts:user_update", args=[me.pk]), data)
    assert response.status_code == 200
    assert "Không thể tự khoá" in form_errors(response)
    me.refresh_from_db()
    assert me.is_active


def test_grant_and_revoke_a_role(login_client, personas):
    target = personas["province_officer"]
    client = login_client("assoc_admin")
    response = client.post(
        reverse("accounts:role_grant", args=[target.pk]), {"role": "inspector", "scope": "NCT", "scope_code": ""}
    )
    assert response.status_code == 302
    ra = RoleAssignment.objects.get(user=target, role="inspector")
    response = client.post(reverse("accounts:role_grant", args=[target.pk]), {"role": "inspector", "scope": "NCT"})
    assert "đã có vai trò" in form_errors(response)
    assert client.get(reverse("accounts:role_revoke", args=[target.pk, ra.pk])).status_code == 405
    assert client.post(reverse("accounts:role_revoke", args=[target.pk, ra.pk])).status_code == 302
    assert not RoleAssignment.objects.filter(pk=ra.pk).exists()
    assert AuditRecord.objects.filter(action="role_revoke", object_id=str(target.pk)).exists()


def test_outsider_cannot_touch_another_associations_user(login_client, personas):
    target = personas["province_officer"]
    ra = RoleAssignment.objects.get(user=target)
    client = login_client("outsider")
    assert client.post(reverse("accounts:role_revoke", args=[target.pk, ra.pk])).status_code == 404
    assert client.post(reverse("accounts:user_update", args=[target.pk]), {"last_name": "x"}).status_code == 404
    assert client.post(reverse("accounts:role_grant", args=[target.pk]), {"role": "inspector"}).status_code == 404
    assert RoleAssignment.objects.filter(pk=ra.pk).exists()


def test_officer_without_user_management_is_forbidden(login_client, personas):
    client = login_client("province_officer")
    target = personas["commune_officer"]
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.post(reverse("accounts:user_create"), _new_user()).status_code == 403
    assert client.post(reverse("accounts:role_grant", args=[target.pk]), {"role": "inspector"}).status_code == 403
