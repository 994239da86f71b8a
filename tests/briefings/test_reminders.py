"""Reminders of the directives' deadlines and the weekly digest: who is told, the due-soon and overdue
boundaries, idempotency (same day twice; a recurring assignment's next occurrence), the digest once a week, and
the scope of a reminder run by a user."""

import datetime

import pytest

from quanlyhoi.briefings.models import Recurrence
from quanlyhoi.briefings.reminders import remind
from quanlyhoi.briefings.services.directives import create_directive
from quanlyhoi.briefings.services.follow_up import next_due, step
from quanlyhoi.briefings.services.meetings import create_briefing
from quanlyhoi.core.errors import Forbidden
from quanlyhoi.core.models import AuditRecord, Notification
from quanlyhoi.orgs.models import Association

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 10)  # a Tuesday


@pytest.fixture
def meeting(personas):
    return create_briefing(
        actor=personas["overseer"], title="Giao ban quý I năm 2026", held_on=datetime.date(2026, 1, 20),
        associations=list(Association.objects.filter(code__in=["NCT", "CTD"])),
    )  # fmt: skip


def give(meeting, title, due, assignees=(), departments=(), recurrence=""):
    from quanlyhoi.core.scoping import SystemOperator

    return create_directive(
        actor=SystemOperator("test"), briefing=meeting, title=title, due_on=due, assignees=list(assignees),
        departments=list(departments), recurrence=recurrence,
    )  # fmt: skip


def keys(username: str) -> set[str]:
    """The reminders and digests a user received (not the notices of assignment and of the steps)."""
    sent = Notification.objects.filter(recipient__username=username).exclude(kind="directive_notice")
    return set(sent.values_list("key", flat=True))


def test_due_soon_and_overdue_boundaries(meeting, operator):
    made = {
        days: give(meeting, f"Việc hạn {days:+d} ngày", DAY + datetime.timedelta(days=days), ["NCT.01.00004"])
        for days in (-1, 0, 7, 8)
    }
    done = remind(actor=operator, day=DAY)
    ids = {days: d.assignments.get().pk for days, d in made.items()}
    got = keys("commune_officer")
    assert f"directive:{ids[-1]}:overdue:2026-03-09" in got
    assert f"directive:{ids[0]}:soon:2026-03-10" in got  # due today: not yet overdue
    assert f"directive:{ids[7]}:soon:2026-03-17" in got
    assert not any(k.startswith(f"directive:{ids[8]}:") for k in got)
    assert (done["soon"], done["overdue"], done["assignments"]) == (2, 1, 4)
    assert done["notified"] == 3 and done["digests"] == 1
    overdue = Notification.objects.get(key=f"directive:{ids[-1]}:overdue:2026-03-09")
    assert overdue.title.startswith("Quá hạn") and "quá hạn 1 ngày" in overdue.body
    assert overdue.kind == "directive_reminder"
    # The officer above (NCT.01) and the association's administrator are not told of the commune's deadlines.
    assert not keys("province_officer") and not keys("assoc_admin")


def test_same_day_twice_sends_nothing_new(meeting, operator):
    give(meeting, "Việc quá hạn", DAY - datetime.timedelta(days=3), ["NCT.01", "NCT.01.00004"])
    before = Notification.objects.count()
    first = remind(actor=operator, day=DAY)
    assert first["notified"] == 2 and first["digests"] == 2
    after_first = Notification.objects.count()
    assert after_first == before + 4
    second = remind(actor=operator, day=DAY)
    assert (second["notified"], second["digests"], second["already"]) == (0, 0, 2)
    assert Notification.objects.count() == after_first
    # Still overdue the next day (same week): the overdue reminder of this due date is not repeated.
    assert remind(actor=operator, day=DAY + datetime.timedelta(days=1))["notified"] == 0
    assert AuditRecord.objects.filter(action="directive.remind").count() == 3  # one record per run


def test_recurring_next_occurrence_is_reminded_again(meeting, operator, personas):
    due = DAY + datetime.timedelta(days=3)
    directive = give(meeting, "Báo cáo quý", due, ["NCT.01.00004"], recurrence=Recurrence.QUARTER)
    a = directive.assignments.get()
    assert remind(actor=operator, day=DAY)["notified"] == 1
    a = step(actor=personas["commune_officer"], assignment=a, step="done", text="Đã báo cáo quý I.")
    a = step(actor=personas["overseer"], assignment=a, step="accept")
    assert a.due_on == next_due(due, Recurrence.QUARTER) == datetime.date(2026, 6, 13)
    # Accepted, the occurrence is no longer open: nothing on the same day; the next one when it comes near.
    assert remind(actor=operator, day=DAY)["notified"] == 0
    assert remind(actor=operator, day=datetime.date(2026, 6, 8))["notified"] == 1
    assert f"directive:{a.pk}:soon:2026-06-13" in keys("commune_officer")
    assert f"directive:{a.pk}:soon:2026-03-13" in keys("commune_officer")


def test_closed_assignments_are_not_reminded(meeting, operator, personas):
    directive = give(meeting, "Việc đã xong", DAY - datetime.timedelta(days=1), ["NCT.01.00004", "NCT.01"])
    step(actor=personas["commune_officer"], assignment=directive.assignments.get(unit__code="NCT.01.00004"),
         step="done", text="Xong.")  # fmt: skip
    step(actor=personas["overseer"], assignment=directive.assignments.get(unit__code="NCT.01"), step="cancel",
         text="Không còn cần thiết.")  # fmt: skip
    done = remind(actor=operator, day=DAY)
    assert (done["assignments"], done["notified"], done["digests"]) == (0, 0, 0)


def test_recipients_of_central_offices_and_departments(meeting, operator):
    directive = give(meeting, "Việc chung", DAY + datetime.timedelta(days=2), ["NCT", "CTD"], ["Ban Dân chủ"])
    remind(actor=operator, day=DAY)
    nct, ctd = (directive.assignments.get(unit__code=c).pk for c in ("NCT", "CTD"))
    department = directive.assignments.get(department="Ban Dân chủ").pk
    assert f"directive:{nct}:soon:2026-03-12" in keys("assoc_admin")
    assert f"directive:{ctd}:soon:2026-03-12" in keys("outsider")
    assert f"directive:{department}:soon:2026-03-12" in keys("overseer") & keys("sysadmin")
    assert not keys("inspector")  # reads, does not follow up
    assert not any(k.startswith(f"directive:{ctd}:") for k in keys("assoc_admin"))


def test_digest_once_a_week_with_the_users_own_assignments(meeting, operator):
    give(meeting, "Việc quá hạn", DAY - datetime.timedelta(days=5), ["NCT.01.00004"])
    give(meeting, "Việc sắp đến hạn", DAY + datetime.timedelta(days=4), ["NCT.01.00004"])
    give(meeting, "Việc còn xa", DAY + datetime.timedelta(days=60), ["NCT.01.00004", "NCT.01"])
    assert remind(actor=operator, day=DAY)["digests"] == 2
    digest = Notification.objects.get(recipient__username="commune_officer", kind="directive_digest")
    assert digest.key.endswith(":2026-W11")
    assert "Nhiệm vụ chưa hoàn thành: 3; quá hạn: 1; sắp đến hạn (7 ngày tới): 1." in digest.body
    assert "Việc quá hạn" in digest.body and "Việc còn xa" not in digest.body  # only the urgent ones are named
    assert remind(actor=operator, day=DAY + datetime.timedelta(days=5))["digests"] == 0  # Sunday, same ISO week
    assert remind(actor=operator, day=DAY + datetime.timedelta(days=6))["digests"] == 2  # Monday, week 12
    assert not keys("assoc_admin") and not keys("inspector")  # nothing of their own: no digest


def test_a_user_reminds_within_scope(meeting, personas):
    directive = give(meeting, "Việc quá hạn", DAY - datetime.timedelta(days=1), ["NCT", "NCT.01", "NCT.01.00004",
                                                                                 "CTD"], ["Ban Dân chủ"])  # fmt: skip
    done = remind(actor=personas["province_officer"], day=DAY)
    assert done["assignments"] == 2 and done["notified"] == 2
    assert keys("province_officer") and keys("commune_officer")
    assert not keys("assoc_admin") and not keys("outsider") and not keys("overseer")
    record = AuditRecord.objects.filter(action="directive.remind").latest("id")
    assert record.actor.username == "province_officer" and record.unit_path
    ctd = remind(actor=personas["outsider"], day=DAY)
    assert ctd[
        "assignments"
    ] == 1 and f"directive:{directive.assignments.get(unit__code='CTD').pk}:overdue:2026-03-09" in keys("outsider")
    # The overseer: every assignment of its own briefings, its departments' included.
    assert remind(actor=personas["overseer"], day=DAY)["assignments"] == 5
    assert f"directive:{directive.assignments.get(department='Ban Dân chủ').pk}:overdue:2026-03-09" in keys("overseer")
    with pytest.raises(Forbidden):
        remind(actor=personas["inspector"], day=DAY)


def test_cli_remind_is_safe_to_repeat(meeting, capsys):
    import json

    from quanlyhoi.cli import main

    give(meeting, "Việc quá hạn", DAY - datetime.timedelta(days=2), ["NCT.01.00004"])
    capsys.readouterr()
    assert main(["briefings", "remind", "--date", "10/03/2026", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["date"], first["overdue"], first["notified"], first["digests"]) == ("2026-03-10", 1, 1, 1)
    assert main(["briefings", "remind", "--date", "10/03/2026"]) == 0
    assert "Đã gửi 0 lời nhắc mới (1 đã gửi trước đó) và 0 bản tổng hợp tuần mới." in capsys.readouterr().out
    assert main(["--as", "inspector", "briefings", "remind"]) != 0
