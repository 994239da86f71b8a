"""Member imports as services: upload, adjust the mapping, run (dry run or for real) inline or as a job.

The web page and the API upload and then start a job that a worker runs; the CLI runs the same service
inline with a progress bar. A run never leaves partial rows (see members.imports.engine)."""

from __future__ import annotations

import time
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from quanlyhoi.core import context
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.permissions import require
from quanlyhoi.members.imports import columns, engine, files, reader
from quanlyhoi.members.models import ImportJob
from quanlyhoi.orgs.models import Unit

State = ImportJob.State
# A job still "running" whose progress has not moved for this long was killed; it may be run again.
STALE_SECONDS = 120


def import_upload(*, actor, unit: Unit, file_name: str, chunks) -> ImportJob:
    """Store an uploaded file and detect its header row and columns (the officer may adjust them next)."""
    require(actor, "change", unit)
    if unit.valid_to is not None:
        raise DomainError("unit_not_valid", f"Đơn vị {unit.code} đã chấm dứt hoạt động.")
    stored, checksum, size, head = files.save_upload(chunks, file_name)
    try:
        if size == 0:
            raise DomainError("empty_file", "Tệp rỗng.")
        file_format = reader.guess_format(file_name, head)
        path = files.imports_dir() / stored
        header_index, mapping = columns.find_header(reader.head_rows(path, file_format))
        if header_index < 0:
            raise DomainError(
                "no_header",
                "Không tìm thấy dòng tiêu đề có cột 'Họ và tên' trong 15 dòng đầu của tệp; hãy dùng tệp mẫu.",
            )
    except DomainError:
        (files.imports_dir() / stored).unlink(missing_ok=True)
        raise
    return ImportJob.objects.create(
        association_id=unit.association_id,
        unit=unit,
        file_name=file_name[:255],
        stored_name=stored,
        checksum=checksum,
        file_format=file_format,
        mapping=mapping,
        header_row=header_index + 1,
        created_by=actor if getattr(actor, "pk", None) else None,
        created_by_name=getattr(actor, "username", str(actor)),
    )


def job_headers(job: ImportJob) -> list[str]:
    rows = reader.head_rows(files.stored_path(job), job.file_format, job.header_row)
    return ["" if c is None else str(c) for c in (rows[job.header_row - 1] if len(rows) >= job.header_row else [])]


def import_set_mapping(*, actor, job: ImportJob, mapping: dict[str, int], header_row: int | None = None) -> ImportJob:
    """Adjust which column holds which field (and where the header row is)."""
    require(actor, "change", job)
    _check_idle(job)
    if header_row is not None:
        if header_row < 1 or header_row > 100:
            raise DomainError("bad_header_row", "Dòng tiêu đề phải trong khoảng 1-100.", field="header_row")
        job.header_row = header_row
    problems = columns.check_mapping(mapping, len(job_headers(job)))
    if problems:
        raise DomainError("bad_mapping", " ".join(problems), field="mapping")
    job.mapping = mapping
    job.save(update_fields=["mapping", "header_row"])
    return job


def is_stale(job: ImportJob) -> bool:
    if job.state not in (State.QUEUED, State.RUNNING):
        return False
    at = files.read_progress(job).get("at") or (job.started_at or job.created_at).timestamp()
    return time.time() - at > STALE_SECONDS


def _check_idle(job: ImportJob) -> None:
    if job.state in (State.QUEUED, State.RUNNING) and not is_stale(job):
        raise DomainError("job_running", "Lần nhập này đang chạy; hãy chờ kết thúc.", status=409)


def import_start(
    *, actor, job: ImportJob, dry_run: bool, skip_invalid: bool = False, accept_duplicates: bool = False
) -> ImportJob:
    """Queue a run of the import for the worker (the web page and the API follow its progress)."""
    from quanlyhoi.members.tasks import run_import

    _prepare(actor, job, dry_run=dry_run, skip_invalid=skip_invalid, accept_duplicates=accept_duplicates)
    job.state = State.QUEUED
    job.save(update_fields=["state", "dry_run", "skip_invalid", "mapping"])
    user_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: run_import.enqueue(job.pk, user_id, accept_duplicates))
    return job


def _prepare(actor, job: ImportJob, *, dry_run: bool, skip_invalid: bool, accept_duplicates: bool) -> None:
    require(actor, "change", job)
    _check_idle(job)
    if job.state == State.DONE and not dry_run:
        raise DomainError(
            "already_imported", "Tệp này đã được nhập; hãy tải lên lại nếu muốn nhập lần nữa.", status=409
        )
    problems = columns.check_mapping(job.mapping, len(job_headers(job)))
    if problems:
        raise DomainError("bad_mapping", " ".join(problems), field="mapping")
    job.dry_run, job.skip_invalid = dry_run, skip_invalid


def import_run(
    *, actor, job: ImportJob, dry_run: bool, skip_invalid: bool = False, accept_duplicates: bool = False,
    progress=None,
) -> Counter:  # fmt: skip
    """Run the import now, in this process (the CLI; the worker through members.tasks)."""
    _prepare(actor, job, dry_run=dry_run, skip_invalid=skip_invalid, accept_duplicates=accept_duplicates)
    return execute(actor=actor, job=job, accept_duplicates=accept_duplicates, progress=progress)


def execute(*, actor, job: ImportJob, accept_duplicates: bool, progress=None) -> Counter:
    job.state, job.started_at, job.finished_at, job.error = State.RUNNING, timezone.now(), None, ""
    job.save(update_fields=["state", "started_at", "finished_at", "error", "dry_run", "skip_invalid", "mapping"])
    phase = "check" if job.dry_run else "import"

    def report(done: int, total: int) -> None:
        files.write_progress(job, done, total, phase)
        if progress:
            progress(done, total)

    report(0, 0)
    options = engine.RunOptions(commit=not job.dry_run, skip_invalid=job.skip_invalid,
                                accept_duplicates=accept_duplicates)  # fmt: skip
    try:
        with context.acting("import" if not job.dry_run else context.current().source):
            counts = engine.run(job, actor=actor, options=options, progress=report)
    except DomainError as exc:
        _finish(job, State.FAILED, {}, exc.message)
        raise
    except Exception as exc:
        _finish(job, State.FAILED, {}, f"Lỗi không mong đợi: {exc.__class__.__name__}")
        raise
    if counts["invalid"] and not job.skip_invalid and not job.dry_run:
        state = State.REFUSED
    else:
        state = State.CHECKED if job.dry_run else State.DONE
    _finish(job, state, dict(counts), "")
    return counts


def _finish(job: ImportJob, state: str, counts: dict, error: str) -> None:
    job.state, job.counts, job.error, job.finished_at = state, counts or job.counts, error, timezone.now()
    job.rows_total = counts.get("rows", job.rows_total)
    job.save(update_fields=["state", "counts", "error", "finished_at", "rows_total"])


def run_queued(job_id: int, user_id: int | None, accept_duplicates: bool) -> None:
    """The worker's entry: the job's own user is the actor, as if they ran it themselves."""
    job = ImportJob.objects.select_related("unit", "association").get(pk=job_id)
    actor = get_user_model().objects.get(pk=user_id) if user_id else None
    if actor is None:
        from quanlyhoi.core.scoping import SystemOperator

        actor = SystemOperator("job")
    with context.acting("job"):
        execute(actor=actor, job=job, accept_duplicates=accept_duplicates)
