"""Benchmark: "this subtree" and "the tree as of a date" at national scale (~100,000 units).

Measures, on the configured database (SQLite by default, PostgreSQL with QUANLYHOI_DATABASE_URL):
- the subtree of one province chapter as of a date, as the code does it (a range on the digits-only
  materialised path, core.paths.subtree_q), against the baseline DESIGN.md rules out (path LIKE 'prefix%',
  Django's startswith), in the same run on the same data;
- one level of the tree browser (orgs.queries.tree_rows with max_depth=1) and a province officer's scoped
  count (Unit.objects.restrict).

The synthetic tree is inserted with bulk_create (a benchmark fixture, not a path the system offers).
Run: QUANLYHOI_DATA_DIR=/tmp/qlh-bench .venv/bin/python bench/tree_queries.py [--communes 98] [--branches 30]
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quanlyhoi.settings")
os.environ.setdefault("QUANLYHOI_DATA_DIR", tempfile.mkdtemp(prefix="qlh-bench-"))


def timed(fn, repeat: int = 7) -> float:
    """Median wall time in milliseconds over `repeat` runs (after one warm-up)."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def build(communes: int, branches: int) -> dict:
    from quanlyhoi.core.paths import child_path
    from quanlyhoi.core.text import fold
    from quanlyhoi.geo.models import AdminArea
    from quanlyhoi.orgs.models import Association, Unit, UnitLevel, UnitPeriod

    association = Association.objects.get(code="NCT")
    levels = {lv.code: lv for lv in UnitLevel.objects.filter(association=association)}
    start = datetime.date(2025, 7, 1)
    provinces = list(AdminArea.objects.filter(generation="2025", level="province").order_by("code"))
    next_pk = (Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    units, periods = [], []

    def add(code, name, level, parent, area=None):
        nonlocal next_pk
        pk = next_pk
        next_pk += 1
        path = child_path(parent.path if parent else None, pk)
        unit = Unit(
            pk=pk,
            association=association,
            level=levels[level],
            code=code,
            valid_from=start,
            name=name,
            name_folded=fold(name),
            parent=parent,
            area=area,
            path=path,
        )
        units.append(unit)
        periods.append(UnitPeriod(unit=unit, valid_from=start, name=name, parent=parent, path=path, area=area))
        return unit

    root = add("NCT", "Trung ương Hội Người cao tuổi Việt Nam", "central", None)
    for province in provinces:
        p = add(f"NCT.{province.code}", f"Hội NCT {province.name}", "province", root, province)
        for c in range(communes):
            commune = add(f"{p.code}.{c:05d}", f"Hội NCT xã số {c}", "commune", p)
            for b in range(branches):
                add(f"{commune.code}.{b:03d}", f"Chi hội {b}", "branch", commune)
    Unit.objects.bulk_create(units, batch_size=2000)
    UnitPeriod.objects.bulk_create(periods, batch_size=2000)
    return {"units": len(units), "province": units[1]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--communes", type=int, default=98, help="commune chapters per province")
    parser.add_argument("--branches", type=int, default=30, help="branches per commune chapter")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from quanlyhoi.accounts.models import RoleAssignment
    from quanlyhoi.core.paths import subtree_q
    from quanlyhoi.core.scoping import SystemOperator
    from quanlyhoi.geo.reference import load_areas
    from quanlyhoi.orgs import queries
    from quanlyhoi.orgs.models import Unit, UnitPeriod
    from quanlyhoi.orgs.reference import load_registry_reference

    call_command("migrate", verbosity=0)
    load_areas()
    load_registry_reference()
    if Unit.objects.filter(code="NCT").exists():
        print("The data directory already holds NCT units; use an empty QUANLYHOI_DATA_DIR.", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    built = build(args.communes, args.branches)
    print(f"database: {connection.vendor}; units: {built['units']:,} (built in {time.perf_counter() - t0:.1f} s)")

    province = built["province"]
    day = datetime.date(2026, 1, 1)
    as_of = UnitPeriod.objects.as_of(day)
    expected = as_of.filter(subtree_q("path", province.path)).count()
    assert expected == as_of.filter(path__startswith=province.path).count()

    rng = timed(lambda: as_of.filter(subtree_q("path", province.path)).count())
    like = timed(lambda: as_of.filter(path__startswith=province.path).count())
    print(f"subtree of {province.code} as of {day:%d/%m/%Y} ({expected:,} units):")
    print(f"  range on path (the code):     {rng:8.2f} ms")
    print(f"  LIKE 'prefix%' (baseline):    {like:8.2f} ms   ratio baseline/range = {like / rng:.1f}x")

    operator = SystemOperator("bench")
    level = timed(lambda: queries.tree_rows(operator, province, day, max_depth=1))
    print(f"tree browser, one level under {province.code}: {level:8.2f} ms")

    user = get_user_model().objects.create_user(username="bench_officer")
    RoleAssignment.objects.create(user=user, role="unit_officer", unit=province)
    scoped = timed(lambda: Unit.objects.restrict(get_user_model().objects.get(pk=user.pk), "view").count())
    print(f"province officer's scoped unit count: {scoped:8.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
