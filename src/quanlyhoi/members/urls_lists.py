"""Web routes of the members app: lists (included by members/urls.py)."""

urlpatterns: list = []
