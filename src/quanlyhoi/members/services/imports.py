"""Member imports as services: upload, adjust the mapping, run (dry run or for real) inline or as a job.

The web page and the API upload and then start a job that a worker runs; the CLI runs the same service
inline with a progress bar. A run never leaves partial rows (see members.imports.engine)."""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import BinaryIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from quanlyhoi.core import audit, context
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.permissions import require
from quanlyhoi.core.roles import Action
from quanlyhoi.members import cleaning
from quanlyhoi.members.imports import columns, engine, errorfile, files, reader, store
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
            raise DomainError("empty_file", "Tệp rỗng: không có dữ liệu nào để nhập.")
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


def _cell(value) -> str:
    return cleaning.text(value)


def _head(job: ImportJob, count: int) -> list[list]:
    path = files.stored_path(job)
    if not path.exists():
        raise DomainError("file_missing", "Tệp đã tải lên không còn trên máy chủ; hãy tải lên lại.")
    return reader.head_rows(path, job.file_format, count)


def job_headers(job: ImportJob) -> list[str]:
    rows = _head(job, job.header_row)
    return [_cell(c) for c in (rows[job.header_row - 1] if len(rows) >= job.header_row else [])]


def job_preview(job: ImportJob, count: int = 5) -> tuple[list[str], list[list[str]]]:
    """(header cells, the first `count` non-blank rows after the header) as text, for the mapping step."""
    first = job.header_row
    rows = _head(job, first + count + 20)
    headers = [_cell(c) for c in rows[first - 1]] if len(rows) >= first else []
    data = [[_cell(c) for c in row] for row in rows[first:] if any(_cell(c) for c in row)][:count]
    return headers, data


def import_set_mapping(
    *, actor, job: ImportJob, mapping: dict[str, int] | None, header_row: int | None = None
) -> ImportJob:
    """Adjust which column holds which field, and where the header row is. Without a mapping, the columns are
    detected again from the (new) header row."""
    require(actor, "change", job)
    _check_idle(job)
    if header_row is not None:
        if header_row < 1 or header_row > 100:
            raise DomainError("bad_header_row", "Dòng tiêu đề phải trong khoảng 1-100.", field="header_row")
        job.header_row = header_row
    headers = job_headers(job)
    if not headers:
        raise DomainError("bad_header_row", f"Tệp không có dòng {job.header_row}.", field="header_row")
    if mapping is None:
        mapping = columns.detect_mapping(headers)
    problems = columns.check_mapping(mapping, len(headers))
    if problems:
        raise DomainError("bad_mapping", " ".join(problems), field="mapping")
    job.mapping = mapping
    if job.state in (State.CHECKED, State.REFUSED, State.FAILED):
        job.state = State.UPLOADED  # the last check was of another mapping
    job.save(update_fields=["mapping", "header_row", "state"])
    return job


def is_stale(job: ImportJob) -> bool:
    """Queued or running, but nothing has moved for STALE_SECONDS: the process running it was killed (or no
    worker is running). Its transaction was never committed, so it left nothing behind and may be run again."""
    if job.state not in (State.QUEUED, State.RUNNING):
        return False
    progress = files.read_progress(job)
    if job.state == State.QUEUED and _task_waiting(progress.get("task")):
        return False  # waiting for the worker, perhaps behind a long run
    at = progress.get("at") or (job.started_at or job.created_at).timestamp()
    return time.time() - at > STALE_SECONDS


def _task_waiting(task_id: str | None) -> bool:
    from django_tasks.base import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    from quanlyhoi.members.tasks import run_import

    if not task_id:
        return False
    try:
        return run_import.get_result(task_id).status == TaskResultStatus.READY
    except (TaskResultDoesNotExist, NotImplementedError):  # gone, or a backend that keeps no results
        return False


INTERRUPTED = "Lần chạy bị dừng giữa chừng (tiến trình bị tắt); không có dòng nào được ghi. Hãy chạy lại."


def imports_recover() -> int:
    """Mark runs left "running" by a killed process as failed, so that their pages say so (the worker calls
    this when it starts). Runs still reporting progress, in this or another process, are left alone."""
    stale = [job for job in ImportJob.objects.filter(state__in=(State.QUEUED, State.RUNNING)) if is_stale(job)]
    for job in stale:
        _finish(job, State.FAILED, {}, INTERRUPTED)
    return len(stale)


def _check_idle(job: ImportJob) -> None:
    if job.state in (State.QUEUED, State.RUNNING) and not is_stale(job):
        raise DomainError("job_running", "Lần nhập này đang chạy; hãy chờ kết thúc.", status=409)


def import_start(
    *, actor, job: ImportJob, dry_run: bool, skip_invalid: bool = False, accept_duplicates: bool = False
) -> ImportJob:
    """Queue a run of the import for the worker (the web page and the API follow its progress)."""
    from quanlyhoi.members.tasks import run_import

    _prepare(actor, job, dry_run=dry_run, skip_invalid=skip_invalid, accept_duplicates=accept_duplicates)
    job.state, job.error = State.QUEUED, ""
    job.started_at = job.finished_at = None
    # The database backend stores the task in this transaction: the worker sees it only once the job is queued
    # and the progress file names the task. The immediate backend (tests, QUANLYHOI_JOBS_INLINE) runs it here.
    with transaction.atomic():
        job.save(update_fields=["state", "error", "started_at", "finished_at", "dry_run", "skip_invalid", "mapping"])
        files.write_progress(job, 0, 0, "queued")
        result = run_import.enqueue(job.pk, getattr(actor, "pk", None), accept_duplicates)
        job.refresh_from_db()
        if job.state == State.QUEUED:
            files.write_progress(job, 0, 0, "queued", task=str(result.id))
    return job


def _prepare(actor, job: ImportJob, *, dry_run: bool, skip_invalid: bool, accept_duplicates: bool) -> None:
    require(actor, "change", job)
    _check_idle(job)
    if job.state == State.DONE:  # its one audit record and every row it wrote point at it: it stays as it is
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
    if state == State.DONE and counts["written"]:
        store.refresh_statistics(counts["written"])
    return counts


def _finish(job: ImportJob, state: str, counts: dict, error: str) -> None:
    job.state, job.counts, job.error, job.finished_at = state, counts, error, timezone.now()
    job.rows_total = counts.get("rows", job.rows_total)
    job.save(update_fields=["state", "counts", "error", "finished_at", "rows_total"])


def run_queued(job_id: int, user_id: int | None, accept_duplicates: bool) -> None:
    """The worker's entry: the user who started the run is the actor, as if they ran it themselves, with the
    rights they hold now (a role withdrawn since the run was queued stops it)."""
    job = ImportJob.objects.select_related("unit", "association").get(pk=job_id)
    if job.state != State.QUEUED:
        return  # run already (a task delivered twice) or re-queued since
    if user_id:
        actor = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    else:
        from quanlyhoi.core.scoping import SystemOperator

        actor = SystemOperator("job")
    with context.acting("job"):
        try:
            if actor is None:
                raise DomainError("no_actor", "Người dùng đã bắt đầu lần nhập này không còn hoạt động.")
            require(actor, "change", job)
        except DomainError as exc:
            _finish(job, State.FAILED, {}, exc.message)
            raise
        execute(actor=actor, job=job, accept_duplicates=accept_duplicates)


# --- what a run found: personal data (the officer's rows), so it needs the personal-data right ---------------


def import_row_errors(*, actor, job: ImportJob):
    """The problems of the job's last run, row by row."""
    require(actor, Action.VIEW_PERSONAL, job)
    return job.row_errors.all()


def import_errors_file(
    *, actor, job: ImportJob, target: Path, only_invalid: bool = False, file_format: str = "xlsx"
) -> int:
    """Write the errors file (the uploaded file with a "Lỗi" column) to `target`; returns the number of rows
    with problems. An export of personal data, so audited."""
    require(actor, Action.VIEW_PERSONAL, job)
    if file_format not in errorfile.FORMATS:
        raise DomainError("bad_format", "Tệp lỗi chỉ có dạng xlsx hoặc csv.", field="format", status=422)
    flagged = errorfile.write_errors_file(job, target, only_invalid=only_invalid, file_format=file_format)
    audit.record(
        actor=actor,
        action="member.import_errors",
        obj=job,
        changes={"only_invalid": only_invalid, "format": file_format, "rows_with_problems": flagged},
        message=f"Tải tệp lỗi của lần nhập {job.file_name}",
        association_id=job.association_id,
        unit_path=job.unit.path,
    )
    return flagged


def import_errors_stream(*, actor, job: ImportJob, only_invalid: bool = False, file_format: str = "xlsx") -> BinaryIO:
    """The errors file as an open binary stream (for a download response); the file itself is already gone
    from the disk, so nothing is left behind however the download ends."""
    handle, name = tempfile.mkstemp(suffix=f".{file_format}", dir=files.imports_dir())
    os.close(handle)
    path = Path(name)
    try:
        import_errors_file(actor=actor, job=job, target=path, only_invalid=only_invalid, file_format=file_format)
        return path.open("rb")
    finally:
        path.unlink(missing_ok=True)
