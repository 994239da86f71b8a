"""Directives concluded at a briefing and their assignments: to units (an association through its central
office) or, for the overseer's briefings, to its own departments; passed down by an assignee to the units
directly below it."""

from __future__ import annotations

import datetime

from django.db import transaction

from quanlyhoi.briefings import notices
from quanlyhoi.briefings.models import OPEN, Assignment, Briefing, Directive, Priority, Recurrence, State, Update
from quanlyhoi.briefings.services.meetings import may_direct
from quanlyhoi.core import audit, dates
from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.roles import Action
from quanlyhoi.orgs.models import Association, Unit, UnitPeriod
from quanlyhoi.reporting.models import Indicator


def unit_scope(unit: Unit | None) -> dict:
    """The audit record's scope fields for a unit (none for the overseer's own)."""
    return {"association_id": unit.association_id, "unit_path": unit.path} if unit else {}


def author(actor) -> dict:
    """Who wrote an update: the user (none for the CLI operator) and the name shown."""
    return {"author": actor if getattr(actor, "pk", None) else None, "author_name": str(actor)}


def assignee_units(actor, briefing: Briefing, codes: list[str]) -> list[Unit]:
    """The units of association or unit codes, as the convener may assign them: an association code stands for
    its central office; an internal briefing assigns only units below its convener."""
    out: list[Unit] = []
    day = dates.today()
    for raw in codes:
        code = raw.strip().upper()
        unit = Unit.objects.restrict(actor, "view").filter(code=code).first()
        if unit is None and Association.objects.filter(code=code).exists():
            root = UnitPeriod.objects.as_of(day).filter(parent__isnull=True, unit__association__code=code).first()
            unit = root.unit if root else None
        if unit is None or not unit.is_valid_on(day):
            raise NotFound(f"Không tìm thấy hội hoặc đơn vị đang hoạt động có mã {code}.", code="unknown_assignee")
        if briefing.unit is not None and (unit.pk == briefing.unit_id or not unit.path.startswith(briefing.unit.path)):
            raise DomainError(
                "outside_assignee",
                f"{unit.code} không thuộc {briefing.unit.code}: cuộc giao ban nội bộ chỉ giao cho các đơn vị cấp dưới.",
                status=422, field="assignees",
            )  # fmt: skip
        out.append(unit)
    return out


def _check(title: str, due_on, recurrence: str, priority: str) -> None:
    if not title.strip():
        raise DomainError("required", "Cần nhập tên nhiệm vụ.", status=422, field="title")
    if recurrence not in Recurrence.values:
        raise DomainError("bad_recurrence", f"Chu kỳ '{recurrence}' không hợp lệ.", status=422, field="recurrence")
    if recurrence and due_on is None:
        raise DomainError("due_required", "Nhiệm vụ định kỳ cần hạn của lần đầu.", status=422, field="due_on")
    if priority not in Priority.values:
        raise DomainError("bad_priority", f"Mức ưu tiên '{priority}' không hợp lệ.", status=422, field="priority")


@transaction.atomic
def create_directive(
    *, actor, briefing: Briefing, title: str, content: str = "", coordinator: str = "",
    due_on: datetime.date | None = None, recurrence: str = "", priority: str = Priority.NORMAL,
    indicators: list[str] | None = None, assignees: list[str] | None = None, departments: list[str] | None = None,
) -> Directive:  # fmt: skip
    """A directive of the briefing with one assignment per assignee (unit or association codes, and for the
    overseer's briefings its departments by name)."""
    if not may_direct(actor, briefing.unit):
        raise Forbidden("Bạn không có quyền giao nhiệm vụ từ cuộc giao ban này.")
    _check(title, due_on, recurrence, priority)
    departments = [d.strip() for d in departments or [] if d.strip()]
    if departments and briefing.unit is not None:
        raise DomainError("no_departments", "Chỉ cơ quan theo dõi giao nhiệm vụ cho các ban của mình.", status=422,
                          field="departments")  # fmt: skip
    units = assignee_units(actor, briefing, assignees or [])
    if not units and not departments:
        raise DomainError("no_assignee", "Cần giao nhiệm vụ cho ít nhất một hội, đơn vị hoặc ban.", status=422,
                          field="assignees")  # fmt: skip
    if len({u.pk for u in units}) != len(units) or len(set(departments)) != len(departments):
        raise DomainError("duplicate_assignee", "Một nơi được giao hai lần.", status=422, field="assignees")
    linked = []
    for code in indicators or []:
        found = Indicator.objects.restrict(actor, "view").filter(code=code.strip().upper()).first()
        if found is None:
            raise DomainError("unknown_indicator", f"Không có chỉ tiêu {code}.", status=422, field="indicators")
        linked.append(found)
    directive = Directive.objects.create(briefing=briefing, title=title.strip(), content=content.strip(),
                                         coordinator=coordinator.strip(), due_on=due_on, recurrence=recurrence,
                                         priority=priority)  # fmt: skip
    directive.indicators.set(linked)
    made = Assignment.objects.bulk_create(
        [Assignment(directive=directive, unit=u, due_on=due_on) for u in units]
        + [Assignment(directive=directive, department=d, due_on=due_on) for d in departments]
    )
    notices.assigned(made)
    audit.record(actor=actor, action="directive.create", obj=directive, changes={
        "title": directive.title, "due_on": due_on, "recurrence": recurrence, "priority": priority,
        "assignees": [u.code for u in units] + departments, "indicators": [i.code for i in linked],
    }, **unit_scope(briefing.unit))  # fmt: skip
    return directive


def may_follow_up(actor, assignment: Assignment) -> bool:
    """The assignee's officers (and those above them) report on it; the overseer reports for its departments."""
    if assignment.unit_id is None:
        return may_direct(actor, None)
    return Unit.objects.restrict(actor, Action.FOLLOW_UP).filter(pk=assignment.unit_id).exists()


def may_assign(actor, assignment: Assignment) -> bool:
    """Whoever gave the assignment decides on it: the unit it was passed down from, or the briefing's convener."""
    if assignment.parent_id is not None:
        return Unit.objects.restrict(actor, Action.DIRECT).filter(pk=assignment.parent.unit_id).exists()
    return may_direct(actor, assignment.directive.briefing.unit)


@transaction.atomic
def pass_down(*, actor, assignment: Assignment, codes: list[str], due_on: datetime.date | None = None, text: str = ""):
    """The assignee hands its assignment on to units directly below it (their progress rolls up to it)."""
    locked = Assignment.objects.select_for_update(of=("self",))  # PostgreSQL locks no outer-joined row
    assignment = locked.select_related("unit", "directive").get(pk=assignment.pk)
    if assignment.unit_id is None or not may_follow_up(actor, assignment):
        raise Forbidden("Chỉ đơn vị được giao mới giao tiếp nhiệm vụ này cho cấp dưới.")
    if assignment.state not in OPEN:
        raise DomainError("bad_state", "Nhiệm vụ đã xong hoặc đã huỷ, không giao tiếp được.", status=409)
    due = due_on or assignment.due_on
    if due and assignment.due_on and due > assignment.due_on:
        raise DomainError("due_after_parent", "Hạn của cấp dưới không được muộn hơn hạn của nhiệm vụ được giao.",
                          status=422, field="due_on")  # fmt: skip
    stood = UnitPeriod.objects.as_of(dates.today()).filter(parent=assignment.unit)
    below = dict(stood.values_list("unit__code", "unit_id"))
    wanted = [c.strip().upper() for c in codes if c.strip()] or list(below)
    unknown = [c for c in wanted if c not in below]
    if unknown:
        raise DomainError("not_below", f"{', '.join(unknown)} không phải đơn vị trực thuộc {assignment.unit.code}.",
                          status=422, field="units")  # fmt: skip
    taken = set(Assignment.objects.filter(directive=assignment.directive, unit_id__in=[below[c] for c in wanted])
                .values_list("unit__code", flat=True))  # fmt: skip
    if taken:
        raise DomainError("duplicate_assignee", f"Đã giao cho {', '.join(sorted(taken))}.", status=409, field="units")
    children = Assignment.objects.bulk_create(
        [Assignment(directive=assignment.directive, parent=assignment, unit_id=below[c], due_on=due) for c in wanted]
    )
    notices.assigned(list(Assignment.objects.filter(pk__in=[c.pk for c in children]).select_related("unit")))
    if assignment.state == State.NOT_STARTED:
        assignment.state = State.IN_PROGRESS
    assignment.version += 1
    assignment.save()
    Update.objects.create(assignment=assignment, step="pass_down", text=text.strip() or ", ".join(wanted),
                          **author(actor))  # fmt: skip
    audit.record(actor=actor, action="directive.pass_down", obj=assignment,
                 changes={"units": wanted, "due_on": due}, **unit_scope(assignment.unit))  # fmt: skip
    return children
