"""Filters over a dotted path column shared by every repository: a unit's subtree."""

from __future__ import annotations

from tortoise.expressions import Q

from policies.roles import SEPARATOR

AFTER_SEPARATOR = chr(ord(SEPARATOR) + 1)


def subtree(path: str, field: str = "path") -> Q:
    """The unit at `path` and everything below it, as an index range (see migration 0002)."""
    return Q(**{field: path}) | Q(**{f"{field}__gte": path + SEPARATOR, f"{field}__lt": path + AFTER_SEPARATOR})


def codes_of(path: str) -> list[str]:
    """A path's unit codes, root first: the unit and all its ancestors."""
    return path.split(SEPARATOR)
