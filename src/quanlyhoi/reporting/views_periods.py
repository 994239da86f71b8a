"""The reporting calendar: the periods with their cut-off windows, deadlines per level and whether they take
entry; the overseer changes them (reporting.services.periods.configure)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_http_methods

from quanlyhoi.core.errors import DomainError, Forbidden
from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.core.web import domain_http, style_form
from quanlyhoi.orgs.forms import VNDateField
from quanlyhoi.reporting.models import Period
from quanlyhoi.reporting.services.periods import configure, level_order, period_for


class PeriodForm(forms.Form):
    starts_on = VNDateField(label=_l("Figures from"))
    ends_on = VNDateField(label=_l("Cut-off date"))
    is_open = forms.BooleanField(label=_l("Open for entry"), required=False)
    reason = forms.CharField(label=_l("Reason"), required=False, max_length=300)

    def __init__(self, *args, levels: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for code in levels:
            self.fields[f"due_{code}"] = VNDateField(label=_("Deadline: level %(level)s") % {"level": code},
                                                     required=False)  # fmt: skip
        style_form(self)


def _may_manage(user) -> bool:
    return has_system_scope(user, Action.MANAGE_REPORTING)


@login_required
@require_GET
def periods_page(request):
    periods = Period.objects.prefetch_related("deadlines")
    return render(request, "reporting/periods.html", {"periods": periods, "can_manage": _may_manage(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
@domain_http
def period_edit(request, code: str):
    if not _may_manage(request.user):
        raise Forbidden(_("Only the overseer and the system administrator change the reporting calendar."))
    period = period_for(code)
    ranks = level_order()
    levels = sorted({*ranks, *period.deadlines.values_list("level_code", flat=True)}, key=lambda c: -ranks.get(c, 0))
    due = dict(period.deadlines.values_list("level_code", "due_on"))
    initial = {"starts_on": period.starts_on, "ends_on": period.ends_on, "is_open": period.is_open,
               **{f"due_{c}": due.get(c) for c in levels}}  # fmt: skip
    form = PeriodForm(request.POST or None, initial=initial, levels=levels)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                configure(
                    actor=request.user, period=period, starts_on=data["starts_on"], ends_on=data["ends_on"],
                    deadlines={c: data[f"due_{c}"] for c in levels if data.get(f"due_{c}")},
                    is_open=data["is_open"], reason=data["reason"],
                )  # fmt: skip
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                status = 409 if exc.status == 409 else 422
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The period %(code)s was saved.") % {"code": period.code})
                return redirect("reporting:periods")
    return render(request, "reporting/period_form.html", {"form": form, "period": period}, status=status)
