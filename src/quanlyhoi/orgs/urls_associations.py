from django.urls import path

from quanlyhoi.orgs.views import associations as views

urlpatterns = [
    path("associations/", views.association_list, name="association_list"),
    path("associations/new/", views.association_create, name="association_create"),
    path("associations/<str:code>/", views.association_detail, name="association_detail"),
    path("associations/<str:code>/edit/", views.association_edit, name="association_edit"),
    path("overseers/", views.overseer_list, name="overseer_list"),
    path("overseers/new/", views.overseer_create, name="overseer_create"),
    path("overseers/<int:pk>/edit/", views.overseer_edit, name="overseer_edit"),
]
