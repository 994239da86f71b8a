"""Matrix entries of the person pages (members/urls_people.py). The member is Nguyễn Văn An (NCT-BD-001) of
NCT.01.00004: in scope of every NCT persona, not of the outsider. Personal data in clear and its export need
`view_personal` (not the overseer or the inspector); erasure needs `erase_personal` (administrators)."""

from quanlyhoi.members.models import Membership, WelfareNeed
from tests.matrix.personas import row

LOGIN = 302


def member():
    return {"pk": Membership.objects.get(member_number="NCT-BD-001").pk}


def member_need():
    from quanlyhoi.core.scoping import SystemOperator
    from quanlyhoi.members.services.welfare import need_kind, welfare_need_add

    membership = Membership.objects.get(member_number="NCT-BD-001")
    need = WelfareNeed.objects.filter(person=membership.person_id).first()
    if need is None:
        import datetime

        need = welfare_need_add(
            actor=SystemOperator("test"),
            membership=membership,
            kind=need_kind(membership.association, "difficult"),
            since=datetime.date(2025, 10, 1),
        )
    return {"pk": membership.pk, "need_id": need.pk}


NONE = dict

# name -> (URL kwargs factory, query, method, expected answers in personas.ORDER)
ENTRIES = {
    "members:detail": (member, {}, "get", row(200, 200, 200, 200, 200, 200, 404, LOGIN)),
    "members:member_personal": (member, {}, "post", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
    # The download is the answer (200), written to the audit log.
    "members:member_data_export": (member, {}, "post", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
    "members:join": (NONE, {"unit": "NCT.01.00004"}, "get", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
    "members:member_edit": (member, {}, "get", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
    "members:member_transfer": (member, {}, "get", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
    "members:member_status": (member, {}, "get", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
    "members:member_need_add": (member, {}, "get", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
    "members:member_need_end": (member_need, {}, "get", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
    "members:member_erase": (member, {}, "get", row(200, 403, 200, 403, 403, 403, 404, LOGIN)),
}
