"""The follow-up rules: every allowed and refused step of an assignment, who may take it, pass-down and the
progress that rolls up, overdue around the due date and across recurrences, the briefing's scope."""

import datetime

import pytest

from quanlyhoi.briefings.models import Assignment, Briefing, State, Update
from quanlyhoi.briefings.queries import board, is_overdue, mine, rolled_progress, status
from quanlyhoi.briefings.services.directives import create_directive, pass_down
from quanlyhoi.briefings.services.follow_up import next_due, step
from quanlyhoi.briefings.services.meetings import create_briefing
from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.models import AuditRecord

D = datetime.date
ALLOWED = {  # state -> the steps that may be taken from it
    State.NOT_STARTED: {"progress", "done", "cancel"},
    State.IN_PROGRESS: {"progress", "done", "cancel"},
    State.DONE: {"accept", "return", "cancel"},
    State.ACCEPTED: set(),
    State.CANCELLED: set(),
}
AFTER = {"progress": State.IN_PROGRESS, "done": State.DONE, "accept": State.ACCEPTED, "return": State.IN_PROGRESS,
         "cancel": State.CANCELLED}  # fmt: skip


def take(actor, assignment, name, **more):
    return step(actor=actor, assignment=assignment, step=name, text=more.pop("text", "Đã làm."), **more)


@pytest.mark.parametrize("state", list(ALLOWED))
@pytest.mark.parametrize("name", list(AFTER))
def test_every_step_from_every_state(nct, operator, state, name):
    Assignment.objects.filter(pk=nct.pk).update(state=state)
    nct.refresh_from_db()
    if name in ALLOWED[state]:
        assert take(operator, nct, name).state == AFTER[name]
        assert Update.objects.filter(assignment=nct, step=name).exists()
        assert AuditRecord.objects.filter(action=f"directive.{name}", object_id=str(nct.pk)).exists()
    else:
        with pytest.raises(DomainError) as refused:
            take(operator, nct, name)
        assert refused.value.code == "bad_state" and refused.value.status == 409
        nct.refresh_from_db()
        assert nct.state == state and not Update.objects.filter(assignment=nct).exists()


def test_who_takes_which_step(nct, personas):
    with pytest.raises(Forbidden):  # the overseer gave it: it does not report on it
        take(personas["overseer"], nct, "progress")
    for persona in ("outsider", "inspector", "province_officer"):  # not NCT's central office
        with pytest.raises(Forbidden):
            take(personas[persona], nct, "progress")
    done = take(personas["assoc_admin"], nct, "done", files=[("bien-ban.pdf", b"%PDF-1.4 ...")])
    assert done.state == State.DONE and done.progress == 100
    assert Update.objects.get(assignment=nct, step="done").files.get().name == "bien-ban.pdf"
    with pytest.raises(Forbidden):  # the assignee does not accept its own work
        take(personas["assoc_admin"], done, "accept")
    assert take(personas["overseer"], done, "accept").state == State.ACCEPTED


def test_reasons_progress_and_versions_are_checked(nct, operator):
    for name, more, code in (("return", {}, "bad_state"), ("progress", {"text": " "}, "text_required"),
                             ("progress", {"progress": 120}, "bad_progress"), ("sing", {}, "bad_step")):  # fmt: skip
        with pytest.raises(DomainError) as refused:
            take(operator, nct, name, **more)
        assert refused.value.code == code
    take(operator, nct, "done")
    with pytest.raises(DomainError) as refused:
        take(operator, nct, "return", text="")
    assert refused.value.code == "reason_required"
    with pytest.raises(DomainError) as stale:
        take(operator, nct, "accept", version=1)
    assert stale.value.code == "stale" and stale.value.status == 409
    returned = take(operator, nct, "return", text="Thiếu minh chứng", version=nct.version + 1)
    assert returned.state == State.IN_PROGRESS and returned.reason == "Thiếu minh chứng"


def test_overdue_is_computed_around_the_due_date(nct, operator):
    assert status(nct, D(2026, 6, 30)) == State.NOT_STARTED  # due today: not yet overdue
    assert status(nct, D(2026, 7, 1)) == "overdue" and is_overdue(nct, D(2026, 7, 1))
    done = take(operator, nct, "done")
    assert not is_overdue(done, D(2026, 7, 1))  # awaiting acceptance is the assigner's turn
    returned = take(operator, done, "return", text="Chưa đủ")
    assert is_overdue(returned, D(2026, 7, 1))
    assert not is_overdue(take(operator, returned, "cancel", text="Không còn phù hợp"), D(2027, 1, 1))


@pytest.mark.parametrize(
    ("due", "recurrence", "expected"),
    [(D(2026, 6, 30), "half", D(2026, 12, 30)), (D(2026, 8, 31), "half", D(2027, 2, 28)),
     (D(2024, 2, 29), "year", D(2025, 2, 28)), (D(2026, 11, 30), "quarter", D(2027, 2, 28))],
)  # fmt: skip
def test_next_occurrence(due, recurrence, expected):
    assert next_due(due, recurrence) == expected


def test_a_recurring_assignment_starts_again_when_accepted(briefing, personas, operator):
    directive = create_directive(actor=personas["overseer"], briefing=briefing, title="Báo cáo định kỳ",
                                 due_on=D(2026, 6, 30), recurrence="half", assignees=["NCT"])  # fmt: skip
    a = directive.assignments.get()
    accepted = take(operator, take(operator, a, "done"), "accept")
    assert (accepted.state, accepted.due_on, accepted.progress) == (State.NOT_STARTED, D(2026, 12, 30), 0)
    assert status(accepted, D(2026, 7, 15)) == State.NOT_STARTED  # the next occurrence is not overdue yet
    assert status(accepted, D(2026, 12, 31)) == "overdue"
    assert Update.objects.filter(assignment=a, step="accept").count() == 1  # the accepted occurrence stays


def test_pass_down_and_progress_rolls_up(briefing, personas, operator, unit):
    directive = create_directive(actor=personas["overseer"], briefing=briefing, title="Kiện toàn tổ chức",
                                 due_on=D(2026, 6, 30), assignees=["NCT.01"])  # fmt: skip
    province = directive.assignments.get()
    with pytest.raises(DomainError) as refused:
        pass_down(actor=personas["province_officer"], assignment=province, codes=["NCT.02"])
    assert refused.value.code == "not_below"
    with pytest.raises(DomainError) as late:
        pass_down(actor=personas["province_officer"], assignment=province, codes=[], due_on=D(2026, 7, 1))
    assert late.value.code == "due_after_parent"
    with pytest.raises(Forbidden):
        pass_down(actor=personas["commune_officer"], assignment=province, codes=[])
    children = pass_down(actor=personas["province_officer"], assignment=province, codes=[], due_on=D(2026, 6, 15))
    assert sorted(c.unit.code for c in children) == ["NCT.01.00004", "NCT.01.00008"]
    province.refresh_from_db()
    assert province.state == State.IN_PROGRESS and rolled_progress(province) == 0
    ba_dinh, ngoc_ha = (Assignment.objects.get(parent=province, unit__code=c) for c in ("NCT.01.00004", "NCT.01.00008"))
    take(personas["commune_officer"], ba_dinh, "progress", progress=40)
    assert rolled_progress(province) == 20
    with pytest.raises(Forbidden):  # the commune's work is accepted by the province that passed it down
        take(personas["overseer"], take(personas["commune_officer"], ba_dinh, "done"), "accept")
    take(personas["province_officer"], Assignment.objects.get(pk=ba_dinh.pk), "accept")
    assert rolled_progress(province) == 50  # accepted counts 100, the other 0
    take(operator, province, "cancel", text="Đã sáp nhập")
    assert Assignment.objects.get(pk=ngoc_ha.pk).state == State.CANCELLED  # cancelled all the way down
    assert Assignment.objects.get(pk=ba_dinh.pk).state == State.ACCEPTED  # what was accepted stays accepted


def test_scope_of_briefings_and_assignments(directive, personas, unit):
    nct_only = Assignment.objects.restrict(personas["assoc_admin"], "view")
    assert [a.unit.code for a in nct_only] == ["NCT"]
    assert [a.unit.code for a in Assignment.objects.restrict(personas["outsider"], "view")] == ["CTD"]
    assert Assignment.objects.restrict(personas["overseer"], "view").count() == 3  # with its department's
    assert Briefing.objects.restrict(personas["assoc_admin"], "view").count() == 1  # it took part
    assert Briefing.objects.restrict(personas["commune_officer"], "view").count() == 0  # nothing for it
    assert [a.unit.code for a in mine(personas["assoc_admin"])] == ["NCT"]
    assert list(mine(personas["overseer"])) == []  # the overseer follows up through the board
    rows = {r.key: r for r in board(personas["overseer"], D(2026, 7, 1))}
    assert rows["NCT"].counts == {"overdue": 1} and rows["~Ban Dân chủ - Pháp luật"].total == 1
    assert [r.key for r in board(personas["assoc_admin"], D(2026, 7, 1))] == ["NCT"]


def test_creating_is_checked_and_refusals_write_nothing(briefing, personas, unit):
    with pytest.raises(Forbidden):
        create_briefing(actor=personas["assoc_admin"], title="X", held_on=D(2026, 1, 1))  # not the overseer
    internal = create_briefing(actor=personas["province_officer"], unit=unit("NCT.01"), title="Giao ban tỉnh",
                               held_on=D(2026, 2, 1))  # fmt: skip
    with pytest.raises(DomainError) as outside:
        create_directive(actor=personas["province_officer"], briefing=internal, title="X", assignees=["NCT.02"])
    assert outside.value.code in ("outside_assignee", "unknown_assignee")
    with pytest.raises(DomainError) as departments:
        create_directive(actor=personas["province_officer"], briefing=internal, title="X", departments=["Ban A"])
    assert departments.value.code == "no_departments"
    cases = [({"title": " ", "assignees": ["NCT"]}, "required"), ({"title": "X"}, "no_assignee"),
             ({"title": "X", "assignees": ["NCT", "NCT"]}, "duplicate_assignee"),
             ({"title": "X", "assignees": ["ZZZ"]}, "unknown_assignee"),
             ({"title": "X", "assignees": ["NCT"], "recurrence": "half"}, "due_required"),
             ({"title": "X", "assignees": ["NCT"], "indicators": ["NOPE"]}, "unknown_indicator")]  # fmt: skip
    for kwargs, code in cases:
        with pytest.raises((DomainError, NotFound)) as refused:
            create_directive(actor=personas["overseer"], briefing=briefing, **kwargs)
        assert refused.value.code == code, kwargs
    assert briefing.directives.count() == 0
    made = create_directive(actor=personas["province_officer"], briefing=internal, title="Kiện toàn chi hội",
                            assignees=["NCT.01.00004"])  # fmt: skip
    assert made.assignments.get().unit == unit("NCT.01.00004")


def test_each_side_hears_of_the_other_s_step(nct, personas):
    from quanlyhoi.core.models import Notification

    def heard(persona):
        found = Notification.objects.filter(recipient=personas[persona], kind="directive_notice")
        return [n.title for n in found.order_by("id")]

    assert heard("assoc_admin") == ["Nhiệm vụ mới: Tăng cường tuyên truyền"]  # NCT's central office: its admin
    assert heard("outsider") == ["Nhiệm vụ mới: Tăng cường tuyên truyền"]  # CTD's
    done = take(personas["assoc_admin"], nct, "done", text="Đã tổ chức 30 buổi")
    # The overseer heard of its department's assignment, then that NCT's result awaits its acceptance.
    assert heard("overseer") == ["Nhiệm vụ mới: Tăng cường tuyên truyền", "Chờ nghiệm thu: Tăng cường tuyên truyền"]
    take(personas["overseer"], done, "return", text="Thiếu minh chứng")
    assert heard("assoc_admin")[-1] == "Bị trả lại: Tăng cường tuyên truyền"
    assert "Thiếu minh chứng" in Notification.objects.filter(recipient=personas["assoc_admin"]).first().body
    assert heard("province_officer") == [] and heard("commune_officer") == []  # not their units
