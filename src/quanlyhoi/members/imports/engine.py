"""The member import: one streaming pass over the file that cleans, matches and (unless a dry run) writes.

A commit run writes inside one transaction: if any row is invalid and invalid rows are not to be skipped,
everything rolls back, and a run killed part way leaves nothing; either way the run can simply be repeated.
Matching is by CCCD, then member number, within the association; a row without either whose name and birth
match a member of the same unit (or an earlier row) is a possible duplicate, held back unless accepted."""

from __future__ import annotations

import contextlib
import csv
import datetime
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from quanlyhoi.core import audit
from quanlyhoi.core.dates import today
from quanlyhoi.core.paths import subtree_q
from quanlyhoi.core.text import fold
from quanlyhoi.members import search_index
from quanlyhoi.members.cleaning import AreaMatcher
from quanlyhoi.members.imports import files, reader, store
from quanlyhoi.members.imports.rows import COMPARED, PERSON_VALUES, Record, RowCleaner
from quanlyhoi.members.models import ImportJob, ImportRowError, MemberStatus, Person
from quanlyhoi.members.services._common import reserve_numbers, types_for
from quanlyhoi.orgs.models import Unit

CHUNK = 5000
# "duplicates" counts every possible duplicate; "held" those not written because they were not accepted.
COUNT_KEYS = ("rows", "new", "updated", "unchanged", "invalid", "duplicates", "held", "written")
# Progress is reported at least this often (seconds) while rows are read: it is also the run's heartbeat,
# by which a run killed part way is told from one still working (services.imports.is_stale).
HEARTBEAT = 0.5


@dataclass
class RunOptions:
    commit: bool = False
    skip_invalid: bool = False
    accept_duplicates: bool = False


class _Refused(Exception):
    """Raised at the end of an all-or-nothing run with invalid rows, to roll everything back."""


@dataclass(slots=True)
class _Existing:
    person_id: int
    membership_id: int
    unit_id: int
    member_number: str
    joined_on: datetime.date | None
    type_id: int
    erased: bool
    values: dict


class ImportRun:
    def __init__(self, job: ImportJob, *, actor, options: RunOptions, progress: Callable[[int, int], None] | None):
        self.job, self.actor, self.options, self.progress = job, actor, options, progress or (lambda done, total: None)
        self.counts: Counter = Counter({k: 0 for k in COUNT_KEYS})
        self.today = today()
        # An association with no members yet (a first import) has nothing to match: the rows this run writes
        # are matched by the file-level checks instead, so the lookups per batch are skipped.
        self.first_import = not Person.objects.filter(association_id=job.association_id).exists()
        self.writing = options.commit
        # Identity numbers seen in the file, as integers (a third of the memory of strings at a million rows);
        # the length is kept in the key, so 001234567 (CMND) and 000001234567 (CCCD) stay apart.
        self.seen_ids: dict[int, int] = {}
        self.seen_numbers: dict[str, int] = {}
        self.new_people: list[int] = []  # [first id, last id] of the people written (contiguous, see store)
        self.seen_people: dict[tuple, int] = {}
        units = Unit.objects.filter(subtree_q("path", job.unit.path), valid_to__isnull=True)
        self.units = {code.upper(): pk for pk, code in units.values_list("pk", "code")}
        self.unit_start = dict(units.values_list("pk", "valid_from"))
        self.types = {}
        for t in types_for(job.association):
            self.types.setdefault(fold(t.code), t.pk)
            self.types.setdefault(fold(t.name), t.pk)
        self.default_type = self.types["official"]
        self.error_file = files.errors_path(job)
        self._errors = None

    # -- errors ------------------------------------------------------------------------------------------
    def error(self, row: int, column: str, message: str, *, duplicate: bool = False) -> None:
        self._errors.writerow([row, column, message, int(duplicate)])

    def invalid(self, rec_row: int, problems: list[tuple[str, str]]) -> None:
        self.counts["invalid"] += 1
        for column, message in problems:
            self.error(rec_row, column, message)
        if not self.options.skip_invalid:
            self.writing = False  # the run will roll back: no point writing more

    # -- the pass ----------------------------------------------------------------------------------------
    def run(self) -> Counter:
        job = self.job
        path = files.stored_path(job)
        files.verify(job)
        total, rows = reader.open_rows(path, job.file_format)
        header_index = job.header_row - 1
        headers: list = []
        for index, cells in enumerate(rows):
            if index == header_index:
                headers = ["" if c is None else str(c) for c in cells]
                break
        cleaner = RowCleaner(mapping=job.mapping, headers=headers, matcher=AreaMatcher.load(), types=self.types,
                             units=self.units, default_unit_id=job.unit_id, today=self.today)  # fmt: skip
        with self.error_file.open("w", newline="", encoding="utf-8") as handle:
            self._errors = csv.writer(handle)
            block = transaction.atomic() if self.options.commit else contextlib.nullcontext()
            try:
                with block, store.bulk_session(self.options.commit):
                    self._pass(rows, cleaner, header_index, total)
                    if self.options.commit:
                        if self.counts["invalid"] and not self.options.skip_invalid:
                            raise _Refused
                        if self.new_people:
                            # One pass over the new names: per batch, the search index would merge its
                            # segments again and again.
                            search_index.index_range(*self.new_people)
                        self._audit()
            except _Refused:
                self.counts["written"] = 0
        return self.counts

    def _pass(self, rows, cleaner: RowCleaner, header_index: int, total: int) -> None:
        batch: list[Record] = []
        done = header_index + 1
        last_report = time.monotonic()
        for row_number, cells in enumerate(rows, start=header_index + 2):
            done = row_number
            if row_number % 1000 == 0 and time.monotonic() - last_report >= HEARTBEAT:
                self.progress(done, total)
                last_report = time.monotonic()
            if not any(c not in (None, "") and str(c).strip() for c in cells):
                continue
            self.counts["rows"] += 1
            rec, problems = cleaner.clean(row_number, cells)
            if problems:
                self.invalid(row_number, problems)
                continue
            if not self._unique_in_file(rec, cleaner):
                continue
            batch.append(rec)
            if len(batch) >= CHUNK:
                self._chunk(batch, cleaner)
                batch = []
                self.progress(done, total)
                last_report = time.monotonic()
        self._chunk(batch, cleaner)
        self.progress(max(done, total), max(done, total))

    def _unique_in_file(self, rec: Record, cleaner: RowCleaner) -> bool:
        id_number = rec.person.get("id_number")
        if id_number:
            first = self.seen_ids.setdefault(int(id_number) * 100 + len(id_number), rec.row)
            if first != rec.row:
                self.invalid(rec.row, [(cleaner.header("id_number"), f"Trùng số định danh với dòng {first}.")])
                return False
        if rec.member_number:
            first = self.seen_numbers.setdefault(rec.member_number, rec.row)
            if first != rec.row:
                self.invalid(rec.row, [(cleaner.header("member_number"), f"Trùng số thẻ với dòng {first}.")])
                return False
        return True

    # -- one chunk: match, classify, write ---------------------------------------------------------------
    def _chunk(self, batch: list[Record], cleaner: RowCleaner) -> None:
        if not batch:
            return
        if self.first_import:
            by_id, by_number, duplicates = {}, {}, set()
        else:
            by_id, by_number = self._existing(batch)
            duplicates = self._existing_people(batch)
        new: list[Record] = []
        changed: list[tuple[Record, _Existing, dict]] = []
        for rec in batch:
            id_number = rec.person.get("id_number")
            found_id = by_id.get(id_number) if id_number else None
            found_number = by_number.get(rec.member_number) if rec.member_number else None
            if found_id and found_number and found_id.membership_id != found_number.membership_id:
                self.invalid(rec.row, [(cleaner.header("member_number"),
                                        f"Số thẻ {rec.member_number} thuộc một hội viên khác với số định danh "
                                        f"{id_number}.")])  # fmt: skip
                continue
            found = found_id or found_number
            if found is None:
                if self._possible_duplicate(rec, duplicates, cleaner):
                    continue
                new.append(rec)
                continue
            problem = self._match_problem(rec, found, cleaner)
            if problem:
                self.invalid(rec.row, [problem])
                continue
            changes = {k: rec.person[k] for k in rec.given if k in COMPARED and found.values.get(k) != rec.person[k]}
            if rec.person.get("birth_date") is None and rec.person.get("birth_year") == found.values["birth_year"]:
                changes.pop("birth_date", None)  # a year alone confirms a full date of that year, never erases it
            member_changes = {}
            if rec.joined_on and rec.joined_on != found.joined_on:
                member_changes["joined_on"] = rec.joined_on
            if rec.type_id and rec.type_id != found.type_id:
                member_changes["type_id"] = rec.type_id
            if changes or member_changes:
                self.counts["updated"] += 1
                changed.append((rec, found, changes | {"_m": member_changes}))
            else:
                self.counts["unchanged"] += 1
        self.counts["new"] += len(new)
        if self.writing:
            self._write_new(new)
            self._write_changes(changed)

    def _match_problem(self, rec: Record, found: _Existing, cleaner: RowCleaner) -> tuple[str, str] | None:
        if found.erased:
            return cleaner.header("full_name"), "Dữ liệu cá nhân của hội viên này đã bị xoá theo yêu cầu."
        if found.unit_id not in self.unit_start:
            return cleaner.header("id_number"), "Hội viên này đang sinh hoạt ở đơn vị ngoài đơn vị nhận tệp."
        if rec.member_number and rec.member_number != found.member_number:
            return cleaner.header("member_number"), (
                f"Số thẻ trong tệp ({rec.member_number}) khác số thẻ đã có ({found.member_number})."
            )
        if "unit" in self.job.mapping and rec.unit_id != found.unit_id and rec.unit_id != self.job.unit_id:
            return cleaner.header("unit"), "Hội viên đang sinh hoạt ở đơn vị khác; hãy dùng chức năng chuyển sinh hoạt."
        return None

    def _possible_duplicate(self, rec: Record, duplicates: set, cleaner: RowCleaner) -> bool:
        if rec.person.get("id_number") or rec.member_number:
            return False
        key = (rec.unit_id, rec.person.get("name_folded"), rec.person.get("birth_year"))
        first = self.seen_people.setdefault(key, rec.row)
        in_db = key in duplicates
        if not in_db and first == rec.row:
            return False
        self.counts["duplicates"] += 1
        if not self.options.accept_duplicates:
            self.counts["held"] += 1
        where = "một hội viên đã có trong đơn vị" if in_db else f"dòng {first}"
        self.error(rec.row, cleaner.header("full_name"),
                   f"Có thể trùng với {where} (cùng họ tên và năm sinh, không có CCCD hay số thẻ).",
                   duplicate=True)  # fmt: skip
        return not self.options.accept_duplicates

    def _existing(self, batch: list[Record]) -> tuple[dict, dict]:
        ids = [r.person["id_number"] for r in batch if r.person.get("id_number")]
        numbers = [r.member_number for r in batch if r.member_number]
        by_id = {e.values["id_number"]: e for e in self._select("p.id_number", ids)}
        by_number = {e.member_number: e for e in self._select("m.member_number", numbers)}
        return by_id, by_number

    def _select(self, column: str, values: list) -> list[_Existing]:
        if not values:
            return []
        cols = ", ".join(f"p.{c}" for c in COMPARED)
        out = []
        with connection.cursor() as cursor:
            for i in range(0, len(values), 900):
                part = values[i : i + 900]
                cursor.execute(
                    f"SELECT p.id, m.id, m.unit_id, m.member_number, m.joined_on, m.type_id, p.erased_at, {cols} "  # noqa: S608
                    f"FROM {store.PERSON_TABLE} p JOIN {store.MEMBERSHIP_TABLE} m ON m.person_id = p.id "
                    f"WHERE p.association_id = %s AND {column} IN ({', '.join(['%s'] * len(part))})",
                    [self.job.association_id, *part],
                )
                for row in cursor.fetchall():
                    values_ = dict(zip(COMPARED, row[7:], strict=True))
                    if isinstance(values_["birth_date"], str):  # SQLite through the raw cursor
                        values_["birth_date"] = datetime.date.fromisoformat(values_["birth_date"])
                    joined = row[4]
                    if isinstance(joined, str):
                        joined = datetime.date.fromisoformat(joined)
                    out.append(_Existing(row[0], row[1], row[2], row[3], joined, row[5], row[6] is not None, values_))
        return out

    def _existing_people(self, batch: list[Record]) -> set:
        """(unit, folded name, birth year) of members of the batch's units sharing a name with a row that has
        neither CCCD nor member number."""
        bare = [r for r in batch if not r.person.get("id_number") and not r.member_number]
        if not bare:
            return set()
        names = sorted({r.person["name_folded"] for r in bare})
        units = sorted({r.unit_id for r in bare})
        found = set()
        with connection.cursor() as cursor:
            for i in range(0, len(names), 800):
                part = names[i : i + 800]
                cursor.execute(
                    f"SELECT m.unit_id, p.name_folded, p.birth_year FROM {store.PERSON_TABLE} p "  # noqa: S608
                    f"JOIN {store.MEMBERSHIP_TABLE} m ON m.person_id = p.id WHERE p.association_id = %s "
                    f"AND p.name_folded IN ({', '.join(['%s'] * len(part))}) "
                    f"AND m.unit_id IN ({', '.join(['%s'] * len(units))})",
                    [self.job.association_id, *part, *units],
                )
                found.update(tuple(row) for row in cursor.fetchall())
        return found

    def _write_new(self, new: list[Record]) -> None:
        if not new:
            return
        job = self.job
        person_ids = store.reserve_ids(store.PERSON_TABLE, len(new))
        membership_ids = store.reserve_ids(store.MEMBERSHIP_TABLE, len(new))
        numbers = iter(reserve_numbers(job.association, sum(1 for r in new if not r.member_number)))
        iso = connection.vendor == "sqlite"
        people, memberships, periods = [], [], []
        active = MemberStatus.ACTIVE.value
        for rec, pid, mid in zip(new, person_ids, membership_ids, strict=True):
            p = rec.person
            birth = p.get("birth_date")
            people.append((pid, job.association_id, p.get("family_name", ""), p.get("middle_name", ""),
                           p["given_name"], p["full_name"], p["name_folded"], p["sort_key"], p.get("sex", ""),
                           birth.isoformat() if iso and birth else birth, p.get("birth_year"), p.get("id_number"),
                           p.get("phone", ""), p.get("ethnicity", ""), p.get("religion", ""),
                           p.get("occupation", ""), p.get("address", ""), p.get("area_id"), p.get("notes", ""),
                           job.pk))  # fmt: skip
            start = max(rec.joined_on or self.today, self.unit_start[rec.unit_id])
            joined = rec.joined_on.isoformat() if iso and rec.joined_on else rec.joined_on
            start_v = start.isoformat() if iso else start
            memberships.append((mid, pid, job.association_id, rec.unit_id, rec.member_number or next(numbers),
                                rec.type_id or self.default_type, joined, active, start_v, "", p.get("sex", ""),
                                p.get("birth_year"), job.pk))  # fmt: skip
            periods.append((mid, job.association_id, rec.unit_id, active, start_v, None, "Nhập từ tệp", None, job.pk))
        store.insert(store.PERSON_TABLE, store.PERSON_COLUMNS, people)
        self.new_people = [self.new_people[0] if self.new_people else person_ids[0], person_ids[-1]]
        store.insert(store.MEMBERSHIP_TABLE, store.MEMBERSHIP_COLUMNS, memberships)
        store.insert(store.PERIOD_TABLE, store.PERIOD_COLUMNS, periods)
        self.counts["written"] += len(new)

    def _write_changes(self, changed: list[tuple[Record, _Existing, dict]]) -> None:
        groups: dict[tuple, list] = {}
        member_groups: dict[tuple, list] = {}
        for rec, found, changes in changed:
            member_changes = changes.pop("_m")
            if changes:
                cols = set(changes)
                if "full_name" in cols:
                    cols |= {"family_name", "middle_name", "given_name", "name_folded", "sort_key"}
                if "birth_date" in cols or "birth_year" in cols:
                    cols |= {"birth_date", "birth_year"}
                ordered = tuple(c for c in PERSON_VALUES if c in cols)
                groups.setdefault(ordered, []).append(
                    (*(rec.person.get(c) for c in ordered), self.job.pk, found.person_id)
                )
            for key in ("sex", "birth_year"):  # the membership's copies follow the person
                if key in changes:
                    member_changes[key] = changes[key]
            if member_changes:
                ordered = tuple(sorted(member_changes))
                member_groups.setdefault(ordered, []).append(
                    (*(member_changes[c] for c in ordered), self.job.pk, found.membership_id)
                )
            self.counts["written"] += 1
        for cols, rows in groups.items():
            store.update(store.PERSON_TABLE, (*cols, "import_job_id"), rows)
        for cols, rows in member_groups.items():
            store.update(store.MEMBERSHIP_TABLE, (*cols, "import_job_id"), rows)

    def _audit(self) -> None:
        job = self.job
        counts = {k: self.counts[k] for k in COUNT_KEYS}
        record = audit.record(
            actor=self.actor,
            action="member.import",
            obj=job,
            changes={"file_name": job.file_name, "checksum": job.checksum, "counts": counts,
                     "skip_invalid": self.options.skip_invalid, "accept_duplicates": self.options.accept_duplicates},
            message=f"Nhập {counts['written']} hội viên từ tệp {job.file_name}",
            association_id=job.association_id,
            unit_path=job.unit.path,
        )  # fmt: skip
        ImportJob.objects.filter(pk=job.pk).update(audit_record=record)
        job.audit_record = record


def run(job: ImportJob, *, actor, options: RunOptions, progress=None) -> Counter:
    """Run the import pass and store its row errors; the job's state is the caller's (services.imports)."""
    runner = ImportRun(job, actor=actor, options=options, progress=progress)
    counts = runner.run()
    _store_errors(job, runner.error_file)
    return counts


def _store_errors(job: ImportJob, path) -> None:
    with transaction.atomic():
        ImportRowError.objects.filter(job=job).delete()
        batch = []
        with path.open(encoding="utf-8", newline="") as handle:
            for row, column, message, duplicate in csv.reader(handle):
                batch.append(ImportRowError(job=job, row=int(row), column=column[:120], message=message[:500],
                                            is_duplicate=duplicate == "1"))  # fmt: skip
                if len(batch) >= 5000:
                    ImportRowError.objects.bulk_create(batch)
                    batch = []
        ImportRowError.objects.bulk_create(batch)
    job.finished_at = timezone.now()
