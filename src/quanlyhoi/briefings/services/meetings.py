"""Recording briefings: the overseer's with the associations, or a unit's internal one with its chapters;
their minutes, conclusion and attached documents. Every write audited."""

from __future__ import annotations

import datetime

from django.db import transaction

from quanlyhoi.briefings import files as stored
from quanlyhoi.briefings.models import Briefing, BriefingFile, BriefingKind, FileKind
from quanlyhoi.core import audit
from quanlyhoi.core.errors import DomainError, Forbidden
from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.orgs.models import Association, Unit

FIELDS = ("kind", "title", "held_on", "place", "chair", "participants", "agenda", "minutes", "conclusion")


def may_direct(actor, briefing_unit: Unit | None) -> bool:
    """Whether the actor speaks for the convener: the overseer for its briefings, a unit's officers for theirs."""
    if briefing_unit is None:
        return has_system_scope(actor, Action.OVERSEE)
    return Unit.objects.restrict(actor, Action.DIRECT).filter(pk=briefing_unit.pk).exists()


def _scope(briefing: Briefing) -> dict:
    unit = briefing.unit
    return {"association_id": unit.association_id, "unit_path": unit.path} if unit else {}


def _clean(values: dict) -> dict:
    out = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    if "title" in out and not out["title"]:
        raise DomainError("required", "Cần nhập tên cuộc giao ban.", status=422, field="title")
    if "kind" in out and out["kind"] not in BriefingKind.values:
        raise DomainError("bad_kind", f"Loại cuộc họp '{out['kind']}' không hợp lệ.", status=422, field="kind")
    if "held_on" in out and not isinstance(out["held_on"], datetime.date):
        raise DomainError("required", "Cần nhập ngày họp.", status=422, field="held_on")
    return out


@transaction.atomic
def create_briefing(
    *, actor, unit: Unit | None = None, associations: list[Association] | None = None, period=None, report=None,
    **values,
) -> Briefing:  # fmt: skip
    """A briefing convened by the overseer (`unit` None) or by `unit` (an internal briefing)."""
    if not may_direct(actor, unit):
        raise Forbidden("Bạn không có quyền ghi nhận cuộc giao ban của cơ quan, đơn vị này.")
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise DomainError("bad_field", f"Không có trường {', '.join(sorted(unknown))}.", status=422)
    values = _clean({"kind": BriefingKind.SEMIANNUAL, "title": "", "held_on": None, **values})
    briefing = Briefing.objects.create(unit=unit, period=period, report=report,
                                       created_by=actor if getattr(actor, "pk", None) else None, **values)  # fmt: skip
    if associations:
        briefing.associations.set(associations)
    audit.record(actor=actor, action="briefing.create", obj=briefing,
                 changes={k: [None, v] for k, v in values.items()}, **_scope(briefing))  # fmt: skip
    return briefing


@transaction.atomic
def update_briefing(*, actor, briefing: Briefing, version: int | None = None, associations=None, **values) -> Briefing:
    """Change what was recorded (minutes and conclusion are usually written after the meeting)."""
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if not may_direct(actor, briefing.unit):
        raise Forbidden("Bạn không có quyền sửa cuộc giao ban này.")
    if version is not None and int(version) != briefing.version:
        raise DomainError("stale", "Cuộc giao ban vừa được người khác sửa; hãy tải lại trang rồi sửa tiếp.", status=409)
    unknown = set(values) - set(FIELDS) - {"period", "report"}
    if unknown:
        raise DomainError("bad_field", f"Không có trường {', '.join(sorted(unknown))}.", status=422)
    values = _clean(values)
    before = audit.snapshot(briefing, [*values])
    for name, value in values.items():
        setattr(briefing, name, value)
    briefing.version += 1
    briefing.save()
    if associations is not None:
        briefing.associations.set(associations)
    audit.record(actor=actor, action="briefing.change", obj=briefing,
                 changes=audit.diff(before, audit.snapshot(briefing, [*values])), **_scope(briefing))  # fmt: skip
    return briefing


@transaction.atomic
def attach(*, actor, briefing: Briefing, kind: str, files: list[tuple[str, bytes]]) -> list[BriefingFile]:
    """Attach documents (minutes, the conclusion as signed, other papers) to a briefing."""
    if not may_direct(actor, briefing.unit):
        raise Forbidden("Bạn không có quyền đính kèm tài liệu vào cuộc giao ban này.")
    if kind not in FileKind.values:
        raise DomainError("bad_kind", f"Loại tài liệu '{kind}' không hợp lệ.", status=422, field="kind")
    if not files:
        raise DomainError("no_file", "Chưa chọn tệp nào.", status=422, field="files")
    stored.check(files)
    made = [
        BriefingFile.objects.create(briefing=briefing, kind=kind, name=stored.clean_name(name), size=len(data),
                                    sha256=stored.keep(data), uploaded_by=actor if getattr(actor, "pk", None) else None)
        for name, data in files
    ]  # fmt: skip
    audit.record(actor=actor, action="briefing.attach", obj=briefing,
                 changes={"files": [f.name for f in made], "kind": kind}, **_scope(briefing))  # fmt: skip
    return made
