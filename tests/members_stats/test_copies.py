"""Statistics read sex and year of birth from the membership's copies: every writer keeps them in step."""

import dataclasses

from quanlyhoi.members.models import Membership
from quanlyhoi.members.services._common import PersonData
from quanlyhoi.members.services.imports import import_run, import_upload
from quanlyhoi.members.services.lifecycle import person_update
from quanlyhoi.orgs.models import Unit


def _data(person) -> PersonData:
    fields = [f.name for f in dataclasses.fields(PersonData) if f.name != "area"]
    return PersonData(**{name: getattr(person, name) for name in fields})


def test_join_copies_sex_and_birth_year(join):
    membership = join("NCT.01.00008", "Đỗ Thị Hoa", sex="F", birth_year=1944)
    assert (membership.sex, membership.birth_year) == ("F", 1944)


def test_correcting_the_person_updates_the_copies(join, operator):
    membership = join("NCT.01.00008", "Đỗ Thị Hoa", sex="F", birth_year=1944)
    data = dataclasses.replace(_data(membership.person), sex="M", birth_year=1945)
    person_update(actor=operator, person=membership.person, data=data)
    membership.refresh_from_db()
    assert (membership.sex, membership.birth_year) == ("M", 1945)


def test_an_import_writes_and_corrects_the_copies(db, operator, tmp_path):
    unit = Unit.objects.get(code="NCT.01.00008")

    def run(text: str):
        path = tmp_path / "hv.csv"
        path.write_text(text, encoding="utf-8")
        job = import_upload(actor=operator, unit=unit, file_name="hv.csv", chunks=[path.read_bytes()])
        import_run(actor=operator, job=job, dry_run=False)

    run("Họ và tên,Ngày sinh,Giới tính,Số thẻ hội viên\nĐỗ Văn Nam,1950,Nam,T-1\n")
    membership = Membership.objects.get(member_number="T-1")
    assert (membership.sex, membership.birth_year) == ("M", 1950)
    run("Họ và tên,Ngày sinh,Giới tính,Số thẻ hội viên\nĐỗ Văn Nam,1951,Nữ,T-1\n")
    membership.refresh_from_db()
    assert (membership.sex, membership.birth_year) == ("F", 1951)
