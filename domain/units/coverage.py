"""How a grant on one map's unit reaches the other maps: through the schools it covers.

A grant covers every school below its unit on its own map. On another map, a
unit all of whose schools are covered is reached as COVERS (read, with its
subtree), one holding some of them as OVERLAPS (seen only). Computed from the
nodes when a caller's grants are read (cached with them), so the access door
decides both maps with the same path rules and the same SQL filters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from tortoise.expressions import Subquery

from domain.units.models import UnitNode
from domain.units.store import maps
from policies.principal import Grant, Reach
from policies.roles import SEPARATOR, Role, ancestor_paths
from policies.scope import subtree


async def grants_on_nodes(held: Iterable[tuple[Role, str]]) -> tuple[Grant, ...]:
    """The grants (role, unit key) as they reach node paths: every node of the unit (a school or the root has
    one per map), and the units of other maps reached through the schools of an administrative unit."""
    held = list(held)
    nodes: dict[str, list[UnitNode]] = {}
    for node in await UnitNode.filter(unit_id__in=list({key for _, key in held})):
        nodes.setdefault(node.unit_id, []).append(node)
    grants: list[Grant] = []
    reach_cache: dict[str, list[tuple[str, Reach]]] = {}
    map_count = len(await maps())
    for role, key in held:
        own = nodes.get(key, [])
        grants += [Grant(role, key, n.path) for n in own]
        if len(own) != 1 or own[0].school_type is not None or map_count == 1:
            continue  # a unit on every map (the root, a school) reaches each map through its own nodes
        if key not in reach_cache:
            reach_cache[key] = await _reach_into_other_maps(own[0])
        grants += [Grant(role, key, path, reach) for path, reach in reach_cache[key]]
    return tuple(grants)


async def _reach_into_other_maps(node: UnitNode) -> list[tuple[str, Reach]]:
    covered = UnitNode.filter(subtree(node.path), map_id=node.map_id, school_type__isnull=False).values("unit_id")
    elsewhere = await (
        UnitNode.filter(unit_id__in=Subquery(covered), school_type__isnull=False)
        .exclude(map_id=node.map_id)
        .values_list("path", flat=True)
    )
    held = Counter(prefix for path in elsewhere for prefix in (*ancestor_paths(str(path)), str(path)))
    if not held:
        return []
    expected = dict(await UnitNode.filter(path__in=list(held)).values_list("path", "school_count"))
    whole = {p for p, n in held.items() if n == expected.get(p, -1) and n > 0}
    outermost = {p for p in whole if not any(a in whole for a in ancestor_paths(p))}

    def inside(path: str) -> bool:
        return any(path == o or path.startswith(o + SEPARATOR) for o in outermost)

    reaches = [(p, Reach.COVERS) for p in sorted(outermost)]
    reaches += [(p, Reach.OVERLAPS) for p in sorted(held) if not inside(p)]
    return reaches
