"""The `reports` group: the state of a period's reports over a unit's subtree (completeness and timeliness).
The same query as the web page and the API will use (reporting.queries)."""

from __future__ import annotations

from quanlyhoi.cli.common import add_json, command, emit_json, get_unit, say, table, vn
from quanlyhoi.cli.reports_document import register_document
from quanlyhoi.cli.reports_periods import register_period

STATE_VI = {
    "draft": "đang soạn",
    "submitted": "đã gửi",
    "returned": "bị trả lại",
    "approved": "đã duyệt",
    "locked": "đã khoá",
    "missing": "chưa có",
}


def register(groups, common) -> None:
    group = groups.add_parser(
        "reports",
        help="báo cáo định kỳ: tình hình nộp báo cáo",
        description="Báo cáo định kỳ: tình hình nộp báo cáo của các đơn vị trong một kỳ.",
    )
    actions = group.add_subparsers(dest="action", metavar="<thao tác>", title="thao tác", required=True)
    p = command(
        actions,
        "status",
        status_command,
        help="đơn vị nào đã gửi, đã duyệt, nộp muộn, còn thiếu báo cáo trong kỳ",
        parents=[common],
        epilog=(
            "Tính trên cây tổ chức tại ngày chốt số liệu của kỳ. Kỳ: 2025 (năm), 2025-H1, 2025-H2 (6 tháng), "
            "2025-Q1 (quý), 2025-M01 (tháng).\nví dụ:\n  quanlyhoi reports status --unit NCT.01 --period 2025-H2\n"
            "  quanlyhoi reports status --unit NCT --period 2025-H2 --json"
        ),
    )
    _unit_and_period(p)
    p = command(
        actions,
        "rollup",
        rollup_command,
        help="số liệu tổng hợp của đơn vị và cả cây trực thuộc trong kỳ (từ các báo cáo đã duyệt)",
        parents=[common],
        epilog=(
            "Tổng hợp ngay từ các báo cáo ở trạng thái được tính (mặc định: đã duyệt, đã khoá), trên cây tổ chức "
            "tại ngày chốt số liệu của kỳ. --associations: mỗi hội một dòng (các hội mình có quyền trên cả hội).\n"
            "ví dụ:\n  quanlyhoi reports rollup --unit NCT --period 2025-H2\n"
            "  quanlyhoi reports rollup --unit NCT.01 --period 2025-H2 --json\n"
            "  quanlyhoi reports rollup --associations --period 2025-H2"
        ),
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--unit", metavar="CODE", help="cả cây của đơn vị này, ví dụ NCT.01")
    target.add_argument("--associations", action="store_true", help="từng hội, toàn hội (bảng của cơ quan theo dõi)")
    _period(p)
    p.add_argument("--template", metavar="MÃ", default="BC-HQC", help="mẫu báo cáo (mặc định BC-HQC)")
    p.add_argument(
        "--with-predecessors",
        action="store_true",
        help="cộng cả các đơn vị tiền thân (so sánh sau sáp nhập, chia tách)",
    )
    _register_excel(actions, common)
    _register_remind(actions, common)
    register_document(actions, common)
    register_period(actions, common)


def _register_remind(actions, common) -> None:
    p = command(
        actions,
        "remind",
        remind_command,
        help="nhắc cán bộ các đơn vị trong cây chưa gửi báo cáo kỳ (thông báo trong hệ thống, e-mail nếu có SMTP)",
        parents=[common],
        epilog=(
            "Cần quyền duyệt báo cáo trên đơn vị (cấp trên). Mỗi đơn vị được nhắc một lần mỗi ngày: chạy lại trong "
            "ngày không gửi thêm, nên chạy được từ cron (không có --as: quyền người vận hành, toàn hệ thống).\n"
            "ví dụ:\n  quanlyhoi --as tinh_nct_hn reports remind --unit NCT.01 --period 2025-H2\n"
            "  quanlyhoi reports remind --unit NCT.01 --period 2025-H2 --only NCT.01.00004 NCT.01.00008 --json"
        ),
    )
    _unit_and_period(p)
    p.add_argument("--only", nargs="+", metavar="CODE", default=[], help="chỉ nhắc các đơn vị này")


def remind_command(args) -> int:
    from quanlyhoi.reporting.services.periods import period_for
    from quanlyhoi.reporting.services.reminders import remind

    unit, period = get_unit(args.actor, args.unit), period_for(args.period)
    done = remind(actor=args.actor, unit=unit, period=period, codes=args.only)
    if args.json:
        emit_json(done)
        return 0
    say(f"{unit.code}, kỳ {period.code}: {done['units']} đơn vị chưa gửi báo cáo; "
        f"{done['notified']} thông báo mới, {done['already']} đơn vị đã được nhắc trong ngày.")  # fmt: skip
    if done["without_officer"]:
        say(f"Không có tài khoản cán bộ để nhắc: {', '.join(done['without_officer'])}")
    return 0


def _register_excel(actions, common) -> None:
    p = command(
        actions,
        "form",
        form_command,
        help="tải mẫu Excel của báo cáo đơn vị (lập báo cáo nếu chưa có) để điền",
        parents=[common],
        epilog="ví dụ:\n  quanlyhoi --as xa_nct_badinh reports form --unit NCT.01.00004 --period 2025-H2 -o bc.xlsx",
    )
    p.add_argument("--unit", metavar="CODE", required=True, help="đơn vị báo cáo")
    p.add_argument("--period", metavar="KỲ", required=True, help="mã kỳ báo cáo, ví dụ 2025-H2")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="tệp .xlsx sẽ ghi")
    p = command(
        actions,
        "upload",
        upload_command,
        help="nộp các mẫu Excel đã điền (mỗi tệp vào báo cáo của đơn vị đó)",
        parents=[common],
        epilog=(
            "Mỗi tệp được kiểm tra như khi nhập trên web; tệp bị từ chối không làm thay đổi gì. Mã thoát 0 khi mọi "
            "tệp được nhận, 1 khi có tệp bị từ chối.\nví dụ:\n  quanlyhoi reports upload bao-cao-*.xlsx --json"
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="các tệp .xlsx đã điền")
    add_json(p)


def form_command(args) -> int:
    from pathlib import Path

    from quanlyhoi.reporting import excel
    from quanlyhoi.reporting.models import Submission
    from quanlyhoi.reporting.services import submissions
    from quanlyhoi.reporting.services.periods import period_for

    unit = get_unit(args.actor, args.unit)
    period = period_for(args.period)
    report = Submission.objects.restrict(args.actor, "view").filter(unit=unit, period=period).first()
    if report is None:
        report = submissions.start(actor=args.actor, unit=unit, period=period)
    Path(args.output).write_bytes(excel.form_workbook(report))
    say(f"Đã ghi mẫu báo cáo {unit.code} kỳ {period.code} (phiên bản {report.version}) vào {args.output}")
    return 0


def upload_command(args) -> int:
    from pathlib import Path

    from quanlyhoi.core.errors import DomainError
    from quanlyhoi.reporting import excel

    files = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise DomainError("no_file", f"Không có tệp {name}.")
        files.append((path.name, path.read_bytes()))
    results = excel.upload_many(actor=args.actor, files=files)
    if args.json:
        emit_json(results)
    else:
        table([[r["file"], r["unit"], "đã nhận" if r["ok"] else r["message"]] for r in results], ["Tệp", "Đơn vị", ""])
    return 0 if all(r["ok"] for r in results) else 1


def _unit_and_period(p) -> None:
    p.add_argument("--unit", metavar="CODE", required=True, help="cả cây của đơn vị này, ví dụ NCT.01")
    _period(p)


def _period(p) -> None:
    p.add_argument("--period", metavar="KỲ", required=True, help="mã kỳ báo cáo, ví dụ 2025-H2")
    add_json(p)


def status_command(args) -> int:
    from quanlyhoi.reporting.queries import completeness
    from quanlyhoi.reporting.services.periods import period_for

    unit = get_unit(args.actor, args.unit)
    period = period_for(args.period)
    result = completeness(args.actor, unit, period)
    if args.json:
        emit_json(result.as_dict())
        return 0
    counts = result.counts()
    say(f"{unit.code} {unit.name}, kỳ {period.code} (số liệu từ {vn(period.starts_on)} đến {vn(period.ends_on)})")
    say(f"Phải nộp {counts['expected']}, đã nhận {counts['received']} (đã duyệt {counts['approved']}), "
        f"đúng hạn {counts['on_time']}, muộn {counts['late']}, còn thiếu {counts['missing']}")  # fmt: skip
    say()
    rows = [
        [r.code, r.name, STATE_VI.get(r.state, r.state), _day(r.due_on), _day(r.submitted_on), "muộn" if r.late else ""]
        for r in result.rows
    ]
    table(rows, ["Đơn vị", "Tên", "Trạng thái", "Hạn nộp", "Ngày gửi", ""])
    return 0


def _day(day) -> str:
    return vn(day) if day else ""


def rollup_command(args) -> int:
    from quanlyhoi.reporting.rollup import rollup
    from quanlyhoi.reporting.services.periods import period_for

    if args.associations:
        return _by_association(args, period_for(args.period))
    unit = get_unit(args.actor, args.unit)
    result = rollup(args.actor, unit, period_for(args.period), args.template, predecessors=args.with_predecessors)
    if args.json:
        emit_json(result.as_dict())
        return 0
    say(f"{unit.code} {unit.name}, kỳ {result.period.code}, mẫu {result.template.code}: "
        f"{result.reports} báo cáo được tính")  # fmt: skip
    rows = [
        [f.code + (f" ({f.key})" if f.key else ""), f.name, _number(f.value), f.unit_of_measure] for f in result.figures
    ]
    table(rows, ["Chỉ tiêu", "Tên", "Số liệu", "Đơn vị tính"])
    return 0


def _number(value) -> str:
    if value is None:
        return ""
    whole = value == value.to_integral_value()
    text = f"{value:,.0f}" if whole else f"{value:,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")  # 1.234.567 and 12,5, the Vietnamese way


# The figures the per-association table shows (the JSON has every one).
TABLE_INDICATORS = ("HV_TONG", "HV_MOI", "HV_KHOKHAN", "NL_TIEN")


def _by_association(args, period) -> int:
    from quanlyhoi.reporting.rollup import by_association

    table_rows = by_association(args.actor, period, args.template)
    if args.json:
        emit_json([r.as_dict() for r in table_rows])
        return 0
    say(f"Kỳ {period.code}, mẫu {args.template}: {len(table_rows)} hội")
    rows = []
    for r in table_rows:
        totals = {f.code: f.value for f in r.figures if not f.key}
        rows.append([r.association.code, r.reports, *(_number(totals.get(code)) for code in TABLE_INDICATORS)])
    table(rows, ["Hội", "Báo cáo", *TABLE_INDICATORS])
    return 0
