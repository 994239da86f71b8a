"""units restructure create | rename | move | merge | split | dissolve: thin wrappers over
orgs.services.restructuring; --preview runs the real operation and rolls it back."""

from __future__ import annotations

import argparse

from quanlyhoi.cli.common import (
    AREA_HELP,
    add_json,
    command,
    emit_json,
    get_area,
    get_association,
    get_level,
    get_unit,
    parse_day,
    say,
)
from quanlyhoi.core.errors import DomainError

BASIS_HELP = (
    """ngày: dd/mm/yyyy hoặc yyyy-mm-dd. Ngày hiệu lực phải sau lần thay đổi gần nhất của đơn vị.
"""
    + AREA_HELP
)


def _basis_options(common) -> argparse.ArgumentParser:
    basis = argparse.ArgumentParser(add_help=False, parents=[common])
    group = basis.add_argument_group("căn cứ và cách chạy")
    group.add_argument("--date", required=True, metavar="NGÀY", help="ngày có hiệu lực (bắt buộc)")
    group.add_argument("--decision-number", default="", metavar="SỐ", help="số quyết định, văn bản")
    group.add_argument("--decision-date", metavar="NGÀY", help="ngày ký quyết định")
    group.add_argument("--note", default="", help="ghi chú")
    group.add_argument("--preview", action="store_true", help="chỉ xem trước kết quả, không ghi gì")
    add_json(group)
    return basis


def part(text: str) -> tuple[str, str | None]:
    """'NAME[:AREACODE]' (the area code may itself be legacy:NN)."""
    name, sep, area = text.partition(":")
    if not name.strip():
        raise argparse.ArgumentTypeError(f"'{text}' thiếu tên; dạng đúng là \"TÊN[:MÃ ĐỊA BÀN]\"")
    if sep and not area.strip():
        raise argparse.ArgumentTypeError(f"'{text}' thiếu mã địa bàn sau dấu ':'")
    return name.strip(), (area.strip() or None)


def assignment(text: str) -> tuple[str, int]:
    """'CHILDCODE=PARTNUMBER', part numbers from 1."""
    code, sep, number = text.partition("=")
    if not sep or not code.strip() or not number.strip().isdigit() or int(number) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' không đúng dạng MÃ_ĐƠN_VỊ=SỐ_THỨ_TỰ_PHẦN (số từ 1)")
    return code.strip(), int(number)


def member_assignment(text: str) -> tuple[str, int]:
    """'MEMBERNUMBER=PARTNUMBER', part numbers from 1."""
    number, sep, part = text.partition("=")
    if not sep or not number.strip() or not part.strip().isdigit() or int(part) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' không đúng dạng SỐ_THẺ=SỐ_THỨ_TỰ_PHẦN (số từ 1)")
    return number.strip(), int(part)


def register_into(parser, common) -> None:
    basis = _basis_options(common)
    actions = parser.add_subparsers(dest="operation", metavar="<thao tác>", title="thao tác", required=True)

    p = command(
        actions,
        "create",
        create,
        help="thành lập đơn vị mới",
        parents=[basis],
        epilog=BASIS_HELP
        + "\n\nví dụ:\n  quanlyhoi units restructure create --parent NCT.01 --level commune --name 'Hội NCT phường"
        " Ba Đình' --area 00004 --date 01/08/2025",
    )
    p.add_argument("--association", metavar="CODE", help="mã hội (không cần khi có --parent)")
    p.add_argument("--level", required=True, metavar="LEVELCODE", help="mã cấp: central, province, commune, …")
    p.add_argument("--name", required=True, help="tên đơn vị")
    p.add_argument("--parent", metavar="CODE", help="mã đơn vị cấp trên")
    p.add_argument("--area", metavar="AREACODE", help="mã địa bàn")
    p.add_argument("--code", help="mã đơn vị tự đặt (mặc định tự sinh từ cấp trên và địa bàn)")

    p = command(actions, "rename", rename, help="đổi tên (và địa bàn) đơn vị", parents=[basis], epilog=BASIS_HELP)
    p.add_argument("code", metavar="CODE", help="mã đơn vị đổi tên")
    p.add_argument("--name", required=True, help="tên mới")
    p.add_argument("--area", metavar="AREACODE", help="địa bàn mới (không ghi: giữ nguyên)")

    p = command(
        actions,
        "move",
        move,
        help="chuyển đơn vị (cùng cả cây trực thuộc) sang cấp trên khác",
        parents=[basis],
        epilog=BASIS_HELP,
    )
    p.add_argument("code", metavar="CODE", help="mã đơn vị chuyển đi")
    p.add_argument("--to", required=True, metavar="PARENTCODE", help="mã đơn vị cấp trên mới")

    p = command(
        actions,
        "merge",
        merge,
        help="hợp nhất nhiều đơn vị vào một đơn vị có sẵn hoặc một đơn vị mới",
        parents=[basis],
        epilog=BASIS_HELP
        + "\n\nví dụ:\n  quanlyhoi units restructure merge NCT.02 --into NCT.08 --name 'Hội NCT tỉnh Tuyên Quang'"
        " --date 01/07/2025\n  quanlyhoi units restructure merge NCT.01.00004 NCT.01.00008 --new-name 'Hội NCT"
        " phường Ba Đình' --new-area 00004 --date 01/01/2026",
    )
    p.add_argument("sources", nargs="+", metavar="CODE", help="các đơn vị bị hợp nhất")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--into", metavar="EXISTING", help="đơn vị có sẵn nhận hợp nhất")
    target.add_argument("--new-name", metavar="NAME", help="tên đơn vị mới lập để nhận hợp nhất")
    p.add_argument("--name", help="(với --into) tên mới của đơn vị nhận")
    p.add_argument("--area", metavar="AREACODE", help="(với --into) địa bàn mới của đơn vị nhận")
    p.add_argument("--new-area", metavar="AREACODE", help="(với --new-name) địa bàn của đơn vị mới")
    p.add_argument("--parent", metavar="CODE", help="(với --new-name) cấp trên của đơn vị mới; mặc định như đơn vị đầu")
    p.add_argument("--code", help="(với --new-name) mã tự đặt cho đơn vị mới")

    p = command(
        actions,
        "split",
        split,
        help="chia tách một đơn vị thành nhiều đơn vị mới",
        parents=[basis],
        epilog=BASIS_HELP
        + "\n\nMỗi đơn vị trực thuộc đang hoạt động phải được giao cho một phần bằng --assign (phần đánh số từ 1)."
        "\n\nví dụ:\n  quanlyhoi units restructure split NCT.01.00004 --part 'Hội NCT phường Ba Đình:00004'"
        " \\\n      --part 'Hội NCT phường Ngọc Hà:00008' --assign NCT.01.00004.001=1 --date 01/01/2026",
    )
    p.add_argument("code", metavar="CODE", help="mã đơn vị bị chia tách")
    p.add_argument(
        "--part",
        dest="parts",
        action="append",
        required=True,
        type=part,
        metavar='"NAME[:AREACODE]"',
        help="một đơn vị mới (lặp lại cho mỗi phần)",
    )
    p.add_argument(
        "--assign",
        dest="assignments",
        action="append",
        default=[],
        type=assignment,
        metavar="CHILDCODE=N",
        help="đơn vị trực thuộc CHILDCODE chuyển về phần số N",
    )
    members = p.add_argument_group("phân bổ hội viên (mặc định theo địa bàn cư trú)")
    members.add_argument(
        "--members-by",
        choices=("area", "mapping"),
        default="area",
        help="area: theo địa bàn cư trú của hội viên; mapping: chỉ theo danh sách (--member, --members-file)",
    )
    members.add_argument(
        "--member",
        dest="member_assignments",
        action="append",
        default=[],
        type=member_assignment,
        metavar="NUMBER=N",
        help="hội viên số thẻ NUMBER chuyển về phần số N (ưu tiên hơn địa bàn)",
    )
    members.add_argument(
        "--members-file", metavar="FILE", help="tệp CSV hoặc Excel: cột 1 số thẻ hội viên, cột 2 số thứ tự phần"
    )
    members.add_argument(
        "--members-default", type=int, metavar="N", help="phần số N nhận những hội viên không phân bổ được"
    )

    p = command(
        actions,
        "dissolve",
        dissolve,
        help="giải thể đơn vị (đơn vị trực thuộc phải chuyển đi trước)",
        parents=[basis],
        epilog=BASIS_HELP,
    )
    p.add_argument("code", metavar="CODE", help="mã đơn vị giải thể")


def _basis(args):
    from quanlyhoi.orgs.services import Basis

    return Basis(
        effective_date=parse_day(args.date, field="date", required=True),
        decision_number=args.decision_number or "",
        decision_date=parse_day(args.decision_date, field="decision_date"),
        note=args.note or "",
    )


def _report(args, outcome) -> int:
    if args.json:
        emit_json(outcome.as_dict())
        return 0
    if outcome.preview:
        say("XEM TRƯỚC (chưa ghi gì vào cơ sở dữ liệu):")
    else:
        say(f"Đã ghi sự kiện số {outcome.event_id}: {outcome.summary}")
    for line in outcome.lines:
        say(f"  {line}")
    return 0


def create(args) -> int:
    from quanlyhoi.orgs.services import NewUnit, unit_create

    basis = _basis(args)
    parent = get_unit(args.actor, args.parent, what="đơn vị cấp trên") if args.parent else None
    if args.association:
        association = get_association(args.actor, args.association)
    elif parent is not None:
        association = parent.association
    else:
        args.parser.error("cần --association (mã hội) khi không có --parent")
    if parent is not None and parent.association_id != association.pk:
        raise DomainError("different_association", f"Đơn vị cấp trên {parent.code} không thuộc hội {association.code}.")
    level = get_level(association, args.level)
    area = get_area(args.area) if args.area else None
    spec = NewUnit(name=args.name, area=area, code=args.code, parent=parent)
    outcome = unit_create(
        actor=args.actor, association=association, level=level, spec=spec, basis=basis, preview=args.preview
    )
    return _report(args, outcome)


def rename(args) -> int:
    from quanlyhoi.orgs.services import unit_rename

    basis = _basis(args)
    unit = get_unit(args.actor, args.code)
    area = get_area(args.area) if args.area else ...
    outcome = unit_rename(actor=args.actor, unit=unit, name=args.name, area=area, basis=basis, preview=args.preview)
    return _report(args, outcome)


def move(args) -> int:
    from quanlyhoi.orgs.services import unit_move

    basis = _basis(args)
    unit = get_unit(args.actor, args.code)
    new_parent = get_unit(args.actor, args.to, what="đơn vị cấp trên")
    outcome = unit_move(actor=args.actor, unit=unit, new_parent=new_parent, basis=basis, preview=args.preview)
    return _report(args, outcome)


def merge(args) -> int:
    from quanlyhoi.orgs.services import NewUnit, units_merge

    if args.into and (args.new_area or args.parent or args.code):
        args.parser.error("--new-area, --parent và --code chỉ dùng với --new-name")
    if args.new_name and (args.name or args.area):
        args.parser.error("--name và --area chỉ dùng với --into; đơn vị mới dùng --new-name, --new-area")
    basis = _basis(args)
    sources = [get_unit(args.actor, code) for code in args.sources]
    if args.into:
        target = get_unit(args.actor, args.into, what="đơn vị nhận hợp nhất")
        area = get_area(args.area) if args.area else ...
        outcome = units_merge(
            actor=args.actor,
            sources=sources,
            target=target,
            target_name=args.name,
            target_area=area,
            basis=basis,
            preview=args.preview,
        )
    else:
        parent = get_unit(args.actor, args.parent, what="đơn vị cấp trên") if args.parent else None
        area = get_area(args.new_area) if args.new_area else None
        spec = NewUnit(name=args.new_name, area=area, code=args.code, parent=parent)
        outcome = units_merge(actor=args.actor, sources=sources, new_target=spec, basis=basis, preview=args.preview)
    return _report(args, outcome)


def split(args) -> int:
    from quanlyhoi.orgs.services import NewUnit, unit_split

    basis = _basis(args)
    source = get_unit(args.actor, args.code)
    parts = [NewUnit(name=name, area=get_area(area) if area else None) for name, area in args.parts]
    children: dict[int, int] = {}
    for code, number in args.assignments:
        if number > len(parts):
            raise DomainError("split_children", f"Không có phần số {number}: chỉ có {len(parts)} phần (--part).")
        children[get_unit(args.actor, code, what="đơn vị trực thuộc").pk] = number - 1
    outcome = unit_split(
        actor=args.actor,
        source=source,
        parts=parts,
        children=children,
        options=_members_option(args, source, len(parts)),
        basis=basis,
        preview=args.preview,
    )
    return _report(args, outcome)


def _members_option(args, source, parts: int) -> dict:
    """--members-by, --member, --members-file and --members-default as unit_split's options (parts from 1)."""
    from pathlib import Path

    from quanlyhoi.members.services.restructure import read_mapping_file, split_members_option

    numbers: dict[str, int] = {}
    if args.members_file:
        path = Path(args.members_file)
        if not path.is_file():
            raise DomainError("file_not_found", f"Không có tệp {args.members_file}.")
        numbers.update(read_mapping_file(path.name, path.read_bytes()))
    numbers.update(dict(args.member_assignments))
    for number in [*numbers.values(), *([args.members_default] if args.members_default is not None else [])]:
        if not 1 <= number <= parts:
            raise DomainError("split_members_mapping", f"Không có phần số {number}: chỉ có {parts} phần (--part).")
    default = args.members_default - 1 if args.members_default is not None else None
    mapping = {key: number - 1 for key, number in numbers.items()}
    return split_members_option(source=source, by=args.members_by, mapping=mapping, default=default)


def dissolve(args) -> int:
    from quanlyhoi.orgs.services import unit_dissolve

    basis = _basis(args)
    unit = get_unit(args.actor, args.code)
    return _report(args, unit_dissolve(actor=args.actor, unit=unit, basis=basis, preview=args.preview))
