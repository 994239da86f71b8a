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
    """A string that sorts after every descendant of `path` and before everything else after it: `path` cut
    after its last digit that is not 9, with that digit raised ("0000000700000012" -> "0000000700000013",
    "0000000199999999" -> "00000002"); None when `path` is all nines (nothing sorts after its subtree).

    Adding 1 to the whole number would carry into the parent's segment ("0000000200000000"), a bound that
    sorts after the parent's next sibling "00000002" and so takes it into the range."""
    stripped = path.rstrip("9")
    if not stripped:
        return None
    return stripped[:-1] + str(int(stripped[-1]) + 1)


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
