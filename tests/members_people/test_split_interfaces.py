"""The split's member assignment from the web form (typed or uploaded list, default part), the API and the CLI;
previews tell how many members go to each part."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quanlyhoi.members.models import MembershipPeriod

URL = reverse("orgs:unit_split", args=["NCT.01.00004"])
FORM = {
    "effective_date": "01/01/2026",
    "part-TOTAL_FORMS": "2",
    "part-INITIAL_FORMS": "0",
    "part-0-name": "Hội NCT phường Ba Đình",
    "part-0-area": "00004",
    "part-1-name": "Hội NCT phường Giảng Võ",
    "part-1-area": "00025",
    "members_by": "area",
    "members_mapping": "",
    "members_default": "",
}


@pytest.fixture
def form(member):
    return {**FORM, f"child_{member('NCT-BD-003').unit_id}": "0"}


def preview(client, data, **extra):
    return client.post(URL, {**data, "action": "preview"}, **extra)


def test_split_page_asks_how_members_are_assigned(login_client, member):
    body = login_client("province_officer").get(URL).content.decode()
    assert 'name="members_by"' in body and 'name="members_file"' in body and 'formenctype="multipart/form-data"' in body


def test_unassigned_members_are_shown_on_the_form(login_client, form):
    response = preview(login_client("province_officer"), form)
    assert response.context["outcome"] is None
    assert "NCT-BD-001" in str(response.context["form"].non_field_errors())


def test_typed_list_previews_members_per_part_and_applies(login_client, form, member):
    client = login_client("province_officer")
    data = {**form, "members_mapping": "NCT-BD-001=1\nNCT-BD-002 = 2"}
    first = preview(client, data)
    lines = first.context["outcome"].lines
    assert sum("1 hội viên chuyển về" in line for line in lines) == 2
    assert MembershipPeriod.objects.filter(membership=member("NCT-BD-001")).count() == 1
    response = client.post(URL, {**data, "action": "apply", "previewed": first.context["fingerprint"]})
    assert response.status_code == 302
    assert member("NCT-BD-001").unit.name == "Hội NCT phường Ba Đình"
    assert member("NCT-BD-002").unit.name == "Hội NCT phường Giảng Võ"


def test_default_part_takes_everyone_left(login_client, form, member):
    first = preview(login_client("province_officer"), {**form, "members_default": "1"})
    assert "2 hội viên chuyển về" in " ".join(first.context["outcome"].lines)


def test_list_naming_an_empty_part_is_refused(login_client, form):
    response = preview(login_client("province_officer"), {**form, "members_mapping": "NCT-BD-001=3"})
    assert response.context["outcome"] is None
    assert response.context["form"].errors["members_mapping"]


def test_uploaded_list_becomes_the_typed_list_and_applies_without_a_second_upload(login_client, form, member):
    client = login_client("province_officer")
    upload = SimpleUploadedFile("phan-bo.csv", "Số thẻ,Phần\nNCT-BD-001,2\nNCT-BD-002,2\n".encode(), "text/csv")
    first = preview(client, {**form, "members_file": upload})
    assert first.context["outcome"] is not None, first.context["form"].errors
    assert first.context["form"]["members_mapping"].value() == "NCT-BD-001=2\nNCT-BD-002=2"
    data = {**form, "members_mapping": "NCT-BD-001=2\nNCT-BD-002=2"}
    response = client.post(URL, {**data, "action": "apply", "previewed": first.context["fingerprint"]})
    assert response.status_code == 302
    assert member("NCT-BD-001").unit.name == "Hội NCT phường Giảng Võ"


def test_an_unreadable_upload_is_shown_on_the_file_field(login_client, form):
    upload = SimpleUploadedFile("phan-bo.pdf", b"%PDF-1.4", "application/pdf")
    response = preview(login_client("province_officer"), {**form, "members_file": upload})
    assert response.context["outcome"] is None
    assert response.context["form"].errors["members_file"]


# --- API ---------------------------------------------------------------------------------------------------------

SPLIT = {
    "kind": "split",
    "source": "NCT.01.00004",
    "effective_date": "2026-01-01",
    "parts": [
        {"name": "Hội NCT phường Ba Đình", "area": "00004"},
        {"name": "Hội NCT phường Giảng Võ", "area": "00025"},
    ],
    "children": {"NCT.01.00004.001": 0},
    "preview": True,
}


def test_api_split_preview_counts_members_per_part(api, member):
    body = {**SPLIT, "members": {"by": "mapping", "mapping": {"NCT-BD-001": 0, "NCT-BD-002": 1}}}
    response = api("province_officer").post("/events", body)
    assert response.status_code == 200, response.json()
    assert sum("1 hội viên chuyển về" in line for line in response.json()["lines"]) == 2
    assert member("NCT-BD-001").unit.code == "NCT.01.00004"


def test_api_split_without_an_assignment_answers_400_with_the_numbers(api, member):
    response = api("province_officer").post("/events", SPLIT)
    assert response.status_code == 400
    assert response.json()["code"] == "split_members_unassigned" and "NCT-BD-001" in response.json()["message"]


def test_api_split_with_a_default_part_applies(api, member):
    response = api("province_officer").post("/events", {**SPLIT, "preview": False, "members": {"default": 1}})
    assert response.status_code == 201
    assert member("NCT-BD-001").unit.name == "Hội NCT phường Giảng Võ"


def test_api_split_refuses_an_unknown_member_option(api, member):
    response = api("province_officer").post("/events", {**SPLIT, "members": {"by": "luck"}})
    assert response.status_code == 422


# --- CLI ---------------------------------------------------------------------------------------------------------

CLI = ["units", "restructure", "split", "NCT.01.00004", "--part", "Hội NCT phường Ba Đình:00004",
       "--part", "Hội NCT phường Giảng Võ:00025", "--assign", "NCT.01.00004.001=1", "--date", "01/01/2026"]  # fmt: skip


def test_cli_split_preview_with_listed_members(cli, member):
    result = cli(*CLI, "--member", "NCT-BD-001=1", "--member", "NCT-BD-002=2", "--preview")
    assert result.code == 0, result.err
    assert result.out.count("1 hội viên chuyển về") == 2
    assert member("NCT-BD-001").unit.code == "NCT.01.00004"


def test_cli_split_with_a_members_file_and_default(cli, member, tmp_path):
    path = tmp_path / "phan-bo.csv"
    path.write_text("NCT-BD-001;2\n", encoding="utf-8")
    result = cli(*CLI, "--members-file", str(path), "--members-default", "1")
    assert result.code == 0, result.err
    assert (member("NCT-BD-001").unit.name, member("NCT-BD-002").unit.name) == (
        "Hội NCT phường Giảng Võ",
        "Hội NCT phường Ba Đình",
    )


def test_cli_split_refuses_a_missing_part(cli, member):
    result = cli(*CLI, "--member", "NCT-BD-001=3", "--preview")
    assert result.code == 1 and "Không có phần số 3" in result.err


def test_cli_split_without_assignment_lists_the_members(cli, member):
    result = cli(*CLI, "--members-by", "mapping", "--preview")
    assert result.code == 1 and "NCT-BD-001" in result.err
