from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "quanlyhoi.orgs"
    label = "orgs"
    verbose_name = "Registry"
