"""One audit record per committed import, every row it writes linked to the job; the job's states: queued runs
(inline in tests), stale runs, recovery when the worker starts, rights re-checked when the worker runs."""

import pytest

from quanlyhoi.accounts.models import RoleAssignment
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.members.imports import files
from quanlyhoi.members.models import ImportJob, Membership, MembershipPeriod, Person
from quanlyhoi.members.services import imports
from tests.members_imports.conftest import csv_bytes, imported, left_running, person, upload

pytestmark = pytest.mark.django_db

ROWS = [person("Phạm Văn Năm", "05/01/1950", "Nam", "001050009001", n=1), person("Đỗ Thị Sáu", "1948", "Nữ", n=2)]


def test_a_committed_import_has_one_audit_record(operator):
    job, counts = imported(operator, ROWS)
    record = AuditRecord.objects.get(action="member.import")
    assert job.audit_record == record and record.object_id == str(job.pk) and record.source == "import"
    assert record.changes["file_name"] == "hoi_vien.csv" and record.changes["checksum"] == job.checksum
    assert record.changes["counts"]["new"] == 2 and record.changes["counts"]["written"] == 2
    assert record.unit_path == job.unit.path


def test_every_created_row_points_at_its_job(operator):
    job, _ = imported(operator, ROWS)
    people = Person.objects.filter(full_name__in=["Phạm Văn Năm", "Đỗ Thị Sáu"])
    assert people.count() == 2 and set(people.values_list("import_job", flat=True)) == {job.pk}
    memberships = Membership.objects.filter(person__in=people)
    assert set(memberships.values_list("import_job", flat=True)) == {job.pk}
    assert set(MembershipPeriod.objects.filter(membership__in=memberships).values_list("import_job", flat=True)) == {
        job.pk
    }


def test_an_updated_row_points_at_the_job_that_changed_it(operator, world_members):
    job, _ = imported(operator, [person("Nguyễn Văn An", "05/01/1950", "Nam", "001050001234", "0987000111")])
    assert Person.objects.get(id_number="001050001234", association__code="NCT").import_job == job


def test_dry_runs_and_refusals_write_no_audit_record(operator):
    imported(operator, ROWS, dry_run=True)
    imported(operator, [person("Lý Văn Bảy", "31/02/1950", "Nam")])
    assert not AuditRecord.objects.filter(action="member.import").exists()


def test_a_done_import_cannot_run_again(operator):
    job, _ = imported(operator, ROWS)
    with pytest.raises(DomainError) as exc:
        imports.import_run(actor=operator, job=job, dry_run=True)
    assert exc.value.code == "already_imported"


def test_start_queues_a_run_that_the_test_backend_runs_at_once(personas):
    officer = personas["commune_officer"]
    job = upload(officer, "NCT.01.00004", csv_bytes(ROWS))
    job = imports.import_start(actor=officer, job=job, dry_run=True)
    assert job.state == ImportJob.State.CHECKED and job.counts["new"] == 2


def test_a_running_job_cannot_be_started_twice(operator):
    job = upload(operator, "NCT.01.00004", csv_bytes(ROWS))
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING)
    job.refresh_from_db()
    files.write_progress(job, 10, 100, "import")
    with pytest.raises(DomainError) as exc:
        imports.import_run(actor=operator, job=job, dry_run=True)
    assert exc.value.code == "job_running"


def test_a_run_whose_progress_stopped_is_stale_and_can_run_again(operator):
    job = left_running(upload(operator, "NCT.01.00004", csv_bytes(ROWS)), imports.STALE_SECONDS + 5)
    assert imports.is_stale(job)
    counts = imports.import_run(actor=operator, job=job, dry_run=False)
    assert counts["written"] == 2


def test_a_run_still_reporting_progress_is_not_stale(operator):
    job = left_running(upload(operator, "NCT.01.00004", csv_bytes(ROWS)), 3)
    assert not imports.is_stale(job)


def test_recovery_marks_stale_runs_as_failed_and_leaves_live_ones(operator):
    stale = left_running(upload(operator, "NCT.01.00004", csv_bytes(ROWS)), imports.STALE_SECONDS + 5)
    live = left_running(upload(operator, "NCT.01.00004", csv_bytes(ROWS)), 1)
    assert imports.imports_recover() == 1
    stale.refresh_from_db()
    live.refresh_from_db()
    assert stale.state == ImportJob.State.FAILED and "chạy lại" in stale.error
    assert live.state == ImportJob.State.RUNNING


def test_the_worker_stops_a_run_whose_user_lost_the_right(personas):
    officer = personas["commune_officer"]
    job = upload(officer, "NCT.01.00004", csv_bytes(ROWS))
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.QUEUED)
    RoleAssignment.objects.filter(user=officer).delete()
    with pytest.raises(DomainError):
        imports.run_queued(job.pk, officer.pk, False)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and not Person.objects.filter(full_name="Phạm Văn Năm").exists()


def test_a_task_delivered_twice_runs_once(operator):
    job, _ = imported(operator, ROWS)
    imports.run_queued(job.pk, None, False)  # state is done, not queued: nothing happens
    assert Person.objects.filter(full_name="Phạm Văn Năm").count() == 1
