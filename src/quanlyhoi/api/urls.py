"""Included at "api/v1/" by quanlyhoi.urls (namespace "api")."""

from django.urls import path, re_path

from quanlyhoi.api.errors import unknown_path
from quanlyhoi.api.main import api

urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown_path),
]
