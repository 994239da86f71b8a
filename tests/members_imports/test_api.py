"""The import API end to end: upload (multipart), columns, dry run, errors, errors file, commit; scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from quanlyhoi.members.models import ImportJob, Person
from tests.api.conftest import BASE
from tests.members_imports.conftest import csv_bytes, person, upload

pytestmark = pytest.mark.django_db

ROWS = [
    person("Phạm Văn Năm", "05/01/1950", "Nam", "001050009001", n=1),
    person("Lý Văn Bảy", "31/02/1950", "Nam", n=2),
]


def post_file(client, rows=ROWS, unit="NCT.01.00004", name="hoi_vien.csv", content=None):
    data = {"unit": unit, "file": SimpleUploadedFile(name, content if content is not None else csv_bytes(rows))}
    return client.client.post(f"{BASE}/members/imports", data, headers=client.headers)


def test_upload_answers_the_job_with_its_columns(api):
    response = post_file(api("commune_officer"))
    assert response.status_code == 201, response.content
    job = response.json()
    assert job["state"] == "uploaded" and job["unit"] == "NCT.01.00004" and job["header_row"] == 1
    assert job["mapping"]["full_name"] == 1 and job["headers"][1] == "Họ và tên"


def test_flow_from_upload_to_import(api, tmp_path):
    client = api("commune_officer")
    job_id = post_file(client).json()["id"]
    response = client.put(f"/members/imports/{job_id}/mapping", {"mapping": None, "header_row": 1})
    assert response.status_code == 200
    response = client.post(f"/members/imports/{job_id}/run", {"dry_run": True})
    assert response.status_code == 202 and response.json()["state"] == "checked"
    assert response.json()["counts"]["invalid"] == 1 and response.json()["counts"]["new"] == 1
    errors = client.get(f"/members/imports/{job_id}/errors").json()
    assert errors["count"] == 1 and errors["items"][0]["row"] == 3 and errors["items"][0]["column"] == "Ngày sinh"
    file = client.get(f"/members/imports/{job_id}/errors-file", {"only_invalid": "true"})
    assert file.status_code == 200
    (tmp_path / "loi.xlsx").write_bytes(b"".join(file.streaming_content))
    rows = list(CalamineWorkbook.from_path(str(tmp_path / "loi.xlsx")).get_sheet_by_index(0).iter_rows())
    assert rows[1][1] == "Lý Văn Bảy" and rows[1][-1].startswith("Cột Ngày sinh")
    response = client.post(f"/members/imports/{job_id}/run", {"dry_run": False, "skip_invalid": True})
    assert response.json()["state"] == "done" and response.json()["counts"]["written"] == 1
    detail = client.get(f"/members/imports/{job_id}").json()
    assert detail["state"] == "done" and detail["finished_at"]
    assert Person.objects.filter(import_job_id=job_id).count() == 1


def test_a_run_without_skip_is_refused_and_writes_nothing(api):
    client = api("commune_officer")
    job_id = post_file(client).json()["id"]
    response = client.post(f"/members/imports/{job_id}/run", {"dry_run": False})
    assert response.status_code == 202 and response.json()["state"] == "refused"
    assert not Person.objects.filter(import_job_id=job_id).exists()


def test_a_bad_mapping_answers_400_with_a_vietnamese_message(api):
    client = api("commune_officer")
    job_id = post_file(client).json()["id"]
    response = client.put(f"/members/imports/{job_id}/mapping", {"mapping": {"birth": 2}})
    assert response.status_code == 400 and response.json()["code"] == "bad_mapping"
    assert "họ và tên" in response.json()["message"]


def test_a_wrong_file_answers_400_and_stores_nothing(api):
    response = post_file(api("commune_officer"), name="a.pdf", content=b"%PDF-1.4")
    assert response.status_code == 400 and response.json()["code"] == "wrong_file_type"
    assert not ImportJob.objects.exists()


def test_a_commune_officer_cannot_import_into_the_province(api):
    response = post_file(api("commune_officer"), unit="NCT.01")
    assert response.status_code == 404 and not ImportJob.objects.exists()


def test_an_inspector_may_not_upload(api):
    assert post_file(api("inspector")).status_code == 403


def test_jobs_of_other_units_are_not_found(api, operator):
    job = upload(operator, "NCT.01.00008", csv_bytes(ROWS))
    client = api("commune_officer")
    assert client.get(f"/members/imports/{job.pk}").status_code == 404
    assert client.post(f"/members/imports/{job.pk}/run", {"dry_run": True}).status_code == 404
    assert client.get("/members/imports").json()["count"] == 0
    assert api("province_officer").get("/members/imports").json()["count"] == 1


def test_the_list_filters_by_unit_and_state(api, operator):
    upload(operator, "NCT.01.00004", csv_bytes(ROWS))
    upload(operator, "NCT.01.00008", csv_bytes(ROWS))
    client = api("assoc_admin")
    assert client.get("/members/imports", {"unit": "nct.01.00008"}).json()["count"] == 1
    assert client.get("/members/imports", {"state": "done"}).json()["count"] == 0


def test_row_errors_need_the_personal_data_right(api, operator):
    job = upload(operator, "NCT.01.00004", csv_bytes(ROWS))
    assert api("inspector").get(f"/members/imports/{job.pk}").status_code == 200
    assert api("inspector").get(f"/members/imports/{job.pk}/errors").status_code == 403


def test_template(api):
    response = api("overseer").get("/members/imports/template", {"format": "csv"})
    assert response.status_code == 200 and response.content.decode("utf-8").startswith("\ufeffHọ và tên")
