"""Pages render in the site layout without inline code. Who may open which page is in tests/matrix/."""

import pytest
from django.urls import reverse

from tests.web.pages import assert_csp_clean


@pytest.mark.django_db
def test_detail_pages_render_for_sysadmin_without_inline_code(login_client):
    from quanlyhoi.core.models import AuditRecord
    from quanlyhoi.geo.models import AdminArea

    client = login_client("sysadmin")
    urls = [
        reverse("core:audit_detail", args=[AuditRecord.objects.first().pk]),
        reverse("geo:area_detail", args=[AdminArea.objects.get(generation="2025", level="province", code="01").pk]),
        reverse("geo:area_detail", args=[AdminArea.objects.get(generation="legacy", code="02").pk]),
        reverse("accounts:login"),
    ]
    for url in urls:
        response = client.get(url) if "login" not in url else login_client("anonymous").get(url)
        assert response.status_code == 200, url
        assert_csp_clean(response)


@pytest.mark.django_db
def test_refusals_use_the_site_layout(login_client):
    forbidden = login_client("province_officer").get(reverse("core:audit_list"))
    assert forbidden.status_code == 403 and "403.html" in [t.name for t in forbidden.templates]
    missing = login_client("outsider").get(reverse("orgs:association_detail", args=["NCT"]))
    assert missing.status_code == 404 and "404.html" in [t.name for t in missing.templates]
    assert "NCT" not in missing.content.decode().split("<main", 1)[1]
    assert_csp_clean(forbidden)
    assert_csp_clean(missing)
