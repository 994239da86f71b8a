"""Where an import's files live (DATA_DIR/imports/): the uploaded file, its row errors, its progress."""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from pathlib import Path

from django.conf import settings

from quanlyhoi.core.errors import DomainError


def imports_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_upload(chunks, file_name: str) -> tuple[str, str, int, bytes]:
    """Store the uploaded bytes under a random name: (stored name, sha256, size, first bytes)."""
    suffix = Path(file_name).suffix.lower()[:10]
    stored = f"{uuid.uuid4().hex}{suffix}"
    digest = hashlib.sha256()
    size = 0
    head = b""
    with (imports_dir() / stored).open("wb") as out:
        for chunk in chunks:
            if not head:
                head = chunk[:4096]  # the type is told by its first bytes (signature, NUL bytes)
            size += len(chunk)
            if size > settings.IMPORT_MAX_BYTES:
                out.close()
                (imports_dir() / stored).unlink(missing_ok=True)
                raise DomainError(
                    "file_too_large", f"Tệp lớn quá {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB.", status=413
                )
            digest.update(chunk)
            out.write(chunk)
    return stored, digest.hexdigest(), size, head


def stored_path(job) -> Path:
    return imports_dir() / job.stored_name


# Named after the stored file (a random name), not the job's id: an id can come back after a rolled-back insert,
# and test databases running side by side share one data directory.
def errors_path(job) -> Path:
    return imports_dir() / f"{job.stored_name}.errors.csv"


def verify(job) -> None:
    """The stored file is still the one uploaded (its checksum is in the job's audit record)."""
    digest = hashlib.sha256()
    try:
        with stored_path(job).open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except FileNotFoundError as exc:
        raise DomainError("file_missing", "Tệp đã tải lên không còn trên máy chủ; hãy tải lên lại.") from exc
    if digest.hexdigest() != job.checksum:
        raise DomainError("file_changed", "Tệp đã tải lên bị thay đổi trên máy chủ; hãy tải lên lại.")


# Progress lives beside the file, not in the database: the import's own transaction holds SQLite's write
# lock until it ends, so a progress row could not be written (or read by others) while it runs.
def progress_path(job) -> Path:
    return imports_dir() / f"{job.stored_name}.progress.json"


def write_progress(job, done: int, total: int, phase: str, **extra) -> None:
    path = progress_path(job)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"done": done, "total": total, "phase": phase, "at": time.time(), **extra}))
    os.replace(tmp, path)


def read_progress(job) -> dict:
    try:
        return json.loads(progress_path(job).read_text())
    except (FileNotFoundError, ValueError):
        return {}
