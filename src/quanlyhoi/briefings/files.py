"""Files attached to briefings and to progress updates, kept under DATA_DIR/briefings/ by their checksum (the
same file uploaded twice is stored once)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings

from quanlyhoi.core.errors import DomainError, NotFound

MAX_FILE = 20 * 1024 * 1024
CONTENT_TYPE = "application/octet-stream"


def _folder() -> Path:
    return Path(settings.DATA_DIR) / "briefings"


def clean_name(name: str) -> str:
    """The file's own name, without any folder, and never empty."""
    base = Path((name or "").replace("\\", "/")).name.strip().strip(".")
    return base[:200] or "tep"


def check(files: list[tuple[str, bytes]]) -> None:
    """Refuse empty or oversized files before anything is written."""
    for name, data in files:
        if not data:
            raise DomainError("empty_file", f"Tệp {name} rỗng.", status=422, field="files")
        if len(data) > MAX_FILE:
            raise DomainError("too_big", f"Tệp {name} lớn hơn 20 MB.", status=422, field="files")


def keep(data: bytes) -> str:
    """Store the bytes; returns their sha256."""
    digest = hashlib.sha256(data).hexdigest()
    path = _folder() / digest[:2] / digest
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return digest


def read(sha256: str, name: str) -> bytes:
    path = _folder() / sha256[:2] / sha256
    if not path.exists():
        raise NotFound(f"Không còn tệp {name}.")
    return path.read_bytes()
