"""Query helpers shared by the domain apps."""

from __future__ import annotations

import json

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL


def listed(field: str, ids: list[int]) -> Q:
    """`field` among ids found beforehand. One JSON parameter (json_each on SQLite, jsonb on PostgreSQL): Django
    would turn each of thousands of ids into a parameter of its own, slower than the query itself."""
    if connection.vendor == "sqlite":
        sql = "SELECT value FROM json_each(%s)"
    else:
        sql = "SELECT value::bigint FROM jsonb_array_elements_text(%s::jsonb)"
    return Q(**{f"{field}__in": RawSQL(sql, (json.dumps(ids),))})  # noqa: S611 - the ids are a parameter
