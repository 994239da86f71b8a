"""A member list as pages: a queryset, or, for a name search in the official order, the merge of the search's
parts (members.name_search), each read in that order up to the end of the page asked for.

It offers what the lists, the API and the CLI do with their rows: annotate, count, slice (and order_by() for a
paginator's count); counting and everything else use the one queryset of the whole answer.
"""

from __future__ import annotations

import heapq
import itertools

from django.db.models import QuerySet

# What each part hands over while merging: the official order's key (queries.ORDERINGS["name"]) and the row's id.
_KEY = ("person__sort_key", "person__name_folded", "person_id", "pk")


class Listing:
    ordered = True  # what Django's paginator asks before warning about an unordered list

    def __init__(self, rows: QuerySet, parts: list[QuerySet] | None = None, base: QuerySet | None = None):
        self.rows = rows  # every row of the answer, in its order
        self.parts = parts  # the same rows as disjoint parts, each in the official order
        self.base = base  # what the parts narrow (rows of a page are fetched from it by id)

    def annotate(self, **annotations) -> Listing:
        base = self.base.annotate(**annotations) if self.base is not None else None
        return Listing(self.rows.annotate(**annotations), self.parts, base)

    def order_by(self, *fields) -> QuerySet:
        return self.rows.order_by(*fields)

    def count(self) -> int:
        return self.rows.count()

    def __getitem__(self, key):
        if self.parts is None:
            return self.rows[key]
        if not isinstance(key, slice) or key.step is not None or (key.start or 0) < 0 or key.stop is None:
            raise TypeError("A listing is read by slices [start:stop].")
        # Only the keys while merging; the page's rows, with everything a list shows, in one query at the end.
        heads = [part.values_list(*_KEY)[: key.stop] for part in self.parts]
        ids = [row[-1] for row in itertools.islice(heapq.merge(*heads), key.start or 0, key.stop)]
        found = self.base.in_bulk(ids)
        return [found[pk] for pk in ids]
