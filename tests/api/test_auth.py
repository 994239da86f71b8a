"""Token authentication: obtain, use, revoke; failures, lockout (django-axes) and their audit records."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from quanlyhoi.accounts.models import ApiToken
from quanlyhoi.core.models import AuditRecord
from tests import world
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def obtain(username: str, password: str = world.PASSWORD):
    return ApiClient().post("/auth/token", {"username": username, "password": password})


def test_token_obtained_with_username_and_password_and_used_as_bearer():
    response = obtain("province_officer")
    assert response.status_code == 200
    body = response.json()
    expires = datetime.datetime.fromisoformat(body["expires_at"])
    assert expires > timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS - 1)
    me = ApiClient(body["token"]).get("/me")
    assert me.status_code == 200
    assert me.json()["username"] == "province_officer"
    # Only a hash is stored.
    assert not ApiToken.objects.filter(key_hash=body["token"]).exists()
    assert ApiToken.objects.filter(key_hash=ApiToken.hash(body["token"])).exists()
    created = AuditRecord.objects.filter(action="token_create", actor_name="province_officer").get()
    assert created.source == "api"


def test_wrong_password_is_401_json_and_audited():
    response = obtain("province_officer", "sai-mat-khau")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert "mật khẩu" in response.json()["message"]
    failed = AuditRecord.objects.filter(action="login_failed", object_repr="province_officer")
    assert failed.count() == 1
    assert failed.get().source == "api"


def test_unknown_user_is_the_same_401():
    response = obtain("khong-co-ai")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_inactive_user_gets_no_token(personas):
    user = personas["inspector"]
    user.is_active = False
    user.save()
    assert obtain("inspector").status_code == 401


def test_missing_body_fields_are_422_with_vietnamese_message():
    response = ApiClient().post("/auth/token", {"username": "x"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]  # ninja's own shape kept
    assert "không hợp lệ" in body["message"]
    assert "password" in body["message"]


def test_lockout_after_failure_limit_even_with_the_right_password():
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [obtain("commune_officer", f"sai-{i}").status_code for i in range(limit)]
    assert statuses[: limit - 1] == [401] * (limit - 1)
    assert statuses[-1] == 429
    response = obtain("commune_officer")  # right password, still locked
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "locked_out"
    assert "khoá" in body["message"]
    assert not ApiToken.objects.filter(user__username="commune_officer").exists()
    assert AuditRecord.objects.filter(action="login_failed", object_repr="commune_officer").count() == limit + 1
    # Another user from the same address is not locked (lockout is per username and address).
    assert obtain("province_officer").status_code == 200


def test_a_successful_login_resets_the_failure_count(personas):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(2):
        assert [obtain("inspector", "sai").status_code for _ in range(limit - 1)] == [401] * (limit - 1)
        assert obtain("inspector").status_code == 200
    personas["inspector"].refresh_from_db()
    assert personas["inspector"].last_login is not None
    logins = AuditRecord.objects.filter(action="login", actor_name="inspector")
    assert [r.source for r in logins] == ["api", "api"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer "}, {"Authorization": "Bearer khong-hop-le"}, {"Authorization": "Token abc"}],
)
def test_missing_or_invalid_token_is_401_json(client, headers):
    response = client.get("/api/v1/units", headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert "Bearer" in response.json()["message"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_session_login_does_not_authenticate_the_api(login_client):
    assert login_client("sysadmin").get("/api/v1/units").status_code == 401


def test_expired_token_is_refused(api, token_for):
    raw = token_for("sysadmin")
    ApiToken.objects.filter(key_hash=ApiToken.hash(raw)).update(expires_at=timezone.now())
    assert api("sysadmin").get("/me").status_code == 401


def test_token_of_deactivated_user_is_refused(api, personas):
    client = api("inspector")
    assert client.get("/me").status_code == 200
    personas["inspector"].is_active = False
    personas["inspector"].save()
    assert client.get("/me").status_code == 401


def test_delete_revokes_the_token_in_use(api):
    client = api("assoc_admin")
    other = api("sysadmin")
    response = client.delete("/auth/token")
    assert response.status_code == 204
    assert client.get("/me").status_code == 401
    assert client.delete("/auth/token").status_code == 401
    assert other.get("/me").status_code == 200
    record = AuditRecord.objects.get(action="token_revoke")
    assert record.actor_name == "assoc_admin"
    assert record.source == "api"


def test_post_without_csrf_token_works_for_bearer_clients(token_for):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.patch(
        "/api/v1/units/NCT.01",
        '{"phone": "024 1234 5678"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for('assoc_admin')}"},
    )
    assert response.status_code == 200, response.content
    login = client.post(
        "/api/v1/auth/token",
        {"username": "assoc_admin", "password": world.PASSWORD},
        content_type="application/json",
    )
    assert login.status_code == 200, login.content
