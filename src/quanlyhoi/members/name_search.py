"""A name search in the official order, page by page, on SQLite: the answer as disjoint parts that the database
hands over each in that order, cheaply, merged by members.listing.

The official order sorts by given name, so the people whose given name starts with the last typed word sit
together in it: one range of sort keys per spelling of the word (collation.prefix_ranges: "duc" is Đức or
Dục...), read in order along the person index, which holds the searchable name too, so that the other words
are checked without reading rows. The rest of the answer (the word is in a family or middle name: "Hùng" as a
middle name when searching "hung") is one more part: few people as a rule, found through the name index and
sorted; or many (a common family or middle name: "le thi th"), spread evenly through the order, and then read
in it from its start.

Sorting a few thousand found people costs less than reading far along the order; the whole answer of a common
given name ("hung": tens of thousands of people) costs far more to sort than to read in order. PostgreSQL
sorts what its GIN index finds (members.queries.name_match_q).
"""

from __future__ import annotations

import itertools

from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.db.models.lookups import Contains

from quanlyhoi.core.collation import prefix_ranges
from quanlyhoi.core.sql import listed
from quanlyhoi.members.search_index import fts_ids, name_tokens

# Up to this many people in the rest part are found through the name index and sorted; more are read in order.
SORTED_AT_MOST = 1000


def _whole_words_q(words: list[str]) -> Q:
    folded = Concat(Value(" "), F("person__name_folded"), Value(" "))
    return Q(*(Contains(folded, f" {word} ") for word in words))


def _spellings_present(ranges: list[tuple[str, str]], association_ids: list[int]) -> list[tuple[str, str]]:
    """The ranges of sort keys that hold someone in those associations (one index probe each): of the spellings
    of a folded word (d/đ, u/ư ...), few exist as names."""
    if not ranges or not association_ids:
        return []
    values = ", ".join(["(%s, %s)"] * len(ranges))
    sql = (
        f"SELECT v.column1, v.column2 FROM (VALUES {values}) AS v WHERE EXISTS (SELECT 1 FROM members_person p "  # noqa: S608
        f"WHERE p.association_id IN ({', '.join(['%s'] * len(association_ids))}) "
        "AND p.sort_key >= v.column1 AND p.sort_key < v.column2)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*itertools.chain.from_iterable(ranges), *association_ids])
        return sorted(cursor.fetchall())


def _given_is(word: str) -> Q:
    """The searchable name's first word (the given name) is `word`."""
    return Q(person__name_folded=word) | Q(person__name_folded__startswith=f"{word} ")


def parts(rows: QuerySet, text: str, association_ids: list[int]) -> list[QuerySet] | None:
    """The name search of `rows` (within those associations) as disjoint parts in the official order, for
    members.listing; None when the plain search serves (PostgreSQL, no word, a last word with other than
    letters).

    The parts, by what the given name is: one starting with the last word (a range per spelling); another word
    typed ("quang minh" finds Nguyễn Minh Quang too: a range per spelling of "quang", with "minh" among the
    other names); neither (the rest)."""
    if connection.vendor != "sqlite":
        return None
    tokens = name_tokens(text)
    ranges = prefix_ranges(tokens[-1]) if tokens else None
    if ranges is None:
        return None
    last, others = tokens[-1], tokens[:-1]
    whole = _whole_words_q(others)
    found = [
        rows.filter(whole, person__sort_key__gte=low, person__sort_key__lt=high, person__name_folded__startswith=last)
        for low, high in _spellings_present(ranges, association_ids)
    ]
    # The last word starts a word after the given name (those whose given name starts with it are above).
    in_rest = rows.filter(whole, Contains(Concat(Value(" "), F("person__name_folded")), f" {last}")).exclude(
        person__name_folded__startswith=last
    )
    given_as = []  # other words that are someone's given name
    for word in dict.fromkeys(others):
        spellings = (
            [] if word.startswith(last) else _spellings_present(prefix_ranges(word, whole=True) or [], association_ids)
        )
        if spellings:
            given_as.append(word)
            found += [
                in_rest.filter(_given_is(word), person__sort_key__gte=low, person__sort_key__lt=high)
                for low, high in spellings
            ]
    for word in given_as:
        in_rest = in_rest.exclude(_given_is(word))
    # Those are left out of the index's count too (the database reads their words' lists only then).
    query = " AND ".join([*(f'"{word}"' for word in others), f'rest : "{last}"*'])
    query += "".join(f' NOT given : "{word}"' for word in given_as)
    ids = fts_ids(query, SORTED_AT_MOST + 1)
    found.append(in_rest.filter(listed("person_id", ids)) if len(ids) <= SORTED_AT_MOST else in_rest)
    return found
