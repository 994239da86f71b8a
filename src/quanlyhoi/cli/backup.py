"""backup FILE, restore FILE: the whole database, for SQLite (online backup API) and PostgreSQL (pg_dump -Fc).

Both are audited (action "backup" / "restore"). A backup is written to a temporary file next to FILE and
renamed only once complete and verified, so a failed backup never leaves a half file under the final name.
The restore record is written after restoring, so it survives in the restored database."""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from quanlyhoi.cli.common import add_json, command, emit_json, say
from quanlyhoi.core.errors import DomainError

BACKUP_DESCRIPTION = """Sao lưu toàn bộ cơ sở dữ liệu ra FILE.

SQLite (mặc định): sao lưu trực tuyến bằng backup API của SQLite, máy chủ web vẫn chạy được; tệp kết quả là một
  tệp SQLite độc lập (chế độ journal DELETE), đã kiểm tra PRAGMA integrity_check.
PostgreSQL (khi đặt QUANLYHOI_DATABASE_URL): chạy pg_dump -Fc với thông số kết nối trong URL (cần gói
  postgresql-client cùng phiên bản chính với máy chủ); khôi phục bằng 'quanlyhoi restore'.
FILE là một thư mục có sẵn thì tên tệp tự đặt theo thời điểm, ví dụ quanlyhoi-20260115-0830.sqlite3."""

RESTORE_DESCRIPTION = """Khôi phục toàn bộ cơ sở dữ liệu từ FILE (thay thế dữ liệu hiện tại).

SQLite: kiểm tra FILE trước (mở được, PRAGMA integrity_check = ok, có bảng django_migrations và core_auditrecord,
  không mới hơn phiên bản phần mềm), chép vào cơ sở dữ liệu đang dùng bằng backup API rồi kiểm tra lại.
  Nên dừng máy chủ web trong lúc khôi phục.
PostgreSQL: kiểm tra FILE bằng pg_restore --list, rồi pg_restore --clean --if-exists --no-owner
  --single-transaction vào cơ sở dữ liệu đang cấu hình (lỗi giữa chừng thì không thay đổi gì).
Không chạy trong terminal thì phải có --yes."""


def register(groups, common) -> None:
    p = command(
        groups,
        "backup",
        backup,
        help="sao lưu cơ sở dữ liệu ra tệp",
        description=BACKUP_DESCRIPTION,
        parents=[common],
        operator_only=True,
    )
    p.add_argument("file", metavar="FILE", help="tệp sao lưu (hoặc thư mục có sẵn)")
    p.add_argument("--force", action="store_true", help="ghi đè FILE nếu đã có")
    add_json(p)
    p = command(
        groups,
        "restore",
        restore,
        help="khôi phục cơ sở dữ liệu từ tệp sao lưu",
        description=RESTORE_DESCRIPTION,
        parents=[common],
        operator_only=True,
    )
    p.add_argument("file", metavar="FILE", help="tệp sao lưu")
    p.add_argument("--yes", action="store_true", help="không hỏi xác nhận")
    add_json(p)


def _db():
    from django.db import connection

    return connection


def _is_sqlite() -> bool:
    return _db().vendor == "sqlite"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _target(file: str, *, force: bool) -> Path:
    path = Path(file).expanduser()
    if path.is_dir():
        suffix = ".sqlite3" if _is_sqlite() else ".dump"
        path = path / f"quanlyhoi-{datetime.datetime.now():%Y%m%d-%H%M%S}{suffix}"
    path = path.resolve()
    if not path.parent.is_dir():
        raise DomainError("no_directory", f"Thư mục {path.parent} không tồn tại.")
    if path.exists() and not force:
        raise DomainError("file_exists", f"Tệp {path} đã có; dùng --force nếu muốn ghi đè.")
    return path


def _live_sqlite_path() -> Path:
    connection = _db()
    if connection.is_in_memory_db():
        raise DomainError(
            "memory_db", "Cơ sở dữ liệu đang ở trong bộ nhớ (chế độ kiểm thử): không sao lưu, khôi phục được."
        )
    return Path(connection.settings_dict["NAME"]).resolve()


def _audit(actor, action: str, path: Path, details: dict, message: str) -> None:
    from quanlyhoi.core import audit

    audit.record(
        actor=actor,
        action=action,
        object_type="database",
        object_id=_db().vendor,
        object_repr=str(path),
        changes={"file": str(path), **details},
        message=message,
    )


def _report(args, data: dict, text: str) -> int:
    if args.json:
        emit_json(data)
    else:
        say(text)
    return 0


# ---------------------------------------------------------------------------------------------------------
# backup


def _require_installed() -> None:
    if "core_auditrecord" not in _db().introspection.table_names():
        raise DomainError("no_database", "Cơ sở dữ liệu chưa được khởi tạo: chạy 'quanlyhoi migrate' trước.")


def backup(args) -> int:
    _require_installed()
    path = _target(args.file, force=args.force)
    if _is_sqlite():
        _sqlite_backup(_live_sqlite_path(), path)
    else:
        _pg_backup(path)
    details = {"engine": _db().vendor, "bytes": path.stat().st_size, "sha256": _sha256(path)}
    _audit(args.actor, "backup", path, details, f"Sao lưu cơ sở dữ liệu ra {path}")
    size = f"{details['bytes']:,}".replace(",", ".")
    return _report(args, {"file": str(path), **details}, f"Đã sao lưu vào {path} ({size} byte).")


def _integrity(conn: sqlite3.Connection) -> str:
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:5])


def _sqlite_backup(live: Path, path: Path) -> None:
    if not live.is_file():
        raise DomainError("no_database", f"Chưa có cơ sở dữ liệu tại {live} (chạy 'quanlyhoi migrate' trước).")
    if path == live:
        raise DomainError("same_file", "Không sao lưu đè lên chính cơ sở dữ liệu đang dùng.")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        source = sqlite3.connect(live, timeout=30)
        copy = sqlite3.connect(tmp)
        try:
            source.backup(copy)  # one step: a consistent snapshot, writers wait at most for the copy
            copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal/-shm beside it
            status = _integrity(copy)
        finally:
            copy.close()
            source.close()
        if status != "ok":
            raise DomainError("backup_corrupt", f"Bản sao lưu không qua kiểm tra toàn vẹn: {status}")
        os.replace(tmp, path)
    except sqlite3.Error as exc:
        raise DomainError("backup_failed", f"Sao lưu thất bại: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------------------
# restore


def _confirm(args, path: Path) -> None:
    if args.yes:
        return
    if not sys.stdin.isatty():
        raise DomainError("confirm_required", "Khôi phục thay thế toàn bộ dữ liệu hiện tại: thêm --yes để xác nhận.")
    answer = input(f"Toàn bộ dữ liệu hiện tại sẽ bị thay bằng nội dung của {path}. Gõ 'có' để tiếp tục: ")
    if answer.strip().lower() not in {"có", "co", "c", "yes", "y"}:
        raise DomainError("not_confirmed", "Đã huỷ; dữ liệu không thay đổi.")


def restore(args) -> int:
    path = Path(args.file).expanduser().resolve()
    if not path.is_file():
        raise DomainError("no_file", f"Không có tệp {path}.")
    sha = _sha256(path)
    if _is_sqlite():
        live = _live_sqlite_path()
        _verify_sqlite(path)
        _confirm(args, path)
        _sqlite_restore(path, live)
    else:
        _pg_verify(path)
        _confirm(args, path)
        _pg_restore(path)
    from django.db import DatabaseError, transaction

    from quanlyhoi.cli.server import pending_migrations

    pending = pending_migrations()
    details = {"engine": _db().vendor, "sha256": sha, "pending_migrations": pending}
    text = f"Đã khôi phục từ {path}."
    try:
        with transaction.atomic():
            _audit(args.actor, "restore", path, details, f"Khôi phục cơ sở dữ liệu từ {path}")
    except DatabaseError:
        if not pending:
            raise
        text += "\nChưa ghi được nhật ký khôi phục vì cấu trúc cơ sở dữ liệu còn cũ."
    if pending:
        text += f"\nBản sao lưu cũ hơn phần mềm: chạy 'quanlyhoi migrate' ({len(pending)} migration chưa áp dụng)."
    return _report(args, {"file": str(path), **details}, text)


def _known_migrations() -> tuple[set[str], set[tuple[str, str]]]:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return set(loader.migrated_apps), set(loader.disk_migrations)


def _verify_sqlite(path: Path) -> None:
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            status = _integrity(conn)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            applied = set()
            if "django_migrations" in tables:
                applied = {(a, n) for a, n in conn.execute("SELECT app, name FROM django_migrations")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DomainError("not_a_backup", f"{path} không phải tệp SQLite dùng được: {exc}") from exc
    if status != "ok":
        raise DomainError("backup_corrupt", f"{path} không qua kiểm tra toàn vẹn: {status}")
    missing = {"django_migrations", "core_auditrecord"} - tables
    if missing:
        raise DomainError(
            "not_a_backup", f"{path} không phải bản sao lưu của quanlyhoi (thiếu bảng {', '.join(sorted(missing))})."
        )
    apps, known = _known_migrations()
    newer = sorted(f"{a}.{n}" for a, n in applied if a in apps and (a, n) not in known)
    if newer:
        raise DomainError(
            "backup_newer",
            f"Bản sao lưu do phiên bản phần mềm mới hơn tạo ra (có migration {', '.join(newer[:5])}); "
            "hãy nâng cấp phần mềm trước.",
        )


def _sqlite_restore(path: Path, live: Path) -> None:
    from django.db import connections

    connections.close_all()
    live.parent.mkdir(parents=True, exist_ok=True)
    try:
        source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(live, timeout=30)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
            status = _integrity(target)
        finally:
            target.close()
            source.close()
    except sqlite3.Error as exc:
        raise DomainError("restore_failed", f"Khôi phục thất bại: {exc}") from exc
    if status != "ok":
        raise DomainError("restore_corrupt", f"Cơ sở dữ liệu sau khi khôi phục không qua kiểm tra toàn vẹn: {status}")


# ---------------------------------------------------------------------------------------------------------
# PostgreSQL


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise DomainError(
            "pg_tool_missing",
            f"Không tìm thấy {name}: cài gói postgresql-client (cùng phiên bản chính với máy chủ PostgreSQL).",
        )
    return tool


def _pg_connection() -> tuple[list[str], dict, str]:
    db = _db().settings_dict
    env = dict(os.environ)
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(db["OPTIONS"]["sslmode"])
    return [*args, "--no-password"], env, str(db["NAME"])


def _pg_run(cmd: list[str], env: dict, what: str) -> str:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise DomainError(f"{what}_failed", f"{what} thất bại: {' / '.join(detail[-3:]) or result.returncode}")
    return result.stdout


def _pg_backup(path: Path) -> None:
    conn, env, name = _pg_connection()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        _pg_run([_pg_tool("pg_dump"), "--format=custom", f"--file={tmp}", *conn, f"--dbname={name}"], env, "pg_dump")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _pg_verify(path: Path) -> None:
    conn, env, _name = _pg_connection()
    try:
        listing = _pg_run([_pg_tool("pg_restore"), "--list", str(path)], env, "pg_restore")
    except DomainError as exc:
        if exc.code == "pg_tool_missing":
            raise
        raise DomainError(
            "not_a_backup", f"{path} không phải bản sao lưu PostgreSQL (pg_dump -Fc): {exc.message}"
        ) from exc
    missing = [t for t in ("django_migrations", "core_auditrecord") if f"TABLE DATA public {t} " not in listing]
    if missing:
        raise DomainError(
            "not_a_backup", f"{path} không phải bản sao lưu của quanlyhoi (thiếu bảng {', '.join(missing)})."
        )


def _pg_restore(path: Path) -> None:
    from django.db import connections

    connections.close_all()
    conn, env, name = _pg_connection()
    cmd = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        *conn,
        f"--dbname={name}",
        str(path),
    ]
    _pg_run(cmd, env, "pg_restore")
