"""The audit log pages: scoped, filterable, HTMX-friendly and strictly read-only."""

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import Association
from tests.web.pages import assert_fragment, htmx_get

pytestmark = pytest.mark.django_db


def _records(response) -> list[AuditRecord]:
    return list(response.context["page_obj"])


def test_association_admin_sees_only_its_associations_records(login_client):
    nct = Association.objects.get(code="NCT")
    records = _records(login_client("assoc_admin").get(reverse("core:audit_list")))
    assert records
    assert {r.association_id for r in records} == {nct.pk}


def test_outsider_sees_no_record_of_another_association(login_client):
    nct = Association.objects.get(code="NCT")
    records = _records(login_client("outsider").get(reverse("core:audit_list")))
    assert records and nct.pk not in {r.association_id for r in records}


def test_record_out_of_scope_is_not_found(login_client):
    nct_record = AuditRecord.objects.filter(association_id=Association.objects.get(code="NCT").pk).first()
    assert login_client("outsider").get(reverse("core:audit_detail", args=[nct_record.pk])).status_code == 404
    assert login_client("assoc_admin").get(reverse("core:audit_detail", args=[nct_record.pk])).status_code == 200


def test_unit_officer_without_audit_scope_is_forbidden(login_client):
    record = AuditRecord.objects.first()
    client = login_client("province_officer")
    assert client.get(reverse("core:audit_list")).status_code == 403
    assert client.get(reverse("core:audit_detail", args=[record.pk])).status_code == 403


def test_filters_by_action_user_and_date(login_client):
    client = login_client("sysadmin")
    grants = _records(client.get(reverse("core:audit_list"), {"action": "role_grant"}))
    assert grants and {r.action for r in grants} == {"role_grant"}
    by_user = _records(client.get(reverse("core:audit_list"), {"user": "test"}))
    assert by_user and {r.actor_name for r in by_user} == {"test"}
    # dd/mm/yyyy, as users type dates
    assert not _records(client.get(reverse("core:audit_list"), {"date_to": "01/01/2000"}))
    assert _records(client.get(reverse("core:audit_list"), {"date_from": "01/01/2000"}))


def test_filter_by_object_and_request_id(login_client):
    record = AuditRecord.objects.filter(action="role_grant").first()
    response = login_client("sysadmin").get(
        reverse("core:audit_list"), {"object_type": record.object_type, "object_id": record.object_id}
    )
    assert record in _records(response)
    response = login_client("sysadmin").get(reverse("core:audit_list"), {"request_id": str(record.request_id)})
    assert {r.request_id for r in _records(response)} == {record.request_id}


def test_bad_filter_value_is_reported_not_a_crash(login_client):
    response = login_client("sysadmin").get(reverse("core:audit_list"), {"date_from": "31/02/2025"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_htmx_filter_gets_only_the_table(login_client):
    response = htmx_get(login_client("sysadmin"), reverse("core:audit_list"), {"action": "create"})
    assert_fragment(response)
    full = login_client("sysadmin").get(reverse("core:audit_list"))
    assert "<html" in full.content.decode() and "HX-Request" in full["Vary"]


def test_changes_are_shown_as_before_and_after(login_client):
    record = AuditRecord.objects.filter(action="role_grant").first()
    html = login_client("sysadmin").get(reverse("core:audit_detail", args=[record.pk])).content.decode()
    assert "role:" in html and "→" in html and record.changes["role"][1] in html


def test_audit_log_has_no_edit_or_delete_route(login_client):
    names = {n for n in get_resolver().reverse_dict if isinstance(n, str)}
    core_routes = {p.name for p in get_resolver().url_patterns[0].url_patterns}
    assert core_routes == {"home", "audit_list", "audit_detail", "notifications", "notifications_read"}
    assert not [n for n in names if "audit" in n and any(w in n for w in ("edit", "delete", "update"))]
    for name in ("core:audit_edit", "core:audit_delete", "core:audit_update"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1])
    record = AuditRecord.objects.first()
    client = login_client("sysadmin")
    before = AuditRecord.objects.count()
    assert client.post(reverse("core:audit_detail", args=[record.pk])).status_code == 405
    assert client.post(reverse("core:audit_list")).status_code == 405
    assert AuditRecord.objects.count() == before


def test_failed_login_is_in_the_audit_log_for_system_admins(login_client, client):
    client.post(reverse("accounts:login"), {"username": "assoc_admin", "password": "wrong"})
    records = _records(login_client("sysadmin").get(reverse("core:audit_list"), {"action": "login_failed"}))
    assert [r.object_repr for r in records] == ["assoc_admin"]
    # not tied to an association, so an association administrator does not see it
    assert not _records(login_client("assoc_admin").get(reverse("core:audit_list"), {"action": "login_failed"}))
