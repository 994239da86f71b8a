"""Shared fixtures: the fixed world (tests/world.py), personas and clients.

Personas: sysadmin, overseer, assoc_admin (NCT), province_officer (NCT.01), commune_officer (NCT.01.00004),
inspector (NCT, read-only), outsider (administrator of CTD), anonymous."""

import pytest
from django.contrib.auth import get_user_model

from quanlyhoi.core.scoping import SystemOperator
from quanlyhoi.orgs.models import Unit
from tests import world

PERSONA_NAMES = [*world.PERSONAS, "anonymous"]


def pytest_configure(config):
    # Jobs (member imports) run inline in tests: the web and API flows complete within the request.
    from django.test.utils import override_settings

    override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}).enable()
    from pathlib import Path

    from django.conf import settings

    # whitenoise warns on every request when STATIC_ROOT is missing (collectstatic is not run for tests).
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        world.build()


@pytest.fixture
def operator():
    """The CLI operator without --as: full access."""
    return SystemOperator("test")


@pytest.fixture
def personas(db):
    """Fresh user objects per test (scope caches live on the object)."""
    User = get_user_model()
    return {name: User.objects.get(username=username) for name, (username, _r, _s) in world.PERSONAS.items()}


@pytest.fixture
def unit(db):
    def get(code: str) -> Unit:
        return Unit.objects.get(code=code)

    return get


@pytest.fixture
def login_client(client, personas):
    """client_for('province_officer') -> a Django test client logged in as that persona (None = anonymous)."""
    from django.test import Client

    def make(persona: str | None) -> Client:
        c = Client()
        if persona and persona != "anonymous":
            c.force_login(personas[persona])
        return c

    return make


@pytest.fixture
def world_members(db):
    """The world's members (tests.world.MEMBERS), inside the test's transaction."""
    world.build_members()
