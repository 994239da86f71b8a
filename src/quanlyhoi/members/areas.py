"""Matching free-text addresses to administrative areas, for the member import (loaded once per import)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from quanlyhoi.core.text import fold, normalise

if TYPE_CHECKING:
    from quanlyhoi.geo.models import AdminArea

_PARTS = re.compile(r"\s*[,;]\s*|\s+-\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_PROVINCE_PREFIX = re.compile(r"(?:tinh|thanh pho|tp)(?:\s*\.\s*|\s+)")
_COMMUNE_PREFIX = re.compile(r"(?:xa|phuong|dac khu|thi tran)(?:\s*\.\s*|\s+)|(?:p|x|tt)\.\s*")
_COUNTRY = frozenset({"vietnam", "vn"})
# Common names that do not fold to a province's name (compact folded form -> compact folded name).
_PROVINCE_ALIASES = {
    "thuathienhue": "hue",
    "hcm": "hochiminh",
    "tphcm": "hochiminh",
    "saigon": "hochiminh",
    "brvt": "bariavungtau",
}
_AMBIGUOUS = object()


def _compact(folded: str) -> str:
    return _NOT_ALNUM.sub("", folded)


# Address parts repeat across rows (the same provinces and communes), and folding is the costly step.
@lru_cache(maxsize=1 << 16)
def _province_key(value: str) -> str:
    folded = fold(value)
    if m := _PROVINCE_PREFIX.match(folded):
        folded = folded[m.end() :]
    return _compact(folded)


@lru_cache(maxsize=1 << 16)
def _commune_keys(value: str) -> tuple[str, str, str, str]:
    """Most specific first: full name with diacritics, folded full name, then both without "xã", "phường"..."""
    lower = normalise(value).lower()
    folded = fold(lower)
    short_lower, short_folded = lower, folded
    # Folding keeps one letter per letter for Vietnamese, so the prefix found in the folded text has the same length
    # in the original; the length check guards against scripts where it would not.
    if (m := _COMMUNE_PREFIX.match(folded)) and len(folded) == len(lower):
        short_lower, short_folded = lower[m.end() :], folded[m.end() :]
    return _compact(lower), _compact(folded), _compact(short_lower), _compact(short_folded)


class AreaMatcher:
    """Current provinces (and pre-2025 provinces, through their successor) and each province's current communes."""

    def __init__(self, provinces: dict[str, AdminArea], communes: tuple[dict, dict, dict, dict]):
        self._provinces = provinces
        self._communes = communes  # per key tier: (province id, key) -> commune, or _AMBIGUOUS

    @classmethod
    def load(cls) -> AreaMatcher:
        from quanlyhoi.geo.models import AdminArea, AreaSuccession

        current = AdminArea.Generation.CURRENT
        areas = list(AdminArea.objects.filter(generation=current))
        by_id = {a.pk: a for a in areas}
        provinces: dict[str, AdminArea] = {}
        for a in areas:
            if a.level == AdminArea.Level.PROVINCE:
                provinces[_province_key(a.name)] = a
        # A current name wins over an old one folding to the same key (a new province kept an old one's name).
        successions = AreaSuccession.objects.filter(
            predecessor__generation=AdminArea.Generation.LEGACY,
            predecessor__level=AdminArea.Level.PROVINCE,
            successor__generation=current,
        ).select_related("predecessor")
        for link in successions.order_by("predecessor__code", "successor__code"):
            provinces.setdefault(_province_key(link.predecessor.name), by_id[link.successor_id])
        for alias, key in _PROVINCE_ALIASES.items():
            if key in provinces:
                provinces.setdefault(alias, provinces[key])

        communes: tuple[dict, dict, dict, dict] = ({}, {}, {}, {})
        for a in areas:
            if a.level != AdminArea.Level.COMMUNE:
                continue
            for index, key in zip(communes, _commune_keys(a.name), strict=True):
                slot = (a.parent_id, key)
                index[slot] = a if index.get(slot, a) is a else _AMBIGUOUS
        return cls(provinces, communes)

    def province(self, value: str) -> AdminArea | None:
        """The current province named (or, for an old province, succeeded) by the text."""
        return self._provinces.get(_province_key(value)) if value else None

    def commune(self, province: AdminArea, value: str) -> AdminArea | None:
        found = self._commune(province.pk, value)
        return None if found is _AMBIGUOUS else found

    def _commune(self, province_id: int, value: str):
        for index, key in zip(self._communes, _commune_keys(value), strict=True):
            if (found := index.get((province_id, key))) is not None:
                return found
        return None

    def match(self, address: str, *, province: str = "", commune: str = "") -> AdminArea | None:
        """The commune when found, else the province, else None (an unmatched address is not an error)."""
        parts = [p for p in _PARTS.split(normalise(address)) if p]
        while parts and _compact(fold(parts[-1])) in _COUNTRY:
            parts.pop()
        found, used = self.province(province), 0
        if found is None and parts:
            found, used = self.province(parts[-1]), 1
            # "Bà Rịa - Vũng Tàu" was split on its dash.
            if found is None and len(parts) > 1:
                found, used = self.province(f"{parts[-2]} {parts[-1]}"), 2
        if found is None:
            return None
        if commune and (hit := self.commune(found, commune)):
            return hit
        # Nearest the province first: old addresses put a district between commune and province.
        for part in reversed(parts[: len(parts) - used]):
            hit = self._commune(found.pk, part)
            if hit is _AMBIGUOUS:
                break
            if hit is not None:
                return hit
        return found
