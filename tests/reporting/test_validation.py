"""The checks before submission: type checks, required parts, rules as data; warnings need an explanation."""

import pytest

from quanlyhoi.core.errors import DomainError
from quanlyhoi.reporting import validation
from quanlyhoi.reporting.models import Submission, SubmissionValue
from quanlyhoi.reporting.services import submissions
from quanlyhoi.reporting.services.periods import period_for
from tests.reporting.conftest import NARRATIVES


def codes(submission):
    return {p.code for p in validation.problems(submission)}


def test_required_sections_block_submission(draft, operator):
    with pytest.raises(DomainError) as err:
        submissions.submit(actor=operator, submission=draft)
    assert err.value.code == "invalid_report" and "Hạn chế, nguyên nhân" in err.value.message
    assert {d["code"] for d in err.value.details} == {"required_section"}
    assert Submission.objects.get(pk=draft.pk).state == "draft"


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"HV_TYLE_THAMGIA": 120}, "percent"),
        ({"TT_BUOI": "2,5"}, "integer"),
        ({"TT_BUOI": -1}, "negative"),
        ({"KNTC_NHAN": 2, "KNTC_GIAIQUYET": 3}, "kntc_giai_quyet"),
    ],
)
def test_errors(filled, operator, values, code):
    saved = submissions.save(actor=operator, submission=filled, version=filled.version, values=values)
    assert code in codes(saved)
    with pytest.raises(DomainError):
        submissions.submit(actor=operator, submission=saved)


def test_new_members_above_all_members_is_an_error(filled, operator):
    SubmissionValue.objects.filter(submission=filled, indicator__code="HV_MOI").update(number=50)
    assert "moi_le_tong" in codes(filled)


def test_a_warning_needs_an_explanation(filled, operator):
    saved = submissions.save(actor=operator, submission=filled, version=filled.version, values={"TC_KIENTOAN": 4})
    found = [p for p in validation.problems(saved) if p.code == "kien_toan_le_don_vi"]
    assert found and found[0].severity == "warning" and not found[0].explained
    with pytest.raises(DomainError):
        submissions.submit(actor=operator, submission=saved)
    explained = submissions.save(
        actor=operator, submission=saved, version=saved.version, explanations={"kien_toan_le_don_vi": "Gồm tổ hội mới"}
    )
    assert submissions.submit(actor=operator, submission=explained).state == "submitted"


def test_a_value_far_from_the_previous_period_warns(filled, operator, unit):
    submissions.save(actor=operator, submission=filled, version=filled.version, values={"NL_TIEN": 1_000_000})
    current = submissions.start(actor=operator, unit=unit("NCT.01.00004"), period=period_for("2026-H1"))
    saved = submissions.save(actor=operator, submission=current, version=current.version, values={"NL_TIEN": 5_000_000})
    assert "nguon_luc_bien_dong" in codes(saved)
    calm = submissions.save(actor=operator, submission=saved, version=saved.version, values={"NL_TIEN": 1_500_000})
    assert "nguon_luc_bien_dong" not in codes(calm)


def test_a_complete_report_has_no_problem(draft, operator):
    saved = submissions.save(actor=operator, submission=draft, version=draft.version, narratives=NARRATIVES)
    assert validation.problems(saved) == []
