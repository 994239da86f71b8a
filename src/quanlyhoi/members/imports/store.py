"""Set-based writes of an import: executemany on SQLite, COPY on PostgreSQL, inside the caller's transaction.

Ids of new people and memberships are reserved up front (the table's maximum under SQLite's write lock, the
sequence on PostgreSQL), so memberships can point at their people without a round trip per row."""

from __future__ import annotations

import contextlib

from django.db import connection

from quanlyhoi.members.imports.rows import PERSON_VALUES
from quanlyhoi.members.models import Membership, MembershipPeriod, Person

PERSON_TABLE = Person._meta.db_table
MEMBERSHIP_TABLE = Membership._meta.db_table
PERIOD_TABLE = MembershipPeriod._meta.db_table
PERSON_COLUMNS = ("id", "association_id", *PERSON_VALUES, "import_job_id")
MEMBERSHIP_COLUMNS = ("id", "person_id", "association_id", "unit_id", "member_number", "type_id", "joined_on",
                      "status", "status_since", "status_reason", "sex", "birth_year", "import_job_id")  # fmt: skip
PERIOD_COLUMNS = ("membership_id", "association_id", "unit_id", "status", "valid_from", "valid_to", "reason",
                  "event_id", "import_job_id")  # fmt: skip


def reserve_ids(table: str, count: int) -> list[int]:
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        # AUTOINCREMENT never reuses an id, so the sequence counts as well as the largest id present.
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"COALESCE((SELECT MAX(id) FROM {table}), 0))",
            [table],
        )
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def insert(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 (model table and columns)
    connection.ensure_connection()
    connection.connection.executemany(sql, rows)


def update(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """UPDATE table SET columns... WHERE id = last value of each row."""
    if not rows:
        return
    sets = ", ".join(f"{c} = %s" for c in columns)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", rows)  # noqa: S608


# An import that wrote this many rows re-reads the members tables' statistics in full.
ANALYZE_AFTER_ROWS = 10_000


def refresh_statistics(written: int) -> None:
    """Let SQLite's planner know the members tables grew (PostgreSQL's autovacuum does this by itself).

    Without statistics SQLite reads a filtered or searched member list through the wrong index after a large
    import (a phone search went from 6 ms to 250 ms at a million members). Sampled statistics
    (analysis_limit) misled it the same way, so a large import pays for a full ANALYZE: about 2.5 s at a
    million members, against minutes for the import itself; a small one leaves the statistics as they were."""
    if connection.vendor != "sqlite" or written < ANALYZE_AFTER_ROWS:
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=0")
        for table in (PERSON_TABLE, MEMBERSHIP_TABLE, PERIOD_TABLE):
            cursor.execute(f"ANALYZE {table}")


# Page cache for a commit run on SQLite (the default is 2 MB): the run inserts into a dozen indexes in random
# key order and looks up the rows already there, which with a small cache reads pages from the file over again.
IMPORT_CACHE_KIB = 128 * 1024


@contextlib.contextmanager
def bulk_session(active: bool):
    if not active or connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
