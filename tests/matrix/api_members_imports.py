"""Matrix entries of the member import API (api/members_imports.py). The job is an upload into NCT.01.00004
(tests/matrix/web_members_imports.py): in scope of every NCT persona, not of the outsider. The upload itself is
multipart, which the matrix client does not send: its JSON body is refused as invalid (422) for every caller
with a token; its scope is tested in tests/members_imports/test_api.py."""

from tests.matrix.personas import row
from tests.matrix.web_members_imports import make_job


class JobId:
    """The job's id, made when the test formats the path (the job exists only inside the test)."""

    def __format__(self, spec: str) -> str:
        return format(make_job().pk, spec)


JOB = {"job_id": JobId()}
CHANGE = row(200, 403, 200, 200, 200, 403, 404, 401)
PERSONAL = row(200, 403, 200, 200, 200, 403, 404, 401)

# (method, path) -> (path overrides, body, expected answers in personas.ORDER)
ENTRIES = {
    ("POST", "/api/v1/members/imports"): ({}, {"unit": "NCT.01.00004"}, row(422, 422, 422, 422, 422, 422, 422, 401)),
    ("GET", "/api/v1/members/imports"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/v1/members/imports/template"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/v1/members/imports/{job_id}"): (JOB, None, row(200, 200, 200, 200, 200, 200, 404, 401)),
    ("PUT", "/api/v1/members/imports/{job_id}/mapping"): (JOB, {"mapping": None}, CHANGE),
    ("POST", "/api/v1/members/imports/{job_id}/run"): (
        JOB,
        {"dry_run": True},
        row(202, 403, 202, 202, 202, 403, 404, 401),
    ),
    ("GET", "/api/v1/members/imports/{job_id}/errors"): (JOB, None, PERSONAL),
    ("GET", "/api/v1/members/imports/{job_id}/errors-file"): (JOB, None, PERSONAL),
}
