from django.urls import path

from quanlyhoi.core.placeholder import pending

app_name = "core"
urlpatterns = [
    path("", pending, name="home"),
    path("audit/", pending, name="audit_list"),
]
