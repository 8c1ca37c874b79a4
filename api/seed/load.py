"""Writing the seed into the database, with progress for the national scale."""

from __future__ import annotations

import itertools
import sys
from collections import Counter

from tqdm import tqdm

from api.seed.tree import build_tree
from domain.models import SchoolYear, Unit
from domain.text import fold
from policies.roles import UnitLevel, ancestor_paths

BATCH = 2000
DEMO_SCHOOL_YEARS = ["2019-2020", "2020-2021", "2021-2022"]


async def load_tree(scale: str = "demo", national_schools: int = 50_000, progress: bool = False) -> int:
    """Insert every unit of the tree; returns the count. Expects an empty unit table."""
    rows = list(build_tree(scale, national_schools))
    schools = Counter(a for r in rows if r.level == UnitLevel.SCHOOL for a in [*ancestor_paths(r.path), r.path])
    bar = tqdm(total=len(rows), desc="units", unit="unit", disable=not progress, file=sys.stderr)
    it = iter(rows)
    while batch := list(itertools.islice(it, BATCH)):
        await Unit.bulk_create(
            [
                Unit(
                    code=r.code,
                    name=r.name,
                    level=r.level,
                    path=r.path,
                    parent_id=r.parent_code,
                    school_type=r.school_type,
                    search_key=fold(f"{r.code} {r.name}"),
                    school_count=schools[r.path],
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
