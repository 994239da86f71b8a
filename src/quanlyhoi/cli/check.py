"""check: configuration and database health. Exit status 1 when any check is an error (warnings pass)."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict, dataclass

from quanlyhoi.cli.common import add_json, command, emit_json, say

OK, WARNING, ERROR = "ok", "warning", "error"
LABELS = {OK: "[ OK ]    ", WARNING: "[CẢNH BÁO]", ERROR: "[ LỖI ]   "}
EXPECTED_AREAS = {
    ("2025", "province"): (34, "tỉnh, thành phố từ 01/7/2025"),
    ("2025", "commune"): (3321, "xã, phường, đặc khu từ 01/7/2025"),
    ("legacy", "province"): (63, "tỉnh, thành phố trước 01/7/2025"),
}
MIN_FREE_BYTES = 1 << 30


@dataclass
class Result:
    name: str
    status: str
    message: str


def register(groups, common) -> None:
    p = command(
        groups,
        "check",
        check,
        help="kiểm tra cấu hình và cơ sở dữ liệu",
        description=(
            "Kiểm tra: kết nối cơ sở dữ liệu, migration đã áp dụng đủ, chế độ WAL của SQLite, thư mục dữ liệu ghi\n"
            "được, khoá bí mật (khi tắt DEBUG), kiểm tra hệ thống của Django (cả kiểm tra triển khai khi tắt\n"
            "DEBUG) và danh mục tham chiếu (34 tỉnh, 3.321 xã, 63 tỉnh cũ). Mã thoát 1 khi có lỗi; cảnh báo không\n"
            "làm lệnh thất bại."
        ),
        parents=[common],
    )
    add_json(p)


def _database(results: list[Result]) -> bool:
    from django.db import connection

    where = connection.settings_dict.get("NAME")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure to connect is the finding
        results.append(
            Result("database", ERROR, f"Không kết nối được cơ sở dữ liệu {connection.vendor} {where}: {exc}")
        )
        return False
    results.append(Result("database", OK, f"Kết nối được cơ sở dữ liệu {connection.vendor} ({where})."))
    return True


def _migrations(results: list[Result]) -> None:
    from quanlyhoi.cli.server import pending_migrations

    pending = pending_migrations()
    if pending:
        shown = ", ".join(pending[:5]) + (" …" if len(pending) > 5 else "")
        results.append(
            Result("migrations", ERROR, f"{len(pending)} migration chưa áp dụng ({shown}): chạy 'quanlyhoi migrate'.")
        )
    else:
        results.append(Result("migrations", OK, "Đã áp dụng đủ migration."))


def _sqlite(results: list[Result]) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        values = {}
        for pragma in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout"):
            cursor.execute(f"PRAGMA {pragma}")
            values[pragma] = cursor.fetchone()[0]
    shown = ", ".join(f"{k}={v}" for k, v in values.items())
    if connection.is_in_memory_db():
        results.append(Result("sqlite", WARNING, f"Cơ sở dữ liệu trong bộ nhớ (chỉ dùng khi kiểm thử): {shown}."))
    elif str(values["journal_mode"]).lower() != "wal":
        results.append(Result("sqlite", ERROR, f"SQLite không ở chế độ WAL: {shown}."))
    elif values["foreign_keys"] != 1:
        results.append(Result("sqlite", ERROR, f"SQLite chưa bật kiểm tra khoá ngoại: {shown}."))
    else:
        results.append(Result("sqlite", OK, f"SQLite: {shown}."))


def _data_dir(results: list[Result]) -> None:
    from django.conf import settings

    directory = settings.DATA_DIR
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".check-"):
            pass
    except OSError as exc:
        results.append(Result("data_dir", ERROR, f"Thư mục dữ liệu {directory} không ghi được: {exc}"))
        return
    free = shutil.disk_usage(directory).free
    if free < MIN_FREE_BYTES:
        results.append(
            Result("data_dir", WARNING, f"Thư mục dữ liệu {directory} chỉ còn {free // (1 << 20)} MB trống.")
        )
    else:
        results.append(Result("data_dir", OK, f"Thư mục dữ liệu {directory} ghi được ({free // (1 << 30)} GB trống)."))


def _secret_key(results: list[Result]) -> None:
    from django.conf import settings

    key = settings.SECRET_KEY or ""
    if settings.DEBUG:
        results.append(Result("debug", WARNING, "QUANLYHOI_DEBUG đang bật: không dùng cho hệ thống thật."))
        return
    weak = len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure")
    if weak:
        results.append(
            Result("secret_key", ERROR, "Khoá bí mật yếu hoặc mặc định: đặt QUANLYHOI_SECRET_KEY (≥ 50 ký tự).")
        )
    else:
        results.append(Result("secret_key", OK, "Khoá bí mật đã đặt riêng."))


def _django(results: list[Result], *, db_ok: bool) -> None:
    from django.conf import settings
    from django.core import checks

    messages = checks.run_checks(include_deployment_checks=not settings.DEBUG, databases=["default"] if db_ok else None)
    shown = [m for m in messages if not m.is_silenced() and m.level >= checks.WARNING]
    for m in shown:
        status = ERROR if m.level >= checks.ERROR else WARNING
        hint = f" ({m.hint})" if m.hint else ""
        results.append(Result(f"django:{m.id}", status, f"{m.id}: {m.msg}{hint}"))
    if not shown:
        results.append(Result("django", OK, "Kiểm tra hệ thống của Django không có lỗi, cảnh báo."))


def _reference(results: list[Result]) -> None:
    from django.db.models import Count

    from quanlyhoi.geo.models import AdminArea

    counts = {
        (r["generation"], r["level"]): r["n"]
        for r in AdminArea.objects.values("generation", "level").annotate(n=Count("id"))
    }
    problems = [
        f"{counts.get(key, 0):,}/{expected:,} {label}".replace(",", ".")
        for key, (expected, label) in EXPECTED_AREAS.items()
        if counts.get(key, 0) != expected
    ]
    if problems:
        results.append(
            Result(
                "reference",
                ERROR,
                f"Danh mục địa bàn chưa đủ ({'; '.join(problems)}): chạy 'quanlyhoi migrate --load-reference'.",
            )
        )
    else:
        results.append(Result("reference", OK, "Danh mục địa bàn đủ: 34 tỉnh, 3.321 xã mới; 63 tỉnh cũ."))


def check(args) -> int:
    results: list[Result] = []
    db_ok = _database(results)
    if db_ok:
        _migrations(results)
        _sqlite(results)
    _data_dir(results)
    _secret_key(results)
    _django(results, db_ok=db_ok)
    if db_ok and not any(r.name == "migrations" and r.status == ERROR for r in results):
        _reference(results)
    errors = sum(r.status == ERROR for r in results)
    warnings = sum(r.status == WARNING for r in results)
    if args.json:
        emit_json({"ok": errors == 0, "errors": errors, "warnings": warnings, "checks": [asdict(r) for r in results]})
    else:
        for r in results:
            say(f"{LABELS[r.status]} {r.message}")
        say(f"Kết quả: {errors} lỗi, {warnings} cảnh báo.")
    return 1 if errors else 0
