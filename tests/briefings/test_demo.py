"""The demo briefings on top of the test world (NCT and CTD have trees; the other demo associations are left
out): every state of an assignment, overdue ones, a recurring one, a pass-down, a department; idempotent."""

import pytest

from quanlyhoi.briefings.demo import INTERNAL_TITLE, TITLE, load_demo_briefings
from quanlyhoi.briefings.models import Assignment, Briefing, Directive, State, Update
from quanlyhoi.briefings.queries import is_overdue
from quanlyhoi.core.dates import today
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.core.scoping import SystemOperator

pytestmark = pytest.mark.django_db


def counts():
    return {m.__name__: m.objects.count() for m in (Briefing, Directive, Assignment, Update, AuditRecord)}


def test_demo_briefings_have_every_state_and_load_once():
    operator = SystemOperator("demo")
    load_demo_briefings(operator, say=lambda m: None)
    first = counts()
    load_demo_briefings(operator, say=lambda m: None)
    assert counts() == first

    briefing = Briefing.objects.get(title=TITLE, unit__isnull=True)
    assert briefing.held_on.isoformat() == "2024-01-16"
    assert set(briefing.associations.values_list("code", flat=True)) == {"NCT", "CTD"}
    assert briefing.period.code == "2023-H2"
    assert "Tăng cường tuyên truyền" in briefing.conclusion and "Kiện toàn tổ chức" in briefing.conclusion
    assignments = list(Assignment.objects.filter(directive__briefing=briefing).select_related("directive"))
    assert {a.state for a in assignments} == set(State.values)
    assert any(is_overdue(a) for a in assignments)
    assert any(a.state in (State.NOT_STARTED, State.IN_PROGRESS) and not is_overdue(a) for a in assignments)
    assert any(a.parent_id for a in assignments)
    assert any(a.department for a in assignments)
    cancelled = [a for a in assignments if a.state == State.CANCELLED]
    assert all(a.reason for a in cancelled)

    recurring = next(a for a in assignments if a.directive.recurrence and a.unit and a.unit.code == "NCT")
    assert recurring.due_on >= today() and recurring.state == State.IN_PROGRESS
    assert recurring.updates.filter(step="accept").count() >= 4  # one per half-year since 06/2024
    assert not Update.objects.filter(assignment__directive__briefing=briefing, created_at__date__gt=today()).exists()
    assert AuditRecord.objects.filter(action="directive.accept").exists()

    internal = Briefing.objects.get(title=INTERNAL_TITLE)
    assert internal.unit.code == "NCT"
    assert Assignment.objects.filter(directive__briefing=internal).count() == 5
