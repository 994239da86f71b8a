"""`quanlyhoi reports period`: a period's cut-off window, deadlines per level and whether it takes entry; with
options, the overseer changes them (the same service as the web page and the API)."""

from __future__ import annotations

from quanlyhoi.cli.common import add_json, command, emit_json, parse_day, say, table, vn


def register_period(actions, common) -> None:
    p = command(
        actions,
        "period",
        period_command,
        help="xem, đổi cửa sổ số liệu, hạn nộp theo cấp, mở hoặc đóng một kỳ báo cáo",
        parents=[common],
        epilog=(
            "Không có tuỳ chọn đổi: chỉ in kỳ. Đổi kỳ cần quyền quản lý báo cáo toàn hệ thống (cơ quan theo dõi). "
            "Cửa sổ số liệu chỉ đổi được khi chưa có báo cáo nào của kỳ; hạn nộp phải sau ngày chốt, cấp dưới "
            "không muộn hơn cấp trên.\nví dụ:\n  quanlyhoi reports period --period 2025-H2\n"
            "  quanlyhoi --as giamsat reports period --period 2026-H1 --deadline commune=20/06/2026 --close "
            "--reason 'Hết hạn nhận'"
        ),
    )
    p.add_argument("--period", metavar="KỲ", required=True, help="mã kỳ báo cáo, ví dụ 2025-H2")
    p.add_argument("--from", dest="starts_on", metavar="NGÀY", help="số liệu từ ngày (dd/mm/yyyy)")
    p.add_argument("--to", dest="ends_on", metavar="NGÀY", help="ngày chốt số liệu (dd/mm/yyyy)")
    p.add_argument("--deadline", action="append", default=[], metavar="CẤP=NGÀY", help="hạn nộp của một cấp")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--open", dest="is_open", action="store_const", const=True, help="mở kỳ cho nhập báo cáo")
    state.add_argument("--close", dest="is_open", action="store_const", const=False, help="đóng kỳ")
    p.add_argument("--reason", default="", help="lý do thay đổi (ghi vào nhật ký)")
    add_json(p)


def _deadlines(pairs: list[str]) -> dict:
    from quanlyhoi.core.errors import DomainError

    out = {}
    for pair in pairs:
        level, sep, day = pair.partition("=")
        if not sep or not level.strip():
            raise DomainError("bad_deadline", f"Hạn nộp '{pair}' phải viết CẤP=NGÀY, ví dụ commune=20/06/2026.")
        out[level.strip()] = parse_day(day, field="deadline", required=True)
    return out


def period_command(args) -> int:
    from quanlyhoi.reporting.services.periods import configure, period_for

    period = period_for(args.period)
    starts, ends = parse_day(args.starts_on, field="from"), parse_day(args.ends_on, field="to")
    deadlines = _deadlines(args.deadline)
    if starts or ends or deadlines or args.is_open is not None:
        period = configure(actor=args.actor, period=period, starts_on=starts, ends_on=ends, deadlines=deadlines,
                           is_open=args.is_open, reason=args.reason)  # fmt: skip
    due = list(period.deadlines.order_by("due_on").values_list("level_code", "due_on"))
    if args.json:
        emit_json({"period": period.code, "starts_on": period.starts_on, "ends_on": period.ends_on,
                   "is_open": period.is_open, "deadlines": {level: day for level, day in due}})  # fmt: skip
        return 0
    say(f"Kỳ {period.code}: số liệu từ {vn(period.starts_on)} đến {vn(period.ends_on)}; "
        f"{'đang mở nhận báo cáo' if period.is_open else 'đã đóng'}.")  # fmt: skip
    table([[level, vn(day)] for level, day in due], ["Cấp", "Hạn nộp"])
    return 0
