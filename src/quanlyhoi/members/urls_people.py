"""Web routes of the members app: people (included by members/urls.py)."""

urlpatterns: list = []
