"""The import pass through its services: dry run vs commit, all-or-nothing vs skip-invalid, idempotence,
updates, possible duplicates, and the cleaning rules as an import applies them."""

import datetime
import unicodedata

import pytest

from quanlyhoi.members.models import ImportJob, ImportRowError, Membership, MembershipPeriod, Person
from tests.members_imports.conftest import csv_bytes, imported, person, run, upload
from tests.world import area

pytestmark = pytest.mark.django_db

NEW = [
    person("Phạm Văn Năm", "05/01/1950", "Nam", "001050009001", "0912000001", n=1),
    person("Đỗ Thị Sáu", "02/03/1948", "Nữ", "001148009002", "0912000002", n=2),
]


def test_dry_run_writes_nothing(operator):
    job, counts = imported(operator, NEW, dry_run=True)
    assert counts["new"] == 2 and counts["written"] == 0
    assert not Person.objects.filter(import_job=job).exists() and not Membership.objects.filter(import_job=job)
    assert job.state == ImportJob.State.CHECKED


def test_commit_writes_people_memberships_and_periods(operator):
    job, counts = imported(operator, NEW)
    assert counts["new"] == 2 and counts["written"] == 2 and job.state == ImportJob.State.DONE
    membership = Membership.objects.select_related("person", "unit").get(person__id_number="001050009001")
    assert membership.unit.code == "NCT.01.00004" and membership.status == "active"
    assert membership.person.full_name == "Phạm Văn Năm" and membership.person.phone == "0912000001"
    assert membership.member_number.startswith("NCT")
    assert MembershipPeriod.objects.filter(membership=membership, valid_to__isnull=True, import_job=job).count() == 1


def test_one_invalid_row_writes_nothing(operator):
    rows = [*NEW, person("Lý Văn Bảy", "31/02/1950", "Nam", n=3)]
    job, counts = imported(operator, rows)
    assert counts["invalid"] == 1 and counts["written"] == 0
    assert job.state == ImportJob.State.REFUSED
    assert not Person.objects.filter(full_name__in=["Phạm Văn Năm", "Đỗ Thị Sáu"]).exists()
    error = ImportRowError.objects.get(job=job)
    assert (error.row, error.column) == (4, "Ngày sinh") and "31/02/1950" in error.message


def test_skip_invalid_writes_the_valid_rows(operator):
    rows = [*NEW, person("Lý Văn Bảy", "31/02/1950", "Nam", n=3)]
    job, counts = imported(operator, rows, skip_invalid=True)
    assert counts["invalid"] == 1 and counts["written"] == 2 and job.state == ImportJob.State.DONE
    assert Person.objects.filter(import_job=job).count() == 2
    assert ImportRowError.objects.filter(job=job, row=4).exists()


def test_the_same_file_twice_creates_nothing_the_second_time(operator):
    imported(operator, NEW)
    people = Person.objects.count()
    job, counts = imported(operator, NEW)
    assert counts["new"] == 0 and counts["unchanged"] == 2 and counts["written"] == 0
    assert Person.objects.count() == people and not Person.objects.filter(import_job=job).exists()


def test_a_changed_phone_is_an_update(operator, world_members):
    row = person("Nguyễn Văn An", "05/01/1950", "Nam", "001050001234", "0987000111")
    job, counts = imported(operator, [row])
    assert (counts["updated"], counts["new"], counts["unchanged"]) == (1, 0, 0)
    an = Person.objects.get(id_number="001050001234", association__code="NCT")
    assert an.phone == "0987000111" and an.import_job == job


def test_empty_cells_change_nothing(operator, world_members):
    job, counts = imported(operator, [person("Nguyễn Văn An", "", "", "001050001234", "")])
    assert counts["unchanged"] == 1
    an = Person.objects.get(id_number="001050001234", association__code="NCT")
    assert an.phone == "0912345678" and an.birth_date == datetime.date(1950, 1, 5)


def test_a_year_alone_does_not_erase_a_full_birth_date(operator, world_members):
    job, counts = imported(operator, [person("Nguyễn Văn An", "1950", "Nam", "001050001234", "0912345678")])
    assert counts["unchanged"] == 1
    assert Person.objects.get(id_number="001050001234", association__code="NCT").birth_date == datetime.date(1950, 1, 5)


def test_a_member_of_another_unit_is_refused(operator, world_members):
    # Hoàng Văn Đức belongs to NCT.08.02269, outside the receiving unit.
    job, counts = imported(operator, [person("Hoàng Văn Đức", "05/05/1952", "Nam", "008052005678")])
    assert counts["invalid"] == 1
    assert "ngoài đơn vị nhận tệp" in ImportRowError.objects.get(job=job).message


def test_same_cccd_twice_in_the_file_is_invalid(operator):
    rows = [NEW[0], person("Phạm Văn Nam", "05/01/1950", "Nam", "001050009001", n=2)]
    job, counts = imported(operator, rows, skip_invalid=True)
    assert counts["invalid"] == 1 and counts["written"] == 1
    assert "Trùng số định danh với dòng 2" in ImportRowError.objects.get(job=job).message


# --- possible duplicates -------------------------------------------------------------------------------------


def test_possible_duplicate_within_the_file_is_held_back(operator):
    rows = [person("Mai Văn Tám", "1950", "Nam", n=1), person("mai van tam", "1950", "Nam", n=2)]
    job, counts = imported(operator, rows)
    assert (counts["new"], counts["duplicates"], counts["held"], counts["written"]) == (1, 1, 1, 1)
    error = ImportRowError.objects.get(job=job)
    assert error.is_duplicate and error.row == 3 and "dòng 2" in error.message
    assert Person.objects.filter(name_folded="tam mai van").count() == 1


def test_possible_duplicate_of_a_member_in_the_database_is_held_back(operator, world_members):
    job, counts = imported(operator, [person("Trần Thị Bình", "1948", "Nữ")])
    assert (counts["new"], counts["duplicates"], counts["held"]) == (0, 1, 1)
    assert "đã có trong đơn vị" in ImportRowError.objects.get(job=job, is_duplicate=True).message
    assert Person.objects.filter(name_folded="binh tran thi", association__code="NCT").count() == 1


def test_same_name_in_another_unit_is_not_a_duplicate(operator, world_members):
    # Lê Thị Cúc (1960) is a member of NCT.01.00008, not of NCT.01.00004.
    job, counts = imported(operator, [person("Lê Thị Cúc", "1960", "Nữ")])
    assert (counts["new"], counts["duplicates"]) == (1, 0)


def test_accepted_duplicates_are_imported(operator, world_members):
    rows = [person("Trần Thị Bình", "1948", "Nữ", n=1), person("Mai Văn Tám", "1950", "Nam", n=2),
            person("Mai Văn Tám", "1950", "Nam", n=3)]  # fmt: skip
    job, counts = imported(operator, rows, accept_duplicates=True)
    assert (counts["duplicates"], counts["held"], counts["new"], counts["written"]) == (2, 0, 3, 3)
    assert Person.objects.filter(name_folded="binh tran thi", association__code="NCT").count() == 2
    assert ImportRowError.objects.filter(job=job, is_duplicate=True).count() == 2


# --- cleaning as an import applies it --------------------------------------------------------------------------


def test_cccd_that_lost_its_leading_zeros_is_restored(operator):
    job, counts = imported(operator, [person("Phạm Văn Năm", "05/01/1950", "Nam", "1050009001")])
    assert counts["written"] == 1
    assert Person.objects.filter(id_number="001050009001", import_job=job).exists()


def test_cccd_inconsistent_with_the_birth_year_is_invalid(operator):
    job, counts = imported(operator, [person("Phạm Văn Năm", "05/01/1951", "Nam", "001050009001")])
    assert counts["invalid"] == 1
    assert ImportRowError.objects.get(job=job).column == "Số CCCD"


def test_nfd_names_are_stored_in_nfc(operator):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    job, counts = imported(operator, [person(nfd, "1950", "Nữ")])
    stored = Person.objects.get(import_job=job)
    assert stored.full_name == "Nguyễn Thị Ánh" and unicodedata.is_normalized("NFC", stored.full_name)
    assert stored.name_folded == "anh nguyen thi"


def test_a_year_alone_is_a_birth_year(operator):
    job, counts = imported(operator, [person("Vũ Văn Chín", "1938", "Nam")])
    stored = Person.objects.get(import_job=job)
    assert (stored.birth_date, stored.birth_year) == (None, 1938)


def test_an_old_province_name_maps_to_the_new_province(operator):
    row = person("Vũ Văn Chín", "1938", "Nam", address="Thôn Nặm Đăm, Huyện Quản Bạ, Tỉnh Hà Giang")
    job, counts = imported(operator, [row])
    assert Person.objects.get(import_job=job).area == area("08")  # Hà Giang is part of Tuyên Quang since 2025


def test_a_commune_in_the_address_is_matched(operator):
    row = person("Vũ Văn Chín", "1938", "Nam", address="Số 5 Điện Biên Phủ, Phường Ba Đình, Thành phố Hà Nội")
    job, _ = imported(operator, [row])
    assert Person.objects.get(import_job=job).area == area("00004")


def test_phone_without_its_leading_zero_is_normalised(operator):
    job, _ = imported(operator, [person("Vũ Văn Chín", "1938", "Nam", phone="912 345 000")])
    assert Person.objects.get(import_job=job).phone == "0912345000"


def test_a_joined_date_sets_the_membership_and_its_first_period(operator):
    job, _ = imported(operator, [person("Vũ Văn Chín", "1938", "Nam", joined="15/03/2015")])
    membership = Membership.objects.get(import_job=job)
    assert membership.joined_on == datetime.date(2015, 3, 15)
    # The history starts when the unit itself began (the 2025 reorganisation), not before.
    assert MembershipPeriod.objects.get(membership=membership).valid_from == membership.unit.valid_from


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","a")', "+84 ghi chú", "-Hưu trí", "@SUM(A1)"])
def test_formula_like_cells_are_stored_as_text(operator, text):
    header = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Ghi chú"]
    job = upload(operator, "NCT.01.00004", csv_bytes([[1, "Vũ Văn Chín", "1938", "Nam", text]], header=header))
    run(operator, job)
    assert Person.objects.get(import_job=job).notes == text
