"""Matrix entries of the member import pages (members/urls_imports.py). The job is an upload into NCT.01.00004:
in scope of every NCT persona, not of the outsider (who administers CTD, and so may upload into CTD units).
Mapping and runs need `change`; the file's rows (errors file) need `view_personal` (not the overseer or the
inspector). The runs posted here are dry runs, done inline by the test job backend."""

from quanlyhoi.core.scoping import SystemOperator
from quanlyhoi.members.services import imports
from quanlyhoi.orgs.models import Unit
from tests.matrix.personas import row

LOGIN = 302
CSV = "Họ và tên,Năm sinh,Giới tính\nPhạm Thị Lan,1950,Nữ\n".encode()


def make_job():
    unit = Unit.objects.get(code="NCT.01.00004")
    return imports.import_upload(actor=SystemOperator("test"), unit=unit, file_name="matrix.csv", chunks=[CSV])


def job():
    return {"pk": make_job().pk}


def none():
    return {}


ENTRIES = {
    "members:import_list": (none, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    # Every persona who may change some unit may open the upload form (for units in its scope).
    "members:import_upload": (none, {}, "get", row(200, 403, 200, 200, 200, 403, 200, LOGIN)),
    "members:import_template": (none, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "members:import_detail": (job, {}, "get", row(200, 200, 200, 200, 200, 200, 404, LOGIN)),
    "members:import_progress": (job, {}, "get", row(200, 200, 200, 200, 200, 200, 404, LOGIN)),
    # An empty mapping form re-renders the job page with its errors: reachable, nothing changes.
    "members:import_mapping": (job, {}, "post", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
    "members:import_run": (job, {"action": "check"}, "post", row(302, 403, 302, 302, 302, 403, 404, LOGIN)),
    "members:import_errors": (job, {}, "get", row(200, 403, 200, 200, 200, 403, 404, LOGIN)),
}
