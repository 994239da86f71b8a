"""Rendering of audit `changes`: {"field": [before, after]} pairs, and whatever else a service recorded."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.formats import date_format

register = template.Library()


@dataclass
class ChangeRow:
    field: str
    before: str
    after: str
    is_pair: bool


def _show(value: Any) -> str:
    if value is None or value == "":
        return "∅"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:  # ISO dates as written by core.audit, shown as dd/mm/yyyy
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


@register.filter
def change_rows(changes) -> list[ChangeRow]:
    """[ChangeRow]: "field: before → after" for pairs, "field: value" for anything else."""
    if not isinstance(changes, dict):
        return [ChangeRow("", _show(changes), "", False)] if changes else []
    rows = []
    for key, value in changes.items():
        if isinstance(value, list | tuple) and len(value) == 2 and key not in {"units"}:
            rows.append(ChangeRow(key, _show(value[0]), _show(value[1]), True))
        else:
            rows.append(ChangeRow(key, _show(value), "", False))
    return rows
