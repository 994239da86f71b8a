"""Load administrative areas from the packaged reference data (never typed by hand).

- `vietnam-provinces`: the 34 provinces and 3,321 communes in force since 1/7/2025 (QĐ 19/2025/QĐ-TTg codes).
- `vietnamadminunits`: the 63 provinces before 1/7/2025 and the 63 -> 34 mapping (NQ 202/2025/QH15).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from quanlyhoi.core.text import fold
from quanlyhoi.geo.models import REFORM_2025, AdminArea, AreaSuccession

REFORM_BASIS = "Nghị quyết 202/2025/QH15"
CURRENT, LEGACY = AdminArea.Generation.CURRENT, AdminArea.Generation.LEGACY
PROVINCE, COMMUNE = AdminArea.Level.PROVINCE, AdminArea.Level.COMMUNE


def _province_name(name: str, division_type: str) -> str:
    return name if name.startswith("Thành phố") else f"Tỉnh {name}"


def _legacy_provinces() -> list[dict]:
    from vietnamadminunits.database import query

    return query("SELECT DISTINCT province, provinceCode, provinceKey FROM admin_units_legacy ORDER BY provinceCode")


def _mapping() -> dict[str, list[str]]:
    """New province code -> old province codes."""
    import vietnamadminunits
    from vietnamadminunits.database import query

    new_codes = {
        r["provinceKey"]: r["provinceCode"] for r in query("SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
    }
    old_codes = {r["provinceKey"]: r["provinceCode"] for r in _legacy_provinces()}
    data = json.loads((Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json").read_text())
    return {new_codes[new]: sorted(old_codes[o] for o in olds) for new, olds in data["DICT_PROVINCE"].items()}


@transaction.atomic
def load_areas() -> dict[str, int]:
    """Create whatever areas and successions are missing; safe to run again."""
    from vietnam_provinces import Province, Ward

    have = set(AdminArea.objects.values_list("generation", "level", "code"))
    created = {"provinces": 0, "communes": 0, "legacy_provinces": 0, "successions": 0}

    new_rows = []
    for p in Province.iter_all():
        code = f"{int(p.code):02d}"
        if (CURRENT, PROVINCE, code) not in have:
            name = _province_name(p.name, p.division_type.value)
            new_rows.append(
                AdminArea(
                    generation=CURRENT,
                    level=PROVINCE,
                    code=code,
                    name=name,
                    name_folded=fold(name),
                    division_type=p.division_type.value,
                    valid_from=REFORM_2025,
                )
            )
    AdminArea.objects.bulk_create(new_rows)
    created["provinces"] = len(new_rows)
    provinces = {a.code: a for a in AdminArea.objects.filter(generation=CURRENT, level=PROVINCE)}

    communes = []
    for w in Ward.iter_all():
        code = f"{int(w.code):05d}"
        if (CURRENT, COMMUNE, code) not in have:
            communes.append(
                AdminArea(
                    generation=CURRENT,
                    level=COMMUNE,
                    code=code,
                    name=w.name,
                    name_folded=fold(w.name),
                    division_type=w.division_type.value,
                    parent=provinces[f"{int(w.province_code):02d}"],
                    valid_from=REFORM_2025,
                )
            )
    AdminArea.objects.bulk_create(communes, batch_size=1000)
    created["communes"] = len(communes)

    legacy = []
    for row in _legacy_provinces():
        if (LEGACY, PROVINCE, row["provinceCode"]) not in have:
            legacy.append(
                AdminArea(
                    generation=LEGACY,
                    level=PROVINCE,
                    code=row["provinceCode"],
                    name=row["province"],
                    name_folded=fold(row["province"]),
                    division_type="thành phố trung ương" if row["province"].startswith("Thành phố") else "tỉnh",
                    valid_to=REFORM_2025,
                )
            )
    AdminArea.objects.bulk_create(legacy)
    created["legacy_provinces"] = len(legacy)

    old = {a.code: a for a in AdminArea.objects.filter(generation=LEGACY, level=PROVINCE)}
    existing = set(AreaSuccession.objects.values_list("predecessor_id", "successor_id"))
    links = []
    for new_code, old_codes in _mapping().items():
        for old_code in old_codes:
            pair = (old[old_code].pk, provinces[new_code].pk)
            if pair not in existing:
                links.append(
                    AreaSuccession(
                        predecessor_id=pair[0],
                        successor_id=pair[1],
                        effective_date=REFORM_2025,
                        legal_basis=REFORM_BASIS,
                    )
                )
    AreaSuccession.objects.bulk_create(links)
    created["successions"] = len(links)
    return created


def successor_province(old: AdminArea) -> AdminArea | None:
    link = AreaSuccession.objects.filter(predecessor=old).select_related("successor").first()
    return link.successor if link else None
