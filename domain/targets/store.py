"""Targets and their change history."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise import timezone
from tortoise.expressions import Q, Subquery

from domain.audit.store import Change, Subject
from domain.paging import Page, keyset_page
from domain.participation import store as participation
from domain.targets.models import Target, TargetChange
from domain.units.paths import code_of
from domain.units.store import Place, register_school_year


def _as_record(target: Target | None) -> dict[str, object] | None:
    if target is None:
        return None
    return {
        "unitCode": code_of(target.unit_id),
        "schoolYear": target.school_year,
        "targetRate": target.target_rate,
        "targetParticipants": target.target_participants,
    }


async def assign(
    change: Change, *, unit: Place, school_year: str, rate: float, participants: int | None, note: str | None
) -> Target:
    """Create or replace a target; history, audit and the below-target totals change in the same transaction."""
    now = timezone.now()
    conn, by = change.conn, change.actor.username
    target = await Target.filter(unit_id=unit.key, school_year=school_year).using_db(conn).select_for_update().first()
    before = _as_record(target)
    old_rate = target.target_rate if target else None
    old_participants = target.target_participants if target else None
    if target is None:
        target = await Target.create(
            unit_id=unit.key,
            school_year=school_year,
            target_rate=rate,
            target_participants=participants,
            assigned_by=by,
            assigned_at=now,
            using_db=conn,
        )
    else:
        target.update_from_dict(
            {"target_rate": rate, "target_participants": participants, "assigned_by": by, "assigned_at": now}
        )
        await target.save(using_db=conn)
    await TargetChange.create(
        target=target,
        old_rate=old_rate,
        new_rate=rate,
        old_participants=old_participants,
        new_participants=participants,
        note=note,
        changed_by=by,
        changed_at=now,
        using_db=conn,
    )
    await register_school_year(school_year, conn)
    if unit.node.school_type is not None:
        await participation.apply_target_change(unit.key, school_year, old_rate, rate, conn)
    after = (_as_record(target) or {}) | ({"note": note} if note else {})
    await change.log(Subject("Target", str(target.id), unit.key), before=before, after=after)
    return target


async def for_unit_years(keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Target]:
    """Targets by (unit code, school year), in one statement."""
    codes, years = {k[0] for k in keys}, {k[1] for k in keys}
    rows = await Target.filter(unit_id__in=list(codes), school_year__in=list(years))
    return {(t.unit_id, t.school_year): t for t in rows}


async def for_unit_all_years(unit_codes: Sequence[str]) -> dict[str, list[Target]]:
    grouped: dict[str, list[Target]] = {code: [] for code in unit_codes}
    for target in await Target.filter(unit_id__in=list(unit_codes)).order_by("unit_id", "school_year"):
        grouped[target.unit_id].append(target)
    return grouped


async def changes_of(target_ids: Sequence[int]) -> dict[int, list[TargetChange]]:
    grouped: dict[int, list[TargetChange]] = {i: [] for i in target_ids}
    for change in await TargetChange.filter(target_id__in=list(target_ids)).order_by("target_id", "id"):
        grouped[change.target_id].append(change)
    return grouped


async def page(scope: Q, *, school_year: str, within: Q, after_key: str | None, limit: int) -> Page[Target]:
    conditions = [scope, within, Q(school_year=school_year)]
    return await keyset_page(Target.filter(*conditions), key="unit_id", after=after_key, limit=limit)


async def of_units(units: Subquery, school_year: str) -> dict[str, Target]:
    """Targets of the units a subquery selects (a join: any number of units)."""
    return {t.unit_id: t for t in await Target.filter(unit_id__in=units, school_year=school_year)}


async def for_units(unit_keys: Sequence[str], school_year: str) -> dict[str, Target]:
    return {t.unit_id: t for t in await Target.filter(unit_id__in=list(unit_keys), school_year=school_year)}
