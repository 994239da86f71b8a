"""Web routes of the documents app."""

from django.urls import path

from quanlyhoi.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.register_page, name="register"),
    path("body/", views.body_page, name="body"),
    path("<int:pk>.<str:fmt>", views.document_file, name="file"),
]
