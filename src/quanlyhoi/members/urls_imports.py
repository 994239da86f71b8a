"""Web routes of the members app: imports (included by members/urls.py)."""

urlpatterns: list = []
