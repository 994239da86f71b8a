"""`quanlyhoi reports document`: the consolidated report of a period as an official DOCX (or its tables as
XLSX), a draft or numbered in the issuing body's register. The same service as the web page and the API."""

from __future__ import annotations

from quanlyhoi.cli.common import add_json, command, emit_json, get_unit, say


def register_document(actions, common) -> None:
    p = command(
        actions,
        "document",
        document_command,
        help="báo cáo tổng hợp của kỳ theo thể thức văn bản (DOCX) hoặc các biểu số liệu (XLSX)",
        parents=[common],
        epilog=(
            "Không có --issue: bản dự thảo, để trống số. --issue: cấp số tiếp theo trong sổ văn bản của cơ quan "
            "ban hành (theo năm) và lưu lại văn bản đã ban hành. --associations: báo cáo của cơ quan theo dõi về "
            "các hội.\nví dụ:\n  quanlyhoi --as hoi_nct reports document --unit NCT --period 2025-H2 -o bc.docx\n"
            "  quanlyhoi --as giamsat reports document --associations --period 2025-H2 --issue -o bc.docx\n"
            "  quanlyhoi reports document --unit NCT.01 --period 2025-H2 --format xlsx -o bieu.xlsx"
        ),
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--unit", metavar="CODE", help="đơn vị ban hành, báo cáo về cả cây của nó, ví dụ NCT")
    target.add_argument("--associations", action="store_true", help="báo cáo tổng hợp các hội (cơ quan theo dõi)")
    p.add_argument("--period", metavar="KỲ", required=True, help="mã kỳ báo cáo, ví dụ 2025-H2")
    p.add_argument("--format", choices=["docx", "xlsx"], default="docx", help="docx (mặc định) hoặc xlsx")
    p.add_argument("--issue", action="store_true", help="cấp số và lưu vào sổ văn bản")
    p.add_argument("--template", metavar="MÃ", default="BC-HQC", help="mẫu báo cáo (mặc định BC-HQC)")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="tệp sẽ ghi")
    add_json(p)


def document_command(args) -> int:
    from quanlyhoi.reporting.services.documents import consolidated_report
    from quanlyhoi.reporting.services.periods import period_for

    unit = get_unit(args.actor, args.unit) if args.unit else None
    period = period_for(args.period)
    made = consolidated_report(actor=args.actor, period=period, unit=unit, fmt=args.format, issue=args.issue,
                               template_code=args.template)  # fmt: skip
    return write_document(args, made)


def write_document(args, made, **extra) -> int:
    """Write a produced document to -o FILE and say what it is (a draft, or the number it was issued under)."""
    from pathlib import Path

    Path(args.output).write_bytes(made.data)
    registered = made.registered
    if args.json:
        emit_json({"file": args.output, "bytes": len(made.data), "format": args.format, **extra,
                   "reference": registered.reference if registered else None,
                   "id": registered.pk if registered else None})  # fmt: skip
    elif registered:
        say(f"Đã ban hành số {registered.reference} và ghi vào {args.output}")
    else:
        say(f"Đã ghi bản dự thảo (chưa cấp số) vào {args.output}")
    return 0
