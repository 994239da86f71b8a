"""Demo reports: NCT's reports for the two half-years of 2025, across its tree as it stood at each cut-off (63
old province chapters for the first, which were merged into the 34 new ones on 01/07/2025; the new provinces,
communes and branches for the second), in every state: approved, locked, submitted, returned, draft, and
missing, some of them late. Written through the services (so checks, audit and registry figures are real);
only the sending and approval times are then moved back to around each deadline, as if sent on those days.
Skipped when any report exists."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from quanlyhoi.orgs.models import Unit, UnitPeriod
from quanlyhoi.reporting import validation
from quanlyhoi.reporting.models import Deadline, Submission
from quanlyhoi.reporting.services import submissions
from quanlyhoi.reporting.services.periods import period_for

PERIODS = ("2025-H1", "2025-H2")
ASSOCIATION = "NCT"
# fate -> weight; "late" fates are sent after the deadline
FATES = {"approved": 45, "locked": 8, "approved_late": 10, "submitted": 12, "returned": 5, "draft": 8, "missing": 12}
NARRATIVES = {
    "ket_qua": "Duy trì sinh hoạt định kỳ; tổ chức tuyên truyền chủ trương, chính sách cho hội viên; thăm hỏi, "
    "hỗ trợ hội viên có hoàn cảnh khó khăn.",
    "han_che": "Một số chi hội sinh hoạt chưa đều; nguồn lực vận động còn hạn chế.",
    "nhiem_vu": "Phát triển hội viên mới; kiện toàn chi hội; nhân rộng mô hình hay.",
    "kien_nghi": "Đề nghị hỗ trợ kinh phí hoạt động cho chi hội ở địa bàn khó khăn.",
}


def _values(rng: random.Random, level: str) -> dict:
    scale = {"central": 20, "province": 8, "commune": 2, "branch": 1}.get(level, 1)
    received = rng.randint(0, 3 * scale)
    return {
        "HV_TYLE_THAMGIA": rng.randint(55, 95),
        "TC_KIENTOAN": rng.randint(0, 2),
        "CB_CHUCDANH": rng.randint(0, 2),
        "DH_DAHOP": rng.randint(0, 1),
        "DH_CHUANBI": rng.randint(0, 1),
        "TT_BUOI": rng.randint(2, 12) * scale,
        ("TT_LUOT", "M"): rng.randint(20, 120) * scale,
        ("TT_LUOT", "F"): rng.randint(30, 160) * scale,
        "PT_SO": rng.randint(1, 6),
        "CT_DUAN": rng.randint(0, 2),
        "NL_TIEN": rng.randint(5, 200) * 1_000_000 * scale,
        "AS_TROGIUP": rng.randint(0, 40) * scale,
        "MH_HAY": rng.randint(0, 3),
        "PH_QUYCHE": rng.randint(0, 2),
        "HT_QUOCTE": rng.randint(0, 1) if level in ("central", "province") else 0,
        "VP_XULY": rng.randint(0, 1),
        "KNTC_NHAN": received,
        "KNTC_GIAIQUYET": rng.randint(0, received),
    }


def _when(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load_demo_reports(actor, *, say=print) -> None:
    if Submission.objects.exists():
        return
    rng = random.Random(2025)  # noqa: S311 - demo data
    for code in PERIODS:
        period = period_for(code)
        say(f"Tạo báo cáo mẫu kỳ {code}…")
        stood = UnitPeriod.objects.as_of(period.ends_on).filter(unit__association__code=ASSOCIATION)
        units = list(Unit.objects.filter(pk__in=stood.values("unit_id")).select_related("level").order_by("path"))
        due = dict(Deadline.objects.filter(period=period).values_list("level_code", "due_on"))
        with transaction.atomic():
            for unit in units:
                fate = rng.choices(list(FATES), weights=list(FATES.values()))[0]
                if fate == "missing":
                    continue
                _report(actor, rng, unit, period, fate, due.get(unit.level.code, period.ends_on))


def _report(actor, rng, unit, period, fate: str, due_on: datetime.date) -> None:
    s = submissions.start(actor=actor, unit=unit, period=period)
    s = submissions.save(
        actor=actor, submission=s, version=s.version, values=_values(rng, unit.level.code), narratives=NARRATIVES
    )
    warnings = {p.code: "Số liệu đã được kiểm tra lại." for p in validation.problems(s) if p.severity == "warning"}
    if warnings:
        s = submissions.save(actor=actor, submission=s, version=s.version, explanations=warnings)
    if fate == "draft":
        return
    s = submissions.submit(actor=actor, submission=s)
    late = fate == "approved_late"
    sent = due_on + datetime.timedelta(days=rng.randint(2, 9) if late else -rng.randint(0, 3))
    if fate == "returned":
        submissions.return_submission(actor=actor, submission=s, reason="Đề nghị bổ sung số liệu tuyên truyền.")
    elif fate in ("approved", "approved_late", "locked"):
        s = submissions.approve(actor=actor, submission=s)
        if fate == "locked":
            submissions.lock(actor=actor, submission=s)
    Submission.objects.filter(pk=s.pk).update(
        submitted_at=_when(sent),
        approved_at=_when(sent + datetime.timedelta(days=2), 15) if "approved" in fate or fate == "locked" else None,
    )
