"""Fixtures of the person tests: the world's members (tests.world.MEMBERS), the operator, API and CLI clients.

Members: NCT-BD-001 Nguyễn Văn An and NCT-BD-002 Trần Thị Bình (NCT.01.00004), NCT-BD-003 Bùi Văn Hùng (its
branch NCT.01.00004.001), NCT-NH-001 Lê Thị Cúc (NCT.01.00008), NCT-TL-001 Hoàng Văn Đức (NCT.08.02269), and
CTD-BD-001 Bùi Văn Hùng again in CTD.01.00004, with the same CCCD."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

import pytest

from quanlyhoi.accounts.services import token_create
from quanlyhoi.members.models import Membership
from tests.api.conftest import ApiClient

D = datetime.date


@pytest.fixture
def member(world_members):
    """member("NCT-BD-001") -> that Membership, fresh from the database."""

    def get(number: str) -> Membership:
        return Membership.objects.select_related("person", "unit", "association").get(member_number=number)

    return get


@pytest.fixture
def api(personas):
    """api("assoc_admin") -> a JSON client with a bearer token of that persona."""

    def make(persona: str) -> ApiClient:
        return ApiClient(token_create(user=personas[persona])[1])

    return make


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(db, capsys):
    """cli("members", "show", ...) -> Result(code, out, err), run in-process."""
    from quanlyhoi.cli import main

    def run(*argv: str) -> Result:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
