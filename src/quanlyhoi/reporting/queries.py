"""Reads of the reporting app: the completeness and timeliness of a period's reports over a unit's subtree."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from quanlyhoi.core.dates import today
from quanlyhoi.core.paths import subtree_q
from quanlyhoi.orgs.models import Unit, UnitPeriod
from quanlyhoi.reporting.models import Deadline, Period, ReportTemplate, Submission, SubmissionState
from quanlyhoi.reporting.services.submissions import applies

# States in which a report has reached the level above.
RECEIVED = (SubmissionState.SUBMITTED, SubmissionState.APPROVED, SubmissionState.LOCKED)


@dataclass
class UnitStatus:
    code: str
    name: str
    level: str
    state: str  # a SubmissionState, or "missing"
    due_on: object  # date or None
    submitted_on: object  # date or None
    late: bool

    @property
    def state_label(self) -> str:
        return str(SubmissionState(self.state).label) if self.state in SubmissionState.values else ""

    def as_dict(self) -> dict:
        return {
            "unit": self.code,
            "name": self.name,
            "level": self.level,
            "state": self.state,
            "due_on": self.due_on,
            "submitted_on": self.submitted_on,
            "late": self.late,
        }


@dataclass
class Completeness:
    period: Period
    unit: Unit
    rows: list[UnitStatus] = field(default_factory=list)

    def counts(self) -> dict:
        received = [r for r in self.rows if r.state in RECEIVED]
        return {
            "expected": len(self.rows),
            "received": len(received),
            "approved": sum(r.state in (SubmissionState.APPROVED, SubmissionState.LOCKED) for r in self.rows),
            "on_time": sum(not r.late for r in received),
            "late": sum(r.late for r in self.rows),
            "missing": len(self.rows) - len(received),
        }

    def as_dict(self) -> dict:
        return {
            "period": self.period.code,
            "unit": self.unit.code,
            **self.counts(),
            "units": [r.as_dict() for r in self.rows],
        }


def completeness(actor, unit: Unit, period: Period) -> Completeness:
    """Every unit of the subtree (as it stood at the period's cut-off) that reports on a template for this
    period, with its report's state, its deadline and whether it came late (or is overdue and still missing).
    Only what `actor` may see: the subtree is read through the scoping choke point."""
    visible = Unit.objects.restrict(actor, "view")
    stood = UnitPeriod.objects.as_of(period.ends_on).filter(subtree_q("path", unit.path)).filter(unit__in=visible)
    units = list(Unit.objects.filter(pk__in=stood.values("unit_id")).select_related("level").order_by("path"))
    deadlines = dict(Deadline.objects.filter(period=period).values_list("level_code", "due_on"))
    reports = {s.unit_id: s for s in Submission.objects.restrict(actor, "view").filter(period=period, unit__in=units)}
    names = dict(stood.values_list("unit_id", "name"))
    templates = list(ReportTemplate.objects.filter(is_current=True))
    result = Completeness(period, unit)
    day = today()
    for u in units:
        if not any(applies(t, u, period) for t in templates):
            continue
        report = reports.get(u.pk)
        due = deadlines.get(u.level.code)
        submitted = timezone.localdate(report.submitted_at) if report and report.submitted_at else None
        received = report is not None and report.state in RECEIVED
        late = bool(due) and ((received and submitted is not None and submitted > due) or (not received and day > due))
        state = report.state if report else "missing"
        result.rows.append(UnitStatus(u.code, names.get(u.pk, u.name), u.level.name, state, due, submitted, late))
    return result


@dataclass
class Passage:
    unit: str  # code
    name: str
    state: str
    text: str


def children_narratives(actor, report: Submission) -> dict[str, list[Passage]]:
    """The narrative sections of the reports of the units directly below (the tree at the period's cut-off)
    that have reached the unit (sent, approved or locked), by section code, in the children's order: what the
    unit gathers into its own text."""
    children = UnitPeriod.objects.as_of(report.period.ends_on).filter(parent_id=report.unit_id)
    return narratives_of(actor, children, report.period, report.template_code, RECEIVED)


def narratives_of(actor, stood, period: Period, template_code: str, states) -> dict[str, list[Passage]]:
    """The narrative sections of the reports in `states` of the units in `stood` (UnitPeriod rows: their names
    at the cut-off), by section code, in the units' order."""
    from quanlyhoi.reporting.models import SubmissionNarrative

    names = dict(stood.values_list("unit_id", "name"))
    rows = (
        SubmissionNarrative.objects.filter(
            submission__in=Submission.objects.restrict(actor, "view").filter(
                period=period, template_code=template_code, unit_id__in=list(names), state__in=states
            )
        )
        .exclude(text="")
        .select_related("section", "submission__unit")
        .order_by("submission__unit__path", "section__position")
    )
    out: dict[str, list[Passage]] = {}
    for row in rows:
        unit = row.submission.unit
        out.setdefault(row.section.code, []).append(
            Passage(unit.code, names.get(unit.pk, unit.name), row.submission.state, row.text)
        )
    return out
