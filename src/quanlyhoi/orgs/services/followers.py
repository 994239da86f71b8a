"""Apps whose rows live on units (memberships, later reports) follow a restructuring here.

A follower is called inside the operation's transaction, after the tree has changed and before the audit and
scope re-check, so a refusal rolls the whole operation back and a preview shows what the follower would do.
It is an explicit registry rather than a signal: the operation names the step, and bulk paths cannot skip it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from quanlyhoi.orgs.models import RestructuringEvent, Unit


@dataclass
class Change:
    """What an operation did to the tree, as a follower needs it."""

    event: RestructuringEvent
    day: datetime.date
    sources: list[Unit]  # units that end (merge, split, dissolve)
    target: Unit | None = None  # the merge's receiving unit
    parts: list[Unit] = field(default_factory=list)  # the split's new units, in the order given
    options: dict = field(default_factory=dict)  # per-follower choices, e.g. {"members": {...}}
    lines: list[str] = field(default_factory=list)  # followers add what they did, for the outcome


_followers: list[Callable[[Change], None]] = []


def register(fn: Callable[[Change], None]) -> None:
    if fn not in _followers:
        _followers.append(fn)


def follow(change: Change) -> list[str]:
    for fn in _followers:
        fn(change)
    return change.lines
