"""The frame every restructuring operation runs in: its inputs (Basis, NewUnit), its result (Outcome),
preview by rollback, the event row, and the shared finish (links, audit, scope re-check)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from quanlyhoi.core import audit
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.permissions import recheck
from quanlyhoi.core.text import normalise
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.orgs.models import (
    EventUnit,
    RestructuringEvent,
    Unit,
    UnitLevel,
)
from quanlyhoi.orgs.services import _tree


@dataclass(frozen=True)
class Basis:
    """When and on what authority: effective date, decision number and date, note."""

    effective_date: datetime.date
    decision_number: str = ""
    decision_date: datetime.date | None = None
    note: str = ""


@dataclass
class NewUnit:
    """A unit to be created by create, merge (new target) or split."""

    name: str
    area: AdminArea | None = None
    code: str | None = None
    parent: Unit | None = None
    level: UnitLevel | None = None


@dataclass
class Outcome:
    """What an operation did (or, for a preview, would do)."""

    kind: str
    summary: str
    lines: list[str] = field(default_factory=list)
    event_id: int | None = None
    unit_codes: list[str] = field(default_factory=list)
    preview: bool = False

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "summary": self.summary,
            "lines": self.lines,
            "event_id": self.event_id,
            "unit_codes": self.unit_codes,
            "preview": self.preview,
        }


class _Rollback(Exception):
    def __init__(self, outcome: Outcome):
        self.outcome = outcome


def _run(fn, preview: bool, objects=()) -> Outcome:
    """Run `fn` in one transaction; for a preview, roll it back and return what it would have done.

    `objects` are the caller's units. They are reloaded inside the transaction, so that checks and paths use
    the database state rather than a copy loaded before another change, and reloaded again when the work is
    rolled back (preview or refusal), so that the caller's copies do not describe a change that never happened
    (a form that previews and then applies with the same objects would otherwise see "no change")."""
    objects = [o for o in {id(o): o for o in objects}.values() if o is not None and o.pk is not None]
    try:
        with transaction.atomic():
            for obj in objects:
                obj.refresh_from_db()
            outcome = fn()
            if preview:
                outcome.preview = True
                outcome.event_id = None
                raise _Rollback(outcome)
            return outcome
    except _Rollback as rb:
        _reload(objects)
        return rb.outcome
    except BaseException:
        _reload(objects)
        raise


def _reload(objects) -> None:
    for obj in objects:
        try:
            obj.refresh_from_db()
        except type(obj).DoesNotExist:  # pragma: no cover - units are never deleted
            pass


def _check_basis(basis: Basis) -> None:
    if basis.decision_date and basis.decision_date > basis.effective_date + datetime.timedelta(days=3650):
        raise DomainError("bad_decision_date", "Ngày quyết định không hợp lệ.")


def _event(actor, kind: str, association, basis: Basis, summary: str, paths: list[str]) -> RestructuringEvent:
    _check_basis(basis)
    return RestructuringEvent.objects.create(
        kind=kind,
        association=association,
        effective_date=basis.effective_date,
        decision_number=normalise(basis.decision_number),
        decision_date=basis.decision_date,
        note=basis.note.strip(),
        summary=summary[:500],
        scope_path=_tree.common_path(paths),
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _finish(actor, event: RestructuringEvent, links: list[tuple[Unit, str]], unit_changes: dict, lines) -> Outcome:
    """Links, audit records and the post-write scope re-check, shared by every operation."""
    EventUnit.objects.bulk_create([EventUnit(event=event, unit=u, role=role) for u, role in links])
    basis = {
        "effective_date": event.effective_date,
        "decision_number": event.decision_number,
        "decision_date": event.decision_date,
        "note": event.note,
    }
    records = [
        audit.build(
            actor=actor,
            action=f"restructure.{event.kind}",
            obj=event,
            changes={"basis": basis, "units": [u.code for u, _ in links]},
            message=event.summary,
            association_id=event.association_id,
            unit_path=event.scope_path,
        )
    ]
    for unit, _role in links:
        unit.refresh_from_db()
        records.append(
            audit.build(
                actor=actor,
                action=f"restructure.{event.kind}",
                obj=unit,
                changes=unit_changes.get(unit.pk, {}),
                message=event.summary,
                association_id=unit.association_id,
                unit_path=unit.path,
            )
        )
    audit.record_many(records)
    recheck(actor, "restructure", Unit, [u.pk for u, _ in links])  # the action done, not mere visibility
    return Outcome(
        kind=event.kind,
        summary=event.summary,
        lines=lines,
        event_id=event.pk,
        unit_codes=[u.code for u, _ in links],
    )


def _state(unit: Unit) -> dict:
    return {
        "name": unit.name,
        "parent": unit.parent.code if unit.parent_id else None,
        # The label tells the old province from the 2025 one of the same name (Hà Nội before and after).
        "area": f"{unit.area.label} [{unit.area.code}]" if unit.area_id else None,
        "valid_to": unit.valid_to,
    }


def _delta(before: dict, unit: Unit) -> dict:
    unit.refresh_from_db()
    return audit.diff(before, _state(unit))
