"""`quanlyhoi worker`: the process that runs queued jobs (member imports started from the web page or the API),
taken from a table in the same database (django-tasks-db's db_worker). `serve` and `demo` start one beside the
web server; a larger deployment runs it as its own service (docs/production.md)."""

from __future__ import annotations

import subprocess
import sys

from quanlyhoi.cli.common import command, say
from quanlyhoi.cli.parsing import positive_int
from quanlyhoi.core.errors import DomainError


def register(groups, common) -> None:
    p = command(
        groups,
        "worker",
        worker,
        help="chạy tiến trình nền thực hiện các việc đã xếp hàng (nhập hội viên)",
        description=(
            "Chạy tiến trình nền: lấy các việc đã xếp hàng trong cơ sở dữ liệu (nhập hội viên từ trang web, API)\n"
            "và thực hiện lần lượt. Khi khởi động, các lần nhập bị dừng giữa chừng (tiến trình bị tắt) được đánh\n"
            "dấu để người dùng chạy lại; chúng không để lại dòng nào. 'quanlyhoi serve' và 'quanlyhoi demo' tự chạy\n"
            "một worker; Ctrl+C hoặc SIGTERM dừng worker sau khi xong việc đang làm."
        ),
        epilog="ví dụ:\n  quanlyhoi worker\n  quanlyhoi worker --batch          chạy hết việc đang chờ rồi thoát",
        parents=[common],
        operator_only=True,
    )
    p.add_argument("--interval", type=float, default=1.0, metavar="GIÂY", help="chờ bao lâu giữa hai lần tìm việc")
    p.add_argument("--batch", action="store_true", help="chạy hết các việc đang chờ rồi thoát")
    p.add_argument("--max-tasks", type=positive_int, metavar="N", help="thoát sau N việc")


def uses_worker() -> bool:
    """Jobs go through the database queue (not run inline: QUANLYHOI_JOBS_INLINE)."""
    from django.conf import settings

    return settings.TASKS["default"]["BACKEND"].endswith("DatabaseBackend")


def worker(args) -> int:
    from django.core.management import call_command

    from quanlyhoi.members.services.imports import imports_recover

    if not uses_worker():
        raise DomainError(
            "jobs_inline", "Các việc đang chạy ngay trong tiến trình web (QUANLYHOI_JOBS_INLINE): không cần worker."
        )
    recovered = imports_recover()
    if recovered:
        say(f"{recovered} lần nhập bị dừng giữa chừng trước đây đã được đánh dấu để chạy lại.")
    say("Worker đang chạy (Ctrl+C để dừng).")
    sys.stdout.flush()
    call_command(
        "db_worker",
        interval=args.interval,
        batch=args.batch,
        max_tasks=args.max_tasks,
        reload=False,
        startup_delay=False,
        verbosity=1,
    )
    return 0


def start_beside() -> subprocess.Popen | None:
    """One worker process beside the web server (serve, demo); None when jobs run inline."""
    if not uses_worker():
        return None
    return subprocess.Popen([sys.executable, "-m", "quanlyhoi.cli", "worker"], stdin=subprocess.DEVNULL)


def stop(process: subprocess.Popen | None) -> None:
    """SIGTERM: the worker finishes the job in hand, or, if that takes too long, is killed; a killed import
    leaves nothing behind and shows as interrupted."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
