"""The import pages: upload, the job page (columns, preview, check, result, commit, done), progress polling,
interrupted runs, the errors file and the template; who sees what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from quanlyhoi.members.imports import files
from quanlyhoi.members.models import ImportJob, Person
from quanlyhoi.members.services import imports
from tests.members_imports.conftest import csv_bytes, left_running, person, upload

pytestmark = pytest.mark.django_db

ROWS = [
    person("Phạm Văn Năm", "05/01/1950", "Nam", "001050009001", n=1),
    person("Lý Văn Bảy", "31/02/1950", "Nam", n=2),
]


def post_file(client, rows=ROWS, name="hoi_vien.csv", unit="NCT.01.00004", content=None):
    data = {"unit": unit, "file": SimpleUploadedFile(name, content if content is not None else csv_bytes(rows))}
    return client.post(reverse("members:import_upload"), data)


def columns(job, **changes):
    chosen = {f"col_{col}": key for key, col in job.mapping.items()}
    return {"header_row": job.header_row, **chosen, **changes}


def test_upload_leads_to_the_job_page_with_the_detected_columns_and_a_preview(login_client):
    client = login_client("commune_officer")
    response = post_file(client)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("members:import_detail", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert '<option value="full_name" selected>Họ và tên</option>' in page
    assert "B · Họ và tên" in page and "Phạm Văn Năm" in page  # column letters and the first rows


def test_the_upload_form_offers_the_officer_s_own_unit(login_client):
    page = login_client("commune_officer").get(reverse("members:import_upload")).content.decode()
    assert 'value="NCT.01.00004"' in page


def test_a_wrong_file_is_refused_on_the_form(login_client):
    response = post_file(login_client("commune_officer"), name="anh.pdf", content=b"%PDF-1.4")
    assert response.status_code == 200 and "Chỉ nhận tệp Excel (.xlsx) hoặc CSV" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_out_of_scope_unit_is_refused_on_the_form(login_client):
    response = post_file(login_client("commune_officer"), unit="NCT.01")
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert "NCT.01" in response.content.decode()


def test_check_shows_counts_errors_and_the_commit_form(login_client):
    client = login_client("commune_officer")
    post_file(client)
    job = ImportJob.objects.get()
    response = client.post(reverse("members:import_mapping", args=[job.pk]), columns(job, action="check"))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED and job.counts["invalid"] == 1
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "31/02/1950" in page and 'name="skip_invalid"' in page and 'value="import"' in page
    assert reverse("members:import_errors", args=[job.pk]) + "?only=1" in page


def test_changed_columns_are_saved(login_client):
    client = login_client("commune_officer")
    post_file(client)
    job = ImportJob.objects.get()
    client.post(reverse("members:import_mapping", args=[job.pk]), columns(job, col_5="", action="save"))
    job.refresh_from_db()
    assert "phone" not in job.mapping and job.state == ImportJob.State.UPLOADED


def test_a_field_chosen_twice_is_refused(login_client):
    client = login_client("commune_officer")
    post_file(client)
    job = ImportJob.objects.get()
    response = client.post(reverse("members:import_mapping", args=[job.pk]), columns(job, col_0="full_name"))
    assert response.status_code == 200 and "Họ và tên" in response.content.decode()
    assert ImportJob.objects.get().mapping == job.mapping


def test_commit_with_skip_invalid_then_the_done_page(login_client):
    client = login_client("commune_officer")
    post_file(client)
    job = ImportJob.objects.get()
    client.post(reverse("members:import_run", args=[job.pk]), {"action": "check"})
    client.post(reverse("members:import_run", args=[job.pk]), {"action": "import", "skip_invalid": "on"})
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and Person.objects.filter(import_job=job).count() == 1
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert f"{reverse('members:list')}?unit=NCT.01.00004" in page and 'value="import"' not in page


def test_commit_without_skip_writes_nothing(login_client):
    client = login_client("commune_officer")
    post_file(client)
    job = ImportJob.objects.get()
    client.post(reverse("members:import_run", args=[job.pk]), {"action": "import"})
    job.refresh_from_db()
    assert job.state == ImportJob.State.REFUSED and not Person.objects.filter(full_name="Phạm Văn Năm").exists()


def test_progress_fragment_polls_while_running_and_reloads_when_done(login_client, operator):
    client = login_client("commune_officer")
    job = left_running(upload(operator, "NCT.01.00004", csv_bytes(ROWS)), 1)
    response = client.get(reverse("members:import_progress", args=[job.pk]))
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body and 'data-progress="8"' in body and "HX-Refresh" not in response
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.CHECKED)
    assert client.get(reverse("members:import_progress", args=[job.pk]))["HX-Refresh"] == "true"


def test_an_interrupted_run_is_shown_with_a_way_to_run_it_again(login_client, operator):
    job = left_running(upload(operator, "NCT.01.00004", csv_bytes(ROWS)), imports.STALE_SECONDS + 5)
    page = login_client("commune_officer").get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "import-interrupted" in page and 'value="check"' in page


def test_errors_file_download(login_client, tmp_path):
    client = login_client("commune_officer")
    post_file(client)
    job = ImportJob.objects.get()
    client.post(reverse("members:import_run", args=[job.pk]), {"action": "check"})
    response = client.get(reverse("members:import_errors", args=[job.pk]), {"only": "1"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('hoi_vien-loi.xlsx"')
    path = tmp_path / "loi.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    rows = list(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())
    assert rows[0][-1] == "Lỗi" and rows[1][1] == "Lý Văn Bảy" and "Ngày sinh" in rows[1][-1]


def test_the_inspector_sees_the_job_but_not_its_rows(login_client, operator):
    job = upload(operator, "NCT.01.00004", csv_bytes(ROWS))
    imports.import_run(actor=operator, job=job, dry_run=True)
    client = login_client("inspector")
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "Lý Văn Bảy" not in page and "31/02/1950" not in page and 'name="col_0"' not in page
    assert client.get(reverse("members:import_errors", args=[job.pk])).status_code == 403


def test_a_job_of_another_unit_is_not_found(login_client, operator):
    job = upload(operator, "NCT.01.00008", csv_bytes(ROWS))
    client = login_client("commune_officer")
    assert client.get(reverse("members:import_detail", args=[job.pk])).status_code == 404
    assert job.file_name not in client.get(reverse("members:import_list")).content.decode()


def test_the_list_shows_the_visible_jobs(login_client, operator):
    upload(operator, "NCT.01.00004", csv_bytes(ROWS), "chi_hoi_ba_dinh.csv")
    page = login_client("province_officer").get(reverse("members:import_list")).content.decode()
    assert "chi_hoi_ba_dinh.csv" in page


@pytest.mark.parametrize(("query", "kind"), [({}, "spreadsheetml"), ({"format": "csv"}, "text/csv")])
def test_template_download(login_client, query, kind):
    response = login_client("inspector").get(reverse("members:import_template"), query)
    assert response.status_code == 200 and kind in response["Content-Type"]


def test_a_job_whose_file_is_gone_says_so(login_client, operator):
    job = upload(operator, "NCT.01.00004", csv_bytes(ROWS))
    files.stored_path(job).unlink()
    response = login_client("commune_officer").get(reverse("members:import_detail", args=[job.pk]))
    assert response.status_code == 200 and "không còn trên máy chủ" in response.content.decode()
