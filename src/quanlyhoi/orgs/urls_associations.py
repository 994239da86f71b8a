from django.urls import path

from quanlyhoi.core.placeholder import pending

urlpatterns = [
    path("associations/", pending, name="association_list"),
    path("associations/<str:code>/", pending, name="association_detail"),
]
