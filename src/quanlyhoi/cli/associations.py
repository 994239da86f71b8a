"""associations levels | level-set | level-delete | levels-reorder: the levels of an association's tree."""

from __future__ import annotations

from quanlyhoi.cli.common import add_json, command, emit_json, get_association, say, table
from quanlyhoi.cli.parsing import positive_int
from quanlyhoi.core.errors import DomainError

AREA_CHOICES = {"province": "province", "commune": "commune", "none": ""}
LEVELS_HELP = """cấp của hội: mỗi hội có các cấp riêng (mặc định central, province, commune, branch, group);
thứ bậc 1 là cấp cao nhất, đơn vị cấp trên luôn ở cấp có thứ bậc nhỏ hơn đơn vị trực thuộc.
Chỉ quản trị hệ thống và quản trị của hội được sửa các cấp."""


def register(groups, common) -> None:
    group = groups.add_parser(
        "associations",
        help="các hội: cấu hình các cấp của hội",
        description="Các hội quần chúng và cấu hình của từng hội.",
        epilog=LEVELS_HELP,
    )
    actions = group.add_subparsers(dest="action", metavar="<thao tác>", title="thao tác", required=True)

    p = command(
        actions,
        "levels",
        levels,
        help="các cấp của một hội, từ cao xuống thấp",
        parents=[common],
        epilog="ví dụ:\n  quanlyhoi associations levels NCT --json",
    )
    p.add_argument("code", metavar="CODE", help="mã hội, ví dụ NCT")
    add_json(p)

    p = command(
        actions,
        "level-set",
        level_set,
        help="thêm một cấp hoặc sửa tên, thứ bậc, cấp địa bàn của một cấp",
        description=(
            "Thêm cấp LEVELCODE cho hội (nếu chưa có; cần --name) hoặc sửa cấp đã có. Mã cấp không sửa được.\n"
            "Thêm cấp không ghi --rank thì cấp mới đứng dưới cấp thấp nhất hiện có."
        ),
        parents=[common],
        epilog=(
            "ví dụ:\n"
            "  quanlyhoi associations level-set NCT nhom --name 'Nhóm hội viên' --area none\n"
            "  quanlyhoi associations level-set NCT group --name 'Tổ hội viên'\n\n" + LEVELS_HELP
        ),
    )
    p.add_argument("code", metavar="CODE", help="mã hội, ví dụ NCT")
    p.add_argument("level", metavar="LEVELCODE", help="mã cấp: chữ cái không dấu, chữ số, dấu gạch dưới")
    p.add_argument("--name", help="tên cấp, ví dụ 'Chi hội'")
    p.add_argument("--rank", type=positive_int, metavar="N", help="thứ bậc (1 là cấp cao nhất)")
    p.add_argument(
        "--area",
        choices=list(AREA_CHOICES),
        help="cấp địa bàn hành chính của đơn vị thuộc cấp này: province, commune, none (không gắn)",
    )
    add_json(p)

    p = command(actions, "level-delete", level_delete, help="xoá một cấp chưa từng có đơn vị nào", parents=[common])
    p.add_argument("code", metavar="CODE", help="mã hội, ví dụ NCT")
    p.add_argument("level", metavar="LEVELCODE", help="mã cấp")

    p = command(
        actions,
        "levels-reorder",
        levels_reorder,
        help="sắp xếp lại thứ tự các cấp (thứ bậc thành 1, 2, 3… theo thứ tự ghi)",
        parents=[common],
        epilog=(
            "ví dụ (đổi chỗ hai cấp cuối):\n"
            "  quanlyhoi associations levels-reorder NCT central province commune group branch"
        ),
    )
    p.add_argument("code", metavar="CODE", help="mã hội, ví dụ NCT")
    p.add_argument("levels", metavar="LEVELCODE", nargs="+", help="mã mọi cấp của hội, mỗi mã một lần, từ cao xuống")
    add_json(p)


def _area_label(has_area: str) -> str:
    from quanlyhoi.geo.models import AdminArea

    return str(AdminArea.Level(has_area).label) if has_area else "—"


def _rows(actor, association) -> list[dict]:
    from django.db.models import Count

    from quanlyhoi.orgs.models import Unit, UnitLevel

    counts = dict(
        Unit.objects.restrict(actor, "view")
        .filter(association=association, valid_to__isnull=True)
        .order_by()
        .values_list("level_id")
        .annotate(n=Count("id"))
    )
    return [
        {"code": lvl.code, "name": lvl.name, "rank": lvl.rank, "has_area": lvl.has_area, "units": counts.get(lvl.pk, 0)}
        for lvl in UnitLevel.objects.filter(association=association).order_by("rank")
    ]


def _print(association, rows: list[dict]) -> None:
    say(f"Các cấp của hội {association.code} {association.name}:")
    table(
        [[r["rank"], r["code"], r["name"], _area_label(r["has_area"]), r["units"]] for r in rows],
        ["Thứ bậc", "Mã", "Tên", "Địa bàn", "Đơn vị hiện có"],
    )


def levels(args) -> int:
    association = get_association(args.actor, args.code)
    rows = _rows(args.actor, association)
    if args.json:
        emit_json({"association": association.code, "levels": rows})
        return 0
    _print(association, rows)
    return 0


def _find(association, code: str):
    from quanlyhoi.orgs.models import UnitLevel
    from quanlyhoi.orgs.services.levels import level_code

    return UnitLevel.objects.filter(association=association, code=level_code(code)).first()


def level_set(args) -> int:
    from quanlyhoi.orgs.services import level_save

    association = get_association(args.actor, args.code)
    level = _find(association, args.level)
    data = {}
    if args.name is not None:
        data["name"] = args.name
    if args.rank is not None:
        data["rank"] = args.rank
    if args.area is not None:
        data["has_area"] = AREA_CHOICES[args.area]
    if level is None:
        if "name" not in data:
            raise DomainError(
                "name_required", f"Hội {association.code} chưa có cấp {args.level}: ghi --name để thêm.", field="name"
            )
        saved = level_save(actor=args.actor, association=association, data={"code": args.level, **data})
        message = f"Đã thêm cấp {saved.code} ({saved.name}) cho hội {association.code}, thứ bậc {saved.rank}."
    else:
        if not data:
            raise DomainError("nothing_to_change", "Không có gì để sửa: ghi --name, --rank hoặc --area.")
        saved = level_save(actor=args.actor, association=association, level=level, data=data)
        message = f"Đã lưu cấp {saved.code} ({saved.name}) của hội {association.code}, thứ bậc {saved.rank}."
    if args.json:
        emit_json({"code": saved.code, "name": saved.name, "rank": saved.rank, "has_area": saved.has_area})
        return 0
    say(message)
    return 0


def level_delete(args) -> int:
    from quanlyhoi.orgs.services import level_delete as delete

    association = get_association(args.actor, args.code)
    level = _find(association, args.level)
    if level is None:
        raise DomainError("unknown_level", f"Hội {association.code} không có cấp {args.level}.", status=404)
    name, code = level.name, level.code
    delete(actor=args.actor, association=association, level=level)
    say(f"Đã xoá cấp {code} ({name}) của hội {association.code}.")
    return 0


def levels_reorder(args) -> int:
    from quanlyhoi.orgs.services import levels_reorder as reorder

    association = get_association(args.actor, args.code)
    reorder(actor=args.actor, association=association, codes=args.levels)
    rows = _rows(args.actor, association)
    if args.json:
        emit_json({"association": association.code, "levels": rows})
        return 0
    _print(association, rows)
    return 0
