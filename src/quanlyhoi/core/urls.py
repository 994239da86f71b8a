from django.urls import path

from quanlyhoi.core import views

app_name = "core"
# The audit log is read-only: there is deliberately no route that edits or deletes a record.
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
