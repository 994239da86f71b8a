"""Realistic, deterministic member spreadsheets for the demo and the benchmarks.

Names follow the usual distributions (Nguyễn about 38% of family names; Văn and Thị dominate the middle names of
older generations); the elderly association is skewed old. CCCD numbers are consistent with the birth year, sex
and the (old) province of birth, as real ones are. The rows go through the real import path."""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Iterator
from pathlib import Path

from quanlyhoi.members.imports.columns import BY_KEY

FAMILY = [("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 30), ("Huỳnh", 20), ("Phan", 45),
          ("Vũ", 25), ("Võ", 14), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10),
          ("Lý", 5), ("Đinh", 6), ("Đoàn", 5), ("Trịnh", 4), ("Lương", 4), ("Mai", 3), ("Tạ", 2), ("Cao", 3),
          ("Lò", 1), ("Hà", 3), ("Quách", 1), ("Âu", 1), ("Ưng", 1)]  # fmt: skip
MIDDLE_MALE = [
    ("Văn", 500),
    ("Đức", 70),
    ("Minh", 60),
    ("Quang", 50),
    ("Hữu", 50),
    ("Công", 40),
    ("Xuân", 40),
    ("Thanh", 35),
    ("Ngọc", 30),
    ("Đình", 40),
    ("Bá", 15),
    ("Trọng", 20),
    ("Tiến", 10),
    ("Văn Minh", 5),
]
MIDDLE_FEMALE = [("Thị", 700), ("Ngọc", 50), ("Thu", 40), ("Thanh", 40), ("Minh", 30), ("Hồng", 30),
                 ("Kim", 25), ("Thúy", 15), ("Phương", 15), ("Thị Thu", 10), ("Bích", 10)]  # fmt: skip
GIVEN_MALE = [
    ("Hùng", 40),
    ("Dũng", 35),
    ("Tuấn", 30),
    ("Minh", 30),
    ("Nam", 28),
    ("Hải", 25),
    ("Thắng", 22),
    ("Sơn", 22),
    ("Long", 20),
    ("Đức", 20),
    ("Bình", 18),
    ("Quang", 15),
    ("Phúc", 12),
    ("An", 12),
    ("Cường", 15),
    ("Toàn", 10),
    ("Khánh", 10),
    ("Lâm", 8),
    ("Ân", 5),
    ("Ơn", 2),
    ("Ánh", 2),
    ("Ẩn", 1),
]
GIVEN_FEMALE = [("Lan", 35), ("Hoa", 30), ("Hương", 30), ("Hạnh", 25), ("Mai", 28), ("Thảo", 22), ("Hằng", 22),
                ("Linh", 25), ("Ngọc", 18), ("Cúc", 15), ("Nga", 18), ("Yến", 15), ("Anh", 20), ("Ánh", 10),
                ("Dung", 15), ("Thủy", 15), ("Đào", 8), ("Ơn", 2), ("Ân", 4), ("Oanh", 6), ("Ưng", 1)]  # fmt: skip
OCCUPATIONS = ["Hưu trí", "Nông dân", "Buôn bán", "Cán bộ hưu", "Công nhân", "Nội trợ", "Giáo viên", "Tự do"]
STREETS = ["Đội Cấn", "Kim Mã", "Liễu Giai", "Quán Thánh", "Phan Đình Phùng", "Hoàng Hoa Thám", "Ngọc Hà",
           "Văn Cao", "Đào Tấn", "Nguyễn Thái Học"]  # fmt: skip
# Old (63) province codes used as the first three CCCD digits of people born there.
BIRTH_PROVINCES = ["001", "002", "004", "008", "022", "030", "031", "033", "034", "035", "036", "037", "038", "040"]

HEADERS = [BY_KEY[k].header for k in ("full_name", "birth", "sex", "id_number", "phone", "address", "ethnicity",
                                      "occupation", "joined_on", "unit")]  # fmt: skip


def _picker(rng: random.Random, weighted: list[tuple[str, int]]):
    names = [n for n, _ in weighted]
    cum, total = [], 0
    for _, w in weighted:
        total += w
        cum.append(total)
    return lambda: rng.choices(names, cum_weights=cum)[0]


def generate_rows(
    count: int, *, units: list[tuple[str, str]], elderly: bool, seed: int = 2026, today: datetime.date | None = None
) -> Iterator[list[str]]:
    """`count` rows in HEADERS order, spread over `units` [(code, address suffix)], the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    family, male_mid, female_mid = _picker(rng, FAMILY), _picker(rng, MIDDLE_MALE), _picker(rng, MIDDLE_FEMALE)
    male_given, female_given = _picker(rng, GIVEN_MALE), _picker(rng, GIVEN_FEMALE)
    this_year = (today or datetime.date.today()).year
    serials = rng.sample(range(1_000_000), k=min(count, 1_000_000)) if count <= 1_000_000 else None
    for i in range(count):
        female = rng.random() < (0.58 if elderly else 0.5)  # women live longer
        age = int(rng.triangular(60, 100, 66)) if elderly else int(rng.triangular(18, 90, 40))
        year = this_year - age
        name = f"{family()} {female_mid() if female else male_mid()} {female_given() if female else male_given()}"
        code, suffix = units[i % len(units)]
        year_only = elderly and rng.random() < 0.25  # old members often know only their birth year
        birth = str(year) if year_only else f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"
        century = (year // 100 - 19) * 2 + (1 if female else 0)
        serial = serials[i] if serials is not None else rng.randrange(1_000_000)
        cccd = f"{rng.choice(BIRTH_PROVINCES)}{century}{year % 100:02d}{serial:06d}" if rng.random() < 0.85 else ""
        phone = f"09{rng.randint(0, 99_999_999):08d}" if rng.random() < 0.7 else ""
        joined = datetime.date(min(this_year - 1, year + (60 if elderly else 18) + rng.randint(0, 8)),
                               rng.randint(1, 12), rng.randint(1, 28))  # fmt: skip
        address = f"Số {rng.randint(1, 200)} {rng.choice(STREETS)}, {suffix}"
        ethnicity = "Kinh" if rng.random() < 0.9 else rng.choice(["Tày", "Mường", "Nùng", "Dao", "Mông"])
        yield [name, birth, "Nữ" if female else "Nam", cccd, phone, address, ethnicity, rng.choice(OCCUPATIONS),
               joined.strftime("%d/%m/%Y"), code]  # fmt: skip


def write_csv(path: Path, rows: Iterator[list[str]]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def member_units(association_code: str) -> list[tuple[str, str]]:
    """The association's living commune chapters and branches with an address suffix for their area."""
    from quanlyhoi.orgs.models import Unit

    out = []
    units = Unit.objects.filter(association__code=association_code, valid_to__isnull=True, parent__isnull=False)
    for unit in units.select_related("area", "parent__area", "area__parent").order_by("path"):
        area = unit.area or unit.parent.area
        if area is None or area.level != "commune":
            continue
        out.append((unit.code, f"{area.name}, {area.parent.name}"))
    return out


# Members per commune chapter or branch in the demo.
DEMO_PER_UNIT = {"NCT": 60, "CTD": 25}


def import_generated(
    actor, association_code: str, count: int, *, seed: int, say=print, accept_duplicates: bool = True
) -> dict:
    """Generate `count` rows for the association's chapters and import them through the real import path."""
    import tempfile

    from quanlyhoi.members.services.imports import import_run, import_upload
    from quanlyhoi.orgs.models import Unit

    units = member_units(association_code)
    if not units:
        return {}
    root = Unit.objects.get(association__code=association_code, parent__isnull=True, valid_to__isnull=True)
    elderly = association_code == "NCT"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"hoi-vien-{association_code.lower()}.csv"
        write_csv(path, generate_rows(count, units=units, elderly=elderly, seed=seed))
        with path.open("rb") as handle:
            chunks = iter(lambda: handle.read(1 << 20), b"")
            job = import_upload(actor=actor, unit=root, file_name=path.name, chunks=chunks)
    say(f"Nhập {count} hội viên mẫu của {association_code}…")
    counts = import_run(actor=actor, job=job, dry_run=False, skip_invalid=True, accept_duplicates=accept_duplicates)
    return dict(counts)


def load_more_members(actor, count: int, *, say=print) -> dict:
    """`quanlyhoi demo --members N`: N more generated members of NCT (a different seed from the demo's own). Run
    again, it creates nothing: rows with a CCCD match, rows without one are held back as possible duplicates."""
    return import_generated(actor, "NCT", count, seed=20_260_000 + count, say=say, accept_duplicates=False)


def load_demo_members(actor, *, say=print) -> None:
    """Members of NCT and CTD, then a little history: transfers, a death, a suspension, welfare needs, and
    people who belong to both associations. Skipped when the association already has members."""
    from quanlyhoi.members.models import Membership

    for code, per_unit in DEMO_PER_UNIT.items():
        if Membership.objects.filter(association__code=code).exists():
            continue
        count = per_unit * len(member_units(code))
        import_generated(actor, code, count, seed=sum(map(ord, code)), say=say)
        if code == "NCT":
            _history(actor)
        else:
            _shared_people(actor)


def _history(actor) -> None:
    from quanlyhoi.core.dates import today
    from quanlyhoi.members.models import Membership, MemberStatus, WelfareNeedKind
    from quanlyhoi.members.services.lifecycle import member_set_status, member_transfer
    from quanlyhoi.members.services.welfare import welfare_need_add

    day = today() - datetime.timedelta(days=30)
    members = list(Membership.objects.filter(association__code="NCT").select_related("unit").order_by("id")[:400])
    units = sorted({m.unit for m in members}, key=lambda u: u.path)
    for m, status, reason in [(members[0], MemberStatus.DECEASED, "Từ trần"),
                              (members[1], MemberStatus.SUSPENDED, "Vắng mặt dài ngày"),
                              (members[2], MemberStatus.LEFT, "Xin ra khỏi hội")]:  # fmt: skip
        member_set_status(actor=actor, membership=m, status=status, day=day, reason=reason)
    for m in members[3:8]:
        target = next(u for u in units if u.pk != m.unit_id)
        member_transfer(actor=actor, membership=m, unit=target, day=day, reason="Chuyển nơi cư trú")
    kinds = list(WelfareNeedKind.objects.filter(association__isnull=True).order_by("ordering"))
    # Through the service, like every other demo change: each need is audited.
    for i, m in enumerate(members[10:400:9]):
        welfare_need_add(actor=actor, membership=m, kind=kinds[i % len(kinds)], since=day)


def _shared_people(actor) -> None:
    """Twenty NCT members are also Red Cross members in the same commune: each association keeps its own record."""
    from quanlyhoi.members.models import Membership
    from quanlyhoi.members.services._common import PersonData
    from quanlyhoi.members.services.lifecycle import member_join
    from quanlyhoi.orgs.models import Unit

    ctd_units = {u.area_id: u for u in Unit.objects.filter(association__code="CTD", valid_to__isnull=True,
                                                            area__level="commune")}  # fmt: skip
    shared = Membership.objects.filter(association__code="NCT", person__id_number__isnull=False,
                                       unit__area_id__in=list(ctd_units)).select_related("person", "unit")  # fmt: skip
    for m in shared.order_by("id")[:20]:
        p = m.person
        data = PersonData(full_name=p.full_name, family_name=p.family_name, middle_name=p.middle_name,
                          given_name=p.given_name, sex=p.sex, birth_date=p.birth_date, birth_year=p.birth_year,
                          id_number=p.id_number, ethnicity=p.ethnicity)  # fmt: skip
        member_join(actor=actor, unit=ctd_units[m.unit.area_id], person=data,
                    joined_on=m.joined_on or datetime.date(2020, 1, 1))  # fmt: skip
