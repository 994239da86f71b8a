from django.urls import path

from quanlyhoi.core.placeholder import pending

urlpatterns = [
    path("units/", pending, name="unit_list"),
    path("tree/", pending, name="unit_tree"),
    path("units/<str:code>/", pending, name="unit_detail"),
    path("events/", pending, name="event_list"),
]
