"""Member statistics pages: the statistics page of a unit or association, the members block of the unit page
and the members block of the dashboard (both loaded by HTMX, so that the pages around them stay fast).

Every figure as of today links to the member list filtered the same way; figures as of a past date do not,
because the list shows members as they are now.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET

from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.web import domain_http, form_error, style_form
from quanlyhoi.members import stats
from quanlyhoi.members.models import MEMBER_STATUSES, MemberStatus, Sex
from quanlyhoi.members.queries import AGE_BANDS
from quanlyhoi.orgs.models import Association

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
MEMBERS = [str(s) for s in MEMBER_STATUSES]


class StatsForm(forms.Form):
    unit = forms.CharField(label=_l("Unit code"), required=False, max_length=60)
    association = forms.ChoiceField(label=_l("Whole association"), required=False)
    as_of = forms.DateField(label=_l("As of"), required=False, input_formats=DATE_FORMATS)

    def __init__(self, data, *, actor):
        super().__init__(data, initial={"as_of": today()})
        whole = [a for a in Association.objects.restrict(actor, "view") if stats.whole_association(actor, a.pk)]
        self.fields["association"].choices = [("", "—"), *((a.code, a.short_name or a.name) for a in whole)]
        # "from" is a Python keyword: these two fields are added by name.
        self.fields["from"] = forms.DateField(label=_l("Period from"), required=False, input_formats=DATE_FORMATS)
        self.fields["to"] = forms.DateField(label=_l("Period to"), required=False, input_formats=DATE_FORMATS)
        for name in ("as_of", "from", "to"):
            self.fields[name].widget.format = "%d/%m/%Y"

    def clean(self):
        data = super().clean()
        if bool(data.get("from")) != bool(data.get("to")):
            raise forms.ValidationError(_("Give both ends of the period, or neither."))
        return data


@dataclass
class Cell:
    """One figure of a table or chart, with the member list link that shows the same members (if any)."""

    label: str
    count: int
    href: str = ""


def _list_href(unit_code: str | None, **params) -> str:
    query = [("unit", unit_code)] if unit_code else []
    for key, value in params.items():
        query += [(key, v) for v in value] if isinstance(value, list) else [(key, value)]
    return f"{reverse('members:list')}?{urlencode(query)}"


def _cells(result: stats.MemberStats, linked: bool, list_unit: str | None) -> dict[str, list[Cell]]:
    """The figures of the page, grouped by table, each with its list link when figures are as of today."""

    def href(**params) -> str:
        return _list_href(list_unit, **params) if linked else ""

    members = {"status": MEMBERS}
    sexes = dict(Sex.choices)
    bands = {b.code: b.label for b in AGE_BANDS}
    return {
        "status": [Cell(MemberStatus(code).label, n, href(status=code)) for code, n in result.by_status.items()],
        "sex": [
            Cell(sexes.get(code, _("Not recorded")), n, href(sex=code, **members) if code in sexes else "")
            for code, n in result.by_sex.items()
        ],
        "age": [
            Cell(bands.get(code, _("Not recorded")), n, href(age_band=code, **members) if code in bands else "")
            for code, n in result.by_age_band.items()
        ],
        "type": [Cell(f.label, f.count, href(type=f.code, **members)) for f in result.by_type],
        "need": [Cell(f.label, f.count, href(need=f.code, **members)) for f in result.by_need],
        "children": [
            Cell(
                f"{c.code} {c.name}" if not c.direct else _("%(code)s itself (not in a unit below)") % {"code": c.code},
                c.members,
                "" if c.direct or not linked else _list_href(c.code, status=MEMBERS),
            )
            for c in result.children
        ],
    }


def _chart(kind: str, title: str, cells: list[Cell]) -> dict:
    """The JSON a chart is drawn from (static/quanlyhoi/charts.js); clicking a bar or slice follows its link."""
    return {
        "kind": kind,
        "title": str(title),
        "labels": [str(c.label) for c in cells],
        "values": [c.count for c in cells],
        "links": [c.href for c in cells],
    }


@login_required
@require_GET
@domain_http
def stats_page(request):
    """Statistics of a unit's subtree or a whole association, as of a date, with joined and left in a period."""
    user = request.user
    form = style_form(StatsForm(request.GET or None, actor=user))
    context = {"form": form, "result": None}
    if form.is_bound and not form.is_valid():
        return render(request, "members/stats.html", context)
    data = form.cleaned_data if form.is_bound else {}
    day = data.get("as_of") or today()
    period = (data["from"], data["to"]) if data.get("from") else None
    try:
        unit, association = stats.target(user, unit_code=data.get("unit"), association_code=data.get("association"))
        result = stats.member_stats(actor=user, unit=unit, association=association, as_of=day, period=period)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        form_error(form, exc)
        return render(request, "members/stats.html", context)
    linked = day == today() and result.existed
    list_unit = unit.code if unit else result.root_code
    cells = _cells(result, linked, list_unit)
    context.update(
        result=result,
        cells=cells,
        linked=linked,
        members_href=_list_href(list_unit, status=MEMBERS) if linked else "",
        joined_href=_joined_href(list_unit, period) if period and linked else "",
        charts={
            "status": _chart("doughnut", _("Members by status"), cells["status"]),
            "sex": _chart("doughnut", _("Members by sex"), cells["sex"]),
            "age": _chart("bar", _("Members by age"), cells["age"]),
            "children": _chart("bar", _("Members by unit below"), cells["children"]),
        },
    )
    return render(request, "members/stats.html", context)


def _joined_href(list_unit: str | None, period: tuple[datetime.date, datetime.date]) -> str:
    return _list_href(list_unit, joined_from=period[0].isoformat(), joined_to=period[1].isoformat())


@login_required
@require_GET
@domain_http
def stats_unit(request):
    """The members block of the unit page: counts by status as of today (HTMX fragment)."""
    code = request.GET.get("unit", "")
    if not code.strip():
        raise Http404
    unit, _none = stats.resolve(request.user, unit_code=code)
    result = stats.member_counts(actor=request.user, unit=unit, as_of=today())
    cells = _cells(result, True, unit.code)
    context = {
        "unit": unit,
        "result": result,
        "status_cells": cells["status"],
        "children": cells["children"],
        "show_children": any(not c.direct for c in result.children),
        "members_href": _list_href(unit.code, status=MEMBERS),
    }
    return render(request, "members/stats_unit.html", context)


@login_required
@require_GET
def stats_overview(request):
    """The members block of the dashboard: members per association the user sees as a whole, or per unit
    below each unit a unit officer's roles are on (HTMX fragment)."""
    user, day = request.user, today()
    groups = []
    totals = stats.association_totals(user, day)
    if totals:
        cells = [Cell(a.short_name or a.name, n, _stats_href(association=a.code)) for a, n in totals]
        groups.append({"title": _("Members by association"), "cells": cells, "total": sum(c.count for c in cells)})
    for root in stats.scope_roots(user):
        result = stats.member_counts(actor=user, unit=root, as_of=day)
        cells = _cells(result, True, root.code)["children"]
        groups.append({"title": root.name, "cells": cells, "total": result.members, "unit": root})
    for i, group in enumerate(groups):
        group["chart"] = _chart("bar", group["title"], group["cells"])
        group["chart_id"] = f"members-chart-{i}"
    return render(request, "members/stats_overview.html", {"groups": groups, "day": day})


def _stats_href(**params) -> str:
    return f"{reverse('members:stats')}?{urlencode(params)}"
