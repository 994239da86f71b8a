"""Shared by the command modules: output (text and --json), object lookups through the scoping choke point,
area codes, and the options every data command takes."""

from __future__ import annotations

import argparse
import datetime
import json
import sys

from quanlyhoi.core.errors import DomainError, NotFound

AREA_HELP = (
    "Mã địa bàn: mã hiện hành từ 01/7/2025 (tỉnh 2 chữ số như 01, xã 5 chữ số như 00004); "
    "mã tỉnh cũ (63 tỉnh) ghi thêm tiền tố legacy:, ví dụ legacy:02; '-' là bỏ địa bàn."
)


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON (cho kịch bản, máy đọc)")


def _default(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def emit_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")


def table(rows: list[list], headers: list[str]) -> None:
    """A plain aligned table (Vietnamese text is precomposed, so one character is one column)."""
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    say("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    say("  ".join("-" * w for w in widths))
    for row in cells:
        say("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


KIND_VI = {
    "create": "thành lập",
    "rename": "đổi tên",
    "move": "chuyển",
    "merge": "hợp nhất",
    "split": "chia tách",
    "dissolve": "giải thể",
}


def vn(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


# ---------------------------------------------------------------------------------------------------------
# Lookups. Everything an actor names goes through `.restrict(actor)`: missing and out of scope look the same.


def get_unit(actor, code: str, *, what: str = "đơn vị"):
    from quanlyhoi.orgs.models import Unit

    code = (code or "").strip().upper()
    unit = Unit.objects.restrict(actor, "view").select_related("association", "level", "area").filter(code=code).first()
    if unit is None:
        raise NotFound(f"Không tìm thấy {what} {code}.")
    return unit


def get_association(actor, code: str):
    from quanlyhoi.orgs.models import Association

    code = (code or "").strip().upper()
    association = Association.objects.restrict(actor, "view").filter(code=code).first()
    if association is None:
        raise NotFound(f"Không tìm thấy hội {code}.")
    return association


def get_level(association, code: str):
    from quanlyhoi.orgs.models import UnitLevel

    levels = list(UnitLevel.objects.filter(association=association).order_by("rank"))
    for level in levels:
        if level.code == (code or "").strip().lower():
            return level
    names = ", ".join(f"{lvl.code} ({lvl.name})" for lvl in levels)
    raise DomainError(
        "unknown_level", f"Hội {association.code} không có cấp '{code}'. Các cấp: {names}.", field="level"
    )


def get_area(code: str | None):
    """'-' -> None (no area); 'legacy:02' -> an old province; otherwise a current (2025) area. Whether the area
    fits the unit's level is the service's check."""
    from quanlyhoi.geo.models import AdminArea

    text = (code or "").strip()
    if text == "-":
        return None
    generation = AdminArea.Generation.CURRENT
    if text.lower().startswith("legacy:"):
        generation, text = AdminArea.Generation.LEGACY, text[len("legacy:") :].strip()
    area = AdminArea.objects.filter(generation=generation, code=text).order_by("level").first()
    if area is None:
        kind = "trước 01/7/2025" if generation == AdminArea.Generation.LEGACY else "hiện hành"
        hint = "" if generation == AdminArea.Generation.LEGACY else " (mã tỉnh cũ: thêm tiền tố legacy:)"
        raise DomainError("unknown_area", f"Không có địa bàn {kind} mã '{text}'{hint}.", field="area")
    return area


def get_actor_user(username: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=(username or "").strip(), is_active=True).first()
    if user is None:
        raise NotFound(f"Không tìm thấy người dùng {username} (hoặc tài khoản đã bị khoá).")
    return user


def parse_day(text: str | None, *, field: str = "date", required: bool = False):
    from quanlyhoi.core.dates import parse_date

    return parse_date(text, field=field, required=required)


def command(
    actions,
    name: str,
    handler,
    *,
    help: str,
    parents=(),
    description: str | None = None,
    epilog=None,
    operator_only: bool = False,
) -> argparse.ArgumentParser:
    """Add one leaf command; the handler gets the parsed args (with `args.actor` and `args.parser`)."""
    parser = actions.add_parser(
        name,
        help=help,
        description=description or help[:1].upper() + help[1:] + ".",
        epilog=epilog,
        parents=list(parents),
    )
    parser.set_defaults(handler=handler, operator_only=operator_only, parser=parser)
    return parser
