"""The personas of the matrix, in a fixed order, and shorthands for expected answers."""

ALL = ["sysadmin", "overseer", "assoc_admin", "province_officer", "commune_officer", "inspector", "outsider"]
ORDER = [*ALL, "anonymous"]


def row(*statuses: int) -> dict[str, int]:
    """row(200, 403, ...) in ORDER: sysadmin, overseer, assoc_admin, province_officer, commune_officer,
    inspector, outsider, anonymous."""
    assert len(statuses) == len(ORDER)
    return dict(zip(ORDER, statuses, strict=True))
