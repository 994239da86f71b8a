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


VALUES = {
    "NCT.01.00004": {"TT_BUOI": 4, "HV_TYLE_THAMGIA": 80, "PT_SO": 3, ("TT_LUOT", "F"): 30, ("TT_LUOT", "M"): 20},
    "NCT.01.00004.001": {"TT_BUOI": 6, "HV_TYLE_THAMGIA": 60, "PT_SO": 5, ("TT_LUOT", "F"): 10},
    "NCT.01.00008": {"TT_BUOI": 100, "HV_TYLE_THAMGIA": 10, "PT_SO": 9},
}


@pytest.fixture
def reports(h2, unit, operator):
    """Reports of three units, submitted; returns them by unit code."""
    out = {}
    for code, values in VALUES.items():
        s = submissions.start(actor=operator, unit=unit(code), period=h2)
        s = submissions.save(actor=operator, submission=s, version=s.version, values=values, narratives=NARRATIVES)
        out[code] = submissions.submit(actor=operator, submission=s)
    return out


def approve_all(reports, operator, codes=None):
    for code, s in reports.items():
        if codes is None or code in codes:
            submissions.approve(actor=operator, submission=s)
