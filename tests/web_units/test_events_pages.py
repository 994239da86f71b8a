"""Restructuring events: scoped, filtered list and the event page (basis, units, lineage, audit)."""

import datetime

import pytest
from django.urls import reverse

from quanlyhoi.core.scoping import SystemOperator
from quanlyhoi.orgs.models import Association, RestructuringEvent
from quanlyhoi.orgs.services import Basis, merger2025, units_merge
from tests.web_units.util import HTMX, assert_csp_clean, html

pytestmark = pytest.mark.django_db
LIST = reverse("orgs:event_list")


def _merge(unit):
    out = units_merge(
        actor=SystemOperator("test"),
        sources=[unit("NCT.01.00004")],
        target=unit("NCT.01.00008"),
        basis=Basis(effective_date=datetime.date(2025, 10, 1), decision_number="7/QĐ-HNCT-HN"),
    )
    return RestructuringEvent.objects.get(pk=out.event_id)


def test_list_is_scoped(login_client):
    nct = {e.association.code for e in login_client("assoc_admin").get(LIST).context["events"]}
    assert nct == {"NCT"}
    ctd = {e.association.code for e in login_client("outsider").get(LIST).context["events"]}
    assert ctd == {"CTD"}
    commune = login_client("commune_officer").get(LIST).context["events"]
    assert {e.summary for e in commune} == {"Thành lập NCT.01.00004.001 Chi hội số 1 Ba Đình"}


def test_list_filters_by_kind_unit_and_dates(login_client, unit):
    event = _merge(unit)
    client = login_client("assoc_admin")
    response = client.get(LIST, {"kind": "merge"})
    assert_csp_clean(response)
    assert list(response.context["events"]) == [event]
    assert list(client.get(LIST, {"unit": "nct.01.00004", "kind": "merge"}).context["events"]) == [event]
    ranged = client.get(LIST, {"effective_from": "01/08/2025", "effective_to": "31/08/2025"}).context["events"]
    assert {e.effective_date for e in ranged} == {datetime.date(2025, 8, 1)}
    by_unit = client.get(LIST, {"unit": "NCT.01.00004"}).context["events"]
    assert len(by_unit) == len({e.pk for e in by_unit}) == 2  # created, merged away; no duplicates


def test_list_htmx_fragment(login_client):
    response = login_client("assoc_admin").get(LIST, {"kind": "create"}, **HTMX)
    assert response.status_code == 200 and "<html" not in html(response)
    assert "HX-Request" in response["Vary"]


def test_event_page_shows_basis_units_lineage_and_audit(login_client, unit):
    event = _merge(unit)
    response = login_client("province_officer").get(reverse("orgs:event_detail", args=[event.pk]))
    assert response.status_code == 200
    assert_csp_clean(response)
    text = html(response)
    assert "7/QĐ-HNCT-HN" in text and "01/10/2025" in text
    assert reverse("orgs:unit_detail", args=["NCT.01.00004"]) in text
    assert [(x.predecessor.code, x.successor.code) for x in response.context["lineage"]] == [
        ("NCT.01.00004", "NCT.01.00008")
    ]
    assert "restructure.merge" in text
    assert response.context["moved_count"] == 1  # the branch NCT.01.00004.001 moved to NCT.01.00008


def test_event_page_is_not_found_out_of_scope(login_client, unit):
    event = _merge(unit)
    url = reverse("orgs:event_detail", args=[event.pk])
    assert login_client("outsider").get(url).status_code == 404
    assert login_client("commune_officer").get(url).status_code == 404  # it concerns the province's subtree
    assert login_client("inspector").get(url).status_code == 200
    assert login_client("assoc_admin").get(reverse("orgs:event_detail", args=[999999])).status_code == 404


def test_merger_events_are_listed_after_the_merger(login_client):
    merger2025.apply(actor=SystemOperator("test"), association=Association.objects.get(code="NCT"))
    events = (
        login_client("assoc_admin")
        .get(LIST, {"association": "NCT", "effective_from": "01/07/2025", "effective_to": "01/07/2025"})
        .context["events"]
    )
    assert {e.kind for e in events} == {"merge", "rename"}
