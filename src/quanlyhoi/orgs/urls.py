from quanlyhoi.orgs.urls_associations import urlpatterns as association_urls
from quanlyhoi.orgs.urls_units import urlpatterns as unit_urls

app_name = "orgs"
urlpatterns = association_urls + unit_urls
