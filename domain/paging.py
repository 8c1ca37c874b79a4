"""Keyset pages: a count and `limit` rows after a key, one over to know whether more follow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.queryset import QuerySet

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    total: int
    has_next: bool

    @classmethod
    def empty(cls) -> Page[T]:
        return cls(rows=[], total=0, has_next=False)


async def keyset_page(query: QuerySet[Any], *, key: str, after: Any, limit: int, descending: bool = False) -> Page[Any]:
    total = await query.count()
    if after is not None:
        query = query.filter(**{f"{key}__lt" if descending else f"{key}__gt": after})
    rows = await query.order_by(f"-{key}" if descending else key).limit(limit + 1) if limit > 0 else []
    return Page(rows=list(rows[:limit]), total=total, has_next=len(rows) > limit)


async def first_per_group(
    query: QuerySet[Any], *, group: str, key: str, after: Any, limit: int, column_of: dict[str, str] | None = None
) -> dict[Any, Page[Any]]:
    """The first `limit` rows (by `key`, after `after`) of every `group` value, plus each group's total.

    Two statements whatever the number of groups: a grouped count, and the
    rows numbered per group by a window function so that no group reads more
    than a page. `query` keeps every filter (the caller's scope included).
    """
    from tortoise.expressions import RawSQL
    from tortoise.functions import Count

    columns = column_of or {}
    group_col, key_col = columns.get(group, group), columns.get(key, key)
    totals = {row[group]: row["n"] for row in await query.group_by(group).annotate(n=Count(key)).values(group, "n")}
    pages: dict[Any, Page[Any]] = {}
    grouped: dict[Any, list[Any]] = {g: [] for g in totals}
    if limit > 0 and totals:
        paged = query.filter(**{f"{key}__gt": after}) if after is not None else query
        numbered = paged.annotate(
            _rn=RawSQL(f'ROW_NUMBER() OVER (PARTITION BY "{group_col}" ORDER BY "{key_col}")')
        ).sql(params_inline=True)
        sql = (
            f'SELECT * FROM ({numbered}) AS "numbered" WHERE "_rn" <= {int(limit) + 1} '
            f'ORDER BY "{group_col}", "{key_col}"'
        )
        for row in await query.model.raw(sql):
            grouped[getattr(row, group)].append(row)
    for value, total in totals.items():
        rows = grouped[value]
        pages[value] = Page(rows=rows[:limit], total=total, has_next=len(rows) > limit)
    return pages


async def newest_below(
    query: QuerySet[Any], *, path_field: str, paths: list[str], after_id: int | None, limit: int
) -> dict[str, Page[Any]]:
    """The newest `limit` records at or below each path (by `id`, before `after_id`), and each one's total.

    Paths of one length share the prefix length, so `substr(path, 1, L)` names the unit a record
    belongs to: a window per unit bounds the rows read. Two statements per distinct path length in
    the batch (one per tree level at most), never one per unit.
    """
    from tortoise.expressions import Q, RawSQL
    from tortoise.functions import Count

    from policies.scope import subtree

    pages: dict[str, Page[Any]] = {p: Page(rows=[], total=0, has_next=False) for p in paths}
    by_length: dict[int, list[str]] = {}
    for path in set(paths):
        by_length.setdefault(len(path), []).append(path)
    for length, group in by_length.items():
        anchor = f'substr("{path_field}", 1, {int(length)})'
        below = query.filter(Q(*[subtree(p, path_field) for p in group], join_type=Q.OR))
        totals = {
            row["anchor"]: row["n"]
            for row in await below.annotate(anchor=RawSQL(anchor))
            .group_by("anchor")
            .annotate(n=Count("id"))
            .values("anchor", "n")
        }
        rows: dict[str, list[Any]] = {p: [] for p in group}
        if limit > 0 and totals:
            paged = below.filter(id__lt=after_id) if after_id is not None else below
            numbered = paged.annotate(
                _anchor=RawSQL(anchor), _rn=RawSQL(f'ROW_NUMBER() OVER (PARTITION BY {anchor} ORDER BY "id" DESC)')
            ).sql(params_inline=True)
            sql = f'SELECT * FROM ({numbered}) AS "numbered" WHERE "_rn" <= {int(limit) + 1} ORDER BY "id" DESC'
            for row in await query.model.raw(sql):
                key = getattr(row, path_field)[:length]
                if key in rows:
                    rows[key].append(row)
        for path in group:
            found = rows[path]
            pages[path] = Page(rows=found[:limit], total=totals.get(path, 0), has_next=len(found) > limit)
    return pages
