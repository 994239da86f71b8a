"""Background jobs of the members app (run by `quanlyhoi worker`, or inline in tests)."""

import contextlib

from django_tasks import task

from quanlyhoi.core.errors import DomainError


@task()
def run_import(job_id: int, user_id: int | None, accept_duplicates: bool) -> None:
    from quanlyhoi.members.services.imports import run_queued

    # A refusal is recorded on the job (state failed, with the message) for the page that follows it.
    with contextlib.suppress(DomainError):
        run_queued(job_id, user_id, accept_duplicates)
