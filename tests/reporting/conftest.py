"""Fixtures of the reporting tests: the 2025 second half-year and a started report."""

import pytest

from quanlyhoi.reporting.services import submissions
from quanlyhoi.reporting.services.periods import period_for
from tests.cli.conftest import cli  # noqa: F401 - the CLI run in-process, shared with tests/cli


@pytest.fixture
def h2(db):
    return period_for("2025-H2")


@pytest.fixture
def draft(h2, unit, operator):
    """NCT.01.00004's draft for 2025-H2 on the built-in template."""
    return submissions.start(actor=operator, unit=unit("NCT.01.00004"), period=h2)


NARRATIVES = {
    "ket_qua": "Hoàn thành các chỉ tiêu.",
    "han_che": "Sinh hoạt chưa đều.",
    "nhiem_vu": "Phát triển hội viên.",
}


@pytest.fixture
def filled(draft, operator):
    """The draft with every required section written, ready to submit."""
    return submissions.save(actor=operator, submission=draft, version=draft.version, narratives=NARRATIVES)
