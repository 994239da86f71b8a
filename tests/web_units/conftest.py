import pytest
from django.conf import settings
from django.test import Client


@pytest.fixture
def login_client(personas):
    """As tests/conftest.py's, but the pages come in English, so assertions on interface text do not depend on
    the Vietnamese catalogue (services' messages are Vietnamese in any language)."""

    def make(persona: str | None) -> Client:
        c = Client()
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if persona and persona != "anonymous":
            c.force_login(personas[persona])
        return c

    return make
