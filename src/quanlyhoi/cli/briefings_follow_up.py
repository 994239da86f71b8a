"""`quanlyhoi briefings directive|assignments|assignment|step|pass-down|board`: the directives a briefing
concludes and their follow-up. The same services and scoping as the API (api/briefings.py)."""

from __future__ import annotations

from quanlyhoi.cli.briefings_meetings import (
    STEP_VI,
    STEPS,
    assignment_rows,
    progress_text,
    read_files,
    state_text,
)
from quanlyhoi.cli.common import add_json, command, emit_json, parse_day, say, table, vn


def register(actions, common) -> None:
    _register_directives(actions, common)


def _register_directives(actions, common) -> None:
    p = command(
        actions,
        "directive",
        directive_command,
        help="giao một nhiệm vụ (kết luận) của cuộc giao ban cho các hội, đơn vị, ban",
        parents=[common],
        epilog=(
            "--assign nhận mã hội (giao cho cơ quan trung ương hội) hoặc mã đơn vị; --department chỉ dùng cho "
            "giao ban của cơ quan theo dõi. Nhiệm vụ định kỳ (--recurrence quarter, half, year) cần hạn lần đầu.\n"
            "ví dụ:\n  quanlyhoi --as giamsat briefings directive --briefing 12 --title 'Tăng cường tuyên truyền' "
            "--due 30/06/2026 --priority high --assign NCT CTD --department 'Ban Dân chủ - Pháp luật' "
            "--indicator TT_BUOI\n"
            "  quanlyhoi --as giamsat briefings directive --briefing 12 --title 'Báo cáo kết quả' --due 30/06/2026 "
            "--recurrence half --assign NCT"
        ),
    )
    p.add_argument("--briefing", type=int, required=True, metavar="ID", help="số hiệu cuộc giao ban")
    p.add_argument("--title", required=True, help="tên nhiệm vụ")
    p.add_argument("--content", default="", help="nội dung chi tiết")
    p.add_argument("--coordinator", default="", help="cơ quan, người chủ trì phối hợp")
    p.add_argument("--due", metavar="NGÀY", help="hạn hoàn thành (dd/mm/yyyy)")
    p.add_argument("--recurrence", default="", help="định kỳ: quarter (quý), half (6 tháng), year (năm)")
    p.add_argument("--priority", default="normal", help="mức ưu tiên: high, normal (mặc định), low")
    p.add_argument("--assign", nargs="+", default=[], metavar="CODE", help="mã các hội, đơn vị được giao")
    p.add_argument("--department", nargs="+", default=[], metavar="TÊN", help="các ban của cơ quan theo dõi")
    p.add_argument("--indicator", nargs="+", default=[], metavar="CODE", help="mã các chỉ tiêu theo dõi")
    add_json(p)
    p = command(
        actions,
        "assignments",
        assignments_command,
        help="các nhiệm vụ được giao trong phạm vi: trạng thái (có quá hạn), tiến độ",
        parents=[common],
        epilog=(
            "Trạng thái: not_started, in_progress, done (chờ nghiệm thu), accepted, cancelled, overdue (quá hạn mà "
            "chưa xong), soon (sắp đến hạn, trong 7 ngày).\n"
            "ví dụ:\n  quanlyhoi --as hoi_nct briefings assignments --mine\n"
            "  quanlyhoi briefings assignments --status overdue --association NCT --json"
        ),
    )
    p.add_argument("--mine", action="store_true", help="chỉ các nhiệm vụ mình phải báo cáo")
    p.add_argument("--status", help="lọc theo trạng thái")
    p.add_argument("--association", metavar="CODE", help="lọc theo hội được giao")
    p.add_argument("--department", metavar="TÊN", help="lọc theo ban của cơ quan theo dõi được giao")
    p.add_argument("--briefing", type=int, metavar="ID", help="lọc theo cuộc giao ban")
    add_json(p)
    p = command(
        actions,
        "assignment",
        assignment_command,
        help="một nhiệm vụ được giao: lịch sử báo cáo, minh chứng, các đơn vị cấp dưới",
        parents=[common],
        epilog="ví dụ:\n  quanlyhoi --as hoi_nct briefings assignment 31",
    )
    p.add_argument("id", type=int, metavar="ID", help="số hiệu nhiệm vụ được giao (cột ID của briefings assignments)")
    add_json(p)
    p = command(
        actions,
        "step",
        step_command,
        help="báo cáo tiến độ, hoàn thành (nơi được giao); nghiệm thu, trả lại, huỷ (nơi giao)",
        parents=[common],
        epilog=(
            "Bước: progress, done cần --text (đã làm gì); return, cancel cần --text (lý do).\nví dụ:\n"
            "  quanlyhoi --as hoi_nct briefings step 31 progress --text 'Đã tổ chức 12 buổi' --progress 60\n"
            "  quanlyhoi --as hoi_nct briefings step 31 done --text 'Hoàn thành' --file bao-cao.pdf anh.jpg\n"
            "  quanlyhoi --as giamsat briefings step 31 accept\n"
            "  quanlyhoi --as giamsat briefings step 31 return --text 'Thiếu minh chứng'"
        ),
    )
    p.add_argument("id", type=int, metavar="ID", help="số hiệu nhiệm vụ được giao")
    p.add_argument("step", choices=STEPS, metavar="BƯỚC", help="progress, done, accept, return hoặc cancel")
    p.add_argument("--text", default="", help="nội dung đã thực hiện, hoặc lý do trả lại, huỷ")
    p.add_argument("--progress", type=int, metavar="N", help="tiến độ (%%), 0-100")
    p.add_argument("--link", default="", help="đường dẫn tới báo cáo, văn bản làm minh chứng")
    p.add_argument("--file", nargs="+", default=[], metavar="FILE", help="tệp minh chứng")
    p.add_argument("--version", type=int, metavar="N", help="phiên bản đang xem (đã đổi thì bị từ chối)")
    add_json(p)
    p = command(
        actions,
        "pass-down",
        pass_down_command,
        help="giao tiếp nhiệm vụ của đơn vị mình cho các đơn vị trực thuộc (tiến độ cộng dồn lên)",
        parents=[common],
        epilog=(
            "Không có --unit: giao cho mọi đơn vị trực thuộc. Hạn của cấp dưới không muộn hơn hạn được giao.\n"
            "ví dụ:\n  quanlyhoi --as hoi_nct briefings pass-down 31 --unit NCT.01 NCT.08 --due 31/05/2026"
        ),
    )
    p.add_argument("id", type=int, metavar="ID", help="số hiệu nhiệm vụ được giao")
    p.add_argument("--unit", nargs="+", default=[], metavar="CODE", help="các đơn vị trực thuộc")
    p.add_argument("--due", metavar="NGÀY", help="hạn của cấp dưới (dd/mm/yyyy)")
    p.add_argument("--text", default="", help="ghi chú khi giao")
    add_json(p)
    p = command(
        actions,
        "board",
        board_command,
        help="bảng theo dõi nhiệm vụ theo từng hội: quá hạn, sắp đến hạn, tỷ lệ nghiệm thu",
        parents=[common],
        epilog="ví dụ:\n  quanlyhoi --as giamsat briefings board\n  quanlyhoi briefings board --json",
    )
    add_json(p)


def directive_command(args) -> int:
    from quanlyhoi.api.briefings_rows import assignments_in_scope, directive_row, visible_briefing
    from quanlyhoi.briefings.services.directives import create_directive

    briefing = visible_briefing(args.actor, args.briefing)
    made = create_directive(
        actor=args.actor, briefing=briefing, title=args.title, content=args.content, coordinator=args.coordinator,
        due_on=parse_day(args.due, field="due_on"), recurrence=args.recurrence, priority=args.priority,
        assignees=args.assign, departments=args.department, indicators=args.indicator,
    )  # fmt: skip
    data = directive_row(made, list(assignments_in_scope(args.actor).filter(directive=made).order_by("id")))
    if args.json:
        emit_json(data)
        return 0
    say(f"Đã giao nhiệm vụ {made.pk}: {made.title}")
    assignment_rows(data["assignments"])
    return 0


def assignments_command(args) -> int:
    from quanlyhoi.api.briefings_rows import assignment_row
    from quanlyhoi.briefings.queries import listing
    from quanlyhoi.cli.common import get_association
    from quanlyhoi.core.dates import today

    if args.association:
        get_association(args.actor, args.association)
    rows = listing(args.actor, mine_only=args.mine, status=args.status, association=args.association,
                   department=args.department, briefing=args.briefing)  # fmt: skip
    day = today()
    found = [assignment_row(a, day) for a in rows]
    if args.json:
        emit_json(found)
    else:
        assignment_rows(found)
    return 0


def _show_assignment(data: dict) -> None:
    from django.utils.timezone import localtime

    say(f"Nhiệm vụ được giao số {data['id']}: {data['directive_title']} (phiên bản {data['version']})")
    say(f"Cuộc giao ban {data['briefing']}: {data['briefing_title']}")
    say(f"Nơi được giao: {data['assignee']}" + (f" ({data['unit']})" if data["unit"] else ""))
    due = vn(data["due_on"]) or "không có"
    say(f"Hạn: {due}; trạng thái: {state_text(data)}; tiến độ: {progress_text(data)}")
    if data["reason"]:
        say(f"Lý do trả lại, huỷ: {data['reason']}")
    if data["children"]:
        say()
        say("Đã giao tiếp cho:")
        assignment_rows(data["children"])
    if data["updates"]:
        say()
        say("Lịch sử:")
    for u in data["updates"]:
        progress = f" {u['progress']}%" if u["progress"] is not None else ""
        when = f"{localtime(u['created_at']):%d/%m/%Y %H:%M}"
        say(f"  {when} {u['author']}: {STEP_VI.get(u['step'], u['step'])}{progress} - {u['text']}")
        for e in u["evidence"]:
            say(f"    minh chứng {e['id']}: {e['name']} ({e['size']} byte)")
        if u["link"]:
            say(f"    liên kết: {u['link']}")


def assignment_command(args) -> int:
    from quanlyhoi.api.briefings_rows import assignment_detail, visible_assignment

    data = assignment_detail(visible_assignment(args.actor, args.id))
    if args.json:
        emit_json(data)
    else:
        _show_assignment(data)
    return 0


def step_command(args) -> int:
    from quanlyhoi.api.briefings_rows import assignment_detail, visible_assignment
    from quanlyhoi.briefings.services.follow_up import step

    found = visible_assignment(args.actor, args.id)
    done = step(actor=args.actor, assignment=found, step=args.step, text=args.text, progress=args.progress,
                link=args.link, files=read_files(args.file), version=args.version)  # fmt: skip
    data = assignment_detail(visible_assignment(args.actor, done.pk))
    if args.json:
        emit_json(data)
    else:
        say(f"Đã {STEP_VI[args.step]} nhiệm vụ {done.pk}: nay {state_text(data)}, tiến độ {progress_text(data)} "
            f"(phiên bản {done.version}).")  # fmt: skip
    return 0


def pass_down_command(args) -> int:
    from quanlyhoi.api.briefings_rows import assignment_row, assignments_in_scope, visible_assignment
    from quanlyhoi.briefings.services.directives import pass_down

    found = visible_assignment(args.actor, args.id)
    made = pass_down(actor=args.actor, assignment=found, codes=args.unit, due_on=parse_day(args.due, field="due_on"),
                     text=args.text)  # fmt: skip
    made = assignments_in_scope(args.actor).filter(pk__in=[c.pk for c in made]).order_by("id")
    rows = [assignment_row(a) for a in made]
    if args.json:
        emit_json(rows)
        return 0
    say(f"Đã giao tiếp nhiệm vụ {found.pk} cho {len(rows)} đơn vị:")
    assignment_rows(rows)
    return 0


def board_command(args) -> int:
    from quanlyhoi.api.briefings_rows import board_row
    from quanlyhoi.briefings.queries import board

    rows = board(args.actor)
    if args.json:
        emit_json([board_row(r) for r in rows])
        return 0
    table(
        [[r.name, r.total, r.counts.get("overdue", 0), r.soon, r.counts.get("done", 0), f"{r.completion}%"]
         for r in rows],
        ["Hội, ban", "Số nhiệm vụ", "Quá hạn", "Sắp đến hạn", "Chờ nghiệm thu", "Đã nghiệm thu"],
    )  # fmt: skip
    return 0
