"""The Excel round trip: the form downloaded, filled in offline and uploaded back through the same checks; a
tampered header, another unit's file, a stale form, a file that is not a form, many files at once."""

import io

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from quanlyhoi.core.errors import DomainError
from quanlyhoi.reporting import excel
from quanlyhoi.reporting.models import SubmissionValue
from quanlyhoi.reporting.services import submissions
from tests.reporting.conftest import NARRATIVES


def rows_of(content: bytes) -> list[list]:
    return (
        CalamineWorkbook.from_filelike(io.BytesIO(content))
        .get_sheet_by_name(excel.SHEET)
        .to_python(skip_empty_area=False)
    )


def rewrite(rows: list[list]) -> bytes:
    """The rows saved again, as a spreadsheet program does after the officer's edits."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(excel.SHEET)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, int | float):
                sheet.write_number(r, c, value)
            elif value not in ("", None):
                sheet.write_string(r, c, str(value))
    book.close()
    return out.getvalue()


def filled(content: bytes, values: dict, narratives: dict | None = None, header: dict | None = None) -> bytes:
    rows = rows_of(content)
    for row in rows:
        key = (str(row[0]), str(row[2]) if len(row) > 2 else "")
        if key in values:
            row[4] = values[key]
        if str(row[0]).startswith("#") and narratives and row[0][1:] in narratives:
            row[4] = narratives[row[0][1:]]
    for r, value in (header or {}).items():
        rows[r][1] = value
    return rewrite(rows)


def test_round_trip(draft, operator):
    form = excel.form_workbook(draft)
    content = filled(form, {("TT_BUOI", ""): 12, ("TT_LUOT", "F"): "1.234", ("HV_TONG", ""): 999}, NARRATIVES)
    saved = excel.upload(actor=operator, name="bao-cao.xlsx", content=content)
    values = {(v.indicator.code, v.key): v.number for v in SubmissionValue.objects.filter(submission=saved)}
    assert values[("TT_BUOI", "")] == 12 and values[("TT_LUOT", "F")] == 1234
    assert values[("HV_TONG", "")] != 999  # registry figures come from the registry, not the file
    assert saved.narratives.get(section__code="ket_qua").text == NARRATIVES["ket_qua"]
    assert submissions.submit(actor=operator, submission=saved).state == "submitted"


def test_the_same_checks_as_the_form(draft, operator):
    content = filled(excel.form_workbook(draft), {("TT_BUOI", ""): "mười"})
    with pytest.raises(DomainError) as err:
        excel.upload(actor=operator, name="f.xlsx", content=content)
    assert err.value.code == "bad_value"


@pytest.mark.parametrize("row", [0, 1, 2, 4])
def test_an_edited_header_is_refused(draft, operator, row):
    content = filled(
        excel.form_workbook(draft), {("TT_BUOI", ""): 3}, header={row: "NCT.01.00008" if row == 1 else "7"}
    )
    with pytest.raises(DomainError) as err:
        excel.upload(actor=operator, name="f.xlsx", content=content)
    assert err.value.code == "tampered"
    assert not SubmissionValue.objects.filter(submission=draft, indicator__code="TT_BUOI").exists()


def test_another_reports_file_on_this_report_is_refused(draft, operator, unit, h2):
    other = submissions.start(actor=operator, unit=unit("NCT.01.00008"), period=h2)
    content = filled(excel.form_workbook(other), {("TT_BUOI", ""): 3})
    with pytest.raises(DomainError) as err:
        excel.upload(actor=operator, name="f.xlsx", content=content, expected=draft)
    assert err.value.code == "wrong_unit" and "NCT.01.00008" in err.value.message


def test_a_file_outside_ones_scope_is_not_found(draft, personas, operator, unit, h2):
    other = submissions.start(actor=operator, unit=unit("NCT.01.00008"), period=h2)
    content = filled(excel.form_workbook(other), {("TT_BUOI", ""): 3})
    with pytest.raises(DomainError) as err:
        excel.upload(actor=personas["commune_officer"], name="f.xlsx", content=content)
    assert err.value.status == 404


def test_a_form_downloaded_before_a_change_is_stale(draft, operator):
    form = excel.form_workbook(draft)
    submissions.save(actor=operator, submission=draft, version=draft.version, values={"TT_BUOI": 1})
    with pytest.raises(DomainError) as err:
        excel.upload(actor=operator, name="f.xlsx", content=filled(form, {("TT_BUOI", ""): 5}))
    assert err.value.code == "stale"


@pytest.mark.parametrize(("name", "content"), [("f.csv", b"a,b\n1,2\n"), ("f.xlsx", b"PK\x03\x04 broken"),
                                               ("f.docx", b"PK\x03\x04")])  # fmt: skip
def test_not_a_form(draft, operator, name, content):
    with pytest.raises(DomainError):
        excel.upload(actor=operator, name=name, content=content)


def test_many_files_each_on_its_own(draft, operator, unit, h2):
    other = submissions.start(actor=operator, unit=unit("NCT.01.00008"), period=h2)
    good = filled(excel.form_workbook(other), {("TT_BUOI", ""): 8})
    bad = filled(excel.form_workbook(draft), {("TT_BUOI", ""): 3}, header={1: "NCT.01"})
    results = excel.upload_many(actor=operator, files=[("xa-ngoc-ha.xlsx", good), ("xa-ba-dinh.xlsx", bad)])
    assert [(r["file"], r["ok"]) for r in results] == [("xa-ngoc-ha.xlsx", True), ("xa-ba-dinh.xlsx", False)]
    assert SubmissionValue.objects.get(submission=other, indicator__code="TT_BUOI").number == 8
    assert "đã bị sửa" in results[1]["message"]


def test_web_download_and_upload(login_client, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    commune = login_client("commune_officer")
    got = commune.get(reverse("reporting:form", kwargs={"pk": draft.pk}))
    assert got.status_code == 200 and got["Content-Type"].startswith("application/vnd.openxmlformats")
    content = filled(got.content, {("TT_BUOI", ""): 6})
    sent = commune.post(reverse("reporting:form_upload", kwargs={"pk": draft.pk}),
                        {"files": SimpleUploadedFile("bd.xlsx", content)})  # fmt: skip
    assert sent.status_code == 302
    assert SubmissionValue.objects.get(submission=draft, indicator__code="TT_BUOI").number == 6
    many = commune.post(reverse("reporting:forms_upload"), {"files": [SimpleUploadedFile("bd.xlsx", content)],
                                                            "unit": "NCT.01.00004", "period": "2025-H2"})  # fmt: skip
    assert many.status_code == 302 and "unit=NCT.01.00004" in many["Location"]
    page = commune.get(many["Location"]).content.decode()
    assert "bd.xlsx" in page and "phiên bản" in page  # the second upload of the same form is stale


def test_cli_form_and_upload(cli, h2, tmp_path):
    path = tmp_path / "bd.xlsx"
    out = cli(
        "--as", "commune_officer", "reports", "form", "--unit", "NCT.01.00004", "--period", "2025-H2", "-o", str(path)
    )
    assert out.code == 0 and path.exists()
    path.write_bytes(filled(path.read_bytes(), {("TT_BUOI", ""): 4}))
    sent = cli("--as", "commune_officer", "reports", "upload", str(path), "--json")
    assert sent.code == 0 and sent.json()[0]["ok"]
    again = cli("--as", "commune_officer", "reports", "upload", str(path))
    assert again.code == 1 and "phiên bản" in again.out  # the same form twice: stale
    missing = cli("reports", "upload", str(tmp_path / "khong-co.xlsx"))
    assert missing.code == 1 and "Không có tệp" in missing.err


def test_a_file_too_large_for_a_form_is_refused(draft, operator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("to.xlsx", b"PK\x03\x04" + b"0" * excel.MAX_UPLOAD)
    with pytest.raises(DomainError) as err:
        excel.uploaded([big])
    assert err.value.code == "too_big" and "to.xlsx" in err.value.message
