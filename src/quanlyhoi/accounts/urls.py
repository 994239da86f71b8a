from django.urls import path

from quanlyhoi.core.placeholder import pending

app_name = "accounts"
urlpatterns = [
    path("login/", pending, name="login"),
    path("logout/", pending, name="logout"),
    path("profile/", pending, name="profile"),
    path("users/", pending, name="user_list"),
]
