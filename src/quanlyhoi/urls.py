from django.urls import include, path

urlpatterns = [
    path("", include("quanlyhoi.core.urls")),
    path("accounts/", include("quanlyhoi.accounts.urls")),
    path("areas/", include("quanlyhoi.geo.urls")),
    path("registry/", include("quanlyhoi.orgs.urls")),
    path("members/", include("quanlyhoi.members.urls")),
    path("reports/", include("quanlyhoi.reporting.urls")),
    path("documents/", include("quanlyhoi.documents.urls")),
    path("briefings/", include("quanlyhoi.briefings.urls")),
    path("api/v1/", include("quanlyhoi.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
