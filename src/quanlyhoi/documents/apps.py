from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "quanlyhoi.documents"
    label = "documents"
    verbose_name = "Documents"
