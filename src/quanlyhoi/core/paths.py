"""Materialised paths for the unit tree.

A path is the concatenation of fixed-width, zero-padded unit ids, digits only. Digits-only keeps the order
of paths the same under any database collation, so "this subtree" is one indexed range
[path, path+1) on SQLite and PostgreSQL alike (no LIKE, no collation tricks).
"""

from django.db.models import Q

SEGMENT_WIDTH = 8


def segment(pk: int) -> str:
    text = str(pk).zfill(SEGMENT_WIDTH)
    if len(text) != SEGMENT_WIDTH:  # a wider segment would break every range query on the tree
        raise ValueError(f"unit id {pk} does not fit a path segment of {SEGMENT_WIDTH} digits")
    return text


def child_path(parent_path: str | None, pk: int) -> str:
    return (parent_path or "") + segment(pk)


def upper_bound(path: str) -> str | None:
    """The smallest path of the same length that sorts after every descendant of `path`; None when there is
    none (a path of nines: "99999999" + 1 would be one digit longer and sort before it)."""
    bound = str(int(path) + 1).zfill(len(path))
    return bound if len(bound) == len(path) else None


def subtree_q(field: str, path: str, *, include_root: bool = True) -> Q:
    bound = upper_bound(path)
    q = Q(**{f"{field}__gte": path})
    if bound is not None:
        q &= Q(**{f"{field}__lt": bound})
    if not include_root:
        q &= ~Q(**{field: path})
    return q


def depth(path: str) -> int:
    return len(path) // SEGMENT_WIDTH


def ancestor_paths(path: str) -> list[str]:
    """Paths of every ancestor, root first, excluding `path` itself."""
    return [path[:i] for i in range(SEGMENT_WIDTH, len(path), SEGMENT_WIDTH)]
