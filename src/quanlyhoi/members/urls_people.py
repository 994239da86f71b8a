"""Web routes of the members app: people (included by members/urls.py)."""

from django.urls import path

from quanlyhoi.members.views import people

urlpatterns: list = [
    path("join/", people.member_join_view, name="join"),
    path("<int:pk>/", people.member_detail, name="detail"),
    path("<int:pk>/personal/", people.member_personal, name="member_personal"),
    path("<int:pk>/personal-data/", people.member_data_export, name="member_data_export"),
    path("<int:pk>/edit/", people.member_edit, name="member_edit"),
    path("<int:pk>/transfer/", people.member_transfer_view, name="member_transfer"),
    path("<int:pk>/status/", people.member_status_view, name="member_status"),
    path("<int:pk>/needs/add/", people.member_need_add, name="member_need_add"),
    path("<int:pk>/needs/<int:need_id>/end/", people.member_need_end, name="member_need_end"),
    path("<int:pk>/erase/", people.member_erase, name="member_erase"),
]
