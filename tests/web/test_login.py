"""Login, lockout after repeated failures (django-axes), and POST-only logout."""

import pytest
from django.conf import settings
from django.urls import reverse

from quanlyhoi.core.models import AuditRecord
from tests import world
from tests.web.pages import assert_csp_clean

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def test_login_page_renders_without_inline_code(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert_csp_clean(response)
    assert 'name="username"' in response.content.decode()


def test_login_success_goes_home_and_is_audited(client):
    response = client.post(LOGIN, {"username": "inspector", "password": world.PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditRecord.objects.filter(action="login", object_repr="inspector").exists()


def test_login_follows_a_safe_next_only(client):
    response = client.post(LOGIN, {"username": "inspector", "password": world.PASSWORD, "next": "/areas/"})
    assert response["Location"] == "/areas/"
    client.post(reverse("accounts:logout"))
    response = client.post(
        LOGIN, {"username": "inspector", "password": world.PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:home")


def test_next_is_kept_in_the_login_form(client):
    response = client.get(reverse("orgs:association_list"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'name="next" value="/registry/associations/"' in page


def test_login_failure_shows_the_form_again_and_is_audited(client):
    response = client.post(LOGIN, {"username": "inspector", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert AuditRecord.objects.filter(action="login_failed", object_repr="inspector").count() == 1


def test_lockout_after_the_failure_limit(client):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert client.post(LOGIN, {"username": "inspector", "password": "wrong"}).status_code == 200
    response = client.post(LOGIN, {"username": "inspector", "password": "wrong"})
    assert response.status_code in (403, 429)
    assert "accounts/locked.html" in [t.name for t in response.templates]
    assert_csp_clean(response)
    # Even the right password is refused while locked.
    response = client.post(LOGIN, {"username": "inspector", "password": world.PASSWORD})
    assert response.status_code in (403, 429)
    assert AuditRecord.objects.filter(action="login_failed", object_repr="inspector").count() >= limit
    # Another account from the same address is not locked.
    assert client.post(LOGIN, {"username": "overseer", "password": world.PASSWORD}).status_code == 302


def test_authenticated_user_visiting_login_is_redirected(login_client):
    assert login_client("inspector").get(LOGIN).status_code == 302


def test_logout_is_post_only(login_client):
    client = login_client("inspector")
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("core:home")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert client.get(reverse("core:home")).status_code == 302
