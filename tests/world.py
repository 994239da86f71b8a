"""A small, fixed world built once per test database: reference data, two associations' trees and one
user per persona. Tests run in transactions on top of it, so each test starts from exactly this."""

import datetime

from django.contrib.auth import get_user_model

from quanlyhoi.accounts.services import role_grant
from quanlyhoi.core.roles import Role
from quanlyhoi.core.scoping import SystemOperator
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.geo.reference import load_areas
from quanlyhoi.orgs.models import Association, Unit, UnitLevel
from quanlyhoi.orgs.reference import load_registry_reference
from quanlyhoi.orgs.services import Basis, NewUnit, unit_create

PASSWORD = "Mat-khau-thu-2026"
D2020 = datetime.date(2020, 1, 1)
D_REFORM = datetime.date(2025, 7, 1)

# The units build() creates, by association, in code order.
NCT_UNITS = [
    "NCT",
    "NCT.01",
    "NCT.01.00004",
    "NCT.01.00004.001",
    "NCT.01.00008",
    "NCT.02",
    "NCT.04",
    "NCT.08",
    "NCT.08.02269",
]
CTD_UNITS = ["CTD", "CTD.01", "CTD.01.00004"]

# persona -> (username, role, scope code)
PERSONAS = {
    "sysadmin": ("sysadmin", Role.SYSTEM_ADMIN, None),
    "overseer": ("overseer", Role.OVERSEER, None),
    "assoc_admin": ("assoc_admin", Role.ASSOCIATION_ADMIN, "NCT"),
    "province_officer": ("province_officer", Role.UNIT_OFFICER, "NCT.01"),
    "commune_officer": ("commune_officer", Role.UNIT_OFFICER, "NCT.01.00004"),
    "inspector": ("inspector", Role.INSPECTOR, "NCT"),
    "outsider": ("outsider", Role.ASSOCIATION_ADMIN, "CTD"),
}


def area(code: str, generation: str = AdminArea.Generation.CURRENT, level: str | None = None) -> AdminArea:
    level = level or (AdminArea.Level.PROVINCE if len(code) == 2 else AdminArea.Level.COMMUNE)
    return AdminArea.objects.get(generation=generation, level=level, code=code)


def legacy(code: str) -> AdminArea:
    return area(code, AdminArea.Generation.LEGACY)


def create(
    association_code: str,
    level: str,
    name: str,
    *,
    parent: str | None,
    day: datetime.date,
    area_obj: AdminArea | None = None,
) -> Unit:
    association = Association.objects.get(code=association_code)
    out = unit_create(
        actor=SystemOperator("test"),
        association=association,
        level=UnitLevel.objects.get(association=association, code=level),
        spec=NewUnit(name=name, area=area_obj, parent=Unit.objects.get(code=parent) if parent else None),
        basis=Basis(effective_date=day),
    )
    return Unit.objects.get(code=out.unit_codes[0])


def build() -> None:
    load_areas()
    load_registry_reference()
    # NCT: four province chapters of the old 63 provinces, not yet merged (tests apply the 2025 merger).
    create("NCT", "central", "Trung ương Hội Người cao tuổi Việt Nam", parent=None, day=D2020)
    for code, name in [("01", "Hà Nội"), ("02", "Hà Giang"), ("04", "Cao Bằng"), ("08", "Tuyên Quang")]:
        create("NCT", "province", f"Hội Người cao tuổi tỉnh {name}", parent="NCT", day=D2020, area_obj=legacy(code))
    create(
        "NCT",
        "commune",
        "Hội NCT phường Ba Đình",
        parent="NCT.01",
        day=datetime.date(2025, 8, 1),
        area_obj=area("00004"),
    )
    create(
        "NCT",
        "commune",
        "Hội NCT phường Ngọc Hà",
        parent="NCT.01",
        day=datetime.date(2025, 8, 1),
        area_obj=area("00008"),
    )
    create("NCT", "branch", "Chi hội số 1 Ba Đình", parent="NCT.01.00004", day=datetime.date(2025, 9, 1))
    create(
        "NCT",
        "commune",
        "Hội NCT xã Thượng Lâm",
        parent="NCT.08",
        day=datetime.date(2025, 8, 1),
        area_obj=area("02269"),
    )
    # CTD: the outsider's association.
    create("CTD", "central", "Trung ương Hội Chữ thập đỏ Việt Nam", parent=None, day=D2020)
    create("CTD", "province", "Hội Chữ thập đỏ thành phố Hà Nội", parent="CTD", day=D_REFORM, area_obj=area("01"))
    create(
        "CTD",
        "commune",
        "Hội CTĐ phường Ba Đình",
        parent="CTD.01",
        day=datetime.date(2025, 8, 1),
        area_obj=area("00004"),
    )

    User = get_user_model()
    for username, role, scope in PERSONAS.values():
        user = User.objects.create_user(username=username, password=PASSWORD)
        role_grant(actor=SystemOperator("test"), user=user, role=role, scope_code=scope)


# Members, added per test by the `world_members` fixture (restructuring tests end and split these units, which
# members would block): (unit, member number, full name, sex, birth, CCCD, phone, joined). Bùi Văn Hùng is a
# member of both NCT and CTD (the same CCCD): each association keeps its own record of him.
MEMBERS = [
    ("NCT.01.00004", "NCT-BD-001", "Nguyễn Văn An", "M", datetime.date(1950, 1, 5), "001050001234", "0912345678",
     datetime.date(2025, 9, 15)),
    ("NCT.01.00004", "NCT-BD-002", "Trần Thị Bình", "F", datetime.date(1948, 3, 2), "001148002345", "0987654321",
     datetime.date(2025, 9, 15)),
    ("NCT.01.00004.001", "NCT-BD-003", "Bùi Văn Hùng", "M", datetime.date(1955, 7, 20), "001055003456", "",
     datetime.date(2025, 10, 1)),
    ("NCT.01.00008", "NCT-NH-001", "Lê Thị Cúc", "F", datetime.date(1960, 12, 1), "001160004567", "",
     datetime.date(2025, 9, 1)),
    ("NCT.08.02269", "NCT-TL-001", "Hoàng Văn Đức", "M", datetime.date(1952, 5, 5), "008052005678", "",
     datetime.date(2025, 9, 1)),
    ("CTD.01.00004", "CTD-BD-001", "Bùi Văn Hùng", "M", datetime.date(1955, 7, 20), "001055003456", "0901234567",
     datetime.date(2025, 9, 1)),
]  # fmt: skip


def build_members() -> None:
    from quanlyhoi.members.services._common import PersonData
    from quanlyhoi.members.services.lifecycle import member_join

    actor = SystemOperator("test")
    for unit_code, number, full, sex, birth, cccd, phone, joined in MEMBERS:
        family, *middle, given = full.split()
        person = PersonData(full_name=full, family_name=family, middle_name=" ".join(middle), given_name=given,
                            sex=sex, birth_date=birth, id_number=cccd, phone=phone)  # fmt: skip
        member_join(actor=actor, unit=Unit.objects.get(code=unit_code), person=person, joined_on=joined,
                    member_number=number)  # fmt: skip
