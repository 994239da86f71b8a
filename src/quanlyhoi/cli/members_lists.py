"""`quanlyhoi members search` and `quanlyhoi members export`: the member list from the command line.

The same FilterSet and masking as the web list and the API: with --as, only that user's scope and personal
data in clear only where that user may see it; without --as, the operator sees everything. Personal data
shown or exported in clear is audited.
"""

from __future__ import annotations

from pathlib import Path

from quanlyhoi.cli.common import add_json, command, emit_json, get_unit, parse_day, say, table, vn
from quanlyhoi.cli.parsing import positive_int
from quanlyhoi.core.errors import DomainError

SEARCH_LIMIT = 50
# The filter values are checked by the FilterSet after Django starts; the help lists them for the reader.
FILTERS_HELP = (
    "Trạng thái: active, suspended, left, deceased, transferred. Nhóm tuổi: under60, 60-69, 70-79, 80-89, 90+."
)


def register_into(actions, common) -> None:
    """Adds `search` and `export` to the `members` group."""
    p = command(
        actions,
        "search",
        search,
        help="tìm hội viên theo tên (không cần dấu), số CCCD/CMND, số điện thoại hoặc số thẻ",
        parents=[common],
        epilog=(
            "ví dụ:\n  quanlyhoi members search 'nguyen van a' --unit NCT.01\n  quanlyhoi members search 001050001234"
        ),
    )
    p.add_argument("text", metavar="TEXT", help="tên (từng từ, từ cuối có thể viết dở) hoặc đúng một số")
    p.add_argument("--unit", metavar="CODE", help="chỉ trong cây của đơn vị này, ví dụ NCT.01")
    p.add_argument("--limit", type=positive_int, default=SEARCH_LIMIT, metavar="N", help="in nhiều nhất N dòng")
    add_json(p)

    p = command(
        actions,
        "export",
        export_members,
        help="xuất danh sách hội viên đã lọc ra tệp CSV hoặc XLSX",
        parents=[common],
        epilog=(
            f"{FILTERS_HELP}\nĐịnh dạng theo đuôi tệp: .csv (UTF-8 có BOM, mở được bằng Excel) hoặc .xlsx.\n"
            "ví dụ:\n  quanlyhoi members export --unit NCT.01 --status active --age-band 80-89 -o hoi-vien.xlsx"
        ),
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="tệp kết quả, đuôi .csv hoặc .xlsx")
    p.add_argument("--unit", metavar="CODE", help="chỉ trong cây của đơn vị này")
    p.add_argument("-q", "--q", dest="q", metavar="TEXT", help="tìm theo tên hoặc số (như lệnh search)")
    p.add_argument("--status", action="append", metavar="STATUS", help="trạng thái (lặp lại được)")
    p.add_argument("--sex", metavar="SEX", help="giới tính: nam hoặc nữ")
    p.add_argument("--age-band", metavar="BAND", help="nhóm tuổi")
    p.add_argument("--type", metavar="CODE", help="mã loại hội viên, ví dụ official")
    p.add_argument("--need", metavar="CODE", help="mã diện hoàn cảnh đang có, ví dụ difficult")
    p.add_argument("--joined-from", metavar="NGÀY", help="vào hội từ ngày (dd/mm/yyyy)")
    p.add_argument("--joined-to", metavar="NGÀY", help="vào hội đến ngày (dd/mm/yyyy)")
    add_json(p)


def _filterset(args, data: dict):
    from quanlyhoi.members.filters import filtered

    unit = None
    if args.unit:
        unit = get_unit(args.actor, args.unit)  # an unknown or unseen unit is an error here, not an empty list
        data["unit"] = unit.code
    return filtered(args.actor, data), unit


def search(args) -> int:
    from quanlyhoi.members.masking import audit_personal_access, personal_annotation, personal_values

    filterset, unit = _filterset(args, {"q": args.text})
    found = list(filterset.listing().annotate(personal_visible=personal_annotation(args.actor))[: args.limit + 1])
    more, found = len(found) > args.limit, found[: args.limit]
    items = []
    for m in found:
        personal = personal_values(m.person, unmasked=m.personal_visible)
        birth = personal["birth"]
        items.append(
            {
                "id": m.pk,
                "member_number": m.member_number,
                "full_name": m.person.full_name,
                "birth": vn(birth) if hasattr(birth, "strftime") else birth,
                "sex": m.person.sex,
                "unit": m.unit.code,
                "status": m.status,
                "phone": personal["phone"],
                "id_number": personal["id_number"],
            }
        )
    clear = sum(1 for m in found if m.personal_visible)
    if clear:
        audit_personal_access(
            args.actor,
            action="member.view_personal",
            rows=clear,
            filters=filterset.describe(),
            unit=unit,
            message=f"Xem dữ liệu cá nhân của {clear} hội viên khi tìm kiếm bằng dòng lệnh",
        )
    if args.json:
        emit_json({"query": args.text, "count": len(items), "more": more, "items": items})
        return 0
    if not items:
        say("Không tìm thấy hội viên nào.")
        return 0
    headers = ["Số thẻ", "Họ và tên", "Sinh", "Giới", "Đơn vị", "Trạng thái", "Điện thoại", "CCCD/CMND"]
    from quanlyhoi.members.models import MemberStatus

    sexes = {"M": "Nam", "F": "Nữ"}
    statuses = {value: str(label) for value, label in MemberStatus.choices}
    table(
        [
            [
                i["member_number"],
                i["full_name"],
                i["birth"],
                sexes.get(i["sex"], ""),
                i["unit"],
                statuses.get(i["status"], i["status"]),
                i["phone"],
                i["id_number"],
            ]
            for i in items
        ],  # fmt: skip
        headers,
    )
    if more:
        say(f"(còn nữa; chỉ in {args.limit} dòng đầu, dùng --limit để in thêm)")
    return 0


def export_members(args) -> int:
    from quanlyhoi.members import cleaning, export

    path = Path(args.output)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in export.FORMATS:
        raise DomainError("bad_format", f"Tệp xuất '{path.name}' phải có đuôi .csv hoặc .xlsx.", field="output")
    data = {
        "q": args.q,
        "status": args.status,
        "age_band": args.age_band,
        "type": args.type,
        "need": args.need,
        "joined_from": parse_day(args.joined_from, field="joined_from"),
        "joined_to": parse_day(args.joined_to, field="joined_to"),
    }
    if args.sex:
        try:
            data["sex"] = cleaning.sex(args.sex)
        except cleaning.CleanError as exc:
            raise DomainError("bad_sex", str(exc), field="sex") from None
    filterset, unit = _filterset(args, {k: v for k, v in data.items() if v not in (None, "", [])})
    filters = filterset.describe()
    clear = export.audit_export(args.actor, filterset.qs, fmt=fmt, filters=filters, unit=unit)
    counted = _Counter(export.rows(filterset.qs, args.actor))
    writer = export.write_csv if fmt == "csv" else export.write_xlsx
    writer(counted, path)
    if args.json:
        emit_json({"file": str(path), "format": fmt, "rows": counted.count, "personal_rows": clear, "filters": filters})
        return 0
    note = f"; {clear} dòng có dữ liệu cá nhân, đã ghi nhật ký" if clear else "; dữ liệu cá nhân đã được che"
    say(f"Đã xuất {counted.count} hội viên ra {path}{note}.")
    return 0


class _Counter:
    """Passes rows through while counting them (the export never holds the whole list)."""

    def __init__(self, rows):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row
