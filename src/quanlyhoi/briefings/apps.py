from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "quanlyhoi.briefings"
    label = "briefings"
    verbose_name = "Briefings"
