"""Keyset pages: a count and `limit` rows after a key, one over to know whether more follow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.expressions import Subquery
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
    query: QuerySet[Any], *, unit_field: str, paths: list[str], after_id: int | None, limit: int
) -> dict[str, Page[Any]]:
    """The newest `limit` records at or below each node path (by `id`, before `after_id`), and each one's total.

    A record belongs to a unit (`unit_field` holds its key); it stands below a node when its unit's node on
    that node's map does. Nodes of one map and path length share a prefix length, so `substr(path, 1, L)`
    names the node a record falls under: a window per node bounds the rows read. Three statements per map
    and path length in the batch (one per tree level at most), never one per unit.
    """
    from tortoise import connections
    from tortoise.expressions import RawSQL

    from domain.units.models import UnitNode
    from domain.units.paths import map_of
    from policies.roles import SEPARATOR
    from policies.scope import AFTER_SEPARATOR

    pages: dict[str, Page[Any]] = {p: Page.empty() for p in paths}
    groups: dict[tuple[str, int], list[str]] = {}
    for path in set(paths):
        groups.setdefault((map_of(path), len(path)), []).append(path)
    model = query.model
    column = model._meta.fields_db_projection[unit_field]
    conn = connections.get("default")
    for (map_code, length), group in groups.items():
        # At or below a node of the group: the path's first `length` characters are the node's path, and the
        # next is none or a dot. One IN list, however large the page (an OR of hundreds of ranges nests too
        # deep for SQLite), inside the one index range that spans the group.
        ordered = sorted(group)
        nodes = (
            UnitNode.filter(map_id=map_code, path__gte=ordered[0], path__lt=ordered[-1] + AFTER_SEPARATOR)
            .annotate(
                _anchor=RawSQL(f'substr("path", 1, {int(length)})'),
                _next=RawSQL(f'substr("path", {int(length) + 1}, 1)'),
            )
            .filter(_anchor__in=ordered, _next__in=["", SEPARATOR])
        )
        below = query.filter(**{f"{unit_field}__in": Subquery(nodes.values("unit_id"))})
        below._choose_db_if_not_chosen()
        below._make_query()
        inner, params = below.query.get_parameterized_sql()  # (`sql(params_inline=True)` leaves subqueries' out)
        anchored = (
            f'SELECT "r".*, substr("n"."path", 1, {int(length)}) AS "_anchor" FROM ({inner})'
            f' AS "r" JOIN "{UnitNode._meta.db_table}" AS "n" ON "n"."unit_id" = "r"."{column}"'
            f' AND "n"."map_id" = \'{map_code.replace(chr(39), chr(39) * 2)}\''
        )
        counted = await conn.execute_query_dict(
            f'SELECT "_anchor", COUNT(*) AS "n" FROM ({anchored}) AS "a" GROUP BY "_anchor"', params
        )
        totals = {row["_anchor"]: int(row["n"]) for row in counted}
        rows: dict[str, list[Any]] = {p: [] for p in group}
        if limit > 0 and totals:
            before = f' WHERE "a"."id" < {int(after_id)}' if after_id is not None else ""
            numbered = (
                f'SELECT "a".*, ROW_NUMBER() OVER (PARTITION BY "_anchor" ORDER BY "a"."id" DESC) AS "_rn"'
                f' FROM ({anchored}) AS "a"{before}'
            )
            sql = f'SELECT * FROM ({numbered}) AS "numbered" WHERE "_rn" <= {int(limit) + 1} ORDER BY "id" DESC'
            for row in await conn.execute_query_dict(sql, params):
                if row["_anchor"] in rows:
                    rows[row["_anchor"]].append(model._init_from_db(**row))
        for path in group:
            found = rows[path]
            pages[path] = Page(rows=found[:limit], total=totals.get(path, 0), has_next=len(found) > limit)
    return pages
