"""The reminder button of the status page: the level above reminds the units that have not reported."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.web import domain_http
from quanlyhoi.reporting.services.periods import period_for
from quanlyhoi.reporting.services.reminders import remind as remind_units
from quanlyhoi.reporting.views import posted_unit


@login_required
@require_POST
@domain_http
def remind(request):
    unit = posted_unit(request)
    back = f"{reverse('reporting:status')}?{urlencode({'unit': unit.code, 'period': request.POST.get('period', '')})}"
    try:
        period = period_for(request.POST.get("period", ""))
        done = remind_units(actor=request.user, unit=unit, period=period, codes=request.POST.getlist("only"))
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(
        request,
        _("Reminders: %(units)s unit(s) have not reported; %(notified)s officer(s) notified now, %(already)s unit(s) "
          "already reminded today.") % done,
    )  # fmt: skip
    if done["without_officer"]:
        messages.warning(
            request,
            _("No officer account to notify for: %(codes)s. Please contact these units directly.")
            % {"codes": ", ".join(done["without_officer"])},
        )
    return redirect(back)
