"""Fixtures of the statistics tests: members joined and changed through the lifecycle services, API and CLI
clients.

The world's members (tests.world.MEMBERS, fixture `world_members`): Nguyễn Văn An (M, 1950) and Trần Thị Bình
(F, 1948) in NCT.01.00004 from 15/09/2025, Bùi Văn Hùng (M, 1955) in its branch NCT.01.00004.001 from
01/10/2025, Lê Thị Cúc (F, 1960) in NCT.01.00008 and Hoàng Văn Đức (M, 1952) in NCT.08.02269 from 01/09/2025,
and Bùi Văn Hùng again in CTD.01.00004 (same CCCD)."""

import datetime

import pytest

from quanlyhoi.members.models import Membership
from quanlyhoi.members.services._common import PersonData
from quanlyhoi.members.services.lifecycle import member_join
from quanlyhoi.members.stats import member_stats
from quanlyhoi.orgs.models import Association, Unit
from tests.api.conftest import api, token_for  # noqa: F401 - the API clients, shared with tests/api
from tests.cli.conftest import cli  # noqa: F401 - the CLI run in-process, shared with tests/cli

D = datetime.date
JOINED = D(2025, 9, 1)


@pytest.fixture
def join(db, operator):
    """join("NCT.01.00008", "Nguyễn Văn An", joined_on=D(2025, 9, 1), birth_year=1950, ...) -> Membership."""

    def make(unit_code: str, full_name: str, *, joined_on=JOINED, type_code: str = "", **person):
        family, *middle, given = full_name.split()
        data = PersonData(full_name=full_name, family_name=family, middle_name=" ".join(middle), given_name=given,
                          **person)  # fmt: skip
        unit = Unit.objects.get(code=unit_code)
        return member_join(actor=operator, unit=unit, person=data, joined_on=joined_on, type_code=type_code)

    return make


@pytest.fixture
def member(world_members):
    """member("NCT-BD-001") -> that Membership, fresh from the database."""

    def get(number: str) -> Membership:
        return Membership.objects.select_related("person", "unit", "association").get(member_number=number)

    return get


@pytest.fixture
def stats(operator):
    """stats("NCT.01", D(2026, 1, 1)) -> MemberStats of that unit's subtree; stats("NCT", ...) of the whole
    association (a code without a dot); as the operator unless `actor` is given."""

    def get(code: str, day: datetime.date, *, actor=None, period=None):
        actor = actor or operator
        if "." in code:
            return member_stats(actor=actor, unit=Unit.objects.get(code=code), as_of=day, period=period)
        return member_stats(actor=actor, association=Association.objects.get(code=code), as_of=day, period=period)

    return get
