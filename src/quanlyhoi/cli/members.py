"""The `members` group: import, export, search, stats, and the lifecycle of one member."""

from __future__ import annotations

from quanlyhoi.cli import members_imports, members_lists, members_people, members_stats


def register(groups, common) -> None:
    group = groups.add_parser(
        "members",
        help="hội viên: nhập từ tệp, xuất, tìm kiếm, thống kê",
        description="Hội viên: nhập từ tệp Excel/CSV, xuất danh sách, tìm kiếm, thống kê.",
    )
    actions = group.add_subparsers(dest="action", metavar="<thao tác>", title="thao tác", required=True)
    for module in (members_imports, members_lists, members_people, members_stats):
        module.register_into(actions, common)
