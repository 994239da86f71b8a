from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "quanlyhoi.core"
    label = "core"
    verbose_name = "Core"
