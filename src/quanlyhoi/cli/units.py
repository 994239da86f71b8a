"""units tree | show | list | merger-2025 (and the `units restructure` group, filled in by restructure.py)."""

from __future__ import annotations

from quanlyhoi.cli.common import (
    KIND_VI,
    add_json,
    command,
    emit_json,
    get_association,
    get_unit,
    parse_day,
    say,
    table,
    vn,
)
from quanlyhoi.cli.parsing import positive_int
from quanlyhoi.core.errors import DomainError


def register(groups, common):
    """Adds the `units` group; returns the `units restructure` parser, which restructure.py fills in."""
    group = groups.add_parser(
        "units", help="cây tổ chức: xem, tìm, sắp xếp đơn vị", description="Cây tổ chức các cấp hội."
    )
    actions = group.add_subparsers(dest="action", metavar="<thao tác>", title="thao tác", required=True)

    p = command(
        actions,
        "tree",
        tree,
        help="cây đơn vị trực thuộc tại một ngày",
        parents=[common],
        epilog="ví dụ:\n  quanlyhoi units tree NCT --as-of 30/06/2025 --depth 1",
    )
    p.add_argument("code", metavar="CODE", help="mã đơn vị gốc, ví dụ NCT hoặc NCT.01")
    p.add_argument("--as-of", metavar="NGÀY", help="ngày xem cây, dd/mm/yyyy hoặc yyyy-mm-dd (mặc định hôm nay)")
    p.add_argument("--depth", type=positive_int, metavar="N", help="chỉ lấy N cấp dưới đơn vị gốc")
    add_json(p)

    p = command(actions, "show", show, help="thông tin một đơn vị, các giai đoạn và quan hệ kế thừa", parents=[common])
    p.add_argument("code", metavar="CODE", help="mã đơn vị, ví dụ NCT.01.00004")
    add_json(p)

    p = command(
        actions,
        "list",
        list_units,
        help="tìm và liệt kê đơn vị",
        parents=[common],
        epilog=(
            "ví dụ:\n  quanlyhoi units list --association NCT --level province\n  quanlyhoi units list --q 'ba dinh'"
        ),
    )
    p.add_argument("--association", metavar="CODE", help="mã hội, ví dụ NCT")
    p.add_argument("--level", metavar="LEVEL", help="mã cấp: central, province, commune, branch, group")
    p.add_argument("--q", metavar="TEXT", help="tìm theo tên (không cần dấu) hoặc đầu mã")
    p.add_argument("--area", metavar="AREACODE", help="mã địa bàn")
    p.add_argument("--within", metavar="CODE", help="chỉ trong cây của đơn vị CODE")
    p.add_argument("--include-ended", action="store_true", help="gồm cả đơn vị đã chấm dứt (hợp nhất, giải thể…)")
    p.add_argument("--limit", type=positive_int, metavar="N", help="in nhiều nhất N dòng")
    add_json(p)

    p = command(
        actions,
        "merger-2025",
        merger_2025,
        help="sắp xếp cấp tỉnh của một hội theo 34 tỉnh, thành mới (01/7/2025)",
        description=(
            "Hợp nhất các hội cấp tỉnh theo đơn vị hành chính cấp tỉnh mới từ 01/7/2025 (Hướng dẫn 05/HD-MTTW-BTT).\n"
            "Không có --apply: chỉ xem trước, không ghi gì. Có --apply: ghi các sự kiện hợp nhất, đổi tên."
        ),
        parents=[common],
    )
    p.add_argument("association", metavar="ASSOCIATIONCODE", help="mã hội, ví dụ NCT")
    p.add_argument("--apply", action="store_true", help="thực hiện (mặc định chỉ xem trước)")
    p.add_argument("--decision-number", default="", help="số văn bản (mặc định 05/HD-MTTW-BTT)")
    p.add_argument("--note", default="", help="ghi chú")
    add_json(p)

    return actions.add_parser(
        "restructure",
        help="thành lập, đổi tên, chuyển, hợp nhất, chia tách, giải thể đơn vị",
        description="Sắp xếp tổ chức: mỗi thao tác ghi một sự kiện có ngày hiệu lực và căn cứ; --preview để xem trước.",
    )


def tree(args) -> int:
    from quanlyhoi.core.dates import today
    from quanlyhoi.orgs.queries import nest, tree_rows

    unit = get_unit(args.actor, args.code)
    day = parse_day(args.as_of, field="as_of") or today()
    rows = tree_rows(args.actor, unit, day, max_depth=args.depth)
    if not rows:
        raise DomainError("not_on_date", f"Đơn vị {unit.code} không hoạt động vào ngày {vn(day)}.", status=404)
    if args.json:
        emit_json({"root": unit.code, "as_of": day, "count": len(rows), "tree": nest(rows)[0].as_dict()})
        return 0
    say(f"Cây tổ chức {unit.code} ngày {vn(day)} ({len(rows)} đơn vị):")
    for node in rows:
        extra = f"  [{node.level}" + (f"; {node.area}]" if node.area else "]")
        say(f"{'  ' * node.depth}{node.code}  {node.name}{extra}")
    return 0


def _unit_ref(unit) -> dict | None:
    return {"code": unit.code, "name": unit.name} if unit is not None else None


def show(args) -> int:
    from quanlyhoi.orgs.models import Unit
    from quanlyhoi.orgs.queries import lineage, periods

    unit = get_unit(args.actor, args.code)
    visible = Unit.objects.restrict(args.actor, "view")
    history = [
        {
            "valid_from": p.valid_from,
            "valid_to": p.valid_to,
            "name": p.name,
            "parent": p.parent.code if p.parent_id else None,
            "area": p.area.label if p.area_id else None,
            "event": (
                {"kind": p.event.kind, "summary": p.event.summary, "decision_number": p.event.decision_number}
                if p.event_id
                else None
            ),
        }
        for p in periods(unit)
    ]
    links = lineage(unit, actor=args.actor)
    related = {
        side: [
            {
                "code": e["unit"].code,
                "name": e["unit"].name,
                "kind": e["event"].kind,
                "effective_date": e["event"].effective_date,
                "via": e["via"].code,
            }
            for e in entries
        ]
        for side, entries in links.items()
    }
    children = list(visible.filter(parent=unit, valid_to__isnull=True).order_by("code").values_list("code", flat=True))
    parent = visible.filter(pk=unit.parent_id).first() if unit.parent_id else None
    data = {
        "code": unit.code,
        "name": unit.name,
        "association": {"code": unit.association.code, "name": unit.association.name},
        "level": {"code": unit.level.code, "name": unit.level.name},
        "area": {"code": unit.area.code, "name": unit.area.name, "generation": unit.area.generation}
        if unit.area_id
        else None,
        "parent": _unit_ref(parent),
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "active": unit.valid_to is None,
        "contact": {"address": unit.address, "phone": unit.phone, "email": unit.email, "note": unit.note},
        "children": children,
        "periods": history,
        **related,
    }
    if args.json:
        emit_json(data)
        return 0
    say(f"{unit.code}  {unit.name}")
    say(f"  Hội:        {unit.association.code} {unit.association.name}")
    say(f"  Cấp:        {unit.level.name}")
    say(f"  Địa bàn:    {unit.area.label if unit.area_id else '—'}")
    say(f"  Trực thuộc: {parent if parent else '—'}")
    ended = f", chấm dứt từ {vn(unit.valid_to)}" if unit.valid_to else ", đang hoạt động"
    say(f"  Hiệu lực:   từ {vn(unit.valid_from)}{ended}")
    for label, key in (("Địa chỉ", "address"), ("Điện thoại", "phone"), ("Thư điện tử", "email"), ("Ghi chú", "note")):
        if data["contact"][key]:
            say(f"  {label}: {data['contact'][key]}")
    if children:
        say(f"  Đơn vị trực thuộc ({len(children)}): {', '.join(children[:20])}{' …' if len(children) > 20 else ''}")
    say("Các giai đoạn:")
    for h in history:
        span = f"{vn(h['valid_from'])} – {vn(h['valid_to']) or 'nay'}"
        say(f"  {span}: {h['name']}; trực thuộc {h['parent'] or '—'}; địa bàn {h['area'] or '—'}{_basis(h['event'])}")
    for side, label in (("predecessors", "Tiền thân"), ("successors", "Kế thừa bởi")):
        for r in related[side]:
            say(f"{label}: {r['code']} {r['name']} ({KIND_VI.get(r['kind'], r['kind'])}, {vn(r['effective_date'])})")
    return 0


def _basis(event: dict | None) -> str:
    if not event:
        return ""
    text = event["summary"] + (f"; {event['decision_number']}" if event["decision_number"] else "")
    return f"  ({text})"


def list_units(args) -> int:
    from quanlyhoi.orgs.filters import UnitFilter
    from quanlyhoi.orgs.models import Unit

    data = {
        "association": args.association or "",
        "level": (args.level or "").lower(),
        "q": args.q or "",
        "area": args.area or "",
        "subtree": args.within or "",
        "active": "" if args.include_ended else "true",
    }
    filterset = UnitFilter({k: v for k, v in data.items() if v}, queryset=Unit.objects.restrict(args.actor, "view"))
    if not filterset.is_valid():
        field, errors = next(iter(filterset.errors.items()))
        raise DomainError("bad_filter", f"Điều kiện lọc '{field}' không hợp lệ: {' '.join(errors)}", field=field)
    qs = filterset.qs.select_related("association", "level", "area", "parent").order_by("path")
    total = qs.count()
    units = list(qs[: args.limit] if args.limit is not None else qs)
    if args.json:
        emit_json(
            {
                "count": total,
                "units": [
                    {
                        "code": u.code,
                        "name": u.name,
                        "association": u.association.code,
                        "level": u.level.code,
                        "area": u.area.code if u.area_id else None,
                        "area_name": u.area.name if u.area_id else None,
                        "parent": u.parent.code if u.parent_id else None,
                        "valid_from": u.valid_from,
                        "valid_to": u.valid_to,
                    }
                    for u in units
                ],
            }
        )
        return 0
    if not units:
        say("Không có đơn vị nào khớp điều kiện (trong phạm vi bạn được xem).")
        return 0
    rows = [
        [u.code, u.name, u.level.name, u.area.name if u.area_id else "", vn(u.valid_to) if u.valid_to else ""]
        for u in units
    ]
    table(rows, ["Mã", "Tên", "Cấp", "Địa bàn", "Chấm dứt"])
    say(f"{total} đơn vị" + (f" (in {len(units)})." if len(units) < total else "."))
    return 0


def merger_2025(args) -> int:
    from quanlyhoi.orgs.services import merger2025

    association = get_association(args.actor, args.association)
    result = merger2025.apply(
        actor=args.actor,
        association=association,
        decision_number=args.decision_number,
        note=args.note,
        preview=not args.apply,
    )
    if args.json:
        emit_json(result.as_dict())
        return 0
    say(
        f"Đã sắp xếp cấp tỉnh của hội {association.code} từ ngày 01/07/2025:"
        if result.applied
        else f"XEM TRƯỚC (chưa ghi gì) — sắp xếp cấp tỉnh của hội {association.code} từ ngày 01/07/2025:"
    )
    for step in result.steps:
        what = (
            f"{', '.join(s.code for s in step.sources)} hợp nhất vào {step.target.code}"
            if step.sources
            else f"{step.target.code} chuyển sang địa bàn mới"
        )
        say(f"  {step.new_area.code} {step.new_area.name}: {what}; tên mới: {step.new_name}")
    say("Chi tiết:")
    for outcome in result.outcomes:
        for line in outcome.lines:
            say(f"  {line}")
    if not result.applied:
        say("Chạy lại với --apply để thực hiện.")
    return 0
