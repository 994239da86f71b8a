"""Benchmark: the member import against the physical limit and the peer baseline, in one run.

A deterministic realistic CSV (members.demo.generate_rows: Vietnamese names by frequency, CCCD consistent with
birth and sex, addresses, year-only births) is imported through the real path (services.imports.import_upload +
import_run, commit) into a fresh SQLite database holding the demo tree. In the same run, on copies of the same
fresh database:
  (a) the physical limit: plain sqlite3.executemany of the same rows (already cleaned) into the same tables and
      indexes, and the name search index filled with one INSERT ... SELECT;
  (b) the peer baseline: one Django ORM save() per row (person, membership, period) on a 20,000-row sample.
Each measurement runs in its own process, so its peak memory (max RSS) is its own. Sizes 100k, 300k and 1M show
whether the cost is linear; an XLSX of 200,000 rows is imported too.

Run: .venv/bin/python bench/import_members.py [--rows 1000000] [--xlsx-rows 200000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()


def _setup_django(data_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "quanlyhoi.settings"
    os.environ["QUANLYHOI_DATA_DIR"] = data_dir
    import django

    django.setup()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------------------------------------
# Children: each prints one JSON line.


def child_template(data_dir: str, csv_path: str, rows: int, xlsx_path: str, xlsx_rows: int) -> dict:
    """Build the fresh database (demo tree, no members) and the input files."""
    _setup_django(data_dir)
    from django.core.management import call_command

    from quanlyhoi.demo import load_demo
    from quanlyhoi.members import demo

    call_command("migrate", interactive=False, verbosity=0)
    load_demo(members=False)
    units = demo.member_units("NCT")
    demo.write_csv(Path(csv_path), demo.generate_rows(rows, units=units, elderly=True, seed=7))
    if xlsx_rows:
        import xlsxwriter

        book = xlsxwriter.Workbook(xlsx_path, {"constant_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, demo.HEADERS)
        for i, row in enumerate(demo.generate_rows(xlsx_rows, units=units, elderly=True, seed=11), start=1):
            sheet.write_row(i, 0, row)
        book.close()
    return {"units": len(units)}


def child_import(data_dir: str, path: str, dry_run: str = "") -> dict:
    _setup_django(data_dir)
    from quanlyhoi.core.scoping import SystemOperator
    from quanlyhoi.members.services.imports import import_run, import_upload
    from quanlyhoi.orgs.models import Unit

    actor = SystemOperator("bench")
    root = Unit.objects.get(code="NCT")
    start = time.perf_counter()
    with open(path, "rb") as handle:
        job = import_upload(actor=actor, unit=root, file_name=Path(path).name,
                            chunks=iter(lambda: handle.read(1 << 20), b""))  # fmt: skip
    counts = import_run(actor=actor, job=job, dry_run=bool(dry_run), skip_invalid=True)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "counts": dict(counts), "peak_mb": _peak_mb()}


def _clean_rows(path: str, limit: int | None = None) -> tuple[list, list, list]:
    """The rows cleaned once, outside any timing, as the tuples the tables take (for the baselines)."""
    import csv

    from quanlyhoi.core.collation import name_key
    from quanlyhoi.core.text import fold
    from quanlyhoi.members import cleaning
    from quanlyhoi.orgs.models import Unit

    units = dict(Unit.objects.values_list("code", "pk"))
    starts = dict(Unit.objects.values_list("pk", "valid_from"))
    people, memberships, periods = [], [], []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for i, row in enumerate(reader, start=1):
            if limit and i > limit:
                break
            full, family, middle, given = cleaning.name(row[0])
            birth, year = cleaning.birth(row[1])
            unit_id = units[row[9]]
            joined = cleaning.date(row[8], label="x")
            start = max(joined, starts[unit_id])
            people.append((i, 1, family, middle, given, full, fold(full), name_key(given, middle, family),
                           cleaning.sex(row[2]), birth.isoformat() if birth else None, year, row[3] or None,
                           row[4], row[6], "", row[7], row[5], None, "", None))  # fmt: skip
            memberships.append((i, i, 1, unit_id, f"B{i:09d}", 1, joined.isoformat(), "active", start.isoformat(),
                                "", people[-1][8], year, None))  # fmt: skip
            periods.append((i, 1, unit_id, "active", start.isoformat(), None, "", None, None))
    return people, memberships, periods


def child_read(path: str) -> dict:
    """Reading alone: every cell of the XLSX through python-calamine."""
    from quanlyhoi.members.imports import reader

    start = time.perf_counter()
    count = sum(1 for _ in reader.open_rows(Path(path), "xlsx")[1])
    return {"seconds": time.perf_counter() - start, "rows": count - 1, "peak_mb": _peak_mb()}


def child_raw(data_dir: str, path: str, cache: str = "") -> dict:
    """(a) plain executemany of the same, already cleaned rows into the same tables and indexes (with `cache`,
    under the page cache the import sets for itself)."""
    _setup_django(data_dir)
    from django.db import connection

    from quanlyhoi.members import search_index
    from quanlyhoi.members.imports import store
    from quanlyhoi.members.models import MembershipType
    from quanlyhoi.orgs.models import Association

    association_id = Association.objects.get(code="NCT").pk
    type_id = MembershipType.objects.get(code="official", association__isnull=True).pk
    people, memberships, periods = _clean_rows(path)
    people = [(p[0], association_id, *p[2:]) for p in people]
    memberships = [(m[0], m[1], association_id, m[3], m[4], type_id, *m[6:]) for m in memberships]
    periods = [(p[0], association_id, *p[2:]) for p in periods]
    connection.ensure_connection()
    raw = connection.connection
    if cache:
        raw.execute(f"PRAGMA cache_size = -{store.IMPORT_CACHE_KIB}")
    start = time.perf_counter()
    raw.execute("BEGIN")
    for table, columns, rows in ((store.PERSON_TABLE, store.PERSON_COLUMNS, people),
                                 (store.MEMBERSHIP_TABLE, store.MEMBERSHIP_COLUMNS, memberships),
                                 (store.PERIOD_TABLE, store.PERIOD_COLUMNS, periods)):  # fmt: skip
        marks = ", ".join("?" * len(columns))
        raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)  # noqa: S608
    # The name search index, filled the way the import fills it (one INSERT ... SELECT per batch).
    raw.execute(
        f"INSERT INTO {search_index.FTS_TABLE}(rowid, given, rest) "  # noqa: S608 - constant names
        f"SELECT id, {search_index.fts_values('name_folded')} FROM {store.PERSON_TABLE}"
    )
    raw.commit()
    return {"seconds": time.perf_counter() - start, "rows": len(people), "peak_mb": _peak_mb()}


def child_orm(data_dir: str, path: str, sample: int) -> dict:
    """(b) the peer baseline: one ORM save() per row, in one transaction."""
    _setup_django(data_dir)
    from django.db import transaction

    from quanlyhoi.members.models import Membership, MembershipPeriod, MembershipType, Person
    from quanlyhoi.orgs.models import Association

    association = Association.objects.get(code="NCT")
    official = MembershipType.objects.get(code="official", association__isnull=True)
    people, memberships, periods = _clean_rows(path, limit=sample)
    fields = (
        "family_name",
        "middle_name",
        "given_name",
        "full_name",
        "name_folded",
        "sort_key",
        "sex",
        "birth_date",
        "birth_year",
        "id_number",
        "phone",
        "ethnicity",
        "religion",
        "occupation",
        "address",
        "area_id",
        "notes",
    )
    start = time.perf_counter()
    with transaction.atomic():
        for p, m, r in zip(people, memberships, periods, strict=True):
            person = Person(association=association, **dict(zip(fields, p[2:19], strict=True)))
            person.save()
            membership = Membership(person=person, association=association, unit_id=m[3], member_number=m[4],
                                    type=official, joined_on=m[6], status="active", status_since=m[8],
                                    sex=m[10], birth_year=m[11])  # fmt: skip
            membership.save()
            MembershipPeriod(membership=membership, association=association, unit_id=r[2], status="active",
                             valid_from=r[4]).save()  # fmt: skip
    return {"seconds": time.perf_counter() - start, "rows": len(people), "peak_mb": _peak_mb()}


# ---------------------------------------------------------------------------------------------------------
# The parent: runs each measurement in its own process on a copy of the fresh database.


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, str(HERE), "--child", *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_copy(template: Path, work: Path, name: str) -> str:
    target = work / name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(template, target)
    return str(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=200_000)
    parser.add_argument("--orm-sample", type=int, default=20_000)
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = {"template": lambda: child_template(rest[0], rest[1], int(rest[2]), rest[3], int(rest[4])),
                  "import": lambda: child_import(*rest), "raw": lambda: child_raw(*rest),
                  "read": lambda: child_read(rest[0]),
                  "orm": lambda: child_orm(rest[0], rest[1], int(rest[2]))}[kind]()  # fmt: skip
        print(json.dumps(result))
        return

    work = Path(tempfile.mkdtemp(prefix="qlh-bench-import-"))
    template = work / "template"
    csv_path, xlsx_path = work / "members.csv", work / "members.xlsx"
    print(f"Building a fresh database and a {args.rows:,}-row CSV in {work} …", flush=True)
    run_child("template", str(template), str(csv_path), str(args.rows), str(xlsx_path), str(args.xlsx_rows))
    sizes = [n for n in (100_000, 300_000) if n < args.rows] + [args.rows]
    results = {}
    for n in sizes:
        part = work / f"members-{n}.csv"
        with open(csv_path, encoding="utf-8") as src, open(part, "w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i > n:
                    break
                dst.write(line)
        results[n] = run_child("import", fresh_copy(template, work, "db"), str(part))
        seconds, peak = results[n]["seconds"], results[n]["peak_mb"]
        print(f"  import {n:>9,} rows: {seconds:7.1f} s  {n / seconds:>9,.0f} rows/s  peak {peak:6.0f} MB  "
              f"{seconds / n * 1e6:5.1f} µs/row", flush=True)  # fmt: skip
    raw = run_child("raw", fresh_copy(template, work, "db"), str(csv_path))
    raw_cached = run_child("raw", fresh_copy(template, work, "db"), str(csv_path), "cache")
    orm = run_child("orm", fresh_copy(template, work, "db"), str(csv_path), str(args.orm_sample))
    ours = results[args.rows]
    ours_rate, raw_rate = args.rows / ours["seconds"], raw["rows"] / raw["seconds"]
    orm_rate = orm["rows"] / orm["seconds"]
    print()
    cached_rate = raw_cached["rows"] / raw_cached["seconds"]
    print(f"(a) physical limit, executemany: {raw_rate:>10,.0f} rows/s ({raw['seconds']:.1f} s for {raw['rows']:,})")
    print(f"    same, with the import's page cache: {cached_rate:,.0f} rows/s ({raw_cached['seconds']:.1f} s)")
    print(f"(b) ORM save() per row:          {orm_rate:>10,.0f} rows/s ({orm['seconds']:.1f} s for {orm['rows']:,})")
    print(f"import, {args.rows:,} rows:        {ours_rate:>10,.0f} rows/s ({ours['seconds']:.1f} s)")
    print(f"  = {ours_rate / raw_rate:.0%} of the physical limit (target ≥ 50%; {ours_rate / cached_rate:.0%} of it "
          f"under the same page cache), {ours_rate / orm_rate:.1f}× the ORM baseline; peak memory "
          f"{ours['peak_mb']:.0f} MB (target ≤ 500 MB)")  # fmt: skip
    per_row = [results[n]["seconds"] / n * 1e6 for n in sizes]
    print(f"  linearity: {' / '.join(f'{p:.1f}' for p in per_row)} µs per row at {' / '.join(f'{n:,}' for n in sizes)}")
    if args.xlsx_rows:
        n = args.xlsx_rows
        read = run_child("read", str(xlsx_path))
        check = run_child("import", fresh_copy(template, work, "db"), str(xlsx_path), "dry-run")
        xlsx = run_child("import", fresh_copy(template, work, "db"), str(xlsx_path))
        print(f"XLSX, {n:,} rows (target ≥ 50,000 rows/s): read {n / read['seconds']:,.0f} rows/s "
              f"({read['seconds']:.1f} s); read and check (dry run) {n / check['seconds']:,.0f} rows/s "
              f"({check['seconds']:.1f} s); import {n / xlsx['seconds']:,.0f} rows/s ({xlsx['seconds']:.1f} s), "
              f"peak {xlsx['peak_mb']:.0f} MB")  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
