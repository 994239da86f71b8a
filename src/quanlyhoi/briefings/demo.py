"""Demo briefings: the overseer's briefing on the second half of 2023 (held on 16/01/2024, when the overseer
was the Party's Ban Dân vận Trung ương) with its minutes and conclusion turned into directives for the demo
associations, followed up into every state: not started, in progress with updates, done awaiting acceptance,
accepted, cancelled with a reason, some overdue relative to today, one recurring every half-year (accepted
occurrence after occurrence), one passed down to NCT's province chapters, one for a department of the
overseer; and an internal briefing of NCT's central office with its province chapters.

Written through the services (checks, history and audit are real); only the updates' dates are then moved back
to when they would have been written. Deadlines that must still be ahead are counted from today. Skipped when
the briefing exists (idempotent)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from quanlyhoi.briefings.models import Assignment, Briefing, BriefingKind, Priority, Recurrence, Update
from quanlyhoi.briefings.services import directives, follow_up, meetings
from quanlyhoi.core.dates import today
from quanlyhoi.orgs.models import Association, Unit, UnitPeriod
from quanlyhoi.reporting.services.periods import period_for

TITLE = "Hội nghị giao ban 6 tháng cuối năm 2023"
HELD_ON = datetime.date(2024, 1, 16)
ASSOCIATIONS = ["NCT", "CTD", "KH", "NM", "DC", "BTNKT"]
DEPARTMENT = "Vụ Các hội quần chúng"
INTERNAL_TITLE = "Giao ban công tác Hội 6 tháng đầu năm 2026 với các tỉnh, thành hội"
INTERNAL_HELD_ON = datetime.date(2026, 7, 20)

PARTICIPANTS = """Lãnh đạo Ban Dân vận Trung ương (chủ trì)
Vụ Các hội quần chúng, Ban Dân vận Trung ương
Đại diện lãnh đạo Hội Người cao tuổi Việt Nam
Đại diện lãnh đạo Hội Chữ thập đỏ Việt Nam
Đại diện lãnh đạo Hội Khuyến học Việt Nam
Đại diện lãnh đạo Hội Người mù Việt Nam
Đại diện lãnh đạo Hội Nạn nhân chất độc da cam/dioxin Việt Nam
Đại diện lãnh đạo Hội Bảo trợ người khuyết tật Việt Nam"""

AGENDA = """1. Báo cáo tổng hợp kết quả hoạt động 6 tháng cuối năm 2023 của các hội quần chúng.
2. Các hội báo cáo kết quả nổi bật, khó khăn, vướng mắc và kiến nghị.
3. Thảo luận phương hướng, nhiệm vụ năm 2024.
4. Kết luận của đồng chí chủ trì."""

MINUTES = """Hội nghị nghe Vụ Các hội quần chúng trình bày báo cáo tổng hợp kết quả hoạt động 6 tháng cuối năm \
2023 của các hội quần chúng được Đảng, Nhà nước giao nhiệm vụ ở Trung ương.
Các hội báo cáo: Hội Người cao tuổi Việt Nam duy trì tốt phong trào chăm sóc, phát huy vai trò người cao tuổi; \
Hội Chữ thập đỏ Việt Nam vận động được nhiều nguồn lực cứu trợ, nhân đạo; Hội Khuyến học Việt Nam phát triển \
mô hình học tập suốt đời; Hội Người mù Việt Nam, Hội Nạn nhân chất độc da cam/dioxin Việt Nam, Hội Bảo trợ người \
khuyết tật Việt Nam phản ánh khó khăn về kinh phí và cán bộ ở cơ sở.
Ý kiến thảo luận tập trung vào công tác tuyên truyền, kiện toàn tổ chức, cán bộ và vận động nguồn lực."""

CONCLUSION = """Đồng chí chủ trì ghi nhận kết quả các hội đạt được trong 6 tháng cuối năm 2023 và kết luận:
1. Tăng cường tuyên truyền chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước tới hội viên; báo \
cáo kết quả định kỳ 6 tháng một lần.
2. Kiện toàn tổ chức, cán bộ các cấp hội, củng cố chi hội ở cơ sở; hướng dẫn các tỉnh, thành hội thực hiện.
3. Đẩy mạnh vận động nguồn lực chăm lo cho hội viên có hoàn cảnh khó khăn.
4. Rà soát, sửa đổi, bổ sung điều lệ, quy chế hoạt động cho phù hợp với quy định mới.
5. Vụ Các hội quần chúng theo dõi, tổng hợp kết quả thực hiện kết luận, báo cáo tại hội nghị giao ban tiếp theo."""


def _when(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _step(actor, assignment: Assignment | None, step: str, day: datetime.date, text: str, **more):
    """One follow-up step through the service, then dated `day` (never after today); none without an assignment
    (its association has no tree in this database)."""
    if assignment is None:
        return None
    day = min(day, today())
    a = follow_up.step(actor=actor, assignment=assignment, step=step, text=text, **more)
    Update.objects.filter(pk=a.updates.latest("id").pk).update(created_at=_when(day))
    if step == "done":
        Assignment.objects.filter(pk=a.pk).update(done_at=_when(day))
    elif step == "accept":
        Assignment.objects.filter(pk=a.pk).update(accepted_at=_when(day, 15))
    return a


def _assignment(directive, code: str) -> Assignment | None:
    return directive.assignments.select_related("unit").filter(unit__code=code, parent__isnull=True).first()


def _present(codes: list[str]) -> list[str]:
    """The associations of `codes` whose central office stands today (all of them after `make demo`)."""
    roots = UnitPeriod.objects.as_of(today()).filter(parent__isnull=True, unit__association__code__in=codes)
    found = set(roots.values_list("unit__association__code", flat=True))
    return [c for c in codes if c in found]


def _recurring(actor, a: Assignment | None, *, overdue: bool) -> None:
    """Report and accept occurrence after occurrence up to today; the last one in progress (or, `overdue`,
    left not started past its due date)."""
    if a is None:
        return
    n = 1
    # Overdue: stop one occurrence early, so that the current one's due date has passed.
    while (follow_up.next_due(a.due_on, Recurrence.HALF) if overdue else a.due_on) < today():
        a = _step(actor, a, "progress", a.due_on - datetime.timedelta(days=40), f"Đợt {n}: đã tổ chức "
                  f"{10 + 3 * n} hội nghị tuyên truyền, phổ biến chính sách cho hội viên.", progress=60)  # fmt: skip
        a = _step(actor, a, "done", a.due_on - datetime.timedelta(days=3), f"Báo cáo kết quả tuyên truyền đợt {n}.",
                  link=f"Báo cáo số {n:02d}/BC-TWH")  # fmt: skip
        a = _step(actor, a, "accept", a.due_on + datetime.timedelta(days=5), f"Đạt yêu cầu, kết quả đợt {n}.")
        n += 1
    if not overdue:
        _step(actor, a, "progress", today() - datetime.timedelta(days=10), f"Đợt {n}: đang triển khai tuyên "
              "truyền tại các tỉnh, thành hội.", progress=40)  # fmt: skip


def _overseer_briefing(actor) -> None:
    present = _present(ASSOCIATIONS)
    associations = list(Association.objects.filter(code__in=present).order_by("sort_order"))
    briefing = meetings.create_briefing(
        actor=actor, associations=associations, period=period_for("2023-H2"), kind=BriefingKind.SEMIANNUAL,
        title=TITLE, held_on=HELD_ON, place="Hà Nội", chair="Lãnh đạo Ban Dân vận Trung ương",
        participants=PARTICIPANTS, agenda=AGENDA, minutes=MINUTES, conclusion=CONCLUSION,
    )  # fmt: skip
    Briefing.objects.filter(pk=briefing.pk).update(created_at=_when(HELD_ON + datetime.timedelta(days=2)))
    day = today()
    soon, later = day + datetime.timedelta(days=5), day + datetime.timedelta(days=45)

    d1 = directives.create_directive(
        actor=actor, briefing=briefing, title="Tăng cường tuyên truyền chủ trương, chính sách, pháp luật tới hội viên",
        content="Tuyên truyền chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước tới hội viên; báo "
        "cáo kết quả định kỳ 6 tháng một lần.", coordinator=DEPARTMENT, due_on=datetime.date(2024, 6, 30),
        recurrence=Recurrence.HALF, priority=Priority.HIGH, assignees=_present(["NCT", "CTD", "KH"]),
    )  # fmt: skip
    _recurring(actor, _assignment(d1, "NCT"), overdue=False)
    _recurring(actor, _assignment(d1, "CTD"), overdue=True)  # the current occurrence not started, overdue
    # KH: never reported, overdue since 30/06/2024.

    d2 = directives.create_directive(
        actor=actor, briefing=briefing, title="Kiện toàn tổ chức, cán bộ các cấp hội, củng cố chi hội ở cơ sở",
        content="Kiện toàn tổ chức, cán bộ; củng cố chi hội ở cơ sở; hướng dẫn các tỉnh, thành hội thực hiện.",
        due_on=later, priority=Priority.HIGH, assignees=_present(["NCT", "CTD", "NM"]),
    )  # fmt: skip
    nct = _assignment(d2, "NCT")
    below = list(UnitPeriod.objects.as_of(day).filter(parent=nct.unit).order_by("unit__code")[:3])
    codes = [p.unit.code for p in below]
    children = directives.pass_down(actor=actor, assignment=nct, codes=codes, text="Giao các tỉnh, thành hội kiện "
                                    "toàn ban chấp hành, củng cố chi hội.")  # fmt: skip
    Update.objects.filter(assignment=nct, step="pass_down").update(created_at=_when(HELD_ON + datetime.timedelta(30)))
    kids = {c.unit_id: c for c in Assignment.objects.filter(pk__in=[c.pk for c in children])}
    first, second = kids[below[0].unit_id], kids[below[1].unit_id]
    first = _step(actor, first, "progress", HELD_ON + datetime.timedelta(days=90), "Đã kiện toàn ban chấp hành, "
                  "đang củng cố các chi hội.", progress=70)  # fmt: skip
    first = _step(actor, first, "done", day - datetime.timedelta(days=20), "Hoàn thành kiện toàn tổ chức, cán bộ.")
    _step(actor, first, "accept", day - datetime.timedelta(days=15), "Đạt yêu cầu.")
    _step(actor, second, "progress", day - datetime.timedelta(days=12), "Đã kiện toàn 6/10 chi hội.", progress=60)
    # The third chapter has not started.
    a = _step(actor, _assignment(d2, "CTD"), "progress", day - datetime.timedelta(days=60),
              "Đã ban hành kế hoạch kiện toàn tổ chức.", progress=50)  # fmt: skip
    _step(actor, a, "done", day - datetime.timedelta(days=4), "Đã hoàn thành kiện toàn tổ chức, cán bộ ở 34 tỉnh, "
          "thành hội.", link="Báo cáo số 12/BC-TWH")  # fmt: skip
    _step(actor, _assignment(d2, "NM"), "progress", day - datetime.timedelta(days=30), "Đang rà soát đội ngũ cán bộ "
          "chi hội.", progress=30)  # fmt: skip

    d3 = directives.create_directive(
        actor=actor, briefing=briefing, title="Đẩy mạnh vận động nguồn lực chăm lo cho hội viên có hoàn cảnh khó khăn",
        due_on=soon, assignees=_present(["NCT", "DC", "BTNKT"]),
    )  # fmt: skip
    _step(actor, _assignment(d3, "NCT"), "progress", day - datetime.timedelta(days=25), "Đã vận động được 12,5 tỷ "
          "đồng, thăm hỏi 3.200 hội viên.", progress=70)  # fmt: skip
    # DC: not started, due in five days.
    a = _step(actor, _assignment(d3, "BTNKT"), "progress", HELD_ON + datetime.timedelta(days=120), "Đã vận động "
              "được 2 tỷ đồng.", progress=50)  # fmt: skip
    a = _step(actor, a, "done", day - datetime.timedelta(days=40), "Hoàn thành kế hoạch vận động nguồn lực.")
    _step(actor, a, "accept", day - datetime.timedelta(days=35), "Đạt yêu cầu.")

    d4 = directives.create_directive(
        actor=actor, briefing=briefing, title="Rà soát, sửa đổi, bổ sung điều lệ, quy chế hoạt động",
        due_on=datetime.date(2024, 9, 30), priority=Priority.LOW, assignees=_present(["NCT", "CTD", "KH", "NM"]),
    )  # fmt: skip
    _step(actor, _assignment(d4, "NCT"), "progress", datetime.date(2024, 8, 15), "Đang lấy ý kiến dự thảo điều lệ "
          "sửa đổi.", progress=40)  # fmt: skip
    _step(actor, _assignment(d4, "CTD"), "cancel", datetime.date(2024, 5, 10), "Hội đã sửa đổi điều lệ tại đại hội "
          "nhiệm kỳ, không cần rà soát lại.")  # fmt: skip
    _step(actor, _assignment(d4, "KH"), "done", datetime.date(2024, 9, 20), "Đã trình phê duyệt điều lệ sửa "
              "đổi.", link="Tờ trình số 45/TTr-HKH")  # fmt: skip
    a = _step(actor, _assignment(d4, "NM"), "progress", datetime.date(2024, 7, 1), "Đã rà soát quy chế.", progress=80)
    a = _step(actor, a, "done", datetime.date(2024, 9, 25), "Đã ban hành quy chế hoạt động sửa đổi.")
    _step(actor, a, "accept", datetime.date(2024, 10, 2), "Đạt yêu cầu.")

    d5 = directives.create_directive(
        actor=actor, briefing=briefing, title="Theo dõi, tổng hợp kết quả thực hiện kết luận giao ban",
        content="Báo cáo tại hội nghị giao ban tiếp theo.", due_on=later, departments=[DEPARTMENT],
    )  # fmt: skip
    _step(actor, d5.assignments.get(department=DEPARTMENT), "progress", day - datetime.timedelta(days=7),
          "Đã tổng hợp báo cáo của 5/6 hội.", progress=80)  # fmt: skip


def _internal_briefing(actor) -> None:
    central = Unit.objects.filter(code="NCT").first()
    if central is None:
        return
    day = today()
    provinces = list(UnitPeriod.objects.as_of(day).filter(parent=central).order_by("unit__code")[:3])
    if len(provinces) < 3:
        return
    briefing = meetings.create_briefing(
        actor=actor, unit=central, kind=BriefingKind.SEMIANNUAL, title=INTERNAL_TITLE, held_on=INTERNAL_HELD_ON,
        place="Hà Nội", chair="Chủ tịch Trung ương Hội Người cao tuổi Việt Nam",
        participants="\n".join(p.unit.name for p in provinces),
        conclusion="1. Phát triển hội viên mới, nâng tỷ lệ người cao tuổi tham gia hội.\n2. Nhân rộng mô hình câu lạc "
        "bộ liên thế hệ tự giúp nhau.",
    )  # fmt: skip
    codes = [p.unit.code for p in provinces]
    d1 = directives.create_directive(actor=actor, briefing=briefing, title="Phát triển hội viên mới",
                                     due_on=day + datetime.timedelta(days=3), assignees=codes)  # fmt: skip
    _step(actor, _assignment(d1, codes[0]), "progress", day - datetime.timedelta(days=9), "Đã kết nạp 1.250 hội "
          "viên mới.", progress=65)  # fmt: skip
    _step(actor, _assignment(d1, codes[1]), "done", day - datetime.timedelta(days=2), "Đã kết nạp vượt chỉ tiêu.")
    directives.create_directive(actor=actor, briefing=briefing, title="Nhân rộng câu lạc bộ liên thế hệ tự giúp nhau",
                                due_on=INTERNAL_HELD_ON + datetime.timedelta(days=70), assignees=codes[:2])  # fmt: skip


def load_demo_briefings(actor, *, say=print) -> None:
    """The demo briefings, unless they exist."""
    with transaction.atomic():
        if not Briefing.objects.filter(title=TITLE, unit__isnull=True).exists():
            say("Tạo cuộc giao ban mẫu và các nhiệm vụ được giao…")
            _overseer_briefing(actor)
        if not Briefing.objects.filter(title=INTERNAL_TITLE, unit__code="NCT").exists():
            _internal_briefing(actor)
