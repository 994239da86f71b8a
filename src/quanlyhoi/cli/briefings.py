"""The `briefings` group: briefings, their directives and the follow-up (the same services as the web pages and
the API). Each part of the group lives in its own module and adds its commands here."""

from __future__ import annotations


def register(groups, common) -> None:
    group = groups.add_parser(
        "briefings",
        help="giao ban: cuộc họp, kết luận, nhiệm vụ được giao và theo dõi thực hiện",
        description="Giao ban: cuộc họp, kết luận, nhiệm vụ được giao và theo dõi thực hiện.",
    )
    actions = group.add_subparsers(dest="action", metavar="<thao tác>", title="thao tác", required=True)
    from quanlyhoi.cli import briefings_follow_up, briefings_meetings, briefings_remind

    briefings_meetings.register(actions, common)
    briefings_follow_up.register(actions, common)
    briefings_remind.register(actions, common)
