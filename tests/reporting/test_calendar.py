"""Periods by code, their cut-off windows (Nghị định 09/2019) and default deadlines per level."""

import datetime

import pytest

from quanlyhoi.core.errors import DomainError
from quanlyhoi.reporting import calendar
from quanlyhoi.reporting.models import Deadline
from quanlyhoi.reporting.services.periods import configure, deadline_of, period_for

D = datetime.date


@pytest.mark.parametrize(
    ("code", "window"),
    [
        ("2025-H1", (D(2024, 12, 15), D(2025, 6, 14))),
        ("2025-H2", (D(2025, 6, 15), D(2025, 12, 14))),
        ("2025", (D(2024, 12, 15), D(2025, 12, 14))),
        ("2025-Q1", (D(2024, 12, 15), D(2025, 3, 14))),
        ("2025-Q3", (D(2025, 6, 15), D(2025, 9, 14))),
        ("2025-M01", (D(2024, 12, 15), D(2025, 1, 14))),
        ("2025-M07", (D(2025, 6, 15), D(2025, 7, 14))),
    ],
)
def test_cut_off_windows(code, window):
    assert calendar.parse(code).window == window


@pytest.mark.parametrize(("code", "previous"), [("2025-H1", "2024-H2"), ("2025-H2", "2025-H1"), ("2025", "2024"),
                                                ("2025-M01", "2024-M12"), ("2025-q1", "2024-Q4")])  # fmt: skip
def test_previous_period(code, previous):
    assert calendar.parse(code).previous().code == previous


@pytest.mark.parametrize("code", ["", "2025-H3", "2025-M13", "2025-Q0", "H1-2025", "25-H1", "2025-X1"])
def test_bad_codes_are_refused_in_vietnamese(code):
    with pytest.raises(DomainError) as err:
        calendar.parse(code)
    assert err.value.code == "bad_period" and "không hợp lệ" in err.value.message


def test_a_period_is_created_once_with_its_deadlines(db):
    first, again = period_for("2025-H2"), period_for("2025-h2")
    assert first.pk == again.pk and (first.starts_on, first.ends_on) == (D(2025, 6, 15), D(2025, 12, 14))
    due = dict(Deadline.objects.filter(period=first).values_list("level_code", "due_on"))
    assert due["central"] <= D(2025, 12, 25)  # reports to the Government by the 25th of the last month
    assert due["group"] < due["branch"] < due["commune"] < due["province"] < due["central"]


def test_deadline_follows_the_units_level(db, unit):
    period = period_for("2025-H2")
    assert deadline_of(period, unit("NCT.01.00004")) == D(2025, 12, 19)
    assert deadline_of(period, unit("NCT.01")) == D(2025, 12, 22)


def test_only_system_roles_open_and_close_periods(db, personas):
    period = period_for("2025-H2")
    with pytest.raises(DomainError):
        configure(actor=personas["assoc_admin"], period=period, is_open=False)
    configure(actor=personas["overseer"], period=period, is_open=False, reason="Hết hạn nhận")
    period.refresh_from_db()
    assert not period.is_open
