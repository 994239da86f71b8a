"""Helpers of the import tests: files written on the fly (CSV text, XLSX through xlsxwriter), an upload and a run
as a given actor, a data directory per test; the API and CLI fixtures of tests/api and tests/cli."""

import csv
import datetime
import io
import json
import time

import pytest
import xlsxwriter

from quanlyhoi.members.imports import files
from quanlyhoi.members.models import ImportJob
from quanlyhoi.members.services import imports
from quanlyhoi.orgs.models import Unit
from tests.api.conftest import api, token_for  # noqa: F401 (the API tests' fixtures)
from tests.cli.conftest import cli  # noqa: F401 (the in-process CLI fixture)


@pytest.fixture(autouse=True)
def own_data_dir(settings, tmp_path):
    """Each test keeps its uploads, progress and error files to itself (tests run side by side)."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số điện thoại", "Địa chỉ", "Ngày vào hội"]


def csv_bytes(rows: list[list], *, header: list | None = HEADER, before: list[list] = ()) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(before)
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list], *, header: list | None = HEADER, before: list[list] = ()) -> bytes:
    """Cells keep their Python types: int/float as numbers, dates as date cells, str as text."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    lines = [*before, *([header] if header else []), *rows]
    for r, line in enumerate(lines):
        for c, value in enumerate(line):
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), dates)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)
    book.close()
    return out.getvalue()


def person(name="Phạm Văn Năm", birth="05/01/1950", sex="Nam", cccd="", phone="", address="", joined="", n=1):
    """One row under HEADER."""
    return [n, name, birth, sex, cccd, phone, address, joined]


def upload(actor, unit_code: str, content: bytes, name: str = "hoi_vien.csv"):
    unit = Unit.objects.get(code=unit_code)
    return imports.import_upload(actor=actor, unit=unit, file_name=name, chunks=[content])


def run(actor, job, *, dry_run=False, skip_invalid=False, accept_duplicates=False):
    return imports.import_run(
        actor=actor, job=job, dry_run=dry_run, skip_invalid=skip_invalid, accept_duplicates=accept_duplicates
    )


def imported(actor, rows, *, unit="NCT.01.00004", **options):
    """Upload a CSV of `rows` under HEADER and run it (a commit unless dry_run=True): (job, counts)."""
    job = upload(actor, unit, csv_bytes(rows))
    counts = run(actor, job, **options)
    job.refresh_from_db()
    return job, counts


def left_running(job, seconds_ago: float) -> ImportJob:
    """The job as a killed run leaves it: running, its last progress `seconds_ago`."""
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING)
    job.refresh_from_db()
    progress = {"done": 5000, "total": 60000, "phase": "import", "at": time.time() - seconds_ago}
    files.progress_path(job).write_text(json.dumps(progress))
    return job
