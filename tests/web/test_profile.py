"""Own account: roles and scopes, own password, API tokens shown once."""

import pytest
from django.urls import reverse

from quanlyhoi.accounts.models import ApiToken
from quanlyhoi.accounts.services import token_user
from quanlyhoi.core.models import AuditRecord
from tests import world
from tests.web.pages import form_errors

pytestmark = pytest.mark.django_db
PROFILE = "/accounts/profile/"


def test_profile_shows_own_roles_and_scopes(login_client):
    html = login_client("commune_officer").get(PROFILE).content.decode()
    assert "NCT.01.00004" in html and "commune_officer" in html


def test_change_own_password(login_client, personas):
    client = login_client("commune_officer")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": world.PASSWORD,
            "new_password1": "Mot-mat-khau-moi-2027",
            "new_password2": "Mot-mat-khau-moi-2027",
        },
    )
    assert response.status_code == 302
    user = personas["commune_officer"]
    user.refresh_from_db()
    assert user.check_password("Mot-mat-khau-moi-2027")
    # the session survives its own password change
    assert client.get(PROFILE).status_code == 200
    record = AuditRecord.objects.get(action="password_change", object_id=str(user.pk))
    assert record.actor_name == "commune_officer" and "***" in str(record.changes)


def test_wrong_old_password_is_refused(login_client, personas):
    response = login_client("commune_officer").post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "Mot-mat-khau-moi-2027", "new_password2": "Mot-mat-khau-moi-2027"},
    )
    assert response.status_code == 200 and form_errors(response)
    personas["commune_officer"].refresh_from_db()
    assert personas["commune_officer"].check_password(world.PASSWORD)


def test_api_token_is_shown_once(login_client, personas):
    client = login_client("inspector")
    response = client.post(reverse("accounts:token_create"))
    raw = response.context["raw_token"]
    assert raw in response.content.decode()
    assert "no-store" in response.get("Cache-Control", "") or "no-cache" in response.get("Cache-Control", "")
    assert token_user(raw) == personas["inspector"]
    token = ApiToken.objects.get(user=personas["inspector"])
    assert token.key_hash != raw
    page = client.get(PROFILE).content.decode()
    assert raw not in page and token.prefix in page
    assert AuditRecord.objects.filter(action="token_create", object_id=str(personas["inspector"].pk)).exists()


def test_token_creation_is_post_only(login_client):
    assert login_client("inspector").get(reverse("accounts:token_create")).status_code == 405
