"""Node paths: a map's name, then unit keys joined by dots, root first (`VN34:VN.79@VN34.26734.79760001`).

The map prefix keeps every map's tree in a byte range of its own, so the one
path-range filter of policies/scope.py never crosses maps; clients see the
codes only (`VN.79.26734.79760001`), the path SPEC section 2 describes.
"""

from __future__ import annotations

from policies.roles import SEPARATOR

MAP_MARK = ":"
KEY_MARK = "@"  # a key `code@map` names a code that another map's unit holds as well


def key_for(code: str, map_code: str, taken: bool) -> str:
    return f"{code}{KEY_MARK}{map_code}" if taken else code


def code_of(key: str) -> str:
    return key.split(KEY_MARK, 1)[0]


def root_path(map_code: str, root_key: str) -> str:
    return f"{map_code}{MAP_MARK}{root_key}"


def child_path(parent_path: str, key: str) -> str:
    return f"{parent_path}{SEPARATOR}{key}"


def keys_of(path: str) -> list[str]:
    """The unit keys along a node path, root first: the unit and all its ancestors."""
    return path.split(MAP_MARK, 1)[1].split(SEPARATOR)


def map_of(path: str) -> str:
    return path.split(MAP_MARK, 1)[0]


def shown(path: str) -> str:
    """The path as clients see it: codes joined by dots, root first."""
    return SEPARATOR.join(code_of(key) for key in keys_of(path))
