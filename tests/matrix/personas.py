"""The personas of the matrix, in a fixed order, and shorthands for expected answers."""

ALL = ["sysadmin", "overseer", "assoc_admin", "province_officer", "commune_officer", "inspector", "outsider"]
ORDER = [*ALL, "anonymous"]


def row(*statuses: int) -> dict[str, int]:
    """row(200, 403, ...) in ORDER: sysadmin, overseer, assoc_admin, province_officer, commune_officer,
    inspector, outsider, anonymous."""
    assert len(statuses) == len(ORDER)
    return dict(zip(ORDER, statuses, strict=True))


def extra_entries(kind: str) -> dict:
    """The entries of every `tests/matrix/{kind}_*.py` module (its dict named ENTRIES): each app keeps its
    routes' expectations in its own file."""
    import importlib
    import pkgutil

    import tests.matrix

    entries: dict = {}
    for info in pkgutil.iter_modules(tests.matrix.__path__):
        if info.name.startswith(f"{kind}_"):
            module = importlib.import_module(f"tests.matrix.{info.name}")
            overlap = set(entries) & set(module.ENTRIES)
            assert not overlap, f"entries defined twice: {overlap}"
            entries.update(module.ENTRIES)
    return entries
