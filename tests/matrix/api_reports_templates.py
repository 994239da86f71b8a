"""Matrix entries of the templates and indicators API (api/reports_templates.py). The template and indicator
written to are NCT's own (tests/matrix/web_reports_templates.py): NCT's administrators and the system scopes
manage them, unit officers and the inspector may not (403), the outsider does not see them (404)."""

from tests.matrix.api_members_people import Lazy
from tests.matrix.personas import row
from tests.matrix.web_reports_templates import own_indicator, own_template

OWN_TEMPLATE = {"code": Lazy(lambda: {"code": own_template().code}, "code")}
OWN_INDICATOR = {"code": Lazy(lambda: {"code": own_indicator().code}, "code")}
MANAGE = row(200, 200, 200, 403, 403, 403, 404, 401)
CREATE = row(201, 201, 201, 403, 403, 403, 404, 401)
NEW_TEMPLATE = {"association": "NCT", "name": "Mẫu thử", "period_kinds": ["year"], "items": [{"indicator": "HV_TONG"}]}

# (method, path) -> (path overrides, body, expected answers in personas.ORDER)
ENTRIES = {
    ("GET", "/api/v1/reports/templates/{code}"): (OWN_TEMPLATE, None, row(200, 200, 200, 200, 200, 200, 404, 401)),
    ("POST", "/api/v1/reports/templates/{code}"): ({"code": "MATRIX-T"}, NEW_TEMPLATE, CREATE),
    ("POST", "/api/v1/reports/templates/{code}/revisions"): (OWN_TEMPLATE, {"name": "Báo cáo quý (sửa)"}, CREATE),
    ("GET", "/api/v1/reports/indicators"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("POST", "/api/v1/reports/indicators"): ({}, {"association": "NCT", "code": "MATRIX_X", "name": "Thử"}, CREATE),
    ("PATCH", "/api/v1/reports/indicators/{code}"): (OWN_INDICATOR, {"name": "Câu lạc bộ hội viên"}, MANAGE),
}
