"""serve, migrate, demo: running the application and preparing its database."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from quanlyhoi.cli import worker
from quanlyhoi.cli.common import add_json, command, emit_json, say, table, warn
from quanlyhoi.cli.parsing import port, positive_int
from quanlyhoi.core.errors import DomainError


def register(groups, common) -> None:
    p = command(
        groups,
        "serve",
        serve,
        help="chạy máy chủ web",
        description=(
            "Chạy máy chủ web (máy chủ tích hợp của Django, không tự nạp lại mã; whitenoise phục vụ tệp tĩnh).\n"
            "Đủ cho bản cài đặt nhúng trên một máy; triển khai lớn dùng gunicorn với quanlyhoi.wsgi.\n"
            "Nghe trên địa chỉ khác 127.0.0.1 thì cần đặt QUANLYHOI_ALLOWED_HOSTS."
        ),
        parents=[common],
        operator_only=True,
    )
    _host_port(p)

    p = command(
        groups,
        "migrate",
        migrate,
        help="cập nhật cấu trúc cơ sở dữ liệu (áp dụng migration)",
        parents=[common],
        operator_only=True,
    )
    p.add_argument("--load-reference", action="store_true", help="nạp thêm danh mục địa bàn và danh sách hội nếu thiếu")
    p.add_argument("-v", "--verbose", action="store_true", help="in chi tiết từng migration")
    add_json(p)

    p = command(
        groups,
        "demo",
        demo,
        help="nạp dữ liệu mẫu, in tài khoản mẫu rồi chạy máy chủ",
        description=(
            "Áp dụng migration, nạp danh mục và dữ liệu mẫu (chạy lại không tạo thêm gì), in bảng tài khoản\n"
            "mẫu cùng mật khẩu và địa chỉ, rồi chạy máy chủ web (trừ khi có --no-serve)."
        ),
        parents=[common],
        operator_only=True,
    )
    p.add_argument("--no-serve", action="store_true", help="chỉ nạp dữ liệu, không chạy máy chủ")
    p.add_argument(
        "--members",
        type=positive_int,
        metavar="N",
        default=0,
        help="nhập thêm N hội viên NCT sinh ngẫu nhiên (cố định theo N) qua chức năng nhập từ tệp, để đo hiệu năng",
    )
    _host_port(p)
    add_json(p)


def _host_port(p) -> None:
    p.add_argument("--host", default="127.0.0.1", help="địa chỉ nghe (mặc định 127.0.0.1)")
    p.add_argument("--port", type=port, default=8000, help="cổng (mặc định 8000)")
    p.add_argument(
        "--no-worker", action="store_true", help="không chạy worker kèm theo (khi đã chạy riêng 'quanlyhoi worker')"
    )


def _address(host: str, port_number: int) -> str:
    return f"[{host}]:{port_number}" if ":" in host else f"{host}:{port_number}"


def url(host: str, port_number: int) -> str:
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104 - only for display
    return f"http://{_address(shown, port_number)}/"


def _check_port_free(host: str, port_number: int) -> None:
    import errno
    import os
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.create_server((host, port_number), family=family):
            pass
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        hint = (
            "một chương trình khác đang dùng cổng này, chọn cổng khác bằng --port"
            if exc.errno == errno.EADDRINUSE
            else "kiểm tra địa chỉ --host"
        )
        raise DomainError("port_unavailable", f"Không mở được {host}:{port_number} ({reason}): {hint}.") from exc


def serve(args) -> int:
    from django.conf import settings
    from django.core.management import call_command

    allowed = settings.ALLOWED_HOSTS
    if args.host not in {"127.0.0.1", "localhost", "::1", *allowed} and "*" not in allowed:
        warn(
            "Chú ý: máy chủ chỉ trả lời khi tên máy trong địa chỉ truy cập có trong QUANLYHOI_ALLOWED_HOSTS "
            f"(hiện: {', '.join(allowed) or 'trống'})."
        )
    _check_port_free(args.host, args.port)
    if settings.STATIC_ROOT:  # whitenoise warns about a missing STATIC_ROOT even when serving from the finders
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    say(f"Máy chủ chạy tại {url(args.host, args.port)} (Ctrl+C để dừng).")
    sys.stdout.flush()
    # The jobs the web pages queue (member imports) need a worker; it stops with the server, SIGTERM included.
    job_worker = None if args.no_worker else worker.start_beside()
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        call_command("runserver", _address(args.host, args.port), use_reloader=False)
    finally:
        signal.signal(signal.SIGTERM, previous)
        worker.stop(job_worker)
    return 0


def _exit_on_sigterm(signum, frame):
    raise SystemExit(0)


def pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


REFERENCE_LABELS = {
    "provinces": "tỉnh mới",
    "communes": "xã mới",
    "legacy_provinces": "tỉnh cũ",
    "successions": "liên kết tỉnh cũ – mới",
    "overseers": "cơ quan theo dõi",
    "associations": "hội",
}


def load_reference() -> dict:
    from quanlyhoi.geo.reference import load_areas
    from quanlyhoi.orgs.reference import load_registry_reference

    return {**load_areas(), **load_registry_reference()}


def migrate(args) -> int:
    from django.core.management import call_command

    pending = pending_migrations()
    call_command("migrate", interactive=False, verbosity=1 if args.verbose else 0)
    reference = load_reference() if args.load_reference else None
    if args.json:
        emit_json({"applied": pending, "reference_created": reference})
        return 0
    say(f"Đã áp dụng {len(pending)} migration." if pending else "Cơ sở dữ liệu đã ở phiên bản mới nhất.")
    if reference is not None:
        made = ", ".join(f"{REFERENCE_LABELS.get(k, k)}: {v}" for k, v in reference.items())
        say(f"Danh mục tham chiếu đã đủ (mới tạo — {made}).")
    return 0


def demo(args) -> int:
    from django.core.management import call_command

    from quanlyhoi.demo import DEMO_PASSWORD, load_demo

    progress = sys.stderr if args.json else sys.stdout
    pending = pending_migrations()
    if pending:
        progress.write(f"Áp dụng {len(pending)} migration…\n")
        progress.flush()
        call_command("migrate", interactive=False, verbosity=0)
    logins = load_demo(stdout=progress)
    if args.members:
        from quanlyhoi.core.scoping import SystemOperator
        from quanlyhoi.members.demo import load_more_members

        counts = load_more_members(SystemOperator("demo"), args.members, say=lambda m: progress.write(m + "\n"))
        progress.write(f"Đã ghi {counts.get('written', 0)} hội viên mới.\n")
    address = url(args.host, args.port)
    if args.json:
        emit_json({"users": logins, "password": DEMO_PASSWORD, "url": address})
    else:
        say()
        say("Tài khoản mẫu:")
        table(
            [[u["username"], u["role"], u["scope"], u["description"]] for u in logins],
            ["Tên đăng nhập", "Vai trò", "Phạm vi", "Mô tả"],
        )
        say()
        say(f"Mật khẩu của mọi tài khoản mẫu: {DEMO_PASSWORD}")
        say(f"Địa chỉ: {address}")
    if args.no_serve:
        return 0
    say()
    return serve(args)
