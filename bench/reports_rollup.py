"""Benchmark: live roll-ups of a national half-year (29 associations, ~100,000 units, 40 indicators each,
~4 million values), against a naive recursive per-unit ORM aggregation measured in the same run.

Measures, on the configured database (SQLite by default, PostgreSQL with QUANLYHOI_DATABASE_URL):
- the roll-up of one whole association (reporting.rollup.rollup on its central unit);
- the roll-up of all 29 associations (the same, once per association);
- the roll-up of all 29 associations from nothing kept, and as a request sees it: each association's kept
  copy (RollupCache) checked against the stamp of its reports;
- approving one more report, then the next roll-up (no batch: the figure includes it at once), and the next
  national roll-up (that association computed again, the others from their copies);
- the consolidated report of the 29 associations as DOCX (from nothing kept, and as a request sees it), its
  tables as XLSX, and NCT's own report by its provinces;
- the baseline: for every unit of one association (then of all 29), its own values read through the ORM and
  its children's totals added recursively in Python.

The synthetic tree, reports and values are inserted set-based (executemany / bulk_create): a benchmark fixture,
not a path the system offers. Run:
    QUANLYHOI_DATA_DIR=$(mktemp -d) .venv/bin/python bench/reports_rollup.py [--communes 100] [--keep DIR]
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quanlyhoi.settings")
os.environ.setdefault("QUANLYHOI_DATA_DIR", tempfile.mkdtemp(prefix="qlh-bench-rollup-"))

PERIOD = "2025-H2"
EXTRA = 18  # indicators added to the built-in template's 22, for 40 per report


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    """Median wall time in milliseconds over `repeat` runs (after one warm-up), and the last result."""
    out = fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), out


def build(communes: int) -> dict:
    from django.db import connection

    from quanlyhoi.core.paths import child_path
    from quanlyhoi.orgs.models import Association, Unit, UnitLevel, UnitPeriod
    from quanlyhoi.reporting.models import Indicator, ReportTemplate, TemplateIndicator
    from quanlyhoi.reporting.services.periods import period_for

    template = ReportTemplate.objects.get(code="BC-HQC", is_current=True)
    for n in range(EXTRA):
        indicator = Indicator.objects.create(code=f"BENCH_{n:02d}", name=f"Chỉ tiêu thử {n}", aggregation="sum")
        TemplateIndicator.objects.create(template=template, indicator=indicator, position=100 + n)
    indicators = list(template.items.values_list("indicator_id", flat=True))
    period = period_for(PERIOD)
    start = datetime.date(2020, 1, 1)
    next_pk = (Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    units, unit_periods = [], []
    for association in Association.objects.order_by("sort_order"):
        levels = {lv.code: lv for lv in UnitLevel.objects.filter(association=association)}

        def add(code, name, level, parent, association=association, levels=levels):
            nonlocal next_pk
            path = child_path(parent.path if parent else None, next_pk)
            unit = Unit(pk=next_pk, association=association, level=levels[level], code=code, valid_from=start,
                        name=name, name_folded=name.lower(), parent=parent, path=path)  # fmt: skip
            next_pk += 1
            units.append(unit)
            unit_periods.append(UnitPeriod(unit=unit, valid_from=start, name=name, parent=parent, path=path))
            return unit

        root = add(association.code, association.name, "central", None)
        for p in range(1, 35):
            province = add(f"{association.code}.{p:02d}", f"Tỉnh {p}", "province", root)
            for c in range(communes):
                add(f"{province.code}.{c:05d}", f"Xã {c}", "commune", province)
    Unit.objects.bulk_create(units, batch_size=5000)
    UnitPeriod.objects.bulk_create(unit_periods, batch_size=5000)
    reports, values = [], []
    first_report = 1
    for i, unit in enumerate(units):
        pk = first_report + i
        reports.append((pk, unit.association_id, unit.pk, period.pk, template.pk, "BC-HQC", "approved", 1, "", "{}"))
        values.extend((pk, ind, "", (pk * 7 + ind) % 97) for ind in indicators)
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO reporting_submission (id, association_id, unit_id, period_id, template_id, template_code, "
            "state, version, return_reason, explanations, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, "
            "%s, CURRENT_TIMESTAMP)",
            reports,
        )
        for i in range(0, len(values), 200_000):
            cursor.executemany(
                "INSERT INTO reporting_submissionvalue (submission_id, indicator_id, key, number, text) "
                "VALUES (%s, %s, %s, %s, '')",
                values[i : i + 200_000],
            )
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
    return {"units": len(units), "values": len(values)}


def naive(unit, period) -> dict:
    """The baseline: each unit's own values through the ORM, children's totals added recursively."""
    from quanlyhoi.orgs.models import Unit
    from quanlyhoi.reporting.models import SubmissionValue

    totals: dict = {}
    for value in SubmissionValue.objects.filter(submission__unit=unit, submission__period=period):
        key = (value.indicator_id, value.key)
        totals[key] = totals.get(key, 0) + value.number
    for child in Unit.objects.filter(parent=unit):
        for key, n in naive(child, period).items():
            totals[key] = totals.get(key, 0) + n
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--communes", type=int, default=100, help="commune chapters per province")
    parser.add_argument("--keep", help="build the data in DIR once and measure it again on later runs")
    args = parser.parse_args()
    if args.keep:
        os.environ["QUANLYHOI_DATA_DIR"] = args.keep

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from quanlyhoi.core.scoping import SystemOperator
    from quanlyhoi.geo.reference import load_areas
    from quanlyhoi.orgs.models import Unit
    from quanlyhoi.orgs.reference import load_registry_reference
    from quanlyhoi.reporting.models import Indicator, RollupCache, Submission, SubmissionValue
    from quanlyhoi.reporting.rollup import by_association, rollup
    from quanlyhoi.reporting.services import submissions
    from quanlyhoi.reporting.services.documents import consolidated_report
    from quanlyhoi.reporting.services.periods import period_for

    call_command("migrate", verbosity=0)
    load_areas()
    load_registry_reference()
    if Unit.objects.exists() and not (args.keep and Indicator.objects.filter(code="BENCH_00").exists()):
        print("The data directory already holds units; use an empty QUANLYHOI_DATA_DIR.", file=sys.stderr)
        return 1
    if not Unit.objects.exists():
        t0 = time.perf_counter()
        built = build(args.communes)
        print(f"built {built['units']:,} units and {built['values']:,} values in {time.perf_counter() - t0:.1f} s")
    roots = {u.association.code: u for u in Unit.objects.filter(parent__isnull=True).select_related("association")}
    period = period_for(PERIOD)
    print(f"database: {connection.vendor}; {len(roots)} associations, {Unit.objects.count():,} units, "
          f"{SubmissionValue.objects.count():,} values")  # fmt: skip
    operator = SystemOperator("bench")
    nct = roots["NCT"]

    one, result = timed(lambda: rollup(operator, nct, period))
    print(f"roll-up of one association (NCT, {result.reports:,} reports): {one:,.0f} ms (target ≤ 2,000 ms)")

    every, _ = timed(lambda: [rollup(operator, root, period) for root in roots.values()], repeat=3)
    print(f"roll-up of all {len(roots)} associations, one by one: {every:,.0f} ms")

    def cold():
        RollupCache.objects.all().delete()
        return by_association(operator, period)

    national, table = timed(cold, repeat=3)
    assert {f.code: f.value for f in table[0].figures if not f.key} == {
        f.code: f.value for f in rollup(operator, table[0].unit, period).figures if not f.key
    }
    print(f"roll-up of all {len(table)} associations, nothing kept (by_association computing each): "
          f"{national:,.0f} ms")  # fmt: skip
    warm, _ = timed(lambda: by_association(operator, period), repeat=5)
    print(f"roll-up of all {len(table)} associations (reporting.rollup.by_association, each association's copy "
          f"checked against its reports' stamp): {warm:,.0f} ms (target ≤ 2,000 ms)")  # fmt: skip

    # One more report approved: the next roll-up has it, with nothing recomputed in between.
    report = Submission.objects.filter(unit__association__code="NCT", unit__level__code="commune").first()
    Submission.objects.filter(pk=report.pk).update(state="approved")
    total = {f.code: f.value for f in rollup(operator, nct, period).figures if not f.key}  # with it approved
    Submission.objects.filter(pk=report.pk).update(state="submitted")
    before = {f.code: f.value for f in rollup(operator, nct, period).figures if not f.key}
    by_association(operator, period)  # every association kept
    start = time.perf_counter()
    submissions.approve(actor=operator, submission=report)
    after = {f.code: f.value for f in rollup(operator, nct, period).figures if not f.key}
    live = (time.perf_counter() - start) * 1000
    assert after["TT_BUOI"] > before["TT_BUOI"] and after == total
    print(f"approve one report, then the next roll-up of NCT: {live:,.0f} ms (the figure moves from "
          f"{before['TT_BUOI']:,.0f} to {after['TT_BUOI']:,.0f})")  # fmt: skip
    other = Submission.objects.filter(unit__association__code="NCT", unit__level__code="commune").exclude(pk=report.pk)
    other = other.first()
    Submission.objects.filter(pk=other.pk).update(state="submitted")  # a fixture step, as above
    by_association(operator, period)  # every association kept
    start = time.perf_counter()
    submissions.approve(actor=operator, submission=other)
    national_after = {r.association.code: r for r in by_association(operator, period)}
    again = (time.perf_counter() - start) * 1000
    nct_total = {f.code: f.value for f in national_after["NCT"].figures if not f.key}
    assert nct_total == {f.code: f.value for f in rollup(operator, nct, period).figures if not f.key}
    print(f"approve another report, then the next national roll-up: {again:,.0f} ms (NCT computed again, the other "
          f"{len(national_after) - 1} associations from their copies)")  # fmt: skip

    docx_cold, made = timed(lambda: (RollupCache.objects.all().delete(), consolidated_report(
        actor=operator, period=period))[1], repeat=3)  # fmt: skip
    print(f"consolidated DOCX for {len(table)} associations, nothing kept: {docx_cold:,.0f} ms "
          f"({len(made.data):,} bytes; target ≤ 5,000 ms)")  # fmt: skip
    docx_warm, made = timed(lambda: consolidated_report(actor=operator, period=period), repeat=3)
    print(f"consolidated DOCX for {len(table)} associations: {docx_warm:,.0f} ms (target ≤ 5,000 ms)")
    xlsx_warm, _ = timed(lambda: consolidated_report(actor=operator, period=period, fmt="xlsx"), repeat=3)
    print(f"the same tables as XLSX: {xlsx_warm:,.0f} ms")
    nct_doc, _ = timed(lambda: consolidated_report(actor=operator, period=period, unit=nct), repeat=3)
    print(f"consolidated DOCX of NCT by its {Unit.objects.filter(parent=nct).count()} provinces: {nct_doc:,.0f} ms")

    start = time.perf_counter()
    baseline = naive(nct, period)
    slow = (time.perf_counter() - start) * 1000
    tt_buoi = next(f for f in rollup(operator, nct, period).figures if f.code == "TT_BUOI")  # as it is now
    assert (
        baseline[(Submission.objects.get(pk=report.pk).values.get(indicator__code="TT_BUOI").indicator_id, "")]
        == tt_buoi.value
    )
    print(f"baseline, recursive per-unit ORM aggregation of NCT: {slow:,.0f} ms ({slow / one:,.0f}× the roll-up)")
    start = time.perf_counter()
    for root in roots.values():
        naive(root, period)
    country = (time.perf_counter() - start) * 1000
    print(f"baseline, the same for all {len(roots)} associations: {country:,.0f} ms ({country / national:,.0f}× "
          f"by_association with nothing kept, {country / warm:,.0f}× as a request sees it)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
