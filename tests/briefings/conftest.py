"""Fixtures of the briefings tests: the overseer's briefing with one directive for NCT and CTD."""

import datetime

import pytest

from quanlyhoi.briefings.services.directives import create_directive
from quanlyhoi.briefings.services.meetings import create_briefing
from quanlyhoi.orgs.models import Association


@pytest.fixture
def briefing(db, personas):
    return create_briefing(
        actor=personas["overseer"], title="Giao ban 6 tháng cuối năm 2025", held_on=datetime.date(2026, 1, 15),
        place="Hà Nội", associations=list(Association.objects.filter(code__in=["NCT", "CTD"])),
        conclusion="1. Tăng cường tuyên truyền.",
    )  # fmt: skip


@pytest.fixture
def directive(briefing, personas):
    return create_directive(
        actor=personas["overseer"], briefing=briefing, title="Tăng cường tuyên truyền",
        due_on=datetime.date(2026, 6, 30), assignees=["NCT", "CTD"], departments=["Ban Dân chủ - Pháp luật"],
        indicators=["TT_BUOI"],
    )  # fmt: skip


@pytest.fixture
def nct(directive):
    return directive.assignments.get(unit__code="NCT")
