"""Shipped reference data for the registry: overseers and the centrally assigned associations.

Sources: QĐ 118-QĐ/TW (22/8/2023), KL 230-KL/TW (05/01/2026) for the list of 29; items 20-29 of that list are
unconfirmed (DOMAIN.md §2) and are marked so. Everything here is a default, editable in the UI.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from quanlyhoi.core.text import fold
from quanlyhoi.orgs.models import Association, Overseer, UnitLevel
from quanlyhoi.orgs.services.registry import DEFAULT_LEVELS

LIST_BASIS = "Kết luận 230-KL/TW ngày 05/01/2026; Quyết định 118-QĐ/TW ngày 22/8/2023"
UNCONFIRMED = "Chưa xác nhận: mục 20–29 của danh sách theo KL 230-KL/TW, cần quản trị viên đối chiếu."

# (code, name, short name, has a Party delegation, confirmed)
ASSOCIATIONS: list[tuple[str, str, str, bool, bool]] = [
    ("LHHKHKT", "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam", "Liên hiệp Hội KH&KT", True, True),
    ("LHHVHNT", "Liên hiệp các Hội Văn học nghệ thuật Việt Nam", "Liên hiệp Hội VHNT", True, True),
    ("LHHN", "Liên hiệp các tổ chức hữu nghị Việt Nam", "Liên hiệp các TCHN", True, True),
    ("VCCI", "Liên đoàn Thương mại và Công nghiệp Việt Nam", "VCCI", True, True),
    ("LMHTX", "Liên minh Hợp tác xã Việt Nam", "Liên minh HTX", True, True),
    ("CTD", "Hội Chữ thập đỏ Việt Nam", "Hội Chữ thập đỏ", True, True),
    ("HNB", "Hội Nhà báo Việt Nam", "Hội Nhà báo", True, True),
    ("HNV", "Hội Nhà văn Việt Nam", "Hội Nhà văn", True, True),
    ("HLG", "Hội Luật gia Việt Nam", "Hội Luật gia", True, True),
    ("LDLS", "Liên đoàn Luật sư Việt Nam", "Liên đoàn Luật sư", True, True),
    ("NCT", "Hội Người cao tuổi Việt Nam", "Hội Người cao tuổi", True, True),
    ("CCAND", "Hội Cựu Công an nhân dân Việt Nam", "Hội Cựu CAND", False, True),
    ("CTNXP", "Hội Cựu thanh niên xung phong Việt Nam", "Hội Cựu TNXP", False, True),
    ("KH", "Hội Khuyến học Việt Nam", "Hội Khuyến học", False, True),
    ("NM", "Hội Người mù Việt Nam", "Hội Người mù", False, True),
    ("BTNKT", "Hội Bảo trợ người khuyết tật Việt Nam", "Hội Bảo trợ NKT", False, True),
    ("DC", "Hội Nạn nhân chất độc da cam/dioxin Việt Nam", "Hội Nạn nhân CĐDC", False, True),
    ("DY", "Hội Đông y Việt Nam", "Hội Đông y", False, True),
    ("THYH", "Tổng hội Y học Việt Nam", "Tổng hội Y học", False, True),
    ("KTS", "Hội Kiến trúc sư Việt Nam", "Hội Kiến trúc sư", False, False),
    ("MT", "Hội Mỹ thuật Việt Nam", "Hội Mỹ thuật", False, False),
    ("NSNA", "Hội Nghệ sĩ nhiếp ảnh Việt Nam", "Hội NSNA", False, False),
    ("NS", "Hội Nhạc sĩ Việt Nam", "Hội Nhạc sĩ", False, False),
    ("NSSK", "Hội Nghệ sĩ sân khấu Việt Nam", "Hội NSSK", False, False),
    ("VNDG", "Hội Văn nghệ dân gian Việt Nam", "Hội VNDG", False, False),
    ("DA", "Hội Điện ảnh Việt Nam", "Hội Điện ảnh", False, False),
    ("NSM", "Hội Nghệ sĩ múa Việt Nam", "Hội Nghệ sĩ múa", False, False),
    ("VHNTDTTS", "Hội Văn học nghệ thuật các dân tộc thiểu số Việt Nam", "Hội VHNT các DTTS", False, False),
    ("KHLS", "Hội Khoa học lịch sử Việt Nam", "Hội KH lịch sử", False, False),
]

OVERSEERS = [
    {
        "name": "Ban Dân vận Trung ương",
        "short_name": "BDVTW",
        "valid_from": datetime.date(1930, 10, 15),
        "valid_to": datetime.date(2025, 2, 3),
        "legal_basis": "Quyết định 118-QĐ/TW ngày 22/8/2023",
        "note": "Hợp nhất vào Ban Tuyên giáo và Dân vận Trung ương từ 03/02/2025.",
    },
    {
        "name": "Ban Tuyên giáo và Dân vận Trung ương",
        "short_name": "BTGDVTW",
        "valid_from": datetime.date(2025, 2, 3),
        "valid_to": datetime.date(2025, 7, 1),
        "legal_basis": "Hợp nhất Ban Tuyên giáo Trung ương và Ban Dân vận Trung ương (03/02/2025)",
        "note": "Nghị quyết 60-NQ/TW (12/4/2025) giao các hội quần chúng về Mặt trận Tổ quốc Việt Nam.",
    },
    {
        "name": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "short_name": "MTTQVN",
        "valid_from": datetime.date(2025, 7, 1),
        "valid_to": None,
        "legal_basis": "Nghị quyết 60-NQ/TW ngày 12/4/2025; Luật 97/2025/QH15 (hiệu lực 01/7/2025)",
        "note": "",
    },
]

ASSOCIATIONS_FROM = datetime.date(2023, 8, 22)


@transaction.atomic
def load_registry_reference() -> dict[str, int]:
    """Create the overseers and associations that are missing, each association with the default levels."""
    created = {"overseers": 0, "associations": 0}
    if not Overseer.objects.exists():
        Overseer.objects.bulk_create([Overseer(**o) for o in OVERSEERS])
        created["overseers"] = len(OVERSEERS)
    have = set(Association.objects.values_list("code", flat=True))
    for order, (code, name, short, party, confirmed) in enumerate(ASSOCIATIONS, start=1):
        if code in have:
            continue
        association = Association.objects.create(
            code=code,
            name=name,
            name_folded=fold(name),
            short_name=short,
            has_party_delegation=party,
            is_centrally_assigned=True,
            is_confirmed=confirmed,
            legal_basis=LIST_BASIS,
            note="" if confirmed else UNCONFIRMED,
            sort_order=order,
            valid_from=ASSOCIATIONS_FROM,
        )
        UnitLevel.objects.bulk_create(
            [UnitLevel(association=association, code=c, name=n, rank=r, has_area=a) for c, n, r, a in DEFAULT_LEVELS]
        )
        created["associations"] += 1
    return created
