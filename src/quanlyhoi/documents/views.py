"""The document register (numbers given out, with the files as issued) and an issuing body's letterhead."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.web import domain_http, style_form
from quanlyhoi.documents import services
from quanlyhoi.documents.forms import BodyForm
from quanlyhoi.documents.models import RegisteredDocument
from quanlyhoi.orgs.models import Unit


def attachment(file_name: str, data: bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@login_required
@require_GET
def register_page(request):
    rows = (
        RegisteredDocument.objects.restrict(request.user, "view")
        .select_related("body", "body__unit")
        .order_by("-issued_on", "-number")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "documents/register.html", {"page": page})


@login_required
@require_GET
@domain_http
def document_file(request, pk: int, fmt: str):
    registered = get_object_or_404(RegisteredDocument.objects.restrict(request.user, "view"), pk=pk)
    data = services.stored(registered, fmt)
    name = f"{registered.file_name.rsplit('.', 1)[0]}.{fmt}"
    return attachment(name, data, services.CONTENT_TYPES[fmt])


def _body(request):
    """The body of ?unit=CODE, or the overseer's of today without one."""
    code = (request.GET.get("unit") or "").strip().upper()
    if not code:
        return services.body_of(overseer=services.overseer_on(today())), None
    unit = Unit.objects.restrict(request.user, "view").select_related("association", "parent").filter(code=code)
    if not unit.exists():
        raise NotFound(f"Không tìm thấy đơn vị {code}.")
    return services.body_of(unit=unit.first()), unit.first()


@login_required
@require_http_methods(["GET", "POST"])
@domain_http
def body_page(request):
    body, unit = _body(request)
    if not services.may_issue(request.user, body):
        raise Forbidden(_("You may not change this issuing body's letterhead."))
    form = style_form(BodyForm(request.POST or None, instance=body))
    status = 422 if request.method == "POST" else 200  # unless it is saved below
    if request.method == "POST" and form.is_valid():
        try:
            services.update_body(actor=request.user, body=body, **{f: form.cleaned_data[f] for f in services.EDITABLE})
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The letterhead was saved."))
            return redirect(request.get_full_path())
    return render(request, "documents/body.html", {"form": form, "body": body, "unit": unit}, status=status)
