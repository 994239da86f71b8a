"""TEMPORARY during parallel development: routes whose real views are being written. Removed before landing."""

from django.http import HttpResponse


def pending(request, **kwargs):
    return HttpResponse("pending", status=501)
