"""Audit: every service writes who, when, from where, what and before/after under one request id; records can
never be changed or deleted, whatever the path (ORM or raw SQL)."""

import uuid

import pytest
from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.sessions.backends.db import SessionStore
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from quanlyhoi.accounts.services import role_grant, role_revoke, token_create, user_create, user_update
from quanlyhoi.core import audit, context
from quanlyhoi.core.models import AuditImmutable, AuditRecord
from quanlyhoi.orgs.models import Association, RestructuringEvent
from quanlyhoi.orgs.services import (
    Basis,
    association_update,
    merger2025,
    unit_rename,
    unit_update,
    units_merge,
)
from tests.orgs.util import d, get

pytestmark = pytest.mark.django_db


def new_records(since_pk: int):
    return AuditRecord.objects.filter(pk__gt=since_pk).order_by("pk")


def last_pk() -> int:
    return AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_rename_writes_the_event_and_the_unit_with_before_and_after(personas):
    mark = last_pk()
    rid = uuid.uuid4()
    with context.acting("web", ip="10.0.0.7", request_id=rid):
        out = unit_rename(
            actor=personas["province_officer"],
            unit=get("NCT.01.00004"),
            name="Hội Người cao tuổi phường Ba Đình",
            basis=Basis(effective_date=d("01/10/2025"), decision_number="9/QĐ"),
        )
    event_rec, unit_rec = new_records(mark)
    unit = get("NCT.01.00004")
    nct = Association.objects.get(code="NCT")
    for rec in (event_rec, unit_rec):
        assert rec.actor == personas["province_officer"] and rec.actor_name == "province_officer"
        assert (rec.source, rec.ip, rec.request_id, rec.action) == ("web", "10.0.0.7", rid, "restructure.rename")
        assert rec.association_id == nct.pk
    assert (event_rec.object_type, event_rec.object_id) == ("orgs.restructuringevent", str(out.event_id))
    assert event_rec.unit_path == RestructuringEvent.objects.get(pk=out.event_id).scope_path == unit.path
    assert event_rec.changes == {
        "basis": {"effective_date": "2025-10-01", "decision_number": "9/QĐ", "decision_date": None, "note": ""},
        "units": ["NCT.01.00004"],
    }
    assert (unit_rec.object_type, unit_rec.object_id, unit_rec.unit_path) == ("orgs.unit", str(unit.pk), unit.path)
    assert unit_rec.changes == {"name": ["Hội NCT phường Ba Đình", "Hội Người cao tuổi phường Ba Đình"]}
    assert unit_rec.message == event_rec.message == RestructuringEvent.objects.get(pk=out.event_id).summary


def test_one_operation_shares_one_request_id_and_two_operations_do_not(operator):
    mark = last_pk()
    with context.acting("api") as first:
        units_merge(
            actor=operator,
            sources=[get("NCT.01.00008")],
            target=get("NCT.01.00004"),
            basis=Basis(effective_date=d("01/10/2025")),
        )
    with context.acting("api") as second:
        units_merge(
            actor=operator,
            sources=[get("NCT.02")],
            target=get("NCT.08"),
            basis=Basis(effective_date=d("01/10/2025")),
        )
    records = list(new_records(mark))
    assert [(r.object_type, r.request_id) for r in records] == [
        ("orgs.restructuringevent", first.request_id),
        ("orgs.unit", first.request_id),
        ("orgs.unit", first.request_id),
        ("orgs.restructuringevent", second.request_id),
        ("orgs.unit", second.request_id),
        ("orgs.unit", second.request_id),
    ]
    assert first.request_id != second.request_id
    assert {r.source for r in records} == {"api"}
    # The operator of a CLI command is named, not linked to a user.
    assert {(r.actor_id, r.actor_name) for r in records} == {(None, "test")}


def test_the_2025_merger_is_one_request(operator):
    mark = last_pk()
    with context.acting("cli") as ctx:
        merger2025.apply(actor=operator, association=Association.objects.get(code="NCT"))
    records = new_records(mark)
    assert records.count() == 2 + 2 + 3  # two renames (event + unit), one merge (event + two units)
    assert set(records.values_list("request_id", "source")) == {(ctx.request_id, "cli")}


def test_unit_update_records_contact_changes_only(personas):
    mark = last_pk()
    unit = get("NCT.01.00004")
    with context.acting("web"):
        unit_update(actor=personas["commune_officer"], unit=unit, data={"phone": " 024 3823 0000 ", "note": ""})
    (rec,) = new_records(mark)
    assert (rec.action, rec.object_type, rec.unit_path) == ("update", "orgs.unit", unit.path)
    assert rec.changes == {"phone": ["", "024 3823 0000"]}
    # Nothing changed: nothing recorded.
    unit_update(actor=personas["commune_officer"], unit=get("NCT.01.00004"), data={"phone": "024 3823 0000"})
    assert new_records(mark).count() == 1


def test_association_update_records_before_and_after(personas):
    mark = last_pk()
    nct = Association.objects.get(code="NCT")
    association_update(actor=personas["assoc_admin"], association=nct, data={"phone": "024 1234 5678"})
    (rec,) = new_records(mark)
    assert (rec.action, rec.object_type, rec.association_id) == ("update", "orgs.association", nct.pk)
    assert rec.changes == {"phone": ["", "024 1234 5678"]}


def test_account_services_are_audited(personas):
    admin = personas["assoc_admin"]
    mark = last_pk()
    with context.acting("web") as ctx:
        user = user_create(
            actor=admin,
            username="can_bo_moi",
            password="Mat-khau-rat-dai-2026",
            role="unit_officer",
            scope_code="NCT.01.00008",
            first_name="Lan",
        )
    created, granted = new_records(mark)
    unit = get("NCT.01.00008")
    assert (created.action, created.object_id, created.request_id) == ("create", str(user.pk), ctx.request_id)
    assert created.changes["username"] == [None, "can_bo_moi"]
    assert (created.association_id, created.unit_path) == (unit.association_id, unit.path)
    assert (granted.action, granted.request_id) == ("role_grant", ctx.request_id)
    assert granted.changes == {"role": [None, "unit_officer"], "scope": [None, "NCT.01.00008"]}
    assert "password" not in created.changes

    mark = last_pk()
    user_update(actor=admin, user=user, data={"last_name": "Nguyễn", "password": "Mot-mat-khau-khac-2026"})
    (updated,) = new_records(mark)
    assert updated.changes == {"password": ["***", "*** (đã đổi)"], "last_name": ["", "Nguyễn"]}
    assert "Mot-mat-khau" not in str(updated.changes)

    mark = last_pk()
    role_revoke(actor=admin, assignment=user.role_assignments.get())
    (revoked,) = new_records(mark)
    assert revoked.changes == {"role": ["unit_officer", None], "scope": ["NCT.01.00008", None]}
    assert (revoked.association_id, revoked.unit_path) == (unit.association_id, unit.path)

    mark = last_pk()
    token, raw = token_create(user=user)
    (tok,) = new_records(mark)
    assert tok.action == "token_create" and tok.actor == user
    assert raw not in str(tok.changes) and tok.changes == {"token": [None, token.prefix + "…"]}


def test_role_grant_on_an_association_is_scoped_to_it(operator, personas):
    mark = last_pk()
    role_grant(actor=operator, user=personas["overseer"], role="inspector", scope_code="CTD")
    (rec,) = new_records(mark)
    assert rec.association_id == Association.objects.get(code="CTD").pk and rec.unit_path == ""


def test_records_outside_any_context_are_system(operator):
    rec = audit.record(actor=operator, action="noop", message="x")
    assert rec.source in {"system", "cli", "web", "api"}
    with context.acting("job") as ctx:
        rec = audit.record(actor=None, action="noop")
    assert (rec.source, rec.request_id, rec.actor_name) == ("job", ctx.request_id, "")


# ---------------------------------------------------------------------------------------------------------
# Append-only


@pytest.fixture
def record(operator):
    return audit.record(actor=operator, action="test", message="bất biến")


def test_a_record_cannot_be_saved_again(record):
    record.message = "đã sửa"
    with pytest.raises(AuditImmutable):
        record.save()
    with pytest.raises(AuditImmutable), transaction.atomic():
        AuditRecord.objects.bulk_update([record], ["message"])
    assert AuditRecord.objects.get(pk=record.pk).message == "bất biến"


def test_a_record_cannot_be_deleted(record):
    with pytest.raises(AuditImmutable):
        record.delete()
    with pytest.raises(AuditImmutable):
        AuditRecord.objects.filter(pk=record.pk).delete()
    with pytest.raises(AuditImmutable):
        AuditRecord.objects.filter(pk=record.pk).update(message="đã sửa")
    assert AuditRecord.objects.filter(pk=record.pk, message="bất biến").exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditrecord SET message = 'đã sửa' WHERE id = %s",
        "DELETE FROM core_auditrecord WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_changes(record, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [record.pk])
    assert AuditRecord.objects.filter(pk=record.pk, message="bất biến").exists()


def test_the_base_manager_is_refused_by_the_database(record):
    """Django's base manager bypasses the model's queryset guards; the trigger still holds."""
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord._base_manager.filter(pk=record.pk).update(message="đã sửa")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord._base_manager.filter(pk=record.pk)._raw_delete(connection.alias)
    assert AuditRecord.objects.filter(pk=record.pk, message="bất biến").exists()


# ---------------------------------------------------------------------------------------------------------
# Login events


def _request():
    request = RequestFactory().post("/dang-nhap/", REMOTE_ADDR="10.1.2.3")
    request.session = SessionStore()
    return request


def test_login_is_audited(personas):
    user = personas["province_officer"]
    mark = last_pk()
    with context.acting("web", ip="10.1.2.3") as ctx:
        login(_request(), user, backend="django.contrib.auth.backends.ModelBackend")
    (rec,) = new_records(mark)
    assert (rec.action, rec.actor, rec.object_type, rec.object_id) == ("login", user, "auth.user", str(user.pk))
    assert (rec.source, rec.ip, rec.request_id) == ("web", "10.1.2.3", ctx.request_id)


def test_failed_login_is_audited_without_the_password(personas):
    mark = last_pk()
    with context.acting("web", ip="10.1.2.3"):
        assert authenticate(_request(), username="province_officer", password="sai-mat-khau") is None
    (rec,) = new_records(mark)
    assert (rec.action, rec.actor, rec.object_repr) == ("login_failed", None, "province_officer")
    assert "province_officer" in rec.message and "sai-mat-khau" not in str(rec.changes) + rec.message


def test_correct_credentials_authenticate(personas):
    from tests.world import PASSWORD

    assert authenticate(_request(), username="province_officer", password=PASSWORD) == personas["province_officer"]
    assert get_user_model().objects.filter(username="province_officer").exists()
