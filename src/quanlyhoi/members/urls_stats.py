"""Web routes of the members app: stats (included by members/urls.py)."""

urlpatterns: list = []
