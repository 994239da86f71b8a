from django.urls import path

from quanlyhoi.orgs.views import events, restructure, units

urlpatterns = [
    path("tree/", units.unit_tree, name="unit_tree"),
    path("tree/<str:code>/children/", units.unit_children, name="unit_children"),
    path("units/", units.unit_list, name="unit_list"),
    # Fixed words before <code>: unit codes are upper case, these are not.
    path("units/new/", restructure.unit_create_view, name="unit_create"),
    path("units/lookup/", units.unit_lookup, name="unit_lookup"),
    path("units/area-lookup/", units.area_lookup, name="area_lookup"),
    path("units/<str:code>/", units.unit_detail, name="unit_detail"),
    path("units/<str:code>/edit/", units.unit_edit, name="unit_edit"),
    path("units/<str:code>/rename/", restructure.unit_rename_view, name="unit_rename"),
    path("units/<str:code>/move/", restructure.unit_move_view, name="unit_move"),
    path("units/<str:code>/merge/", restructure.unit_merge_view, name="unit_merge"),
    path("units/<str:code>/split/", restructure.unit_split_view, name="unit_split"),
    path("units/<str:code>/dissolve/", restructure.unit_dissolve_view, name="unit_dissolve"),
    path("events/", events.event_list, name="event_list"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("associations/<str:code>/merger-2025/", restructure.merger_2025, name="merger_2025"),
]
