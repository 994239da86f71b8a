"""Matrix entries of the template and indicator pages (reporting/views_templates.py). Everyone signed in sees
the templates and indicators; the objects edited are NCT's own (created for the test): NCT's administrators and
the system scopes (system administrator, overseer) manage them, the outsider (CTD) does not see them. Shared
ones, managed by the system scopes only, are covered in tests/reporting/test_templates_web.py."""

from tests.matrix.personas import row

LOGIN = 302
SEE = row(200, 200, 200, 200, 200, 200, 200, LOGIN)
MANAGE_OWN = row(200, 200, 200, 403, 403, 403, 404, LOGIN)
CREATE = row(200, 200, 200, 403, 403, 403, 200, LOGIN)  # the outsider creates CTD's own


def own_indicator():
    from quanlyhoi.orgs.models import Association
    from quanlyhoi.reporting.models import Indicator

    nct = Association.objects.get(code="NCT")
    return Indicator.objects.get_or_create(association=nct, code="NCT_MATRIX", defaults={"name": "Câu lạc bộ"})[0]


def own_template():
    from quanlyhoi.core.scoping import SystemOperator
    from quanlyhoi.orgs.models import Association
    from quanlyhoi.reporting.models import ReportTemplate
    from quanlyhoi.reporting.services.templates import create_template

    found = ReportTemplate.objects.filter(code="NCT-MATRIX").first()
    if found is None:
        found = create_template(
            actor=SystemOperator("matrix"), association=Association.objects.get(code="NCT"), code="NCT-MATRIX",
            name="Báo cáo quý của NCT", period_kinds=["quarter"], items=[{"indicator": own_indicator().code}],
        )  # fmt: skip
    return found


def none() -> dict:
    return {}


# name -> (URL kwargs factory, query, method, expected answers in personas.ORDER)
ENTRIES = {
    "reporting:templates": (none, {}, "get", SEE),
    "reporting:template_new": (none, {}, "get", CREATE),
    "reporting:template": (
        lambda: {"code": own_template().code},
        {},
        "get",
        row(200, 200, 200, 200, 200, 200, 404, LOGIN),
    ),
    "reporting:template_edit": (lambda: {"code": own_template().code}, {}, "get", MANAGE_OWN),
    "reporting:indicators": (none, {}, "get", SEE),
    "reporting:indicator_new": (none, {}, "get", CREATE),
    "reporting:indicator_edit": (lambda: {"pk": own_indicator().pk}, {}, "get", MANAGE_OWN),
}
