"""Dashboard, the (read-only) audit log and the user's notifications."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from quanlyhoi.core import notifications
from quanlyhoi.core.dates import today
from quanlyhoi.core.filters import AuditFilter
from quanlyhoi.core.queries import can_view_audit, recent_changes, visible_audit
from quanlyhoi.core.web import paginate, render_list, style_form
from quanlyhoi.orgs.models import Association, RestructuringEvent, Unit
from quanlyhoi.orgs.queries import overseer_on


@login_required
def home(request):
    user, day = request.user, today()
    units = Unit.objects.restrict(user, "view").valid_on(day)
    by_level = list(
        units.values("level__rank").annotate(n=Count("id"), name=Min("level__name")).order_by("level__rank")
    )
    events = RestructuringEvent.objects.restrict(user, "view")
    year_ago = day - datetime.timedelta(days=365)
    audit_ok = can_view_audit(user)
    context = {
        "day": day,
        "association_count": Association.objects.restrict(user, "view").count(),
        "unit_count": sum(row["n"] for row in by_level),
        "units_by_level": by_level,
        "event_count": events.filter(effective_date__gt=year_ago, effective_date__lte=day).count(),
        "overseer": overseer_on(day),
        "audit_ok": audit_ok,
        "recent": recent_changes(user) if audit_ok else [],
        # Without access to the audit log, a user still sees the restructuring they recorded themselves.
        "own_events": [] if audit_ok else list(events.filter(created_by=user).select_related("association")[:15]),
    }
    return render(request, "core/home.html", context)


def _require_audit(user) -> None:
    if not can_view_audit(user):
        raise PermissionDenied


@require_GET
@login_required
def audit_list(request):
    _require_audit(request.user)
    audit_filter = AuditFilter(request.GET or None, queryset=visible_audit(request.user))
    style_form(audit_filter.form)
    context = {"filter": audit_filter, "page_obj": paginate(request, audit_filter.qs)}
    return render_list(request, "core/audit_list.html", "core/_audit_table.html", context)


@require_GET
@login_required
def audit_detail(request, pk: int):
    _require_audit(request.user)
    record = get_object_or_404(visible_audit(request.user), pk=pk)
    related = visible_audit(request.user).filter(request_id=record.request_id).exclude(pk=record.pk)[:50]
    return render(request, "core/audit_detail.html", {"record": record, "related": related})


@require_GET
@login_required
def notification_list(request):
    context = {"page_obj": paginate(request, notifications.visible(request.user))}
    return render(request, "core/notifications.html", context)


@require_POST
@login_required
def notifications_read(request):
    """Mark one notification (`id`) or every unread one (`all`) read, then back to the list."""
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    everything = bool(request.POST.get("all"))
    if ids or everything:
        notifications.mark_read(request.user, ids, everything=everything)
    page = request.POST.get("page", "")
    return redirect(reverse("core:notifications") + (f"?page={page}" if page.isdigit() else ""))
