"""`quanlyhoi briefings remind` (deadline reminders and the weekly digest) and `quanlyhoi briefings report` (the
follow-up report of a briefing as an official DOCX or its tables as XLSX). The same services as the web pages
and the API."""

from __future__ import annotations

from quanlyhoi.cli.common import add_json, command, emit_json, parse_day, say


def register(actions, common) -> None:
    p = command(
        actions,
        "remind",
        remind_command,
        help="nhắc hạn các nhiệm vụ được giao (sắp đến hạn, quá hạn) và gửi bản tổng hợp hằng tuần",
        parents=[common],
        epilog=(
            "Với mỗi nhiệm vụ chưa hoàn thành: hạn trong 7 ngày tới (kể cả hôm nay) thì nhắc “sắp đến hạn”, đã qua "
            "hạn thì nhắc “quá hạn”; người nhận là cán bộ theo dõi của chính đơn vị được giao (thông báo trong hệ "
            "thống, e-mail nếu có SMTP). Mỗi lời nhắc chỉ gửi một lần cho mỗi hạn (nhiệm vụ định kỳ có hạn mới thì "
            "nhắc lại); bản tổng hợp gửi mỗi người một lần mỗi tuần. Chạy lại không gửi trùng, nên chạy hằng ngày từ "
            "cron được (không có --as: quyền người vận hành, toàn hệ thống; có --as: chỉ các nhiệm vụ trong phạm "
            "vi người đó).\nví dụ (crontab, 7 giờ sáng mỗi ngày):\n"
            "  0 7 * * * QUANLYHOI_DATA_DIR=/var/lib/quanlyhoi quanlyhoi briefings remind --json\n"
            "  quanlyhoi --as hoi_nct briefings remind\n  quanlyhoi briefings remind --date 15/01/2026"
        ),
    )
    p.add_argument("--date", metavar="NGÀY", help="ngày tính hạn (dd/mm/yyyy), mặc định hôm nay")
    add_json(p)

    p = command(
        actions,
        "report",
        report_command,
        help="báo cáo kết quả thực hiện kết luận giao ban theo thể thức văn bản (DOCX) hoặc các bảng (XLSX)",
        parents=[common],
        epilog=(
            "Không có --issue: bản dự thảo, để trống số. --issue: cấp số tiếp theo trong sổ văn bản của cơ quan "
            "triệu tập (cơ quan theo dõi, hoặc đơn vị chủ trì cuộc giao ban nội bộ) và lưu lại văn bản đã ban hành. "
            "Chỉ các nhiệm vụ trong phạm vi người chạy lệnh được đưa vào.\nví dụ:\n"
            "  quanlyhoi --as giamsat briefings report --briefing 1 -o ket-qua.docx\n"
            "  quanlyhoi briefings report --briefing 1 --format xlsx -o ket-qua.xlsx\n"
            "  quanlyhoi --as hoi_nct briefings report --period 2026-H1 --unit NCT -o ket-qua-nct.docx\n"
            "  quanlyhoi --as giamsat briefings report --briefing 1 --issue -o ket-qua.docx --json"
        ),
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--briefing", metavar="ID", type=int, help="số hiệu (id) cuộc giao ban")
    target.add_argument(
        "--period", metavar="KỲ", help="mọi cuộc giao ban về kỳ này (ví dụ 2023-H2) của cơ quan triệu tập"
    )
    p.add_argument("--unit", metavar="CODE", help="với --period: đơn vị triệu tập (bỏ trống: cơ quan theo dõi)")
    p.add_argument("--format", choices=["docx", "xlsx"], default="docx", help="docx (mặc định) hoặc xlsx")
    p.add_argument("--issue", action="store_true", help="cấp số và lưu vào sổ văn bản")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="tệp sẽ ghi")
    add_json(p)


def remind_command(args) -> int:
    from quanlyhoi.briefings.reminders import remind

    done = remind(actor=args.actor, day=parse_day(args.date))
    if args.json:
        emit_json(done)
        return 0
    say(f"Ngày {done['date']}: {done['assignments']} nhiệm vụ chưa hoàn thành trong phạm vi; {done['soon']} sắp đến "
        f"hạn, {done['overdue']} quá hạn.")  # fmt: skip
    say(f"Đã gửi {done['notified']} lời nhắc mới ({done['already']} đã gửi trước đó) và {done['digests']} bản tổng "
        f"hợp tuần mới.")  # fmt: skip
    if done["without_recipient"]:
        say(f"Không có tài khoản cán bộ để nhắc {len(done['without_recipient'])} nhiệm vụ (mã giao việc: "
            f"{', '.join(str(i) for i in done['without_recipient'][:20])}).")  # fmt: skip
    return 0


def report_command(args) -> int:
    from quanlyhoi.briefings.services.report import follow_up_report, visible_briefing
    from quanlyhoi.cli.reports_document import write_document

    if args.briefing is not None:
        briefing = visible_briefing(args.actor, args.briefing)
        chosen = {"briefing": briefing}
    else:
        from quanlyhoi.cli.common import get_unit
        from quanlyhoi.reporting.services.periods import period_for

        briefing = None
        chosen = {"period": period_for(args.period), "convener": get_unit(args.actor, args.unit) if args.unit else None}
    made = follow_up_report(actor=args.actor, fmt=args.format, issue=args.issue, **chosen)
    return write_document(args, made, briefing=briefing.pk if briefing else None, period=args.period)
