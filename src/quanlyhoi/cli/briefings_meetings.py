"""`quanlyhoi briefings list|show|create|attach`: the briefings and their documents (the follow-up commands are
in briefings_follow_up). The same services and scoping as the API (api/briefings.py, whose JSON shapes --json
prints)."""

from __future__ import annotations

from pathlib import Path

from quanlyhoi.cli.common import add_json, command, emit_json, parse_day, say, table, vn

STATE_VI = {
    "not_started": "chưa thực hiện",
    "in_progress": "đang thực hiện",
    "done": "xong, chờ nghiệm thu",
    "accepted": "đã nghiệm thu",
    "cancelled": "đã huỷ",
    "overdue": "quá hạn",
}
STEP_VI = {
    "progress": "báo cáo tiến độ",
    "done": "báo cáo hoàn thành",
    "accept": "nghiệm thu",
    "return": "trả lại",
    "cancel": "huỷ",
    "pass_down": "giao tiếp xuống",
}
FILE_KIND_VI = {"minutes": "biên bản", "conclusion": "kết luận", "other": "tài liệu khác"}
PRIORITY_VI = {"high": "cao", "normal": "bình thường", "low": "thấp"}
STEPS = ("progress", "done", "accept", "return", "cancel")


def register(actions, common) -> None:
    _register_meetings(actions, common)


def _register_meetings(actions, common) -> None:
    p = command(
        actions,
        "list",
        list_command,
        help="các cuộc giao ban trong phạm vi của mình",
        parents=[common],
        epilog=("ví dụ:\n  quanlyhoi briefings list\n  quanlyhoi --as hoi_nct briefings list --association NCT --json"),
    )
    p.add_argument("--kind", help="loại: semiannual, annual, thematic, ad_hoc")
    p.add_argument("--association", metavar="CODE", help="chỉ các cuộc có hội này tham dự hoặc triệu tập")
    add_json(p)
    p = command(
        actions,
        "show",
        show_command,
        help="một cuộc giao ban: thành phần, kết luận, tài liệu, các nhiệm vụ đã giao",
        parents=[common],
        epilog="Chỉ hiện các nhiệm vụ giao trong phạm vi của mình.\nví dụ:\n  quanlyhoi briefings show 12 --json",
    )
    p.add_argument("id", type=int, metavar="ID", help="số hiệu cuộc giao ban (cột ID của briefings list)")
    add_json(p)
    p = command(
        actions,
        "create",
        create_command,
        help="ghi nhận một cuộc giao ban (của cơ quan theo dõi, hoặc giao ban nội bộ của một đơn vị)",
        parents=[common],
        epilog=(
            "Không có --unit: giao ban của cơ quan theo dõi với các hội (cần quyền của cơ quan theo dõi). "
            "Có --unit: giao ban nội bộ của đơn vị với các đơn vị trực thuộc.\nví dụ:\n"
            "  quanlyhoi --as giamsat briefings create --title 'Giao ban 6 tháng cuối năm 2025' --date 15/01/2026 "
            "--association NCT CTD --period 2025-H2 --place 'Hà Nội' --conclusion-file ket-luan.pdf\n"
            "  quanlyhoi --as tinh_nct_hn briefings create --title 'Giao ban quý I' --date 10/04/2026 --unit NCT.01 "
            "--kind thematic"
        ),
    )
    p.add_argument("--title", required=True, help="tên cuộc giao ban")
    p.add_argument("--date", required=True, metavar="NGÀY", help="ngày họp (dd/mm/yyyy)")
    p.add_argument("--kind", default="semiannual", help="semiannual (mặc định), annual, thematic, ad_hoc")
    p.add_argument("--unit", metavar="CODE", help="đơn vị triệu tập (giao ban nội bộ)")
    p.add_argument("--association", nargs="+", default=[], metavar="CODE", help="các hội tham dự")
    p.add_argument("--period", metavar="KỲ", help="kỳ báo cáo được xem xét, ví dụ 2025-H2")
    p.add_argument("--place", default="", help="địa điểm")
    p.add_argument("--chair", default="", help="người chủ trì")
    p.add_argument("--participants", default="", help="thành phần tham dự")
    p.add_argument("--agenda", default="", help="nội dung, chương trình")
    p.add_argument("--conclusion", default="", help="nội dung kết luận")
    p.add_argument("--conclusion-file", metavar="FILE", help="tệp thông báo kết luận (đính kèm)")
    p.add_argument("--minutes-file", metavar="FILE", help="tệp biên bản (đính kèm)")
    add_json(p)
    p = command(
        actions,
        "attach",
        attach_command,
        help="đính kèm tài liệu vào một cuộc giao ban",
        parents=[common],
        epilog="ví dụ:\n  quanlyhoi --as giamsat briefings attach 12 bien-ban.pdf phu-luc.xlsx --kind minutes",
    )
    p.add_argument("id", type=int, metavar="ID", help="số hiệu cuộc giao ban")
    p.add_argument("files", nargs="+", metavar="FILE", help="các tệp đính kèm (tối đa 20 MB mỗi tệp)")
    p.add_argument("--kind", default="other", help="minutes (biên bản), conclusion (kết luận), other (mặc định)")


# --- helpers ----------------------------------------------------------------------------------------------


def read_files(names: list[str]) -> list[tuple[str, bytes]]:
    """(name, bytes) of the files given on the command line; a missing or oversized one is refused first."""
    from quanlyhoi.briefings import files as stored
    from quanlyhoi.core.errors import DomainError

    out = []
    for name in names:
        path = Path(name)
        if not path.is_file():
            raise DomainError("no_file", f"Không có tệp {name}.", field="files")
        if path.stat().st_size > stored.MAX_FILE:
            raise DomainError("too_big", f"Tệp {name} lớn hơn 20 MB.", field="files")
        out.append((path.name, path.read_bytes()))
    return out


def state_text(row: dict) -> str:
    return STATE_VI.get(row["status"], row["status"])


def progress_text(row: dict) -> str:
    rolled = row["rolled_progress"]
    return f"{row['progress']}%" + (f" (cấp dưới {rolled}%)" if rolled is not None else "")


def assignment_rows(rows: list[dict]) -> None:
    table(
        [[r["id"], r["unit"] or r["department"], r["directive_title"], vn(r["due_on"]), state_text(r), progress_text(r),
          r["version"]] for r in rows],
        ["ID", "Nơi được giao", "Nhiệm vụ", "Hạn", "Trạng thái", "Tiến độ", "Phiên bản"],
    )  # fmt: skip


# --- briefings --------------------------------------------------------------------------------------------


def list_command(args) -> int:
    from quanlyhoi.api.briefings_rows import briefing_row, briefings_listed

    found = [briefing_row(b) for b in briefings_listed(args.actor, kind=args.kind, association=args.association)]
    if args.json:
        emit_json(found)
        return 0
    table(
        [[b["id"], vn(b["held_on"]), b["title"], b["unit"] or "cơ quan theo dõi", ", ".join(b["associations"])]
         for b in found],
        ["ID", "Ngày", "Tên", "Triệu tập", "Hội tham dự"],
    )  # fmt: skip
    return 0


def _show(data: dict) -> None:
    say(f"Cuộc giao ban số {data['id']}: {data['title']} (phiên bản {data['version']})")
    say(f"Ngày {vn(data['held_on'])}" + (f", tại {data['place']}" if data["place"] else "")
        + (f", chủ trì: {data['chair']}" if data["chair"] else ""))  # fmt: skip
    say(f"Triệu tập: {data['unit'] or 'cơ quan theo dõi'}; hội tham dự: {', '.join(data['associations']) or '-'}")
    if data["period"]:
        say(f"Kỳ báo cáo được xem xét: {data['period']}")
    for label, key in (("Thành phần", "participants"), ("Nội dung", "agenda"), ("Kết luận", "conclusion")):
        if data[key]:
            say(f"{label}: {data[key]}")
    for f in data["files"]:
        say(f"Tài liệu {f['id']}: {f['name']} ({FILE_KIND_VI.get(f['kind'], f['kind'])}, {f['size']} byte)")
    for d in data["directives"]:
        say()
        due = f", hạn {vn(d['due_on'])}" if d["due_on"] else ""
        say(f"Nhiệm vụ {d['id']}: {d['title']} (ưu tiên {PRIORITY_VI.get(d['priority'], d['priority'])}{due})")
        assignment_rows(d["assignments"])


def show_command(args) -> int:
    from quanlyhoi.api.briefings_rows import briefing_detail, visible_briefing

    data = briefing_detail(args.actor, visible_briefing(args.actor, args.id))
    if args.json:
        emit_json(data)
    else:
        _show(data)
    return 0


def create_command(args) -> int:
    from django.db import transaction

    from quanlyhoi.api.briefings_rows import briefing_detail, visible_briefing
    from quanlyhoi.briefings.services.meetings import attach, create_briefing
    from quanlyhoi.cli.common import get_association, get_unit
    from quanlyhoi.reporting.services.periods import period_for

    held_on = parse_day(args.date, field="held_on", required=True)
    unit = get_unit(args.actor, args.unit) if args.unit else None
    associations = [get_association(args.actor, code) for code in args.association]
    period = period_for(args.period) if args.period else None
    attached = [(kind, read_files([name])) for kind, name in (("conclusion", args.conclusion_file),
                                                               ("minutes", args.minutes_file)) if name]  # fmt: skip
    with transaction.atomic():  # the briefing and its documents, or nothing
        made = create_briefing(
            actor=args.actor, unit=unit, associations=associations, period=period, kind=args.kind, title=args.title,
            held_on=held_on, place=args.place, chair=args.chair, participants=args.participants, agenda=args.agenda,
            conclusion=args.conclusion,
        )  # fmt: skip
        for kind, files in attached:
            attach(actor=args.actor, briefing=made, kind=kind, files=files)
    if args.json:
        emit_json(briefing_detail(args.actor, visible_briefing(args.actor, made.pk)))
    else:
        say(f"Đã ghi nhận cuộc giao ban số {made.pk}: {made.title} ({vn(made.held_on)}).")
    return 0


def attach_command(args) -> int:
    from quanlyhoi.api.briefings_rows import visible_briefing
    from quanlyhoi.briefings.services.meetings import attach

    found = visible_briefing(args.actor, args.id)
    made = attach(actor=args.actor, briefing=found, kind=args.kind, files=read_files(args.files))
    say(f"Đã đính kèm {len(made)} tệp vào cuộc giao ban số {found.pk}: {', '.join(f.name for f in made)}.")
    return 0
