"""API fixtures: a JSON client per persona, authenticated with a bearer token of that persona."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from quanlyhoi.accounts.services import token_create
from tests.cli.conftest import cli  # noqa: F401 - the CLI run in-process, for tests that use both

BASE = "/api/v1"


class ApiClient:
    """A thin JSON client for /api/v1 that sends `Authorization: Bearer <token>` when it has one."""

    def __init__(self, token: str | None = None):
        self.client = Client()
        self.token = token

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def _send(self, method: str, path: str, data):
        body = json.dumps(data) if data is not None else ""
        return getattr(self.client, method)(BASE + path, body, content_type="application/json", headers=self.headers)

    def post(self, path: str, data=None):
        return self._send("post", path, data)

    def patch(self, path: str, data=None):
        return self._send("patch", path, data)

    def put(self, path: str, data=None):
        return self._send("put", path, data)

    def delete(self, path: str):
        return self.client.delete(BASE + path, headers=self.headers)


@pytest.fixture
def token_for(personas):
    """token_for("province_officer") -> a fresh raw API token of that persona (one per test and persona)."""
    tokens: dict[str, str] = {}

    def get(persona: str) -> str:
        if persona not in tokens:
            _token, raw = token_create(user=personas[persona])
            tokens[persona] = raw
        return tokens[persona]

    return get


@pytest.fixture
def api(token_for):
    """api("assoc_admin") -> ApiClient authenticated as that persona; api(None) / api("anonymous") -> no token."""

    def make(persona: str | None) -> ApiClient:
        if persona in (None, "anonymous"):
            return ApiClient()
        return ApiClient(token_for(persona))

    return make
