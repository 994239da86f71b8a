"""Web routes of the reporting app."""

from django.urls import path

from quanlyhoi.reporting import reminder_views, views, views_documents, views_periods, views_templates

app_name = "reporting"
urlpatterns = [
    path("", views.status_page, name="status"),
    path("rollup/", views.rollup_page, name="rollup"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("start/", views.start, name="start"),
    path("periods/", views_periods.periods_page, name="periods"),
    path("periods/<str:code>/", views_periods.period_edit, name="period"),
    path("document/", views_documents.document_page, name="document"),
    path("document/file/", views_documents.document_file, name="document_file"),
    path("document/issue/", views_documents.document_issue, name="document_issue"),
    path("remind/", reminder_views.remind, name="remind"),
    path("upload/", views.forms_upload, name="forms_upload"),
    path("templates/", views_templates.templates_page, name="templates"),
    path("templates/new/", views_templates.template_new, name="template_new"),
    path("templates/<str:code>/", views_templates.template_page, name="template"),
    path("templates/<str:code>/edit/", views_templates.template_edit, name="template_edit"),
    path("indicators/", views_templates.indicators_page, name="indicators"),
    path("indicators/new/", views_templates.indicator_new, name="indicator_new"),
    path("indicators/<int:pk>/edit/", views_templates.indicator_edit, name="indicator_edit"),
    path("<int:pk>/form.xlsx", views.form_download, name="form"),
    path("<int:pk>/upload/", views.form_upload, name="form_upload"),
    path("<int:pk>/", views.report_page, name="report"),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/gather/", views.gather, name="gather"),
    path("<int:pk>/<slug:step>/", views.step, name="step"),
]
