"""What member statistics answer: the figures of one unit's subtree or one association on one day."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field

from quanlyhoi.members.models import MEMBER_STATUSES
from quanlyhoi.orgs.models import Association, Unit


@dataclass
class Figure:
    code: str
    label: str
    count: int


@dataclass
class ChildRow:
    """A child unit as of D with the members of its whole subtree; `direct` is the asked unit's own members."""

    code: str
    name: str
    level: str
    members: int
    direct: bool = False


@dataclass
class Movement:
    """Joined and left within [start, end]."""

    start: datetime.date
    end: datetime.date
    joined: int
    left: dict[str, int]

    @property
    def left_total(self) -> int:
        return sum(self.left.values())


@dataclass
class MemberStats:
    association: Association
    unit: Unit | None
    as_of: datetime.date
    existed: bool  # False when the asked unit did not exist on `as_of` (every figure is then 0)
    by_status: dict[str, int]
    children: list[ChildRow]
    by_sex: dict[str, int] = field(default_factory=dict)
    by_age_band: dict[str, int] = field(default_factory=dict)
    elderly: int = 0
    by_type: list[Figure] = field(default_factory=list)
    by_need: list[Figure] = field(default_factory=list)
    in_need: int = 0  # members with at least one welfare need open on `as_of`
    movement: Movement | None = None
    root_code: str | None = None  # the unit whose children make the breakdown

    @property
    def members(self) -> int:
        return sum(self.by_status.get(s, 0) for s in MEMBER_STATUSES)

    def as_dict(self) -> dict:
        """The JSON shape of the API and the CLI (codes, not translated labels, as keys)."""
        movement = self.movement
        return {
            "association": self.association.code,
            "unit": {"code": self.unit.code, "name": self.unit.name} if self.unit else None,
            "as_of": self.as_of,
            "existed": self.existed,
            "members": self.members,
            "by_status": self.by_status,
            "by_sex": self.by_sex,
            "by_age_band": self.by_age_band,
            "elderly": self.elderly,
            "by_type": [asdict(f) for f in self.by_type],
            "by_need": [asdict(f) for f in self.by_need],
            "in_need": self.in_need,
            "period": None
            if movement is None
            else {"from": movement.start, "to": movement.end, "joined": movement.joined, "left": movement.left},
            "children": [asdict(c) for c in self.children],
        }
