"""The searchable form of a name and, on SQLite, the name index (FTS5) that serves it.

A person's `name_folded` holds the words of the full name folded (no diacritics, lower case, đ -> d, only
letters and digits) with the given name first: "Nguyễn Văn Hùng" -> "hung nguyen van". The given name leads
because lists sort by it (collation.name_key): people whose given name starts with a typed word sit together
in the official order and can be read in that order (members.name_search). A given name that is not one
plain word of the alphabet cannot be found that way; its name starts with IRREGULAR instead, which no search
word ever matches, and all its words count as "the rest".

The FTS5 table indexes two columns, the given name and the rest, so that a search can ask for a word in either.
It is contentless (the words live in `members_person.name_folded`); new people are added here, set-based (a
trigger per inserted row costs about twenty times one INSERT ... SELECT per batch); changes and deletions are
kept in step by the triggers of migration 0008. PostgreSQL indexes `name_folded` with a GIN expression index,
maintained by the database itself.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models.expressions import RawSQL

from quanlyhoi.core.collation import plain_word
from quanlyhoi.core.text import fold

FTS_TABLE = "members_person_fts"
IRREGULAR = "~"
_WORD = re.compile(r"[a-z0-9]+")


def name_tokens(text: str) -> list[str]:
    """The folded words of a text; anything but letters and digits separates words, so no search syntax
    (quotes, operators, parentheses) ever reaches an index query."""
    return _WORD.findall(fold(text))


def search_name(given_name: str, full_name: str) -> str:
    """`name_folded` of a person: the folded words of the full name, the given name first (see above)."""
    words = name_tokens(full_name)
    given = fold(given_name)
    if plain_word(given_name) and given in words:
        at = len(words) - 1 - words[::-1].index(given)  # the given name is the last of its words
        return " ".join([given, *words[:at], *words[at + 1 :]])
    return " ".join([IRREGULAR, *words])


def _given_sql(column: str) -> str:
    return (
        f"CASE WHEN {column} LIKE '{IRREGULAR}%' THEN '' WHEN instr({column}, ' ') = 0 THEN {column} "
        f"ELSE substr({column}, 1, instr({column}, ' ') - 1) END"
    )


def _rest_sql(column: str) -> str:
    return (
        f"CASE WHEN {column} LIKE '{IRREGULAR}%' THEN substr({column}, 3) WHEN instr({column}, ' ') = 0 THEN '' "
        f"ELSE substr({column}, instr({column}, ' ') + 1) END"
    )


def fts_values(column: str) -> str:
    """The SQL of the two indexed columns (given, rest) of a row whose name_folded is `column`."""
    return f"{_given_sql(column)}, {_rest_sql(column)}"


def fts_ids(query: str, limit: int | None = None) -> RawSQL | list[int]:
    """People whose name matches an FTS5 query (the table's rowid is the person's id): a subquery, or the ids
    themselves when a limit is given."""
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608 - a constant table name
    if limit is None:
        return RawSQL(sql, (query,))  # noqa: S611 - the query text is a parameter
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s", [query, limit])
        return [row[0] for row in cursor.fetchall()]


def index_people(ids: list[int]) -> None:
    if connection.vendor != "sqlite" or not ids:
        return
    with connection.cursor() as cursor:
        for i in range(0, len(ids), 900):
            part = ids[i : i + 900]
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}(rowid, given, rest) SELECT id, {fts_values('name_folded')} "  # noqa: S608
                f"FROM members_person WHERE id IN ({', '.join(['%s'] * len(part))})",
                part,
            )


def index_range(first_id: int, last_id: int) -> None:
    """Index the people with ids in [first_id, last_id] (an import's batch: its ids are reserved contiguously)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, given, rest) SELECT id, {fts_values('name_folded')} "  # noqa: S608
            f"FROM members_person WHERE id BETWEEN %s AND %s",
            [first_id, last_id],
        )
