"""`quanlyhoi members stats`: member statistics as of a date for a unit's subtree or a whole association, or the
distinct people across associations. The same query module as the web page and the API (members.stats)."""

from __future__ import annotations

from quanlyhoi.cli.common import add_json, command, emit_json, parse_day, say, table, vn

STATUS_VI = {
    "active": "đang sinh hoạt",
    "suspended": "tạm ngừng sinh hoạt",
    "left": "đã thôi sinh hoạt",
    "deceased": "đã từ trần",
    "transferred": "đã chuyển đi",
}
SEX_VI = {"M": "nam", "F": "nữ", "unknown": "chưa ghi"}


def register_into(actions, common) -> None:
    """Adds `stats` to the `members` group."""
    p = command(
        actions,
        "stats",
        stats_command,
        help="thống kê hội viên tại một ngày: theo trạng thái, giới tính, tuổi, loại, hoàn cảnh, đơn vị trực thuộc",
        parents=[common],
        epilog=(
            "Tính theo cây tổ chức của chính ngày được hỏi (sau sáp nhập, hội viên thuộc đơn vị nhận từ ngày hiệu "
            "lực). --people: số người khác nhau trên mọi hội (chỉ cơ quan theo dõi, quản trị hệ thống).\n"
            "ví dụ:\n  quanlyhoi members stats --unit NCT.01 --as-of 31/12/2025 --from 01/01/2025 --to 31/12/2025\n"
            "  quanlyhoi members stats --association NCT --json"
        ),
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--unit", metavar="CODE", help="cả cây của đơn vị này, ví dụ NCT.01")
    target.add_argument("--association", metavar="CODE", help="toàn hội, ví dụ NCT (cần quyền trên cả hội)")
    target.add_argument("--people", action="store_true", help="số người khác nhau trên mọi hội")
    p.add_argument("--as-of", metavar="NGÀY", help="tính tại ngày (dd/mm/yyyy; mặc định hôm nay)")
    p.add_argument("--from", dest="start", metavar="NGÀY", help="kỳ vào hội, thôi hội: từ ngày")
    p.add_argument("--to", dest="end", metavar="NGÀY", help="kỳ: đến ngày")
    add_json(p)


def stats_command(args) -> int:
    from quanlyhoi.core.dates import today
    from quanlyhoi.members import stats

    day = parse_day(args.as_of, field="as_of") or today()
    if args.people:
        data = stats.distinct_people(actor=args.actor, as_of=day)
        if args.json:
            emit_json(data)
        else:
            _print_people(data)
        return 0
    period = stats.period_of(parse_day(args.start, field="from"), parse_day(args.end, field="to"))
    unit, association = stats.resolve(args.actor, unit_code=args.unit, association_code=args.association)
    result = stats.member_stats(actor=args.actor, unit=unit, association=association, as_of=day, period=period)
    if args.json:
        emit_json(result.as_dict())
    else:
        _print(result)
    return 0


def _print(result) -> None:
    what = f"{result.unit.code} {result.unit.name}" if result.unit else f"{result.association.code} (toàn hội)"
    say(f"{what}, tại ngày {vn(result.as_of)}")
    if not result.existed:
        say("Đơn vị không hoạt động vào ngày này.")
    say(f"Hội viên: {result.members} (tạm ngừng {result.by_status['suspended']}); từ 60 tuổi: {result.elderly}; "
        f"có hoàn cảnh: {result.in_need}")  # fmt: skip
    if result.movement:
        m = result.movement
        say(f"Từ {vn(m.start)} đến {vn(m.end)}: vào hội {m.joined}, thôi hội {m.left['left']}, "
            f"từ trần {m.left['deceased']}, chuyển đi {m.left['transferred']}")  # fmt: skip
    say()
    table([[STATUS_VI.get(code, code), n] for code, n in result.by_status.items()], ["Trạng thái", "Số"])
    say()
    table([[SEX_VI.get(code, code), n] for code, n in result.by_sex.items()], ["Giới tính", "Số"])
    say()
    table([["chưa ghi" if code == "unknown" else code, n] for code, n in result.by_age_band.items()],
          ["Nhóm tuổi", "Số"])  # fmt: skip
    say()
    table([[f.label, f.count] for f in result.by_type], ["Loại hội viên", "Số"])
    say()
    table([[f.label, f.count] for f in result.by_need], ["Diện hoàn cảnh", "Số"])
    if result.children:
        say()
        rows = [[c.code, f"{c.name} (trực tiếp)" if c.direct else c.name, c.members] for c in result.children]
        table(rows, ["Đơn vị", "Tên", "Hội viên"])


def _print_people(data: dict) -> None:
    say(f"Tại ngày {vn(data['as_of'])}: {data['memberships']} hội viên của các hội, {data['people']} người khác nhau "
        f"({data['people_without_id_number']} hồ sơ không có số CCCD/CMND, mỗi hồ sơ tính một người).")  # fmt: skip
    say()
    table([[a["code"], a["name"], a["members"]] for a in data["by_association"]], ["Hội", "Tên", "Hội viên"])
