"""Registry write operations. Entry points import from here."""

from quanlyhoi.orgs.services.levels import level_delete, level_save, levels_editable, levels_reorder  # noqa: F401
from quanlyhoi.orgs.services.registry import (  # noqa: F401
    DEFAULT_LEVELS,
    association_create,
    association_update,
    overseer_save,
    unit_update,
)
from quanlyhoi.orgs.services.restructuring import (  # noqa: F401
    Basis,
    NewUnit,
    Outcome,
    unit_create,
    unit_dissolve,
    unit_move,
    unit_rename,
    unit_split,
    units_merge,
)
