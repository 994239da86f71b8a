"""Web routes of the members app: stats (included by members/urls.py)."""

from django.urls import path

from quanlyhoi.members.views import stats

urlpatterns = [
    path("stats/", stats.stats_page, name="stats"),
    path("stats/unit/", stats.stats_unit, name="stats_unit"),
    path("stats/overview/", stats.stats_overview, name="stats_overview"),
]
