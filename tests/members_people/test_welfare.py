"""Welfare needs: recorded from a date, ended on a later one; one open need per kind."""

import datetime

import pytest

from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.members.models import Association, WelfareNeedKind
from quanlyhoi.members.services.welfare import need_kind, welfare_need_add, welfare_need_end

D = datetime.date


def add(actor, membership, code="difficult", since=None, note=""):
    return welfare_need_add(
        actor=actor,
        membership=membership,
        kind=need_kind(membership.association, code),
        since=since or D(2025, 10, 1),
        note=note,
    )


def test_need_is_recorded_from_its_date(operator, member):
    need = add(operator, member("NCT-BD-001"))
    assert (need.kind.code, need.since, need.until) == ("difficult", D(2025, 10, 1), None)


def test_need_ends_on_a_later_date(operator, member):
    need = add(operator, member("NCT-BD-001"))
    welfare_need_end(actor=operator, membership=member("NCT-BD-001"), need_id=need.pk, until=D(2026, 3, 1))
    need.refresh_from_db()
    assert need.until == D(2026, 3, 1)


def test_a_second_open_need_of_the_same_kind_is_refused(operator, member):
    add(operator, member("NCT-BD-001"))
    with pytest.raises(DomainError) as exc:
        add(operator, member("NCT-BD-001"), since=D(2026, 1, 1))
    assert exc.value.code == "need_open"


def test_a_need_of_another_kind_may_be_open_at_the_same_time(operator, member):
    add(operator, member("NCT-BD-001"))
    add(operator, member("NCT-BD-001"), code="disability")
    assert member("NCT-BD-001").person.welfare_needs.count() == 2


def test_a_need_overlapping_an_ended_one_is_refused(operator, member):
    need = add(operator, member("NCT-BD-001"))
    welfare_need_end(actor=operator, membership=member("NCT-BD-001"), need_id=need.pk, until=D(2026, 3, 1))
    with pytest.raises(DomainError) as exc:
        add(operator, member("NCT-BD-001"), since=D(2026, 2, 1))
    assert exc.value.code == "need_overlap"


def test_a_need_in_the_future_is_refused(operator, member):
    with pytest.raises(DomainError) as exc:
        add(operator, member("NCT-BD-001"), since=datetime.date.today() + datetime.timedelta(days=3))
    assert exc.value.code == "future_date"


def test_end_before_the_start_is_refused(operator, member):
    need = add(operator, member("NCT-BD-001"))
    with pytest.raises(DomainError) as exc:
        welfare_need_end(actor=operator, membership=member("NCT-BD-001"), need_id=need.pk, until=D(2025, 10, 1))
    assert exc.value.code == "until_before_since"


def test_ending_an_ended_need_is_refused(operator, member):
    need = add(operator, member("NCT-BD-001"))
    welfare_need_end(actor=operator, membership=member("NCT-BD-001"), need_id=need.pk, until=D(2026, 3, 1))
    with pytest.raises(DomainError) as exc:
        welfare_need_end(actor=operator, membership=member("NCT-BD-001"), need_id=need.pk, until=D(2026, 4, 1))
    assert exc.value.code == "need_ended"


def test_ending_another_members_need_is_not_found(operator, member):
    need = add(operator, member("NCT-BD-001"))
    with pytest.raises(NotFound):
        welfare_need_end(actor=operator, membership=member("NCT-BD-002"), need_id=need.pk, until=D(2026, 3, 1))


def test_an_unknown_kind_is_refused(member):
    with pytest.raises(DomainError) as exc:
        need_kind(member("NCT-BD-001").association, "rich")
    assert exc.value.code == "bad_need_kind"


def test_an_association_kind_is_preferred_to_the_shared_one(member):
    nct = Association.objects.get(code="NCT")
    own = WelfareNeedKind.objects.create(association=nct, code="difficult", name="Khó khăn (NCT)")
    assert need_kind(nct, "difficult") == own


def test_another_associations_kind_is_refused(operator, member):
    ctd_kind = WelfareNeedKind.objects.create(association=Association.objects.get(code="CTD"), code="flood", name="Lũ")
    with pytest.raises(DomainError) as exc:
        welfare_need_add(actor=operator, membership=member("NCT-BD-001"), kind=ctd_kind, since=D(2025, 10, 1))
    assert exc.value.code == "bad_need_kind"


def test_inspector_cannot_record_a_need(personas, member):
    with pytest.raises(Forbidden):
        add(personas["inspector"], member("NCT-BD-001"))


def test_need_note_is_not_written_into_the_audit_log(operator, member):
    add(operator, member("NCT-BD-001"), note="Nhà dột, con đi làm xa")
    record = AuditRecord.objects.get(action="member.need_add")
    assert "Nhà dột" not in str(record.changes) and "Nhà dột" not in record.message
