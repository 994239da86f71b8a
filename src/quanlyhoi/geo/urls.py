from django.urls import path

from quanlyhoi.core.placeholder import pending

app_name = "geo"
urlpatterns = [
    path("", pending, name="area_list"),
]
