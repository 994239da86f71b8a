"""The reports pages as a commune officer and the province use them: start, fill in (a refused value keeps
what was typed), send, approve, and see the figure rolled up."""

from django.urls import reverse

from quanlyhoi.reporting.models import Submission
from tests.reporting.conftest import NARRATIVES

QUERY = {"unit": "NCT.01.00004", "period": "2025-H2"}


def test_commune_sends_province_approves(login_client, h2):
    commune, province = login_client("commune_officer"), login_client("province_officer")
    page = commune.get(reverse("reporting:status"), QUERY)
    assert (
        page.status_code == 200
        and "Start the report" in page.content.decode()
        or "Lập báo cáo" in page.content.decode()
    )
    started = commune.post(reverse("reporting:start"), QUERY)
    report = Submission.objects.get(unit__code="NCT.01.00004", period=h2)
    assert started.status_code == 302 and started["Location"] == reverse("reporting:report", kwargs={"pk": report.pk})
    form = {"version": report.version, "v:TT_BUOI": "mười hai", "v:TT_LUOT:F": "30"}
    refused = commune.post(reverse("reporting:save", kwargs={"pk": report.pk}), form)
    body = refused.content.decode()
    assert refused.status_code == 422 and "không phải là số" in body and 'value="mười hai"' in body
    form = {
        "version": report.version,
        "v:TT_BUOI": "12",
        **{f"s:{k}": v for k, v in NARRATIVES.items()},
        "then": "submit",
    }
    sent = commune.post(reverse("reporting:save", kwargs={"pk": report.pk}), form)
    assert sent.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted"
    approve = reverse("reporting:step", kwargs={"pk": report.pk, "step": "approve"})
    assert commune.post(approve).status_code == 403
    assert province.post(approve).status_code == 302
    report.refresh_from_db()
    assert report.state == "approved"
    rolled = province.get(reverse("reporting:rollup"), {"unit": "NCT.01", "period": "2025-H2"}).content.decode()
    assert "TT_BUOI" in rolled and ">12<" in rolled


def test_a_stale_form_is_refused_with_409(login_client, draft):
    commune = login_client("commune_officer")
    url = reverse("reporting:save", kwargs={"pk": draft.pk})
    assert commune.post(url, {"version": draft.version, "v:TT_BUOI": "1"}).status_code == 302
    stale = commune.post(url, {"version": draft.version, "v:TT_BUOI": "2"})
    assert stale.status_code == 409 and "phiên bản" in stale.content.decode()


def test_an_unknown_step_is_not_found(login_client, draft):
    url = reverse("reporting:step", kwargs={"pk": draft.pk, "step": "explode"})
    assert login_client("sysadmin").post(url).status_code == 404


def test_a_bad_period_is_shown_not_raised(login_client, db):
    page = login_client("commune_officer").get(
        reverse("reporting:status"), {"unit": "NCT.01.00004", "period": "2025-H7"}
    )
    assert page.status_code == 200 and "không hợp lệ" in page.content.decode()
