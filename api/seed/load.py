"""Writing the seed into the database, with progress for the national scale."""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from collections.abc import Iterable

from tqdm import tqdm

from api.seed.maps import load_maps
from api.seed.reform import NEW_MAP, build_new_map
from api.seed.tree import UnitRow, build_tree
from domain.models import ParticipationTotal, SchoolYear, Unit, UnitNode
from domain.participation.store import Figures
from domain.text import fold
from domain.units.paths import child_path, keys_of, root_path
from domain.units.store import read_maps
from policies.roles import ancestor_paths

BATCH = 2000
DEMO_SCHOOL_YEARS = ["2019-2020", "2020-2021", "2021-2022"]
OLD_MAP = "VN63"


async def load_tree(
    scale: str = "demo", national_schools: int = 50_000, progress: bool = False, new_map: bool = True
) -> int:
    """Insert the maps and every unit of their trees; returns the count of nodes. Expects an empty unit table.

    `new_map` adds VN34, the current map, with every school placed on it (api/seed/reform.py); without it
    the database holds VN63 alone, as one seeded before maps did (the upgrade path, `load_new_map`).
    """
    await load_maps([OLD_MAP, NEW_MAP] if new_map else [OLD_MAP])
    await read_maps()
    rows = list(build_tree(scale, national_schools))
    count = await write_nodes(OLD_MAP, rows, progress=progress)
    if new_map:
        count += await write_nodes(NEW_MAP, build_new_map(rows, {r.code for r in rows}), progress=progress)
    return count


async def write_nodes(map_code: str, rows: Iterable[UnitRow], *, progress: bool = False) -> int:
    """Units (those not known yet) and their nodes on one map, parents before children; `code` of a row is
    its unit key."""
    rows = list(rows)
    paths: dict[str, str] = {}
    for r in rows:
        paths[r.code] = (
            root_path(map_code, r.code) if r.parent_code is None else child_path(paths[r.parent_code], r.code)
        )
    schools = Counter(
        a for r in rows if r.school_type is not None for a in [*ancestor_paths(paths[r.code]), paths[r.code]]
    )
    keys = [r.code for r in rows]
    known: set[str] = set()
    for i in range(0, len(keys), 10_000):  # a statement takes at most 32,767 parameters on PostgreSQL
        known.update(str(k) for k in await Unit.filter(key__in=keys[i : i + 10_000]).values_list("key", flat=True))
    bar = tqdm(total=len(rows), desc=f"units {map_code}", unit="unit", disable=not progress, file=sys.stderr)
    it = iter(rows)
    while batch := list(itertools.islice(it, BATCH)):
        await Unit.bulk_create(
            [
                Unit(
                    key=r.code,
                    code=r.display_code or r.code,
                    name=r.name,
                    map_id=None if r.school_type is not None or r.parent_code is None else map_code,
                    school_type=r.school_type,
                )
                for r in batch
                if r.code not in known
            ]
        )
        await UnitNode.bulk_create(
            [
                UnitNode(
                    unit_id=r.code,
                    map_id=map_code,
                    code=r.display_code or r.code,
                    name=r.name,
                    level=r.level,
                    school_type=r.school_type,
                    path=paths[r.code],
                    parent_id=r.parent_code,
                    school_count=schools[paths[r.code]],
                    search_key=fold(f"{r.display_code or r.code} {r.name}"),
                )
                for r in batch
            ]
        )
        bar.update(len(batch))
    bar.close()
    return len(rows)


async def register_school_years(labels: list[str]) -> None:
    existing = set(await SchoolYear.filter(label__in=labels).values_list("label", flat=True))
    await SchoolYear.bulk_create([SchoolYear(label=label) for label in labels if label not in existing])


async def load_new_map(progress: bool = False) -> int:
    """Add VN34 to a database that holds VN63 only (upgraded from before maps): its tree, every VN63 school
    placed on it, and the totals of its units for the years already recorded, from the schools' official
    figures (once, as the approvals would have kept them). Returns the count of nodes written."""
    from domain.models import Map, SchoolParticipation, Target, UnitNode
    from domain.participation.store import figures_of

    if await Map.exists(code=NEW_MAP) or not await Map.exists(code=OLD_MAP):
        return 0
    await load_maps([NEW_MAP])
    await read_maps()
    old = await UnitNode.filter(map_id=OLD_MAP).order_by("path")
    rows = [UnitRow(n.unit_id, n.name, n.level, "", n.parent_id, n.school_type) for n in old]
    count = await write_nodes(NEW_MAP, build_new_map(rows, {r.code for r in rows}), progress=progress)
    above: dict[str, list[str]] = {}
    for key, path in await UnitNode.filter(map_id=NEW_MAP, school_type__isnull=False).values_list("unit_id", "path"):
        above[str(key)] = keys_of(str(path))[1:-1]  # the new map's own units: the root and the school have theirs
    schools = await Target.filter(unit__school_type__isnull=False).values_list("unit_id", "school_year", "target_rate")
    rates = {(str(k), str(y)): float(r) for k, y, r in schools}
    totals: dict[tuple[str, str], Figures] = {}
    for fact in await SchoolParticipation.all():
        figures = figures_of(fact, rates.get((fact.school_id, fact.school_year)))
        for key in above.get(fact.school_id, []):
            totals[(key, fact.school_year)] = totals.get((key, fact.school_year), Figures()).plus(figures)
    await ParticipationTotal.bulk_create(
        [ParticipationTotal(unit_id=k, school_year=y, **vars(f)) for (k, y), f in totals.items()], batch_size=BATCH
    )
    return count
