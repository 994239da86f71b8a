"""Welfare needs of a member (difficult circumstances, disability, vulnerable, ...) over [since, until).

The kinds are the shipped defaults plus the association's own (need_kinds_for). A need is recorded once per
kind at a time: a second open need of the same kind would count the person twice in the statistics.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from quanlyhoi.core.dates import today, vn
from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.core.permissions import recheck, require
from quanlyhoi.members.models import Membership, WelfareNeed, WelfareNeedKind
from quanlyhoi.members.services._common import need_kinds_for
from quanlyhoi.members.services.lifecycle import audit_member, locked


def need_kind(association, code: str) -> WelfareNeedKind:
    """The association's own kind of that code, else the shared one."""
    kinds = {k.code: k for k in sorted(need_kinds_for(association), key=lambda k: k.association_id is not None)}
    found = kinds.get((code or "").strip())
    if found is None:
        raise DomainError("bad_need_kind", f"Loại hoàn cảnh '{code}' không tồn tại.", field="kind")
    return found


@transaction.atomic
def welfare_need_add(
    *, actor, membership: Membership, kind: WelfareNeedKind, since: datetime.date, note: str = ""
) -> WelfareNeed:
    """Record that the member has a welfare need of `kind` from `since`."""
    require(actor, "change", membership)
    membership = locked(membership)
    if kind.association_id not in (None, membership.association_id):
        raise DomainError("bad_need_kind", f"Loại hoàn cảnh '{kind.name}' thuộc hội khác.", field="kind")
    if since > today():
        raise DomainError("future_date", f"Ngày {vn(since)} ở tương lai.", field="since")
    person = membership.person
    if WelfareNeed.objects.filter(person=person, kind=kind, until__isnull=True).exists():
        raise DomainError(
            "need_open", f"Hội viên đang có hoàn cảnh '{kind.name}'; hãy ghi ngày kết thúc trước.", status=409,
            field="kind",
        )  # fmt: skip
    if WelfareNeed.objects.filter(person=person, kind=kind, until__gt=since).exists():
        raise DomainError(
            "need_overlap", f"Hoàn cảnh '{kind.name}' đã được ghi đến sau ngày {vn(since)}.", status=409, field="since"
        )
    need = WelfareNeed.objects.create(person=person, kind=kind, since=since, note=note.strip()[:300])
    changes = {"kind": [None, kind.code], "since": [None, since]} | ({"note": ["***", "***"]} if need.note else {})
    audit_member(actor, "member.need_add", membership, changes, kind.name)
    recheck(actor, "change", Membership, [membership.pk])
    return need


def _need_of(membership: Membership, need_id: int) -> WelfareNeed:
    need = WelfareNeed.objects.select_related("kind").filter(pk=need_id, person_id=membership.person_id).first()
    if need is None:
        raise NotFound("Không tìm thấy hoàn cảnh này của hội viên.")
    return need


@transaction.atomic
def welfare_need_end(*, actor, membership: Membership, need_id: int, until: datetime.date) -> WelfareNeed:
    """The need no longer applies from `until` (the history keeps it)."""
    require(actor, "change", membership)
    membership = locked(membership)
    need = _need_of(membership, need_id)
    if need.until is not None:
        raise DomainError("need_ended", f"Hoàn cảnh này đã kết thúc ngày {vn(need.until)}.", status=409)
    if until > today():
        raise DomainError("future_date", f"Ngày {vn(until)} ở tương lai.", field="until")
    if until <= need.since:
        raise DomainError("until_before_since", f"Ngày kết thúc phải sau ngày {vn(need.since)}.", field="until")
    need.until = until
    need.save(update_fields=["until"])
    audit_member(actor, "member.need_end", membership, {"until": [None, until]}, need.kind.name)
    recheck(actor, "change", Membership, [membership.pk])
    return need


def needs_of(membership: Membership):
    return WelfareNeed.objects.filter(person_id=membership.person_id).select_related("kind").order_by("since", "id")
