"""The name search index on SQLite: FTS5 rows are added here, set-based, when people are created.

A trigger per inserted row costs about twenty times a single INSERT ... SELECT per batch, so the import and the
services add new people to the index explicitly; changes and deletions are kept in step by triggers (rare).
PostgreSQL indexes the name with a GIN expression index, maintained by the database itself."""

from __future__ import annotations

from django.db import connection

FTS_TABLE = "members_person_fts"


def index_people(ids: list[int]) -> None:
    if connection.vendor != "sqlite" or not ids:
        return
    with connection.cursor() as cursor:
        for i in range(0, len(ids), 900):
            part = ids[i : i + 900]
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}(rowid, name_folded) SELECT id, name_folded FROM members_person "  # noqa: S608
                f"WHERE id IN ({', '.join(['%s'] * len(part))})",
                part,
            )


def index_range(first_id: int, last_id: int) -> None:
    """Index the people with ids in [first_id, last_id] (an import's batch: its ids are reserved contiguously)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, name_folded) SELECT id, name_folded FROM members_person "  # noqa: S608
            f"WHERE id BETWEEN %s AND %s",
            [first_id, last_id],
        )
