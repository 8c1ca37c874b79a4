"""Relay connections (SPEC section 5): first defaults to 50, at most 500; cursors are opaque."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import strawberry

from domain import validation
from domain.errors import BadUserInput

T = TypeVar("T")
M = TypeVar("M")

DEFAULT_FIRST = 50
MAX_FIRST = 500


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


@dataclass(frozen=True)
class PageArgs:
    limit: int
    after: str | None  # the sort key of the last row already seen


def encode_cursor(kind: str, key: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{key}".encode()).decode()


def page_args(kind: str, first: int | None, after: str | None) -> PageArgs:
    """Validate `first` and decode `after` (a cursor of this kind of list), or BAD_USER_INPUT."""
    limit = DEFAULT_FIRST if first is None else first
    if limit < 0 or limit > MAX_FIRST:
        raise BadUserInput(f"first must be between 0 and {MAX_FIRST}.", field="first")
    if after is None:
        return PageArgs(limit, None)
    try:
        decoded = base64.urlsafe_b64decode(after.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadUserInput("after is not a valid cursor.", field="after") from None
    prefix, sep, key = decoded.partition(":")
    if prefix != kind or not sep or not key:
        raise BadUserInput("after is not a valid cursor for this list.", field="after")
    return PageArgs(limit, key)


def connection(
    kind: str, rows: Iterable[M], total: int, has_next: bool, node: Callable[[M], T], key: Callable[[M], str]
) -> Connection[T]:
    edges = [Edge(node=node(row), cursor=encode_cursor(kind, key(row))) for row in rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=has_next, end_cursor=edges[-1].cursor if edges else None),
        total_count=total,
    )


def int_key(key: str | None) -> int | None:
    """The key of a cursor over integer ids or line numbers."""
    if key is None:
        return None
    number = validation.record_id(key)
    if number is None:
        raise BadUserInput("after is not a valid cursor for this list.", field="after")
    return number
