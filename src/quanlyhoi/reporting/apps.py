from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "quanlyhoi.reporting"
    label = "reporting"
    verbose_name = "Reporting"
