"""Matrix entries of the one-member API (api/members_people.py). The member is Nguyễn Văn An (NCT-BD-001) of
NCT.01.00004: in scope of every NCT persona, not of the outsider. Writes are valid and roll back with the test."""

from tests.matrix.personas import row
from tests.matrix.web_members_people import member, member_need


class Lazy:
    """A path value looked up when the test formats the path: the world's members exist only inside the test,
    and their ids differ between runs (sequences do not roll back on PostgreSQL)."""

    def __init__(self, factory, key: str):
        self.factory, self.key = factory, key

    def __format__(self, spec: str) -> str:
        return format(self.factory()[self.key], spec)


MEMBER = {"membership_id": Lazy(member, "pk")}
NEED = {"membership_id": Lazy(member_need, "pk"), "need_id": Lazy(member_need, "need_id")}
JOIN = {"unit": "NCT.01.00004", "full_name": "phạm thị lan", "birth": "1950", "sex": "Nữ", "joined_on": "2025-10-01"}
CHANGE = row(200, 403, 200, 200, 200, 403, 404, 401)

# (method, path) -> (path overrides, body, expected answers in personas.ORDER)
ENTRIES = {
    ("GET", "/api/v1/members/{membership_id}"): (MEMBER, None, row(200, 200, 200, 200, 200, 200, 404, 401)),
    # The outsider cannot see NCT.01.00004: its code is answered like an unknown unit (404).
    ("POST", "/api/v1/members"): ({}, JOIN, row(201, 403, 201, 201, 201, 403, 404, 401)),
    ("PATCH", "/api/v1/members/{membership_id}"): (MEMBER, {"occupation": "Hưu trí"}, CHANGE),
    ("POST", "/api/v1/members/{membership_id}/transfer"): (
        MEMBER,
        {"unit": "NCT.01.00004.001", "day": "2025-11-01", "reason": "Chuyển về chi hội"},
        CHANGE,
    ),
    ("POST", "/api/v1/members/{membership_id}/status"): (
        MEMBER,
        {"status": "suspended", "day": "2025-11-01", "reason": "Đi xa"},
        CHANGE,
    ),
    ("GET", "/api/v1/members/{membership_id}/welfare-needs"): (
        MEMBER,
        None,
        row(200, 200, 200, 200, 200, 200, 404, 401),
    ),
    ("POST", "/api/v1/members/{membership_id}/welfare-needs"): (
        MEMBER,
        {"kind": "disability", "since": "2025-10-01"},
        row(201, 403, 201, 201, 201, 403, 404, 401),
    ),
    ("POST", "/api/v1/members/{membership_id}/welfare-needs/{need_id}/end"): (
        NEED,
        {"until": "2025-11-01"},
        CHANGE,
    ),
    ("POST", "/api/v1/members/{membership_id}/erase"): (
        MEMBER,
        {"confirm": True, "reason": "Theo đơn đề nghị"},
        row(200, 403, 200, 403, 403, 403, 404, 401),
    ),
    ("GET", "/api/v1/members/{membership_id}/personal-data"): (
        MEMBER,
        None,
        row(200, 403, 200, 200, 200, 403, 404, 401),
    ),
}
