"""Submissions: one per unit, template and period; the state machine (every allowed and refused step); who may
take each step; stale versions refused; every step audited."""

import pytest

from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.reporting.models import Submission, SubmissionState, SubmissionValue
from quanlyhoi.reporting.services import submissions
from quanlyhoi.reporting.services.periods import configure
from tests.reporting.conftest import NARRATIVES

St = SubmissionState
STEPS = {
    "submit": lambda actor, s: submissions.submit(actor=actor, submission=s),
    "return": lambda actor, s: submissions.return_submission(actor=actor, submission=s, reason="Thiếu số liệu"),
    "approve": lambda actor, s: submissions.approve(actor=actor, submission=s),
    "lock": lambda actor, s: submissions.lock(actor=actor, submission=s),
    "reopen": lambda actor, s: submissions.reopen(actor=actor, submission=s, reason="Sửa số liệu"),
}
ALLOWED = {(st, step) for st, steps in submissions.TRANSITIONS.items() for step in steps}


def test_start_fills_registry_values_and_is_audited(world_members, draft):
    values = dict(SubmissionValue.objects.filter(submission=draft).values_list("indicator__code", "number"))
    assert values["HV_TONG"] == 2  # NCT-BD-001 and -002 sit in NCT.01.00004 itself; -003 in its branch
    assert values["TC_DONVI"] == 1  # its branch
    assert (draft.state, draft.template_code, draft.version) == (St.DRAFT, "BC-HQC", 1)
    assert AuditRecord.objects.filter(action="report.start", object_id=str(draft.pk)).exists()


def test_a_second_report_for_the_same_unit_and_period_is_refused(draft, h2, unit, operator):
    with pytest.raises(DomainError) as err:
        submissions.start(actor=operator, unit=unit("NCT.01.00004"), period=h2)
    assert err.value.status == 409 and Submission.objects.filter(unit=draft.unit).count() == 1


def test_a_closed_period_takes_no_new_report(h2, unit, operator):
    configure(actor=operator, period=h2, is_open=False)
    with pytest.raises(DomainError) as err:
        submissions.start(actor=operator, unit=unit("NCT.01.00004"), period=h2)
    assert err.value.code == "period_closed"


def _in_state(submission, state):
    Submission.objects.filter(pk=submission.pk).update(state=state)
    submission.refresh_from_db()
    return submission


@pytest.mark.parametrize("state", list(St.values))
@pytest.mark.parametrize("step", list(STEPS))
def test_every_step_from_every_state(filled, operator, state, step):
    submission = _in_state(filled, state)
    if (state, step) in ALLOWED:
        after = STEPS[step](operator, submission)
        assert after.state == submissions.TRANSITIONS[state][step]
        assert AuditRecord.objects.filter(action=f"report.{step}", object_id=str(submission.pk)).exists()
    else:
        with pytest.raises(DomainError) as err:
            STEPS[step](operator, submission)
        assert err.value.code in ("bad_state", "not_editable")
        assert Submission.objects.get(pk=submission.pk).state == state


def test_return_and_reopen_need_a_reason(filled, operator):
    submitted = submissions.submit(actor=operator, submission=filled)
    with pytest.raises(DomainError) as err:
        submissions.return_submission(actor=operator, submission=submitted, reason="  ")
    assert err.value.code == "reason_required"


def test_the_commune_submits_and_the_province_approves(filled, personas):
    submitted = submissions.submit(actor=personas["commune_officer"], submission=filled)
    with pytest.raises(Forbidden):  # its own unit's report: approved by the level above
        submissions.approve(actor=personas["commune_officer"], submission=submitted)
    approved = submissions.approve(actor=personas["province_officer"], submission=submitted)
    assert approved.state == St.APPROVED and approved.approved_at is not None


@pytest.mark.parametrize(("persona", "error"), [("outsider", NotFound), ("inspector", Forbidden),
                                                ("overseer", Forbidden)])  # fmt: skip
def test_others_may_not_approve(filled, operator, personas, persona, error):
    submitted = submissions.submit(actor=operator, submission=filled)
    with pytest.raises(error):
        submissions.approve(actor=personas[persona], submission=submitted)


@pytest.mark.parametrize("persona", ["outsider", "inspector", "overseer"])
def test_only_the_unit_and_those_above_fill_it_in(draft, personas, persona):
    with pytest.raises(DomainError):
        submissions.save(actor=personas[persona], submission=draft, version=draft.version, values={"TT_BUOI": 3})
    assert not SubmissionValue.objects.filter(submission=draft, indicator__code="TT_BUOI").exists()


def test_a_stale_version_is_refused_and_changes_nothing(draft, operator, personas):
    saved = submissions.save(actor=operator, submission=draft, version=1, values={"TT_BUOI": 3})
    assert saved.version == 2
    with pytest.raises(DomainError) as err:
        submissions.save(actor=personas["commune_officer"], submission=draft, version=1, values={"TT_BUOI": 5})
    assert err.value.code == "stale" and err.value.status == 409
    assert SubmissionValue.objects.get(submission=draft, indicator__code="TT_BUOI").number == 3


def test_save_writes_values_breakdowns_and_sections(draft, operator):
    saved = submissions.save(
        actor=operator,
        submission=draft,
        version=draft.version,
        values={"TT_BUOI": "12", ("TT_LUOT", "F"): "1.234", ("TT_LUOT", "M"): 800.0, "NL_TIEN": "15.500.000"},
        narratives=NARRATIVES,
    )
    rows = {(v.indicator.code, v.key): v.number for v in SubmissionValue.objects.filter(submission=saved)}
    assert rows[("TT_BUOI", "")] == 12 and rows[("TT_LUOT", "F")] == 1234 and rows[("TT_LUOT", "M")] == 800
    assert rows[("NL_TIEN", "")] == 15_500_000
    record = AuditRecord.objects.filter(action="report.update", object_id=str(saved.pk)).latest("at")
    assert "TT_LUOT|F" in record.changes and "section:ket_qua" in record.changes


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"XX_KHONG": 1}, "unknown_indicator"),
        ({"HV_TONG": 5}, "computed"),
        ({("TT_LUOT", "X"): 5}, "bad_breakdown"),
        ({"TT_BUOI": "mười"}, "bad_value"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(draft, operator, values, code):
    with pytest.raises(DomainError) as err:
        submissions.save(actor=operator, submission=draft, version=draft.version, values={"TT_BUOI": 7, **values})
    assert err.value.code == code
    assert not SubmissionValue.objects.filter(submission=draft, indicator__code="TT_BUOI").exists()
    draft.refresh_from_db()
    assert draft.version == 1


def test_a_submitted_report_is_not_editable(filled, operator):
    submitted = submissions.submit(actor=operator, submission=filled)
    with pytest.raises(DomainError) as err:
        submissions.save(actor=operator, submission=submitted, version=submitted.version, values={"TT_BUOI": 1})
    assert err.value.code == "not_editable"


def test_gather_adds_the_sections_received_from_below_with_their_sources(filled, unit, operator, h2):
    branch = submissions.start(actor=operator, unit=unit("NCT.01.00004.001"), period=h2)
    branch_text = {**NARRATIVES, "ket_qua": "Chi hội tổ chức 3 buổi sinh hoạt."}
    branch = submissions.save(actor=operator, submission=branch, version=branch.version, narratives=branch_text)
    with pytest.raises(DomainError) as err:  # a draft below has not reached the unit yet
        submissions.gather(actor=operator, submission=filled, version=filled.version)
    assert err.value.code == "nothing_to_gather"
    submissions.submit(actor=operator, submission=branch)
    gathered = submissions.gather(actor=operator, submission=filled, version=filled.version)
    text = gathered.narratives.get(section__code="ket_qua").text
    assert text.startswith(NARRATIVES["ket_qua"]) and "[NCT.01.00004.001 – " in text and "3 buổi" in text
    again = submissions.gather(actor=operator, submission=gathered, version=gathered.version)
    assert again.narratives.get(section__code="ket_qua").text == text  # nothing added twice
