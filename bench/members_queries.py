"""Benchmark: finding and counting members at 1,000,000, each against a naive baseline in the same run.

- name search: 200 varied queries (full names, family + given, given names, prefixes, no diacritics, CCCD and
  phone numbers), each returning the first page in the Vietnamese official order, as the list does
  (members.filters.filtered(...).listing()[:50]); p50/p95 against the naive way (load every name, fold and match
  in Python, sort in Python) on a few queries;
- subtree statistics for the whole association (members.stats.member_stats) against an ORM loop that counts in
  Python;
- the member list page, filtered, in Vietnamese order (GET /members/?unit=...&sex=F&status=active through the
  Django test client, server time) against fetching the filtered rows and sorting them in Python.

The database is built with the real import (bench/import_members.py's fresh demo tree + a generated CSV).
Run: .venv/bin/python bench/members_queries.py [--rows 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()


def ms(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return (time.perf_counter() - start) * 1000, out


def build(data_dir: Path, rows: int) -> None:
    bench = HERE.parent / "import_members.py"
    csv_path = data_dir.parent / f"{data_dir.name}.csv"
    run = [sys.executable, str(bench), "--child"]
    subprocess.run(
        [*run, "template", str(data_dir), str(csv_path), str(rows), "-", "0"], check=True, capture_output=True
    )
    subprocess.run([*run, "import", str(data_dir), str(csv_path)], check=True, capture_output=True)
    csv_path.unlink()


def queries(rng: random.Random, people: list[tuple[str, str, str]]) -> list[str]:
    """200 searches as officers type them: full names, parts, prefixes, without diacritics, numbers."""
    from quanlyhoi.core.text import fold

    out = []
    for _ in range(200):
        full, id_number, phone = rng.choice(people)
        words = full.split()
        kind = rng.randrange(8)
        if kind == 0:
            out.append(full)
        elif kind == 1:
            out.append(fold(full))
        elif kind == 2:
            out.append(f"{words[0]} {words[-1]}")
        elif kind == 3:
            out.append(fold(words[-1]))
        elif kind == 4:
            out.append(fold(full)[: max(3, len(full) - 2)])
        elif kind == 5:
            out.append(" ".join(fold(w) for w in words[1:]))
        elif kind == 6 and id_number:
            out.append(id_number)
        else:
            out.append(phone or words[-1])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", help="build the database in DIR once and reuse it on later runs")
    args = parser.parse_args()
    data_dir = Path(args.keep or tempfile.mkdtemp(prefix="qlh-bench-q-")) / "db"
    if not (data_dir / "quanlyhoi.sqlite3").exists():
        print(f"Building {args.rows:,} members in {data_dir} (real import) …", flush=True)
        build(data_dir, args.rows)
    os.environ["DJANGO_SETTINGS_MODULE"] = "quanlyhoi.settings"
    os.environ["QUANLYHOI_DATA_DIR"] = str(data_dir)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from quanlyhoi.core.collation import name_key
    from quanlyhoi.core.dates import today
    from quanlyhoi.core.text import fold
    from quanlyhoi.members.filters import filtered
    from quanlyhoi.members.models import Membership, Person
    from quanlyhoi.members.queries import member_rows
    from quanlyhoi.members.stats import member_stats
    from quanlyhoi.orgs.models import Association

    # No ANALYZE here: the import refreshes the planner's statistics itself (members.imports.store).
    actor = get_user_model().objects.get(username="hoi_nct")
    total = Membership.objects.count()
    print(f"{total:,} members; SQLite {connection.Database.sqlite_version}")
    rng = random.Random(5)  # noqa: S311 - benchmark sample
    top = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    picked = rng.sample(range(1, top + 1), min(top, 3000))  # the same people on every run over the same data
    sample = list(Person.objects.filter(pk__in=picked).order_by("pk").values_list("full_name", "id_number", "phone"))
    texts = queries(rng, sample)

    # --- name search ------------------------------------------------------------------------------------
    timings = []
    for text in texts:
        elapsed, page = ms(lambda text=text: filtered(actor, {"q": text}).listing()[:50])
        timings.append(elapsed)
    p50, p95 = statistics.median(timings), statistics.quantiles(timings, n=20)[18]
    slowest = sorted(zip(timings, texts, strict=True), reverse=True)[:10]

    def naive_search(text: str) -> list:
        words = fold(text).split()
        hits = []
        for row in Person.objects.values_list("id", "full_name", "given_name", "middle_name", "family_name"):
            name_words = fold(row[1]).split()
            if all(w in name_words for w in words[:-1]) and any(n.startswith(words[-1]) for n in name_words):
                hits.append(row)
        hits.sort(key=lambda r: name_key(r[2], r[3], r[4]))
        return hits[:50]

    naive = [ms(lambda t=t: naive_search(t))[0] for t in texts[:3]]
    print(f"name search, 200 queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target ≤ 50 ms); naive Python scan "
          f"{statistics.median(naive):,.0f} ms per query ({statistics.median(naive) / p95:,.0f}× the p95)")  # fmt: skip
    print("  slowest: " + ", ".join(f"{text!r} {elapsed:.0f} ms" for elapsed, text in slowest))

    # --- statistics -------------------------------------------------------------------------------------
    association = Association.objects.get(code="NCT")
    day = today()
    stat_runs = [ms(lambda: member_stats(actor=actor, association=association, as_of=day))[0] for _ in range(5)]

    def naive_stats() -> dict:
        counts: dict = {}
        for m in Membership.objects.filter(association=association).select_related("person"):
            key = (m.status, m.person.sex)
            counts[key] = counts.get(key, 0) + 1
        return counts

    naive_ms = ms(naive_stats)[0]
    best = statistics.median(stat_runs)
    print(f"statistics, whole association as of today: {best:.0f} ms (target ≤ 300 ms); ORM loop counting in "
          f"Python {naive_ms:,.0f} ms ({naive_ms / best:.0f}×)")  # fmt: skip

    # --- the list page ----------------------------------------------------------------------------------
    client = Client(HTTP_HOST="localhost")
    client.force_login(actor)
    url = "/members/?unit=NCT.01&sex=F&status=active"
    client.get(url)
    page_runs = []
    for _ in range(7):
        elapsed, response = ms(lambda: client.get(url))
        assert response.status_code == 200
        page_runs.append(elapsed)

    def naive_list() -> list:
        rows = list(member_rows(actor).filter(unit__code__startswith="NCT.01", person__sex="F", status="active")
                    .order_by())  # fmt: skip
        rows.sort(key=lambda m: name_key(m.person.given_name, m.person.middle_name, m.person.family_name))
        return rows[:50]

    naive_ms = ms(naive_list)[0]
    best = statistics.median(page_runs)
    print(f"member list page (NCT.01, women, active, official order): {best:.0f} ms server time (target ≤ 200 ms); "
          f"fetch and sort in Python {naive_ms:,.0f} ms ({naive_ms / best:.0f}×)")  # fmt: skip


if __name__ == "__main__":
    main()
