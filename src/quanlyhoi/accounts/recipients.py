"""Who is told about a unit: the active users whose role is scoped exactly on it (reminders go to a unit's own
officers, not to everyone above it)."""

from __future__ import annotations

from collections import defaultdict

from quanlyhoi.accounts.models import RoleAssignment

BATCH = 500


def unit_officers(unit_ids, roles) -> dict[int, set[int]]:
    """unit id -> the ids of the active users holding one of `roles` on exactly that unit."""
    unit_ids = sorted(set(unit_ids))
    out: dict[int, set[int]] = defaultdict(set)
    for i in range(0, len(unit_ids), BATCH):
        rows = RoleAssignment.objects.filter(
            unit_id__in=unit_ids[i : i + BATCH], role__in=roles, user__is_active=True
        ).values_list("unit_id", "user_id")
        for unit_id, user_id in rows:
            out[unit_id].add(user_id)
    return out
