"""`quanlyhoi members show | join | transfer | status | erase | personal-data`: one member from the command line.

A member is named by member number (or membership id) within an association. Personal data is masked unless
--personal is given and the user (--as) may see it; that viewing is audited, like the web page and the API."""

from __future__ import annotations

from pathlib import Path

from quanlyhoi.cli.common import add_json, command, emit_json, get_area, get_association, get_unit, parse_day, say, vn
from quanlyhoi.core.errors import DomainError, NotFound

STATUSES = ("active", "suspended", "left", "transferred", "deceased")


def register_into(actions, common) -> None:
    """Adds this module's actions to the `members` group."""
    p = command(
        actions,
        "show",
        show,
        help="xem một hội viên: dữ liệu cá nhân (che bớt), quá trình sinh hoạt, diện hoàn cảnh",
        parents=[common],
        epilog="ví dụ:\n  quanlyhoi members show NCT-BD-001 --association NCT",
    )
    _member_args(p)
    p.add_argument(
        "--personal", action="store_true", help="hiện đầy đủ dữ liệu cá nhân (nếu được phép; có ghi nhật ký)"
    )
    add_json(p)

    p = command(
        actions,
        "join",
        join,
        help="kết nạp hội viên mới vào một đơn vị",
        parents=[common],
        epilog=(
            "Dữ liệu được kiểm tra như khi nhập từ tệp: họ tên viết hoa chữ đầu, ngày sinh dd/mm/yyyy hoặc chỉ năm, "
            "CCCD khớp năm sinh và giới tính, số điện thoại chuẩn hoá.\n"
            "ví dụ:\n  quanlyhoi members join --unit NCT.01.00004 --name 'Phạm Thị Lan' --birth 1950 --sex nữ"
        ),
    )
    p.add_argument("--unit", required=True, metavar="CODE", help="mã đơn vị kết nạp")
    p.add_argument("--name", required=True, help="họ và tên")
    p.add_argument("--birth", metavar="NGÀY", help="ngày sinh (dd/mm/yyyy) hoặc năm sinh")
    p.add_argument("--sex", help="giới tính: nam hoặc nữ")
    p.add_argument("--cccd", metavar="SỐ", help="số CCCD (12 chữ số) hoặc CMND (9 chữ số)")
    p.add_argument("--phone", metavar="SỐ", help="số điện thoại")
    p.add_argument("--ethnicity", help="dân tộc")
    p.add_argument("--address", help="địa chỉ (xã được dò từ địa chỉ nếu không có --area)")
    p.add_argument("--area", metavar="AREACODE", help="mã xã hiện hành")
    p.add_argument("--joined", metavar="NGÀY", help="ngày vào hội (mặc định hôm nay)")
    p.add_argument("--number", metavar="SỐ", default="", help="số thẻ hội viên (mặc định hệ thống cấp)")
    p.add_argument("--type", metavar="CODE", default="", help="mã loại hội viên (mặc định official)")
    add_json(p)

    p = command(
        actions,
        "transfer",
        transfer,
        help="chuyển sinh hoạt hội viên sang đơn vị khác cùng hội",
        parents=[common],
        epilog=(
            "ví dụ:\n  quanlyhoi members transfer NCT-BD-001 --association NCT --to NCT.01.00004.001 --date 01/11/2025"
        ),
    )
    _member_args(p)
    p.add_argument("--to", required=True, metavar="CODE", help="mã đơn vị nhận")
    p.add_argument("--date", required=True, metavar="NGÀY", help="ngày chuyển")
    p.add_argument("--reason", default="", help="lý do")
    add_json(p)

    p = command(
        actions,
        "status",
        status,
        help="đổi trạng thái: tạm ngừng, sinh hoạt lại, thôi, chuyển đi, từ trần",
        parents=[common],
        epilog=(
            "--set: active (sinh hoạt lại), suspended (tạm ngừng), left (thôi sinh hoạt), transferred (chuyển ra "
            "ngoài hội), deceased (từ trần). Tạm ngừng, thôi, chuyển đi cần --reason.\n"
            "ví dụ:\n  quanlyhoi members status NCT-BD-001 --association NCT --set suspended --date 01/11/2025 "
            "--reason 'Đi xa'"
        ),
    )
    _member_args(p)
    p.add_argument("--set", required=True, dest="new_status", choices=STATUSES, help="trạng thái mới")
    p.add_argument("--date", required=True, metavar="NGÀY", help="ngày có hiệu lực")
    p.add_argument("--reason", default="", help="lý do")
    add_json(p)

    p = command(
        actions,
        "erase",
        erase,
        help="xoá dữ liệu cá nhân theo yêu cầu (giữ hồ sơ hội viên ẩn danh); không hoàn tác được",
        parents=[common],
        epilog="ví dụ:\n  quanlyhoi members erase NCT-BD-001 --association NCT --yes --reason 'Đơn ngày 01/11/2025'",
    )
    _member_args(p)
    p.add_argument("--yes", action="store_true", help="xác nhận xoá (bắt buộc)")
    p.add_argument("--reason", default="", help="yêu cầu, căn cứ")
    add_json(p)

    p = command(
        actions,
        "personal-data",
        personal_data,
        help="trích xuất toàn bộ dữ liệu về một người (theo yêu cầu của người đó), dạng JSON; có ghi nhật ký",
        parents=[common],
    )
    _member_args(p)
    p.add_argument("-o", "--output", metavar="FILE", help="ghi ra tệp (mặc định in ra màn hình)")


def _member_args(p) -> None:
    p.add_argument("member", metavar="NUMBER_OR_ID", help="số thẻ hội viên (hoặc mã hồ sơ)")
    p.add_argument("--association", required=True, metavar="CODE", help="mã hội")


def get_member(args):
    """The member by number (or id) within the association, through the scoping choke point."""
    from quanlyhoi.members.models import Membership

    association = get_association(args.actor, args.association)
    members = Membership.objects.restrict(args.actor, "view").filter(association=association)
    members = members.select_related("person__area", "unit", "type", "association")
    ref = args.member.strip()
    found = members.filter(member_number=ref).first()
    if found is None and ref.isdigit():
        found = members.filter(pk=int(ref)).first()
    if found is None:
        raise NotFound(f"Không tìm thấy hội viên {ref} của hội {association.code}.")
    return found


def _print(args, membership, *, unmasked: bool = False) -> int:
    from quanlyhoi.api.members_people import member_detail_data

    data = member_detail_data(membership, unmasked=unmasked)
    if args.json:
        emit_json(data)
        return 0
    birth = vn(data["birth_date"]) if data["birth_date"] else (data["birth_year"] or "")
    sex = {"M": "Nam", "F": "Nữ"}.get(data["sex"], "")
    rows = [
        ("Họ và tên", data["full_name"]),
        ("Số thẻ", data["member_number"]),
        ("Đơn vị", f"{data['unit']['code']} {data['unit']['name']}"),
        ("Trạng thái", f"{data['status']} từ {vn(data['status_since'])} {data['status_reason']}".strip()),
        ("Giới tính", sex),
        ("Ngày sinh", birth),
        ("CCCD/CMND", data["id_number"]),
        ("Điện thoại", data["phone"]),
        ("Địa chỉ", data["address"]),
    ]
    for label, value in rows:
        say(f"{label + ':':<12} {value}")
    if not unmasked:
        say("(dữ liệu cá nhân đã che bớt; thêm --personal để xem đầy đủ)")
    say("Quá trình sinh hoạt:")
    for p in data["periods"]:
        say(f"  {vn(p['valid_from'])} – {vn(p['valid_to']) or '…'}  {p['unit']}  {p['status']}  {p['reason']}".rstrip())
    for need in data["welfare_needs"]:
        say(
            f"Hoàn cảnh: {need['kind_name']} từ {vn(need['since'])}"
            + (f" đến {vn(need['until'])}" if need["until"] else "")
        )
    return 0


def show(args) -> int:
    from quanlyhoi.members.services.privacy import personal_data_view

    membership = get_member(args)
    if args.personal:
        membership.person = personal_data_view(actor=args.actor, membership=membership)
    return _print(args, membership, unmasked=args.personal)


def _reload(args, membership):
    args.member = str(membership.pk)
    return get_member(args)


def join(args) -> int:
    from quanlyhoi.core.dates import today
    from quanlyhoi.members.services._common import clean_person
    from quanlyhoi.members.services.lifecycle import member_join

    unit = get_unit(args.actor, args.unit)
    person = clean_person(
        full_name=args.name,
        birth=args.birth,
        sex=args.sex,
        id_number=args.cccd,
        phone=args.phone,
        ethnicity=args.ethnicity,
        address=args.address,
        area=get_area(args.area) if args.area else None,
    )
    membership = member_join(
        actor=args.actor,
        unit=unit,
        person=person,
        joined_on=parse_day(args.joined, field="joined") or today(),
        member_number=args.number,
        type_code=args.type,
    )
    if not args.json:
        say(f"Đã kết nạp hội viên {membership.member_number} vào {unit.code}.")
    args.association = unit.association.code
    return _print(args, _reload(args, membership)) if args.json else 0


def transfer(args) -> int:
    from quanlyhoi.members.services.lifecycle import member_transfer

    membership = get_member(args)
    unit = get_unit(args.actor, args.to, what="đơn vị nhận")
    day = parse_day(args.date, field="date", required=True)
    member_transfer(actor=args.actor, membership=membership, unit=unit, day=day, reason=args.reason)
    if not args.json:
        say(f"Đã chuyển hội viên {membership.member_number} sang {unit.code} từ ngày {vn(day)}.")
        return 0
    return _print(args, _reload(args, membership))


def status(args) -> int:
    from quanlyhoi.members.services.lifecycle import member_set_status

    membership = get_member(args)
    day = parse_day(args.date, field="date", required=True)
    member_set_status(actor=args.actor, membership=membership, status=args.new_status, day=day, reason=args.reason)
    if not args.json:
        say(f"Hội viên {membership.member_number}: trạng thái {args.new_status} từ ngày {vn(day)}.")
        return 0
    return _print(args, _reload(args, membership))


def erase(args) -> int:
    from quanlyhoi.members.services.privacy import person_erase

    if not args.yes:
        raise DomainError("confirm_required", "Xoá dữ liệu cá nhân không hoàn tác được: thêm --yes để xác nhận.")
    membership = get_member(args)
    person_erase(actor=args.actor, membership=membership, reason=args.reason)
    if not args.json:
        say(f"Đã xoá dữ liệu cá nhân của hội viên {membership.member_number}; hồ sơ hội viên giữ lại ẩn danh.")
        return 0
    return _print(args, _reload(args, membership))


def personal_data(args) -> int:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from quanlyhoi.members.services.privacy import person_data_export

    data = person_data_export(actor=args.actor, membership=get_member(args))
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        say(f"Đã ghi dữ liệu vào {args.output}.")
    else:
        say(text.rstrip("\n"))
    return 0
