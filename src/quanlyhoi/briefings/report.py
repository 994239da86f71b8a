"""The follow-up report ("Báo cáo kết quả thực hiện kết luận giao ban") as an official document
(documents.content), for the next briefing: for one briefing, or all the briefings a convener held about a
period. Per directive a heading and a table of its assignments (status with overdue, due date, progress, the
progress rolled up from what was passed down, the latest update); a summary by association (for an internal
briefing, by unit); the overdue ones named; in the annex, every assignment including those passed down.

Read within the actor's scope: a row is an assignment the actor may view; the progress rolled up from below
counts every pass-down (they lie below the visible assignment, so within the same scope)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from quanlyhoi.briefings.models import OPEN, Assignment, Briefing, Directive, Recurrence, State, Update
from quanlyhoi.core.dates import vn
from quanlyhoi.documents.content import Heading, Issuer, OfficialDocument, Paragraph, Table

STATUS = {
    State.NOT_STARTED: "Chưa thực hiện",
    State.IN_PROGRESS: "Đang thực hiện",
    State.DONE: "Hoàn thành, chờ nghiệm thu",
    State.ACCEPTED: "Đã nghiệm thu",
    State.CANCELLED: "Đã huỷ",
    "overdue": "Quá hạn",
}
COUNTED = ("not_started", "in_progress", "overdue", "done", "accepted", "cancelled")  # summary columns, in order
RECURRENCE = {Recurrence.QUARTER: "hằng quý", Recurrence.HALF: "6 tháng một lần", Recurrence.YEAR: "hằng năm"}
STEP = {"pass_down": "Đã giao tiếp cho cấp dưới", "accept": "Nghiệm thu", "return": "Trả lại", "cancel": "Huỷ"}


def status_of(a: Assignment, day: datetime.date) -> str:
    """The state as shown (briefings.queries.status): "overdue" for an open assignment past its due date."""
    return "overdue" if a.state in OPEN and a.due_on is not None and a.due_on < day else a.state


def status_text(a: Assignment, day: datetime.date) -> str:
    shown = status_of(a, day)
    if shown == "overdue":
        return f"Quá hạn ({STATUS[a.state].lower()})"
    return STATUS[shown]


@dataclass
class Row:
    assignment: Assignment
    number: str  # "1", "1.2"
    status: str  # state or "overdue"
    rolled: int | None
    latest: str


@dataclass
class DirectiveRows:
    directive: Directive
    rows: list[Row] = field(default_factory=list)  # depth first: each assignment, then what it passed down


@dataclass
class FollowUp:
    briefings: list[Briefing]
    day: datetime.date
    directives: list[DirectiveRows]
    period_label: str = ""  # set for the report on all the briefings of a period

    @property
    def top(self) -> list[Row]:
        return [r for d in self.directives for r in d.rows if "." not in r.number]


def _rolled(a: Assignment, children: dict[int, list[Assignment]]) -> int | None:
    """As briefings.queries.rolled_progress, from the children read once rather than a query per level."""
    below = [c for c in children.get(a.pk, []) if c.state != State.CANCELLED]
    if not below:
        return None
    parts = []
    for child in below:
        rolled = _rolled(child, children)
        own = 100 if child.state in (State.ACCEPTED, State.DONE) else child.progress
        parts.append(own if rolled is None else max(own, rolled) if child.state != State.NOT_STARTED else rolled)
    return round(sum(parts) / len(parts))


def _latest(ids: list[int]) -> dict[int, Update]:
    out: dict[int, Update] = {}
    for start in range(0, len(ids), 500):
        for u in Update.objects.filter(assignment_id__in=ids[start : start + 500]).order_by("created_at", "id"):
            out[u.assignment_id] = u
    return out


def _latest_text(a: Assignment, update: Update | None) -> str:
    if a.state == State.CANCELLED and a.reason and (update is None or update.step != "cancel"):
        return f"Huỷ: {a.reason}"  # cancelled with what it was passed down from
    if update is None:
        return ""
    text = update.text.strip()
    if update.step in STEP:
        text = f"{STEP[update.step]}: {text}" if text else STEP[update.step]
    return f"{update.created_at:%d/%m/%Y}: {text}"


def gather(actor, briefings: list[Briefing], day: datetime.date, period_label: str = "") -> FollowUp:
    """The assignments of the briefings' directives that the actor may view, in the order of the directives."""
    directives = list(Directive.objects.filter(briefing__in=briefings).order_by("briefing__held_on", "id"))
    every = list(Assignment.objects.filter(directive__in=directives).select_related("unit__association").order_by("id"))
    visible = set(
        Assignment.objects.restrict(actor, "view").filter(directive__in=directives).values_list("pk", flat=True)
    )
    children: dict[int, list[Assignment]] = defaultdict(list)
    for a in every:
        if a.parent_id:
            children[a.parent_id].append(a)
    latest = _latest([a.pk for a in every if a.pk in visible])
    by_directive: dict[int, list[Assignment]] = defaultdict(list)
    for a in every:
        by_directive[a.directive_id].append(a)
    out = []
    for directive in directives:
        block = DirectiveRows(directive)
        # The rows start at the visible assignments whose parent the actor does not see (for the convener: the
        # assignments it gave); each is followed by what it passed down.
        roots = [a for a in by_directive[directive.pk] if a.pk in visible and a.parent_id not in visible]
        roots.sort(key=lambda a: (a.unit is None, a.unit.path if a.unit else a.department))

        def walk(a: Assignment, number: str, block=block) -> None:
            block.rows.append(
                Row(a, number, status_of(a, day), _rolled(a, children), _latest_text(a, latest.get(a.pk)))
            )
            kids = sorted((c for c in children.get(a.pk, []) if c.pk in visible), key=lambda c: c.unit.path)
            for j, child in enumerate(kids, start=1):
                walk(child, f"{number}.{j}")

        for i, a in enumerate(roots, start=1):
            walk(a, str(i))
        out.append(block)
    return FollowUp(briefings, day, out, period_label)


def _due(a: Assignment) -> str:
    text = vn(a.due_on)
    if a.directive.recurrence:
        text = f"{text} ({RECURRENCE[a.directive.recurrence]})" if text else RECURRENCE[a.directive.recurrence]
    return text


def _directive_table(n: int, block: DirectiveRows, day: datetime.date) -> Table:
    rows = [
        [int(r.number), r.assignment.assignee, status_text(r.assignment, day), _due(r.assignment),
         r.latest, r.assignment.progress, r.rolled]
        for r in block.rows if "." not in r.number
    ]  # fmt: skip
    return Table(
        f"Bảng {n}. Kết quả thực hiện nhiệm vụ “{block.directive.title}”",
        ["STT", "Nơi được giao", "Trạng thái", "Hạn", "Kết quả thực hiện mới nhất", "Tiến độ (%)",
         "Tiến độ cấp dưới (%)"],
        rows, widths=[0.8, 2.2, 1.5, 1.2, 3.0, 0.9, 1], numeric_from=5,
    )  # fmt: skip


def group_of(a: Assignment, internal: bool) -> tuple[str, str]:
    """(sort key, name) of the summary row an assignment counts in: its association, or for an internal
    briefing its unit; a department of the overseer on its own."""
    if a.unit is None:
        return f"~{a.department}", a.department
    if internal:
        return a.unit.path, a.unit.name
    association = a.unit.association
    return association.code, association.short_name or association.name


@dataclass
class SummaryRow:
    name: str
    counts: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def completion(self) -> Decimal | None:
        counted = self.total - self.counts.get("cancelled", 0)
        if not counted:
            return None
        return (Decimal(100 * self.counts.get("accepted", 0)) / counted).quantize(Decimal("0.1"))


def summary(c: FollowUp) -> list[SummaryRow]:
    internal = all(b.unit_id for b in c.briefings)
    rows: dict[str, SummaryRow] = {}
    for r in c.top:
        key, name = group_of(r.assignment, internal)
        row = rows.setdefault(key, SummaryRow(name))
        row.counts[r.status] = row.counts.get(r.status, 0) + 1
    return [rows[k] for k in sorted(rows)]


def _summary_table(c: FollowUp, n: int) -> Table:
    internal = all(b.unit_id for b in c.briefings)
    found = summary(c)
    total = SummaryRow("Tổng cộng")
    for row in found:
        for k, v in row.counts.items():
            total.counts[k] = total.counts.get(k, 0) + v
    lines = [
        [i, row.name, row.total, *[row.counts.get(k, 0) for k in COUNTED], row.completion]
        for i, row in enumerate(found, start=1)
    ]
    lines.append(["", total.name, total.total, *[total.counts.get(k, 0) for k in COUNTED], total.completion])
    return Table(
        f"Bảng {n}. Tổng hợp kết quả thực hiện theo {'đơn vị' if internal else 'hội'}",
        ["STT", "Đơn vị" if internal else "Hội", "Số nhiệm vụ", "Chưa thực hiện", "Đang thực hiện", "Quá hạn",
         "Hoàn thành, chờ nghiệm thu", "Đã nghiệm thu", "Đã huỷ", "Tỷ lệ hoàn thành (%)"],
        lines, widths=[0.8, 2.2, 1, 1, 1, 1, 1.1, 1, 0.9, 1.1], total_last=True,
    )  # fmt: skip


def _annex(c: FollowUp) -> list[Table]:
    rows = []
    for n, block in enumerate(c.directives, start=1):
        for r in block.rows:
            a = r.assignment
            rows.append([f"{n}.{r.number}", block.directive.title, ("– " * r.number.count(".")) + a.assignee,
                         status_text(a, c.day), _due(a), r.latest, a.progress, r.rolled])  # fmt: skip
    return [
        Table(
            "Biểu 1. Danh mục nhiệm vụ được giao và giao tiếp cho cấp dưới",
            [
                "STT",
                "Nhiệm vụ",
                "Nơi được giao",
                "Trạng thái",
                "Hạn",
                "Kết quả thực hiện mới nhất",
                "Tiến độ (%)",
                "Tiến độ cấp dưới (%)",
            ],
            rows,
            widths=[0.7, 2.2, 2, 1.4, 1.1, 2.8, 0.9, 1],
            numeric_from=6,
        )  # fmt: skip
    ]


def _about(c: FollowUp) -> str:
    if c.period_label:
        return f"các cuộc giao ban {c.period_label}"
    title = c.briefings[0].title
    return title if title.startswith("Hội nghị") else f"{title[:1].lower()}{title[1:]}"


def document(c: FollowUp, issuer: Issuer, number: int | None, issued_on: datetime.date) -> OfficialDocument:
    top = c.top
    counts = defaultdict(int)
    for r in top:
        counts[r.status] += 1
    where = {r.assignment.unit_id or f"~{r.assignment.department}" for r in top}
    if c.period_label:
        held = ", ".join(f"{b.title} ({vn(b.held_on)})" for b in c.briefings)
        opening = f"Thực hiện kết luận các cuộc giao ban {c.period_label} ({held})"
    else:
        b = c.briefings[0]
        chair = f" do {b.chair} chủ trì" if b.chair else ""
        opening = f"Thực hiện kết luận {_about(c)} ngày {vn(b.held_on)}{chair}"
    body: list = [
        Paragraph(
            f"{opening}, {len(c.directives)} nhiệm vụ đã được giao cho {len(where)} hội, đơn vị, ban (tổng cộng "
            f"{len(top)} lượt giao). Tính đến ngày {vn(c.day)}: {counts['accepted']} đã hoàn thành và được nghiệm "
            f"thu, {counts['done']} đã hoàn thành đang chờ nghiệm thu, {counts['in_progress']} đang thực hiện, "
            f"{counts['not_started']} chưa thực hiện, {counts['overdue']} quá hạn, {counts['cancelled']} đã huỷ. "
            f"{issuer.name} báo cáo kết quả cụ thể như sau:"
        ),
        Heading("I. KẾT QUẢ THỰC HIỆN TỪNG NHIỆM VỤ"),
    ]
    for n, block in enumerate(c.directives, start=1):
        d = block.directive
        body.append(Heading(f"{n}. {d.title}", 2))
        facts = [d.content.strip()] if d.content.strip() else []
        if d.due_on:
            facts.append(f"Hạn hoàn thành: {vn(d.due_on)}" + (f", {RECURRENCE[d.recurrence]}" if d.recurrence else ""))
        if d.coordinator:
            facts.append(f"Cơ quan chủ trì, phối hợp: {d.coordinator}")
        if len(c.briefings) > 1:
            facts.append(f"Kết luận tại {d.briefing.title} ngày {vn(d.briefing.held_on)}")
        if facts:
            body.append(Paragraph(". ".join(f.rstrip(".") for f in facts) + ".", italic=True))
        if any("." not in r.number for r in block.rows):
            body.append(_directive_table(n, block, c.day))
        else:
            body.append(Paragraph("(Không có nơi được giao trong phạm vi báo cáo.)", italic=True))
    body += [Heading("II. TỔNG HỢP THEO " + ("ĐƠN VỊ" if all(b.unit_id for b in c.briefings) else "HỘI")),
             _summary_table(c, len(c.directives) + 1), Heading("III. NHỮNG NHIỆM VỤ QUÁ HẠN")]  # fmt: skip
    late = [r for r in top if r.status == "overdue"]
    body += [
        Paragraph(f"{r.assignment.assignee}: “{r.assignment.directive.title}”, hạn {vn(r.assignment.due_on)}, "
                  f"quá hạn {(c.day - r.assignment.due_on).days} ngày, tiến độ {r.assignment.progress}%.")
        for r in late
    ] or [Paragraph("Không có nhiệm vụ nào quá hạn.", italic=True)]  # fmt: skip
    if late:
        body.append(Paragraph("Đề nghị các hội, đơn vị khẩn trương hoàn thành và báo cáo kết quả, kèm tài liệu minh "
                              "chứng, trước cuộc giao ban tiếp theo."))  # fmt: skip
    summary_line = f"Kết quả thực hiện kết luận {_about(c)}"
    return OfficialDocument(issuer, "BC", "Báo cáo", summary_line, issued_on, number, body, _annex(c))
