"""Web routes of the members app, one module per topic."""

from quanlyhoi.members import urls_imports, urls_lists, urls_people, urls_stats

app_name = "members"
urlpatterns = [*urls_lists.urlpatterns, *urls_imports.urlpatterns, *urls_people.urlpatterns, *urls_stats.urlpatterns]
