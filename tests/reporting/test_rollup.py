"""Roll-ups: each aggregation and breakdown, the states that count, live after an approval, the tree as it stood
at the period's cut-off, and the caller's scope."""

import datetime
import json

import pytest

from quanlyhoi.core.errors import DomainError
from quanlyhoi.reporting.models import ReportTemplate, Submission, SubmissionValue
from quanlyhoi.reporting.rollup import rollup
from quanlyhoi.reporting.services import submissions
from tests.reporting.conftest import NARRATIVES, approve_all


def figures(result):
    return {(f.code, f.key): f.value for f in result.figures}


def test_only_approved_reports_count_by_default(reports, unit, operator, h2):
    assert rollup(operator, unit("NCT.01.00004"), h2).reports == 0
    approve_all(reports, operator, {"NCT.01.00004.001"})  # live: the next answer has it
    result = rollup(operator, unit("NCT.01.00004"), h2)
    assert result.reports == 1 and figures(result)[("TT_BUOI", "")] == 6


def test_each_aggregation_and_breakdown(reports, unit, operator, h2):
    approve_all(reports, operator)
    got = figures(rollup(operator, unit("NCT.01.00004"), h2))
    assert got[("TT_BUOI", "")] == 10  # sum of the unit and its branch
    assert got[("HV_TYLE_THAMGIA", "")] == 70  # average
    assert got[("PT_SO", "")] == 5  # maximum
    assert got[("TT_LUOT", "F")] == 40 and got[("TT_LUOT", "M")] == 20  # by sex
    province = figures(rollup(operator, unit("NCT.01"), h2))
    assert province[("TT_BUOI", "")] == 110 and province[("PT_SO", "")] == 9


def test_submitted_reports_count_when_the_template_says_so(reports, unit, operator, h2):
    ReportTemplate.objects.filter(code="BC-HQC").update(counted_states=["submitted", "approved", "locked"])
    assert figures(rollup(operator, unit("NCT.01"), h2))[("TT_BUOI", "")] == 110


def test_a_returned_report_leaves_the_roll_up(reports, unit, operator, h2):
    approve_all(reports, operator)
    submissions.reopen(actor=operator, submission=reports["NCT.01.00008"], reason="Số liệu sai")
    assert figures(rollup(operator, unit("NCT.01"), h2))[("TT_BUOI", "")] == 10


def test_registry_values_roll_up(world_members, reports, unit, operator, h2):
    approve_all(reports, operator)
    got = figures(rollup(operator, unit("NCT.01"), h2))
    own = SubmissionValue.objects.filter(submission__unit__code__startswith="NCT.01", indicator__code="HV_TONG")
    assert got[("HV_TONG", "")] == sum(v.number for v in own)


def test_a_unit_officer_rolls_up_its_scope_only(reports, unit, operator, personas, h2):
    approve_all(reports, operator)
    mine = figures(rollup(personas["commune_officer"], unit("NCT.01.00004"), h2))
    assert mine[("TT_BUOI", "")] == 10
    # Asked for the province, the commune officer's roll-up holds only what it may see.
    province = figures(rollup(personas["commune_officer"], unit("NCT.01"), h2))
    assert province[("TT_BUOI", "")] == 10


def test_the_tree_as_it_stood_at_the_cut_off(reports, unit, operator, h2):
    approve_all(reports, operator)
    # A report of a unit outside the subtree at the cut-off never counts, whatever the unit's path is today.
    Submission.objects.filter(pk=reports["NCT.01.00008"].pk).update(unit=unit("NCT.02"))
    assert figures(rollup(operator, unit("NCT.01"), h2))[("TT_BUOI", "")] == 10


def test_cli_rollup_json(cli, reports, operator):
    approve_all(reports, operator)
    out = cli("reports", "rollup", "--unit", "NCT.01", "--period", "2025-H2", "--json")
    data = json.loads(out.out)
    assert out.code == 0 and data["reports"] == 3
    assert {f["indicator"]: f["value"] for f in data["figures"] if not f["key"]}["TT_BUOI"] == 110


def test_roll_ups_before_and_after_a_merger(unit, operator, cli, login_client):
    """NCT.01.00008 merges into NCT.01.00004 on 01/01/2026: the second half of 2025 keeps both units' reports in
    the tree of its cut-off; the first half of 2026 has one unit left, which takes over the members."""
    from quanlyhoi.orgs.services import Basis, units_merge
    from quanlyhoi.reporting.services.periods import period_for

    h2025, h2026 = period_for("2025-H2"), period_for("2026-H1")
    for code in ("NCT.01.00004", "NCT.01.00008"):
        s = submissions.start(actor=operator, unit=unit(code), period=h2025)
        s = submissions.save(
            actor=operator, submission=s, version=s.version, values={"TT_BUOI": 5}, narratives=NARRATIVES
        )
        submissions.approve(actor=operator, submission=submissions.submit(actor=operator, submission=s))
    units_merge(
        actor=operator,
        sources=[unit("NCT.01.00008")],
        target=unit("NCT.01.00004"),
        basis=Basis(effective_date=datetime.date(2026, 1, 1), decision_number="12/QĐ-NCT"),
    )
    assert figures(rollup(operator, unit("NCT.01"), h2025))[("TT_BUOI", "")] == 10
    with pytest.raises(DomainError):  # gone before the 2026 cut-off: no report of its own
        submissions.start(actor=operator, unit=unit("NCT.01.00008"), period=h2026)
    s = submissions.start(actor=operator, unit=unit("NCT.01.00004"), period=h2026)
    s = submissions.save(actor=operator, submission=s, version=s.version, values={"TT_BUOI": 7}, narratives=NARRATIVES)
    submissions.approve(actor=operator, submission=submissions.submit(actor=operator, submission=s))
    assert figures(rollup(operator, unit("NCT.01"), h2026))[("TT_BUOI", "")] == 7
    assert figures(rollup(operator, unit("NCT.01"), h2025))[("TT_BUOI", "")] == 10  # the past stays as it was
    # Lineage: the merged unit against its past, its own and its predecessor's reports together.
    assert figures(rollup(operator, unit("NCT.01.00004"), h2025))[("TT_BUOI", "")] == 5
    assert figures(rollup(operator, unit("NCT.01.00004"), h2025, predecessors=True))[("TT_BUOI", "")] == 10
    assert figures(rollup(operator, unit("NCT.01.00004"), h2026, predecessors=True))[("TT_BUOI", "")] == 7
    out = cli("reports", "rollup", "--unit", "NCT.01.00004", "--period", "2025-H2", "--with-predecessors", "--json")
    assert {f["indicator"]: f["value"] for f in json.loads(out.out)["figures"] if not f["key"]}["TT_BUOI"] == 10
    from django.urls import reverse

    page = login_client("province_officer").get(
        reverse("reporting:rollup"), {"unit": "NCT.01.00004", "period": "2025-H2"}
    )
    assert "lineage=1" in page.content.decode()  # offered: the unit has a predecessor


def test_by_association_matches_each_roll_up_and_the_scope(reports, unit, operator, personas, h2):
    from quanlyhoi.reporting.rollup import by_association

    approve_all(reports, operator)
    table = {r.association.code: r for r in by_association(operator, h2)}
    assert figures(table["NCT"]) == figures(rollup(operator, unit("NCT"), h2)) and table["NCT"].reports == 3
    assert table["CTD"].reports == 0
    assert [r.association.code for r in by_association(personas["assoc_admin"], h2)] == ["NCT"]
    assert by_association(personas["province_officer"], h2) == []  # no role on a whole association


def test_by_association_keeps_each_association_until_its_reports_change(reports, unit, operator, h2):
    from quanlyhoi.reporting.models import RollupCache
    from quanlyhoi.reporting.rollup import by_association

    approve_all(reports, operator, {"NCT.01.00004", "NCT.01.00008"})
    first = {r.association.code: figures(r) for r in by_association(operator, h2)}
    kept = {c.association.code: c.stamp for c in RollupCache.objects.select_related("association")}
    assert len(kept) == 29 and first["NCT"] == figures(rollup(operator, unit("NCT"), h2))
    assert {r.association.code: figures(r) for r in by_association(operator, h2)} == first  # from the copy
    RollupCache.objects.filter(association__code="NCT").update(figures=[])  # the copy is what is read…
    assert set({r.association.code: figures(r) for r in by_association(operator, h2)}["NCT"].values()) == {None}
    submissions.approve(actor=operator, submission=reports["NCT.01.00004.001"])  # …until NCT's reports change
    now = {r.association.code: r for r in by_association(operator, h2)}
    assert figures(now["NCT"]) == figures(rollup(operator, unit("NCT"), h2)) and now["NCT"].reports == 3
    assert figures(now["NCT"])[("HV_TYLE_THAMGIA", "")] == 50  # the average, through the copy's strings
    again = {c.association.code: c.stamp for c in RollupCache.objects.select_related("association")}
    assert again["NCT"] != kept["NCT"] and {k: v for k, v in again.items() if k != "NCT"} == {
        k: v for k, v in kept.items() if k != "NCT"
    }  # only NCT was computed again
    reopened = submissions.reopen(actor=operator, submission=reports["NCT.01.00008"], reason="Sai số liệu")
    assert reopened.state not in ("approved", "locked")
    assert {r.association.code: r.reports for r in by_association(operator, h2)}["NCT"] == 2


def test_cli_rollup_by_association(cli, reports, operator):
    approve_all(reports, operator)
    out = cli("reports", "rollup", "--associations", "--period", "2025-H2", "--json")
    rows = {r["association"]: r for r in json.loads(out.out)}
    assert out.code == 0 and rows["NCT"]["reports"] == 3 and rows["CTD"]["reports"] == 0
    refused = cli("reports", "rollup", "--associations", "--unit", "NCT", "--period", "2025-H2")
    assert refused.code == 2


def test_dashboard_by_association_and_by_unit(reports, unit, operator, personas, login_client, h2):
    from django.urls import reverse

    from quanlyhoi.reporting.dashboard import dashboard

    approve_all(reports, operator)
    board = dashboard(operator, h2, None)
    nct = next(r for r in board.rows if r.code == "NCT")
    assert board.by == "association" and board.previous.code == "2025-H1"
    assert nct.received == 3 and nct.expected >= 3
    below = dashboard(personas["province_officer"], h2, unit("NCT.01"))
    assert below.by == "unit" and {r.code for r in below.rows} == {"NCT.01.00004", "NCT.01.00008"}
    provinces = dashboard(personas["assoc_admin"], h2, None)  # one association: by its provinces
    assert provinces.by == "unit" and "NCT.01" in {r.code for r in provinces.rows}
    assert next(r for r in provinces.rows if r.code == "NCT.01").cells[0].value is not None
    page = login_client("overseer").get(reverse("reporting:dashboard"), {"period": "2025-H2"})
    assert page.status_code == 200 and "board-chart" in page.content.decode()
