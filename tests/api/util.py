"""Small helpers for API tests."""

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import EventUnit, Lineage, RestructuringEvent, Unit, UnitPeriod


def codes(response) -> list[str]:
    return [item["code"] for item in response.json()["items"]]


def counts() -> dict:
    """Row counts of everything a write could touch (a preview must leave them all unchanged)."""
    return {
        model.__name__: model.objects.count()
        for model in (Unit, UnitPeriod, RestructuringEvent, EventUnit, Lineage, AuditRecord)
    }
