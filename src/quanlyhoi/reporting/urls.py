"""Web routes of the reporting app."""

from django.urls import path

from quanlyhoi.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.status_page, name="status"),
    path("rollup/", views.rollup_page, name="rollup"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("start/", views.start, name="start"),
    path("upload/", views.forms_upload, name="forms_upload"),
    path("<int:pk>/form.xlsx", views.form_download, name="form"),
    path("<int:pk>/upload/", views.form_upload, name="form_upload"),
    path("<int:pk>/", views.report_page, name="report"),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/gather/", views.gather, name="gather"),
    path("<int:pk>/<slug:step>/", views.step, name="step"),
]
