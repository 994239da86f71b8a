"""The reporting calendar changed by the overseer: the window before any report, deadlines after the cut-off
and from the bottom up, opening and closing for entry (a closed period takes no change or sending, the level
above still approves), audited, from the service, the API and the CLI; a refusal changes nothing."""

import datetime

import pytest

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.reporting.services import submissions
from quanlyhoi.reporting.services.periods import configure, period_for

D = datetime.date


def snapshot(period):
    period.refresh_from_db()
    return (
        period.starts_on,
        period.ends_on,
        period.is_open,
        dict(period.deadlines.values_list("level_code", "due_on")),
    )


def test_window_and_deadlines_change_and_are_audited(db, personas):
    period = period_for("2026-H1")
    earlier = {"group": D(2026, 6, 2), "branch": D(2026, 6, 3), "commune": D(2026, 6, 5), "province": D(2026, 6, 10)}
    configure(actor=personas["overseer"], period=period, starts_on=D(2025, 12, 1), ends_on=D(2026, 5, 31),
              deadlines=earlier, reason="Theo hướng dẫn mới")  # fmt: skip
    starts, ends, _open, due = snapshot(period)
    assert (starts, ends) == (D(2025, 12, 1), D(2026, 5, 31))
    assert due["commune"] == D(2026, 6, 5) and due["province"] == D(2026, 6, 10) and due["central"] == D(2026, 6, 25)
    record = AuditRecord.objects.get(action="report.period_change", object_id=str(period.pk))
    assert record.message == "Theo hướng dẫn mới" and set(record.changes) == {"starts_on", "ends_on", "deadlines"}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"starts_on": D(2026, 7, 1)}, "bad_window"),
        ({"deadlines": {"commune": D(2026, 6, 14)}}, "deadline_before_cut_off"),  # on the cut-off day itself
        ({"deadlines": {"commune": D(2026, 6, 24), "province": D(2026, 6, 23)}}, "deadline_order"),
        ({"deadlines": {"branch": D(2026, 6, 30)}}, "deadline_order"),  # later than the communes above it
        ({"deadlines": {"ward": D(2026, 6, 20)}}, "unknown_level"),
    ],
)
def test_refused_changes_change_nothing(db, personas, change, code):
    period = period_for("2026-H1")
    before, audits = snapshot(period), AuditRecord.objects.count()
    with pytest.raises(DomainError) as refused:
        configure(actor=personas["overseer"], period=period, **change)
    assert refused.value.code == code and refused.value.status == 422
    assert snapshot(period) == before and AuditRecord.objects.count() == audits


def test_the_window_is_fixed_once_a_report_is_started(draft, h2, personas):
    with pytest.raises(DomainError) as refused:
        configure(actor=personas["overseer"], period=h2, ends_on=D(2025, 12, 31))
    assert refused.value.code == "window_in_use" and refused.value.status == 409
    configure(actor=personas["overseer"], period=h2, deadlines={"central": D(2025, 12, 31)})  # deadlines still move


def test_only_system_roles_change_the_calendar(db, personas):
    for persona in ("assoc_admin", "province_officer", "inspector"):
        with pytest.raises(DomainError) as refused:
            configure(actor=personas[persona], period=period_for("2026-H1"), is_open=False)
        assert refused.value.status == 403


def test_a_closed_period_takes_no_change_or_sending_but_the_level_above_decides(filled, h2, operator):
    sent_later = submissions.start(actor=operator, unit=filled.unit.parent, period=h2)
    configure(actor=operator, period=h2, is_open=False, reason="Hết hạn")
    assert AuditRecord.objects.filter(action="report.period_close").exists()
    for attempt in (
        lambda: submissions.save(actor=operator, submission=filled, version=filled.version, values={"TT_BUOI": 1}),
        lambda: submissions.submit(actor=operator, submission=filled),
        lambda: submissions.save(actor=operator, submission=sent_later, version=sent_later.version),
    ):
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.code == "period_closed"
    configure(actor=operator, period=h2, is_open=True)
    sent = submissions.submit(actor=operator, submission=filled)
    configure(actor=operator, period=h2, is_open=False)
    assert submissions.approve(actor=operator, submission=sent).state == "approved"


def test_a_period_made_on_first_use_is_recorded_once(db):
    period_for("2031-H1")
    period_for("2031-H1")
    created = AuditRecord.objects.filter(action="report.period_create", object_repr="2031-H1")
    assert created.count() == 1 and created.get().changes["ends_on"] == [None, "2031-06-14"]


def test_the_calendar_page_changes_a_period_or_shows_why_not(db, login_client):
    client = login_client("overseer")
    form = {"starts_on": "15/12/2025", "ends_on": "14/06/2026", "is_open": "on", "due_commune": "01/06/2026"}
    period = period_for("2026-H1")
    before = snapshot(period)
    refused = client.post("/reports/periods/2026-H1/", form)
    assert refused.status_code == 422 and "phải sau ngày chốt số liệu" in refused.content.decode()
    assert snapshot(period) == before
    saved = client.post("/reports/periods/2026-H1/", {**form, "due_commune": "18/06/2026", "is_open": ""})
    assert saved.status_code == 302
    _s, _e, is_open, due = snapshot(period)
    assert not is_open and due["commune"] == D(2026, 6, 18)
    assert login_client("assoc_admin").post("/reports/periods/2026-H1/", form).status_code == 403
