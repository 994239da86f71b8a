"""Web routes of the members app: lists (included by members/urls.py)."""

from django.urls import path

from quanlyhoi.members.views import lists

urlpatterns = [
    path("", lists.member_list, name="list"),
    path("export/", lists.member_export, name="export"),
]
