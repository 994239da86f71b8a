"""Administrative areas: reference data, readable by every logged-in user."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from quanlyhoi.core.web import paginate, render_list, style_form
from quanlyhoi.geo.filters import AdminAreaFilter
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.orgs.models import Unit


def _areas():
    # Provinces before communes, the 34 current provinces first.
    return (
        AdminArea.objects.select_related("parent")
        .prefetch_related("successions__successor", "predecessions__predecessor")
        .order_by("generation", "-level", "code")
    )


@login_required
def area_list(request):
    area_filter = AdminAreaFilter(request.GET or None, queryset=_areas())
    style_form(area_filter.form)
    context = {"filter": area_filter, "page_obj": paginate(request, area_filter.qs)}
    return render_list(request, "geo/area_list.html", "geo/_area_table.html", context)


@login_required
def area_detail(request, pk: int):
    area = get_object_or_404(_areas(), pk=pk)
    communes = area.children.order_by("code")
    units = (
        Unit.objects.restrict(request.user, "view")
        .filter(area=area)
        .select_related("association", "level")
        .order_by("association__sort_order", "path")
    )
    context = {
        "area": area,
        "successors": [s.successor for s in area.successions.all()],
        "predecessors": [s.predecessor for s in area.predecessions.all()],
        "page_obj": paginate(request, communes),
        "units": units[:50],
        "unit_count": units.count(),
    }
    return render(request, "geo/area_detail.html", context)
