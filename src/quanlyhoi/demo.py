"""Deterministic demo data: every association with its central unit and 34 province chapters, commune
chapters and branches in two provinces, one applied 2025 merger (NCT) so that lineage is visible, and members
of NCT and CTD with some history, and NCT's reports for the two half-years of 2025. Idempotent: a second run
creates nothing."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from quanlyhoi.core.roles import Role
from quanlyhoi.core.scoping import SystemOperator
from quanlyhoi.geo.models import REFORM_2025, AdminArea
from quanlyhoi.geo.reference import load_areas
from quanlyhoi.orgs.models import Association, Unit, UnitLevel
from quanlyhoi.orgs.reference import load_registry_reference
from quanlyhoi.orgs.services import Basis, NewUnit, merger2025, unit_create

DEMO_PASSWORD = "demo-quanlyhoi-2026"  # noqa: S105  (printed by `make demo`, documented)
EPOCH = datetime.date(2020, 1, 1)
MERGED_ASSOCIATION = "NCT"
COMMUNE_PROVINCES = ["01", "08"]  # Hà Nội and Tuyên Quang (which absorbed Hà Giang)
COMMUNES_PER_PROVINCE = 8

# username, role, scope code (None = whole system), description
DEMO_USERS = [
    ("quantri", Role.SYSTEM_ADMIN, None, "Quản trị hệ thống"),
    ("giamsat", Role.OVERSEER, None, "Cán bộ cơ quan theo dõi (MTTQ)"),
    ("hoi_nct", Role.ASSOCIATION_ADMIN, "NCT", "Quản trị Hội Người cao tuổi Việt Nam"),
    ("tinh_nct_hn", Role.UNIT_OFFICER, "NCT.01", "Cán bộ Hội NCT thành phố Hà Nội"),
    ("xa_nct_badinh", Role.UNIT_OFFICER, "NCT.01.00004", "Cán bộ Hội NCT phường Ba Đình"),
    ("thanhtra_nct", Role.INSPECTOR, "NCT", "Thanh tra, kiểm tra Hội NCT (chỉ xem)"),
    ("hoi_ctd", Role.ASSOCIATION_ADMIN, "CTD", "Quản trị Hội Chữ thập đỏ Việt Nam"),
]


def _name(association: Association, area: AdminArea) -> str:
    kind = "thành phố" if area.name.startswith("Thành phố") else "tỉnh"
    short = area.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
    return f"{association.short_name or association.name} {kind} {short}"


def _commune_name(association: Association, area: AdminArea) -> str:
    return f"{association.short_name or association.name} {area.name[0].lower()}{area.name[1:]}"


def _tree(actor, association: Association, *, legacy: bool) -> None:
    levels = {lvl.code: lvl for lvl in UnitLevel.objects.filter(association=association)}
    start = EPOCH if legacy else REFORM_2025
    central = unit_create(
        actor=actor,
        association=association,
        level=levels["central"],
        spec=NewUnit(name=f"Trung ương {association.name}"),
        basis=Basis(effective_date=EPOCH),
    )
    root = Unit.objects.get(code=central.unit_codes[0])
    generation = AdminArea.Generation.LEGACY if legacy else AdminArea.Generation.CURRENT
    for area in AdminArea.objects.filter(generation=generation, level=AdminArea.Level.PROVINCE).order_by("code"):
        unit_create(
            actor=actor,
            association=association,
            level=levels["province"],
            spec=NewUnit(name=_name(association, area), area=area, parent=root),
            basis=Basis(effective_date=start, decision_number=f"{area.code}/QĐ-{association.code}"),
        )
    if legacy:
        merger2025.apply(actor=actor, association=association)


def _communes(actor, association: Association, province_code: str) -> None:
    levels = {lvl.code: lvl for lvl in UnitLevel.objects.filter(association=association)}
    province = Unit.objects.get(code=f"{association.code}.{province_code}")
    communes = AdminArea.objects.filter(parent=province.area).order_by("code")[:COMMUNES_PER_PROVINCE]
    basis = Basis(effective_date=REFORM_2025 + datetime.timedelta(days=14), decision_number="DEMO")
    for i, area in enumerate(communes):
        out = unit_create(
            actor=actor,
            association=association,
            level=levels["commune"],
            spec=NewUnit(name=_commune_name(association, area), area=area, parent=province),
            basis=basis,
        )
        if i < 2:
            commune = Unit.objects.get(code=out.unit_codes[0])
            for n in (1, 2):
                unit_create(
                    actor=actor,
                    association=association,
                    level=levels["branch"],
                    spec=NewUnit(name=f"Chi hội số {n} {area.name}", parent=commune),
                    basis=Basis(effective_date=basis.effective_date + datetime.timedelta(days=30)),
                )


def _users() -> list[dict]:
    from quanlyhoi.accounts.services import role_grant

    User = get_user_model()
    operator = SystemOperator("demo")
    out = []
    for username, role, scope, description in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=DEMO_PASSWORD, first_name=description)
            role_grant(actor=operator, user=user, role=role, scope_code=scope)
        out.append({"username": username, "role": str(role.label), "scope": scope or "*", "description": description})
    return out


def load_demo(*, stdout=None, members: bool = True) -> list[dict]:
    """Reference data, demo tree, demo members (unless `members` is false) and demo users; returns the logins."""

    def say(msg):
        if stdout:
            stdout.write(msg + "\n")
            stdout.flush()

    say("Nạp danh mục đơn vị hành chính…")
    load_areas()
    load_registry_reference()
    actor = SystemOperator("demo")
    with transaction.atomic():
        for association in Association.objects.order_by("sort_order"):
            if Unit.objects.filter(association=association).exists():
                continue
            say(f"Tạo cây tổ chức {association.code}…")
            _tree(actor, association, legacy=association.code == MERGED_ASSOCIATION)
            if association.code in {"NCT", "CTD"}:
                for code in COMMUNE_PROVINCES:
                    _communes(actor, association, code)
    if members:
        from quanlyhoi.members.demo import load_demo_members

        load_demo_members(actor, say=say)
    from quanlyhoi.reporting.demo import load_demo_reports

    load_demo_reports(actor, say=say)
    from quanlyhoi.briefings.demo import load_demo_briefings

    load_demo_briefings(actor, say=say)
    logins = _users()
    from quanlyhoi.briefings import reminders
    from quanlyhoi.core.models import Notification

    if not Notification.objects.filter(kind=reminders.KIND).exists():  # the first load: the bells are not empty
        say("Gửi nhắc việc thực hiện kết luận giao ban…")
        reminders.remind(actor=actor)
    return logins
