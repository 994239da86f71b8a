"""Restructuring events: list, detail, and POST one event of any kind (or its preview) through the services."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from quanlyhoi.api.common import (
    Page,
    Paging,
    Status,
    actor,
    apply_filter,
    association_visible,
    filter_data,
    page,
    resolve_area,
    unit_visible,
)
from quanlyhoi.api.schemas import Error
from quanlyhoi.api.schemas_units import (
    CreateIn,
    DissolveIn,
    EventOut,
    EventQuery,
    MergeIn,
    MoveIn,
    NewUnitIn,
    OutcomeOut,
    RenameIn,
    SplitIn,
)
from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.members.services.restructure import split_members_option
from quanlyhoi.orgs.filters import EventFilter
from quanlyhoi.orgs.models import RestructuringEvent, UnitLevel
from quanlyhoi.orgs.services import (
    Basis,
    NewUnit,
    Outcome,
    unit_create,
    unit_dissolve,
    unit_move,
    unit_rename,
    unit_split,
    units_merge,
)

router = Router(tags=["events"])
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class SplitMembersIn(Schema):
    """How a split assigns the members of the unit to the new units (members.services.restructure)."""

    model_config = ConfigDict(extra="forbid")

    by: Literal["area", "mapping"] = Field("area", description="area: theo địa bàn cư trú; mapping: chỉ theo danh sách")
    mapping: dict[str, int] = Field(
        default_factory=dict, description="Số thẻ hội viên -> số thứ tự (từ 0) của đơn vị mới nhận; ưu tiên hơn địa bàn"
    )
    default: int | None = Field(None, description="Số thứ tự (từ 0) của đơn vị mới nhận những hội viên còn lại")


class SplitWithMembersIn(SplitIn):
    members: SplitMembersIn | None = Field(None, description="Phân bổ hội viên; mặc định theo địa bàn")


EventWithMembersIn = Annotated[
    Union[CreateIn, RenameIn, MoveIn, MergeIn, SplitWithMembersIn, DissolveIn],  # noqa: UP007
    Field(discriminator="kind"),
]


def event_row(event: RestructuringEvent) -> dict:
    return {
        "id": event.pk,
        "kind": event.kind,
        "association": event.association.code,
        "effective_date": event.effective_date,
        "decision_number": event.decision_number,
        "decision_date": event.decision_date,
        "note": event.note,
        "summary": event.summary,
        "created_at": event.created_at,
        "created_by": event.created_by.get_username() if event.created_by_id else None,
        "units": [{"code": link.unit.code, "role": link.role} for link in event.unit_links.all()],
    }


def _events(user):
    return (
        RestructuringEvent.objects.restrict(user, "view")
        .select_related("association", "created_by")
        .prefetch_related("unit_links__unit")
    )


@router.get("", response={200: Page[EventOut], 422: Error}, summary="Các sự kiện sắp xếp tổ chức")
def event_list(request, filters: Query[EventQuery], paging: Query[Paging]):
    qs = apply_filter(EventFilter, filter_data(filters), _events(actor(request))).distinct()
    return page(qs.order_by("-effective_date", "-id"), paging, event_row)


@router.get("/{int:event_id}", response={200: EventOut, 404: Error}, summary="Một sự kiện")
def event_detail(request, event_id: int):
    event = _events(actor(request)).filter(pk=event_id).first()
    if event is None:
        raise NotFound("Không tìm thấy sự kiện.")
    return event_row(event)


# --- POST /events: one handler per kind ----------------------------------------------------------------


def _basis(p) -> Basis:
    return Basis(
        effective_date=p.effective_date,
        decision_number=p.decision_number,
        decision_date=p.decision_date,
        note=p.note,
    )


def _new_unit(user, spec: NewUnitIn, field: str) -> NewUnit:
    return NewUnit(
        name=spec.name,
        area=resolve_area(spec.area, field=f"{field}.area"),
        code=spec.code,
        parent=unit_visible(user, spec.parent, field=f"{field}.parent") if spec.parent else None,
    )


def _create(user, p: CreateIn) -> Outcome:
    parent = unit_visible(user, p.parent, field="parent") if p.parent else None
    if parent is not None:
        association = parent.association
        if p.association and p.association.strip().upper() != association.code:
            raise DomainError(
                "different_association", "Đơn vị cấp trên thuộc hội khác.", status=422, field="association"
            )
    elif p.association:
        association = association_visible(user, p.association)
    else:
        raise DomainError(
            "association_required", "Cần mã hội khi lập đơn vị cấp cao nhất.", status=422, field="association"
        )
    levels = UnitLevel.objects.filter(association=association).order_by("rank")
    if p.level:
        level = levels.filter(code=p.level.strip()).first()
    elif parent is not None:
        level = levels.filter(rank__gt=parent.level.rank).first()
    else:
        level = levels.first()
    if level is None:
        raise DomainError("unknown_level", f"Hội {association.code} không có cấp này.", status=422, field="level")
    spec = NewUnit(name=p.name, area=resolve_area(p.area), code=p.code, parent=parent)
    return unit_create(actor=user, association=association, level=level, spec=spec, basis=_basis(p), preview=p.preview)


def _rename(user, p: RenameIn) -> Outcome:
    unit = unit_visible(user, p.unit, field="unit")
    extra = {"area": resolve_area(p.area)} if "area" in p.model_fields_set else {}
    return unit_rename(actor=user, unit=unit, name=p.name or unit.name, basis=_basis(p), preview=p.preview, **extra)


def _move(user, p: MoveIn) -> Outcome:
    unit = unit_visible(user, p.unit, field="unit")
    new_parent = unit_visible(user, p.new_parent, field="new_parent")
    return unit_move(actor=user, unit=unit, new_parent=new_parent, basis=_basis(p), preview=p.preview)


def _merge(user, p: MergeIn) -> Outcome:
    sources = [unit_visible(user, code, field="sources") for code in p.sources]
    extra = (
        {"target_area": resolve_area(p.target_area, field="target_area")} if "target_area" in p.model_fields_set else {}
    )
    return units_merge(
        actor=user,
        sources=sources,
        basis=_basis(p),
        target=unit_visible(user, p.target, field="target") if p.target else None,
        new_target=_new_unit(user, p.new_target, "new_target") if p.new_target else None,
        target_name=p.target_name,
        preview=p.preview,
        **extra,
    )


def _split(user, p: SplitWithMembersIn) -> Outcome:
    source = unit_visible(user, p.source, field="source")
    parts = [_new_unit(user, spec, f"parts.{i}") for i, spec in enumerate(p.parts)]
    children = {unit_visible(user, code, field="children").pk: index for code, index in p.children.items()}
    members = p.members or SplitMembersIn()
    options = split_members_option(source=source, by=members.by, mapping=members.mapping, default=members.default)
    return unit_split(
        actor=user, source=source, parts=parts, basis=_basis(p), children=children, options=options, preview=p.preview
    )


def _dissolve(user, p: DissolveIn) -> Outcome:
    unit = unit_visible(user, p.unit, field="unit")
    return unit_dissolve(actor=user, unit=unit, basis=_basis(p), preview=p.preview)


HANDLERS = {
    "create": _create,
    "rename": _rename,
    "move": _move,
    "merge": _merge,
    "split": _split,
    "dissolve": _dissolve,
}


@router.post(
    "",
    response={200: OutcomeOut, 201: OutcomeOut, **ERRORS},
    summary="Ghi một sự kiện sắp xếp (lập, đổi tên, chuyển, hợp nhất, chia tách, giải thể) hoặc xem trước",
    description="201 khi đã ghi; 200 khi preview=true (chạy thử rồi huỷ, không ghi gì). Đơn vị ghi bằng mã.",
)
def event_post(request, payload: EventWithMembersIn):
    outcome = HANDLERS[payload.kind](actor(request), payload)
    return Status(200 if outcome.preview else 201, outcome.as_dict())
