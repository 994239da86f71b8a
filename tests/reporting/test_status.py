"""Completeness and timeliness of a period's reports over a subtree, from the query and `quanlyhoi reports
status`; each user sees only their scope."""

import datetime
import json

import pytest
from django.utils import timezone

from quanlyhoi.reporting.models import Submission
from quanlyhoi.reporting.queries import completeness
from quanlyhoi.reporting.services import submissions


def by_unit(result):
    return {r.code: r for r in result.rows}


def test_every_unit_of_the_subtree_is_expected(h2, unit, operator):
    result = completeness(operator, unit("NCT.01.00004"), h2)
    assert set(by_unit(result)) == {"NCT.01.00004", "NCT.01.00004.001"}
    assert result.counts() == {"expected": 2, "received": 0, "approved": 0, "on_time": 0, "late": 2, "missing": 2}


def test_submitted_on_time_late_and_approved(filled, unit, operator, personas):
    submitted = submissions.submit(actor=operator, submission=filled)
    rows = by_unit(completeness(operator, unit("NCT.01.00004"), submitted.period))
    assert rows["NCT.01.00004"].state == "submitted" and rows["NCT.01.00004"].late  # submitted today, after 19/12/2025
    Submission.objects.filter(pk=submitted.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime(2025, 12, 18, 9))
    )
    submissions.approve(actor=personas["province_officer"], submission=submitted)
    result = completeness(operator, unit("NCT.01.00004"), submitted.period)
    row = by_unit(result)["NCT.01.00004"]
    assert (row.state, row.late, row.submitted_on) == ("approved", False, datetime.date(2025, 12, 18))
    assert result.counts()["on_time"] == 1 and result.counts()["approved"] == 1 and result.counts()["missing"] == 1


def test_a_drafted_report_is_still_missing(draft, unit, operator):
    row = by_unit(completeness(operator, unit("NCT.01.00004"), draft.period))["NCT.01.00004"]
    assert row.state == "draft" and row.late


def test_a_unit_officer_sees_only_its_subtree(h2, unit, personas):
    result = completeness(personas["commune_officer"], unit("NCT.01"), h2)
    assert set(by_unit(result)) == {"NCT.01.00004", "NCT.01.00004.001"}


def test_cli_status_json(cli, h2):
    out = cli("reports", "status", "--unit", "NCT.01.00004", "--period", "2025-H2", "--json")
    assert out.code == 0
    data = json.loads(out.out)
    assert (data["period"], data["expected"], data["missing"]) == ("2025-H2", 2, 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "NCT.01", "--period", "2025-H3"], "không hợp lệ"),
        (["--unit", "KHONGCO", "--period", "2025-H2"], "Không tìm thấy"),
        (["--unit", "CTD", "--period", "2025-H2", "--as", "commune_officer"], "Không tìm thấy"),
    ],
)
def test_cli_status_refusals(cli, db, args, message):
    out = cli("reports", "status", *args)
    assert out.code != 0 and message in out.err
