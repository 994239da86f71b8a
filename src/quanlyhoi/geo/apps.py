from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "quanlyhoi.geo"
    label = "geo"
    verbose_name = "Administrative areas"
