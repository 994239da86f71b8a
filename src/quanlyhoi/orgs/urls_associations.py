from django.urls import path

from quanlyhoi.orgs.views import associations as views

urlpatterns = [
    path("associations/", views.association_list, name="association_list"),
    path("associations/new/", views.association_create, name="association_create"),
    path("associations/<str:code>/", views.association_detail, name="association_detail"),
    path("associations/<str:code>/edit/", views.association_edit, name="association_edit"),
    path("associations/<str:code>/levels/new/", views.level_create, name="level_create"),
    path("associations/<str:code>/levels/reorder/", views.levels_reorder_view, name="levels_reorder"),
    path("associations/<str:code>/levels/<str:level_code>/edit/", views.level_edit, name="level_edit"),
    path("associations/<str:code>/levels/<str:level_code>/delete/", views.level_delete_view, name="level_delete"),
    path("overseers/", views.overseer_list, name="overseer_list"),
    path("overseers/new/", views.overseer_create, name="overseer_create"),
    path("overseers/<int:pk>/edit/", views.overseer_edit, name="overseer_edit"),
]
