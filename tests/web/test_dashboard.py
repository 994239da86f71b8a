"""The dashboard: counts within the user's scope, recent changes or one's own restructuring."""

import datetime

import pytest
from django.urls import reverse

from quanlyhoi.core.dates import today
from quanlyhoi.orgs.models import Unit
from quanlyhoi.orgs.services import Basis, unit_rename

pytestmark = pytest.mark.django_db
HOME = "/"


def test_system_admin_dashboard(login_client):
    ctx = login_client("sysadmin").get(HOME).context
    assert ctx["association_count"] == 29
    assert ctx["unit_count"] == Unit.objects.valid_on(today()).count()
    assert ctx["overseer"].short_name == "MTTQVN"
    assert ctx["recent"] and len(ctx["recent"]) <= 15
    assert not {r.action for r in ctx["recent"]} & {"login", "logout", "login_failed"}


def test_commune_officer_dashboard_is_scoped(login_client):
    response = login_client("commune_officer").get(HOME)
    ctx = response.context
    assert ctx["association_count"] == 1
    assert {row["level__rank"]: row["n"] for row in ctx["units_by_level"]} == {3: 1, 4: 1}
    assert not ctx["audit_ok"] and ctx["recent"] == []
    assert reverse("core:audit_list") not in response.content.decode()


def test_officer_sees_the_restructuring_they_recorded(login_client, personas):
    officer = personas["province_officer"]
    unit = Unit.objects.get(code="NCT.01.00004")
    day = today() - datetime.timedelta(days=10)
    unit_rename(actor=officer, unit=unit, name="Hội NCT phường Ba Đình (mới)", basis=Basis(effective_date=day))
    ctx = login_client("province_officer").get(HOME).context
    assert [e.summary for e in ctx["own_events"]] and "Ba Đình" in ctx["own_events"][0].summary
    assert ctx["event_count"] == 1
    # the outsider's dashboard does not count it
    assert login_client("outsider").get(HOME).context["event_count"] == 0
