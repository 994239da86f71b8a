"""Status changes: every transition of TRANSITIONS allowed, every other refused; dates and reasons checked;
each change closes one period and opens the next."""

import datetime

import pytest

from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.members.models import MembershipPeriod, MemberStatus
from quanlyhoi.members.services.lifecycle import TRANSITIONS, member_set_status

D = datetime.date
STATUSES = list(MemberStatus.values)
PAIRS = [(a, b) for a in STATUSES for b in STATUSES if a != b]
FIRST, SECOND = D(2026, 1, 10), D(2026, 2, 10)


def _into(operator, membership, status):
    if status != MemberStatus.ACTIVE:
        member_set_status(actor=operator, membership=membership, status=status, day=FIRST, reason="Lý do")
    return membership


@pytest.mark.parametrize(("old", "new"), [p for p in PAIRS if p[1] in TRANSITIONS[p[0]]])
def test_allowed_transition_is_written(operator, member, old, new):
    membership = _into(operator, member("NCT-BD-001"), old)
    member_set_status(actor=operator, membership=membership, status=new, day=SECOND, reason="Lý do mới")
    fresh = member("NCT-BD-001")
    assert (fresh.status, fresh.status_since, fresh.status_reason) == (new, SECOND, "Lý do mới")


@pytest.mark.parametrize(("old", "new"), [p for p in PAIRS if p[1] not in TRANSITIONS[p[0]]])
def test_other_transition_is_refused(operator, member, old, new):
    membership = _into(operator, member("NCT-BD-001"), old)
    with pytest.raises(DomainError) as exc:
        member_set_status(actor=operator, membership=membership, status=new, day=SECOND, reason="Lý do")
    assert exc.value.code == "bad_transition"
    assert member("NCT-BD-001").status == old


def test_same_status_is_refused(operator, member):
    with pytest.raises(DomainError) as exc:
        member_set_status(actor=operator, membership=member("NCT-BD-001"), status="active", day=FIRST)
    assert exc.value.code == "bad_transition"


def test_unknown_status_is_refused(operator, member):
    with pytest.raises(DomainError) as exc:
        member_set_status(actor=operator, membership=member("NCT-BD-001"), status="retired", day=FIRST)
    assert exc.value.code == "bad_status"


def test_status_change_closes_the_open_period_and_opens_the_next(operator, member):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="suspended", day=FIRST, reason="Ốm")
    periods = list(MembershipPeriod.objects.filter(membership=member("NCT-BD-001")).order_by("valid_from"))
    assert [(p.status, p.valid_from, p.valid_to) for p in periods] == [
        ("active", D(2025, 9, 15), FIRST),
        ("suspended", FIRST, None),
    ]


def test_future_date_is_refused(operator, member):
    with pytest.raises(DomainError) as exc:
        member_set_status(
            actor=operator,
            membership=member("NCT-BD-001"),
            status="suspended",
            day=today() + datetime.timedelta(days=1),
            reason="Ốm",
        )
    assert exc.value.code == "future_date"


def test_date_before_the_last_change_is_refused(operator, member):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="suspended", day=SECOND, reason="Ốm")
    with pytest.raises(DomainError) as exc:
        member_set_status(actor=operator, membership=member("NCT-BD-001"), status="active", day=FIRST)
    assert exc.value.code == "overlapping_change"
    assert member("NCT-BD-001").status == "suspended"


def test_date_on_the_last_change_is_refused(operator, member):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="suspended", day=FIRST, reason="Ốm")
    with pytest.raises(DomainError) as exc:
        member_set_status(actor=operator, membership=member("NCT-BD-001"), status="active", day=FIRST)
    assert exc.value.code == "overlapping_change"


@pytest.mark.parametrize("status", ["suspended", "left", "transferred"])
def test_reason_is_required_to_suspend_leave_or_transfer_out(operator, member, status):
    with pytest.raises(DomainError) as exc:
        member_set_status(actor=operator, membership=member("NCT-BD-001"), status=status, day=FIRST, reason="  ")
    assert exc.value.code == "reason_required"


def test_death_needs_no_reason(operator, member):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="deceased", day=FIRST)
    assert member("NCT-BD-001").status == "deceased"


def test_status_change_is_audited_with_its_action(operator, member):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="suspended", day=FIRST, reason="Ốm")
    record = AuditRecord.objects.filter(action="member.suspend").get()
    assert record.changes["status"] == ["active", "suspended"]
    assert record.message == "Ốm"


def test_inspector_cannot_change_a_status(personas, member):
    from quanlyhoi.core.errors import Forbidden

    with pytest.raises(Forbidden):
        member_set_status(
            actor=personas["inspector"], membership=member("NCT-BD-001"), status="suspended", day=FIRST, reason="x"
        )


def test_outsider_does_not_find_an_nct_member(personas, member):
    from quanlyhoi.core.errors import NotFound

    with pytest.raises(NotFound):
        member_set_status(
            actor=personas["outsider"], membership=member("NCT-BD-001"), status="suspended", day=FIRST, reason="x"
        )
