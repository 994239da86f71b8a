"""Member reads: search by name, identity number, phone or member number; age bands; the scoped list query.

Name search uses the name index (members.search_index): the FTS5 table on SQLite, the GIN index over
`to_tsvector('simple', name_folded)` on PostgreSQL. Every word typed must match a whole word of the name, the
last one as a prefix, without diacritics or case ("nguyen van a" finds "Nguyễn Văn A" and "Nguyễn Văn An").
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Case, CharField, Exists, F, Func, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import Col, Expression
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core import cccd
from quanlyhoi.core.dates import today
from quanlyhoi.core.scoping import SYSTEM, scopes_for
from quanlyhoi.core.sql import listed
from quanlyhoi.members import cleaning, name_search
from quanlyhoi.members.models import Membership, Person, WelfareNeed
from quanlyhoi.members.search_index import fts_ids, name_tokens
from quanlyhoi.orgs.models import Association


@dataclass(frozen=True)
class AgeBand:
    code: str
    label: str
    low: int | None  # youngest age in the band
    high: int | None  # oldest age in the band


# The age bands of lists and statistics, youngest first. Ages come from the year of birth alone (elderly
# members are often recorded with a year only), so a band is a range of birth years.
AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("under60", _("Under 60"), None, 59),
    AgeBand("60-69", _("60–69"), 60, 69),
    AgeBand("70-79", _("70–79"), 70, 79),
    AgeBand("80-89", _("80–89"), 80, 89),
    AgeBand("90+", _("90 and over"), 90, None),
)
AGE_BAND_CODES = {band.code: band for band in AGE_BANDS}


def age_band_q(code: str, *, on: datetime.date | None = None, field: str = "person__birth_year") -> Q:
    """Rows whose age (year of `on` minus year of birth) falls in the band."""
    band = AGE_BAND_CODES[code]
    year = (on or today()).year
    q = Q(**{f"{field}__isnull": False})
    if band.low is not None:
        q &= Q(**{f"{field}__lte": year - band.low})
    if band.high is not None:
        q &= Q(**{f"{field}__gte": year - band.high})
    return q


def age_band_case(*, on: datetime.date | None = None, field: str = "person__birth_year") -> Case:
    """The band code of each row (NULL when the year of birth is unknown), for grouping in statistics."""
    whens = [When(age_band_q(b.code, on=on, field=field), then=Value(b.code)) for b in AGE_BANDS]
    return Case(*whens, default=Value(None), output_field=CharField())


# --- search -------------------------------------------------------------------------------------------------------

_NUMBER_SEPARATORS = re.compile(r"[\s.\-]+")


def _fts5_query(tokens: list[str]) -> str:
    """'"nguyen" "van" "a"*': every word as a phrase (all must match), the last one as a prefix."""
    return " ".join(f'"{t}"' for t in tokens) + "*"


def _tsquery(tokens: list[str]) -> str:
    """'nguyen & van & a:*' for to_tsquery('simple', ...)."""
    return " & ".join(tokens) + ":*"


class _NameMatches(Func):
    """`to_tsvector('simple', name_folded) @@ to_tsquery('simple', query)`, written exactly as the GIN index
    of migration 0002 so that PostgreSQL uses it."""

    template = "to_tsvector('simple', %(expressions)s) @@ to_tsquery('simple', %%s)"
    output_field = BooleanField()

    def __init__(self, field: str, query: str):
        super().__init__(F(field))
        self.query = query

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, (*params, self.query)


def name_match_q(text: str, *, person_field: str = "person") -> Q | None:
    """Rows whose person's name matches every word of `text` (the last as a prefix); None when `text` has no
    word at all. The matching people are found through the index first, then their rows by id."""
    tokens = name_tokens(text)
    if not tokens:
        return None
    if connection.vendor == "postgresql":
        ids = Person.objects.filter(_NameMatches("name_folded", _tsquery(tokens))).values("pk")
    else:  # SQLite, the only other supported database
        ids = fts_ids(_fts5_query(tokens))
    return Q(**{f"{person_field}_id__in": ids})


# Exact matches are looked up through their indexes first (person by association and identity number or by
# phone, membership by association and member number), then joined by id: one OR across the joined tables
# would make the database test every member in scope instead.


def _member_number_q(numbers: set[str], association_ids: list[int]) -> Q:
    ids = Membership.objects.filter(association_id__in=association_ids, member_number__in=numbers).values("pk")
    return Q(pk__in=ids)


def _number_q(digits: str, association_ids: list[int]) -> Q:
    """Exact matches of a digits-only text: identity number (lost leading zeros restored), phone, member
    number."""
    id_numbers = {digits}
    try:
        restored = cccd.normalise(digits)
    except cccd.CccdError:
        restored = None
    if restored:
        id_numbers.add(restored)
    try:
        phone = cleaning.phone(digits)
    except cleaning.CleanError:
        phone = digits
    people = Person.objects.filter(association_id__in=association_ids, id_number__in=id_numbers).values("pk")
    phones = Person.objects.filter(phone=phone, association_id__in=association_ids).values("pk")
    found = Membership.objects.filter(
        Q(person_id__in=people) | Q(person_id__in=phones) | _member_number_q({digits}, association_ids)
    )
    # The few memberships found, by id: with the conditions themselves, the database would rather read every
    # member in the official order and test each (the order of a page comes from the person index for free).
    return listed("pk", list(found.values_list("pk", flat=True)))


def search_q(text: str, association_ids) -> Q | None:
    """The condition for one search box text within the given associations: numbers match exactly, other text
    searches names (and, as typed, member numbers such as "NCT-BD-001"). None when there is nothing to search
    for."""
    raw = (text or "").strip()
    if not raw:
        return None
    association_ids = list(association_ids)
    compact = _NUMBER_SEPARATORS.sub("", raw).removeprefix("+")
    if compact.isdigit():
        return _number_q(compact, association_ids)
    numbers = _member_number_q({raw, raw.upper()}, association_ids)
    names = name_match_q(raw)
    return numbers if names is None else numbers | names


def search_parts(rows: QuerySet, text: str, association_ids) -> list | None:
    """search_q over `rows` as disjoint parts in the official order (members.name_search, then the member
    numbers typed that are not also names); None when the plain search serves."""
    association_ids = list(association_ids)
    parts = name_search.parts(rows, text, association_ids)
    if parts is not None:
        raw = text.strip()
        numbers = _member_number_q({raw, raw.upper()}, association_ids)
        parts.append(rows.filter(numbers).exclude(name_match_q(raw)))
    return parts


def search_memberships(queryset: QuerySet, text: str, actor) -> QuerySet:
    """`queryset` (of Membership) narrowed to a search text within the associations `actor` may see;
    unchanged for a blank text."""
    visible = Association.objects.restrict(actor, "view").values_list("pk", flat=True)
    q = search_q(text, visible)
    return queryset if q is None else queryset.filter(q)


# --- the list -----------------------------------------------------------------------------------------------------


def same_association_q(association_ids) -> Q:
    """The person's association, which is always the membership's: a condition that removes no row but lets
    the database walk the person index (association, sort_key) in order and stop after one page, instead of
    sorting every member in scope (a million rows take about a second to sort; the walk, milliseconds)."""
    ids = sorted(set(association_ids))
    return Q(person__association_id=ids[0]) if len(ids) == 1 else Q(person__association_id__in=ids)


def member_rows(actor, action: str = "view") -> QuerySet:
    """Every membership `actor` may see, with what a list row shows, in the Vietnamese official order."""
    rows = Membership.objects.restrict(actor, action)
    scopes = scopes_for(actor, action)
    if scopes and not any(s.kind == SYSTEM for s in scopes):
        rows = rows.filter(same_association_q(s.association_id for s in scopes))
    return rows.select_related("person", "person__area", "unit", "type").order_by(*ORDERINGS["name"])


def open_need_q(kind_code: str, *, on: datetime.date | None = None) -> Q:
    """Memberships whose person has a welfare need of that kind open on `on` (today by default)."""
    day = on or today()
    needs = WelfareNeed.objects.filter(person_id=OuterRef("person_id"), kind__code=kind_code, since__lte=day).filter(
        Q(until__isnull=True) | Q(until__gt=day)
    )
    return Q(Exists(needs))


class _PersonId(Expression):
    """`members_person.id` itself: Django writes `members_membership.person_id` for "person__id", which holds
    the same value but is not the last column of the person index, so the database would sort again."""

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        sort_key = F("person__sort_key").resolve_expression(query, allow_joins, reuse, summarize, for_save)
        return Col(sort_key.alias, Person._meta.pk)


# Orderings offered by lists: the official order (given, middle, family name) by default, in the order of the
# person index (association, sort_key, name_folded, id), so that a page is read from it with no sort.
ORDERINGS = {
    "name": ("person__sort_key", "person__name_folded", _PersonId()),
    "number": ("member_number", "id"),
    "joined": ("joined_on", "person__sort_key", "person_id"),
    "-joined": ("-joined_on", "person__sort_key", "person_id"),
}
