"""Restructuring events: the filtered list and one event's page (basis, units touched, lineage, audit)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quanlyhoi.core import audit
from quanlyhoi.core.web import paginate, render_list, style_form
from quanlyhoi.orgs.filters import EventFilter
from quanlyhoi.orgs.models import RestructuringEvent, Unit


@login_required
@require_GET
def event_list(request):
    queryset = RestructuringEvent.objects.restrict(request.user, "view").select_related("association", "created_by")
    filterset = EventFilter(request.GET or None, queryset=queryset)
    style_form(filterset.form)
    page = paginate(request, filterset.qs.distinct())
    context = {"filter": filterset, "form": filterset.form, "page_obj": page, "events": page.object_list}
    return render_list(request, "orgs/event_list.html", "orgs/event_list_table.html", context)


@login_required
@require_GET
def event_detail(request, pk: int):
    event = (
        RestructuringEvent.objects.restrict(request.user, "view")
        .select_related("association", "created_by")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404(_("No such event."))
    links = list(event.unit_links.select_related("unit__level", "unit__area").order_by("role", "unit__code"))
    lineage = list(event.lineage.select_related("predecessor", "successor").order_by("predecessor__code"))
    touched = {link.unit_id for link in links} | {x.predecessor_id for x in lineage} | {x.successor_id for x in lineage}
    visible = set(Unit.objects.restrict(request.user, "view").filter(pk__in=touched).values_list("pk", flat=True))
    context = {
        "event": event,
        "links": links,
        "lineage": lineage,
        "visible": visible,
        "moved_count": event.periods.exclude(unit_id__in=[link.unit_id for link in links]).count(),
        "history": audit.history(event).order_by("-at", "-id")[:100],
    }
    return render(request, "orgs/event_detail.html", context)
