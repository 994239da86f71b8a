"""Explicit audit: services call `record(...)` inside their transaction, so the record commits with the change."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable

from django.db import models

from quanlyhoi.core import context
from quanlyhoi.core.models import AuditRecord


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    return {f: _plain(getattr(obj, f)) for f in fields}


def diff(before: dict, after: dict) -> dict:
    """{"field": [before, after]} for the fields that changed (a created object has before = None)."""
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def build(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    changes: dict | None = None,
    message: str = "",
    association_id: int | None = None,
    unit_path: str = "",
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
) -> AuditRecord:
    ctx = context.current()
    is_user = actor is not None and getattr(actor, "pk", None) is not None
    if is_user:
        actor_name = actor.get_username()
    elif actor is not None:
        actor_name = str(actor)
    else:
        actor_name = ""
    return AuditRecord(
        request_id=ctx.request_id,
        actor=actor if is_user else None,
        actor_name=actor_name,
        source=ctx.source,
        ip=ctx.ip,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
        association_id=association_id,
        unit_path=unit_path or "",
        changes=_plain(changes or {}),
        message=message,
    )


def record(**kwargs) -> AuditRecord:
    rec = build(**kwargs)
    rec.save()
    return rec


def record_many(records: list[AuditRecord]) -> None:
    AuditRecord.objects.bulk_create(records, batch_size=500)


def history(obj: models.Model):
    """Audit records about one object, newest first (callers restrict the object itself first)."""
    return AuditRecord.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
