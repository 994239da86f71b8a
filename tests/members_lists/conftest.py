"""Fixtures of the member list tests: people joined through the lifecycle service, the in-process CLI."""

import datetime

import pytest

from quanlyhoi.members.models import Membership
from quanlyhoi.members.services._common import PersonData
from quanlyhoi.members.services.lifecycle import member_join
from quanlyhoi.orgs.models import Unit
from tests.cli.conftest import cli  # noqa: F401 - the CLI run in-process, shared with tests/cli

JOINED = datetime.date(2025, 9, 1)


@pytest.fixture
def join(db, operator):
    """join("NCT.01.00008", "Nguyễn Văn An", birth_year=1950, ...) -> Membership, through member_join."""

    def make(unit_code: str, full_name: str, *, joined_on=JOINED, number: str = "", type_code: str = "", **person):
        family, *middle, given = full_name.split()
        data = PersonData(full_name=full_name, family_name=family, middle_name=" ".join(middle), given_name=given,
                          **person)  # fmt: skip
        return member_join(
            actor=operator,
            unit=Unit.objects.get(code=unit_code),
            person=data,
            joined_on=joined_on,
            member_number=number,
            type_code=type_code,
        )

    return make


@pytest.fixture
def nct(world_members):
    """The world's NCT members by member number."""
    return {m.member_number: m for m in Membership.objects.select_related("person").filter(association__code="NCT")}
