"""Member import pages: the jobs the user may see, upload, the job page (mapping, dry run, result, commit, done),
its progress fragment (polled by HTMX while a run is queued or running), the errors file and the template.

Every write goes through members.services.imports; runs are queued for the worker (inline in tests). The rows
of the file (preview, row errors, errors file) are personal data: they need `view_personal` on the job."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_POST

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.permissions import get_visible
from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import scopes_for
from quanlyhoi.core.web import domain_http, form_error, paginate
from quanlyhoi.members.forms_imports import ImportUploadForm, MappingForm, RunForm, column_label
from quanlyhoi.members.imports import errorfile, files, template
from quanlyhoi.members.models import ImportJob
from quanlyhoi.members.services import imports as service
from quanlyhoi.orgs.models import Unit

State = ImportJob.State
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
ERRORS_PER_PAGE = 50


def _job(request, pk: int) -> ImportJob:
    return get_visible(ImportJob.objects.select_related("unit", "association", "audit_record"), request.user, pk=pk)


def _allowed(user, action: str, job: ImportJob) -> bool:
    return ImportJob.objects.restrict(user, action).filter(pk=job.pk).exists()


@login_required
@require_GET
def import_list(request):
    jobs = ImportJob.objects.restrict(request.user, "view").select_related("unit")
    page = paginate(request, jobs)
    rows = [(job, service.is_stale(job)) for job in page.object_list]
    context = {"page_obj": page, "rows": rows, "can_upload": bool(scopes_for(request.user, "change"))}
    return render(request, "members/import_list.html", context)


@login_required
@domain_http
def import_upload(request):
    user = request.user
    if not scopes_for(user, "change"):
        raise PermissionDenied
    initial = {"unit": request.GET.get("unit", "")}
    own = scopes_for(user, "change")
    if not initial["unit"] and len(own) == 1 and own[0].unit_id:  # an officer of one unit: that unit
        initial["unit"] = Unit.objects.get(pk=own[0].unit_id).code
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = service.import_upload(
                actor=user, unit=form.cleaned_data["unit"], file_name=upload.name, chunks=upload.chunks()
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            return redirect("members:import_detail", pk=job.pk)
    return render(request, "members/import_upload.html", {"form": form})


def _detail_context(request, job: ImportJob, mapping_form: MappingForm | None = None) -> dict:
    user = request.user
    stale = service.is_stale(job)
    busy = job.state in (State.QUEUED, State.RUNNING) and not stale
    can_change = _allowed(user, "change", job) and job.state != State.DONE
    can_personal = _allowed(user, Action.VIEW_PERSONAL, job)
    context = {
        "job": job,
        "stale": stale,
        "busy": busy,
        "progress": _progress(job),
        "counts": _counts(job),
        "can_change": can_change and not busy,
        "can_personal": can_personal,
        "checked": job.state in (State.CHECKED, State.REFUSED) and not stale,
        "run_form": RunForm(),
    }
    if not busy and can_personal:
        context["error_page"] = paginate(request, service.import_row_errors(actor=user, job=job), ERRORS_PER_PAGE)
        context["page_obj"] = context["error_page"]
    if can_change and not busy and job.state != State.DONE:
        try:
            headers, rows = service.job_preview(job)
        except DomainError as exc:  # the stored file is gone: nothing more can be done with this job
            context["file_error"] = exc.message
            return context
        if can_personal:
            width = max([len(headers), *(len(r) for r in rows)])
            context["preview_headers"] = [
                column_label(i, h) for i, h in enumerate(headers + [""] * (width - len(headers)))
            ]
            context["preview_rows"] = [r + [""] * (width - len(r)) for r in rows]
        context["mapping_form"] = mapping_form or MappingForm(
            headers=headers, mapping=job.mapping, header_row=job.header_row
        )
    return context


COUNT_LABELS = (
    ("rows", _l("Rows read")),
    ("new", _l("New")),
    ("updated", _l("Updated")),
    ("unchanged", _l("Unchanged")),
    ("invalid", _l("Invalid")),
    ("duplicates", _l("Possible duplicates")),
    ("held", _l("Held back")),
    ("written", _l("Written")),
)


def _counts(job: ImportJob) -> list[tuple[str, str, int]]:
    if not job.counts:
        return []
    return [(key, label, job.counts.get(key, 0)) for key, label in COUNT_LABELS]


def _progress(job: ImportJob) -> dict:
    progress = files.read_progress(job)
    done, total = progress.get("done", 0), progress.get("total", 0)
    percent = min(100, round(100 * done / total)) if total else 0
    return {"done": done, "total": total, "percent": percent, "phase": progress.get("phase", "")}


@login_required
@require_GET
@domain_http
def import_detail(request, pk: int):
    job = _job(request, pk)
    return render(request, "members/import_detail.html", _detail_context(request, job))


@login_required
@require_GET
@domain_http
def import_progress(request, pk: int):
    """The progress fragment; once the run has ended, HTMX reloads the whole page to show its result."""
    job = _job(request, pk)
    busy = job.state in (State.QUEUED, State.RUNNING) and not service.is_stale(job)
    response = render(request, "members/import_progress.html", {"job": job, "busy": busy, "progress": _progress(job)})
    if not busy:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
@domain_http
def import_mapping(request, pk: int):
    """Save the columns (action=save), or save them and queue a dry run (action=check)."""
    job = _job(request, pk)
    if not _allowed(request.user, "change", job):
        raise PermissionDenied
    headers = service.job_headers(job)
    form = MappingForm(request.POST, headers=headers, mapping=job.mapping, header_row=job.header_row)
    if form.is_valid():
        try:
            service.import_set_mapping(
                actor=request.user, job=job, mapping=form.mapping(), header_row=form.cleaned_data["header_row"]
            )
            if request.POST.get("action") == "check":
                service.import_start(actor=request.user, job=job, dry_run=True)
        except DomainError as exc:
            form_error(form, exc)
        else:
            if request.POST.get("action") != "check":
                messages.success(request, _("Columns saved."))
            return redirect("members:import_detail", pk=job.pk)
    return render(request, "members/import_detail.html", _detail_context(request, job, form), status=200)


@login_required
@require_POST
@domain_http
def import_run(request, pk: int):
    """action=check queues a dry run; action=import the real import with the chosen options."""
    job = _job(request, pk)
    if not _allowed(request.user, "change", job):
        raise PermissionDenied
    form = RunForm(request.POST)
    form.is_valid()
    options = form.cleaned_data
    dry_run = request.POST.get("action") != "import"
    try:
        service.import_start(
            actor=request.user,
            job=job,
            dry_run=dry_run,
            skip_invalid=options.get("skip_invalid", False),
            accept_duplicates=options.get("accept_duplicates", False),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("members:import_detail", pk=job.pk)


@login_required
@require_GET
@domain_http
def import_errors(request, pk: int):
    """The errors file: the uploaded file with a "Lỗi" column, every row or (only=1) the rows with problems."""
    job = _job(request, pk)
    if not _allowed(request.user, Action.VIEW_PERSONAL, job):
        raise PermissionDenied
    file_format = request.GET.get("format") if request.GET.get("format") in errorfile.FORMATS else "xlsx"
    try:
        stream = service.import_errors_stream(
            actor=request.user, job=job, only_invalid=request.GET.get("only") == "1", file_format=file_format
        )
    except DomainError as exc:  # the uploaded file is gone or changed on the server
        messages.error(request, exc.message)
        return redirect("members:import_detail", pk=job.pk)
    response = FileResponse(stream, as_attachment=True, filename=errorfile.download_name(job, file_format))
    response["Content-Type"] = XLSX if file_format == "xlsx" else CSV
    return response


@login_required
@require_GET
def import_template(request):
    if request.GET.get("format") == "csv":
        body, content_type, name = template.template_csv(), CSV, "mau-nhap-hoi-vien.csv"
    else:
        body, content_type, name = template.template_xlsx(), XLSX, "mau-nhap-hoi-vien.xlsx"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
