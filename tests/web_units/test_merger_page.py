"""The 2025 provincial merger page: plan, preview of every line, apply; only for association and system admins."""

import pytest
from django.urls import reverse

from quanlyhoi.orgs.models import RestructuringEvent, Unit
from tests.web_units.util import assert_csp_clean, counts, html

pytestmark = pytest.mark.django_db
URL = reverse("orgs:merger_2025", args=["NCT"])


def test_plan_is_shown_as_a_table(login_client):
    response = login_client("assoc_admin").get(URL)
    assert response.status_code == 200
    assert_csp_clean(response)
    steps = {s.new_area.code: ([u.code for u in s.sources], s.target.code) for s in response.context["plan"].steps}
    assert steps["08"] == (["NCT.02"], "NCT.08")  # Hà Giang merges into Tuyên Quang
    assert steps["01"] == ([], "NCT.01")  # Hà Nội only takes the new area
    text = html(response)
    assert "Tỉnh Tuyên Quang" in text and "data-confirm" in text


def test_preview_writes_nothing_and_lists_every_line(login_client):
    client = login_client("assoc_admin")
    before = counts()
    response = client.post(URL, {"decision_number": "", "note": "", "action": "preview"})
    assert response.status_code == 200
    assert counts() == before
    lines = response.context["lines"]
    assert any("NCT.02" in line and "NCT.08" in line for line in lines)
    assert all(o.preview for o in response.context["result"].outcomes)
    assert Unit.objects.get(code="NCT.02").valid_to is None


def test_apply_writes_the_events_and_then_nothing_is_left(login_client, unit):
    client = login_client("assoc_admin")
    first = client.post(URL, {"decision_number": "", "note": "", "action": "preview"})
    response = client.post(
        URL, {"decision_number": "", "note": "", "action": "apply", "previewed": first.context["fingerprint"]}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("orgs:event_list"))
    assert unit("NCT.02").valid_to.isoformat() == "2025-07-01"
    # Hà Giang into Tuyên Quang (merge); Hà Nội and Cao Bằng take the new areas (renames).
    assert RestructuringEvent.objects.filter(association__code="NCT", decision_number="05/HD-MTTW-BTT").count() == 3
    after = client.get(URL)
    assert after.context["plan"].steps == []
    assert "Nothing is left to merge" in html(after)
    again = client.post(URL, {"decision_number": "", "note": "", "action": "preview"})
    assert again.status_code == 200 and again.context["result"] is None


def test_apply_without_the_preview_only_previews(login_client, unit):
    client = login_client("assoc_admin")  # logging in is audited: before counting
    before = counts()
    response = client.post(URL, {"decision_number": "", "note": "", "action": "apply"})
    assert response.status_code == 200
    assert counts() == before


def test_system_admin_may_run_it(login_client):
    assert login_client("sysadmin").get(URL).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [("overseer", 403), ("inspector", 403), ("province_officer", 403), ("commune_officer", 403), ("outsider", 404)],
)
def test_others_may_not(login_client, persona, status):
    client = login_client(persona)
    assert client.get(URL).status_code == status
    before = counts()
    assert client.post(URL, {"action": "apply"}).status_code == status
    assert counts() == before


def test_unknown_association_is_not_found(login_client):
    assert login_client("sysadmin").get(reverse("orgs:merger_2025", args=["KHONGCO"])).status_code == 404
