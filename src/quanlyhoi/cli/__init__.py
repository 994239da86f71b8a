"""The `quanlyhoi` command line: `quanlyhoi <group> <action> [options]`.

Every command has --help; exits 0 on success, 1 when the input is refused (a `DomainError`, printed as
`Lỗi: <message>` on stderr), 2 on a usage error. Commands that produce data accept --json. Each command runs
under `core.context.acting("cli")` (audit source "cli", one request id per command) as the operating-system
user (`SystemOperator`, full access) or, with `--as USERNAME`, as that user with that user's scope.

Modules: `parsing` (argparse in Vietnamese), `common` (output, lookups), `server` (serve, migrate, demo),
`users`, `associations` (levels), `units` (tree, show, list, merger-2025), `restructure`, `backup` (backup,
restore), `check`.
"""

from __future__ import annotations

import argparse
import os
import sys

from quanlyhoi.cli.parsing import EXIT_USAGE, Parser, vietnamese

EXIT_OK, EXIT_REFUSED = 0, 1

DESCRIPTION = """Hệ thống thông tin quản lý các hội quần chúng: dòng lệnh cho người vận hành.

Mỗi lệnh có --help. Mã thoát: 0 thành công, 1 dữ liệu bị từ chối (thông báo "Lỗi: ..."), 2 sai cú pháp.
Không có --as, lệnh chạy với quyền người vận hành máy chủ (toàn hệ thống) và được ghi nhật ký với nguồn "cli"."""

EPILOG = """ví dụ:
  quanlyhoi demo                              dữ liệu mẫu rồi chạy máy chủ tại http://127.0.0.1:8000/
  quanlyhoi units tree NCT --depth 1          cây tổ chức Hội Người cao tuổi, một cấp
  quanlyhoi --as tinh_nct_hn units list       danh sách đơn vị mà tài khoản tinh_nct_hn được xem
  quanlyhoi users create an --role unit_officer --scope NCT.01
  quanlyhoi associations levels NCT           các cấp của Hội Người cao tuổi
  quanlyhoi backup /var/backups/quanlyhoi-$(date +%F).sqlite3
  quanlyhoi check

cấu hình qua biến môi trường: QUANLYHOI_DATA_DIR, QUANLYHOI_DATABASE_URL, QUANLYHOI_SECRET_KEY,
QUANLYHOI_DEBUG, QUANLYHOI_ALLOWED_HOSTS."""


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("quanlyhoi")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def build_parser() -> Parser:
    from quanlyhoi.cli import (
        associations,
        backup,
        briefings,
        check,
        members,
        reports,
        restructure,
        server,
        units,
        users,
        worker,
    )

    parser = Parser(prog="quanlyhoi", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"quanlyhoi {version()}", help="in phiên bản rồi thoát")
    as_help = "thực hiện với tư cách người dùng USERNAME (chỉ trong phạm vi quyền của người đó)"
    parser.add_argument("--as", dest="as_user", metavar="USERNAME", default=None, help=as_help)
    # The same option after the group and action (`quanlyhoi units tree NCT --as hoi_nct`).
    common = Parser(add_help=False)
    common.add_argument("--as", dest="as_user", metavar="USERNAME", default=argparse.SUPPRESS, help=as_help)
    groups = parser.add_subparsers(dest="group", metavar="<nhóm lệnh>", title="nhóm lệnh", required=True)
    server.register(groups, common)
    users.register(groups, common)
    associations.register(groups, common)
    restructure.register_into(units.register(groups, common), common)
    members.register(groups, common)
    reports.register(groups, common)
    briefings.register(groups, common)
    backup.register(groups, common)
    check.register(groups, common)
    worker.register(groups, common)
    return parser


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return EXIT_OK
    if isinstance(exc.code, int):
        return exc.code
    sys.stderr.write(f"{exc.code}\n")
    return EXIT_REFUSED


def _operating_system_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in a bare container
        return "cli"


def _ensure_data_dir() -> None:
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (captured in tests)
        pass


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status (the console script passes it to sys.exit)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quanlyhoi.settings")
    with vietnamese():
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
            if args.as_user and getattr(args, "operator_only", False):
                args.parser.error(f"lệnh '{args.group}' chạy với quyền người vận hành máy chủ, không dùng --as")
        except SystemExit as exc:
            return _exit_code(exc)
        return _run(args)


def _run(args) -> int:
    import django
    from django.core.management.base import CommandError
    from django.db import Error as DatabaseError

    django.setup()
    from django.conf import settings
    from django.utils import translation

    from quanlyhoi.cli.common import get_actor_user, warn
    from quanlyhoi.core.context import acting
    from quanlyhoi.core.errors import DomainError
    from quanlyhoi.core.scoping import SystemOperator

    _ensure_data_dir()
    # The CLI speaks the site language (Vietnamese) whatever the calling thread had active.
    with acting("cli"), translation.override(settings.LANGUAGE_CODE):
        try:
            args.actor = get_actor_user(args.as_user) if args.as_user else SystemOperator(_operating_system_user())
            return args.handler(args) or EXIT_OK
        except DomainError as exc:
            warn(f"Lỗi: {exc.message}")
            return EXIT_REFUSED
        except CommandError as exc:
            warn(f"Lỗi: {exc}")
            return EXIT_REFUSED
        except DatabaseError as exc:
            warn(
                f"Lỗi: không làm việc được với cơ sở dữ liệu ({exc}). Kiểm tra QUANLYHOI_DATA_DIR hoặc "
                f"QUANLYHOI_DATABASE_URL, và chạy 'quanlyhoi migrate' nếu chưa."
            )
            return EXIT_REFUSED
        except SystemExit as exc:
            return _exit_code(exc)
        except BrokenPipeError:
            _silence_stdout()  # the reader went away (`quanlyhoi units list | head`): stop quietly
            return EXIT_REFUSED
        except KeyboardInterrupt:
            warn("Đã dừng.")
            return 130


__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE"]
