"""The dated rules and local top-ups a card row's contribution is computed with."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from tortoise import timezone

from domain.audit.store import Change, Subject
from domain.contributions.compute import Rule
from domain.contributions.models import ContributionRule, LocalSupport
from domain.units import store as units
from domain.units.store import Place


async def rules() -> list[Rule]:
    return [
        Rule(r.valid_from, r.base_salary, Decimal(r.premium_rate), Decimal(r.central_support_rate))
        for r in await ContributionRule.all().order_by("valid_from")
    ]


async def local_rates(province_key: str) -> list[tuple[date, Decimal]]:
    rows = await LocalSupport.filter(province_id=province_key).order_by("valid_from")
    return [(r.valid_from, Decimal(r.rate)) for r in rows]


async def local_rates_of_school(school_key: str) -> list[tuple[date, Decimal]]:
    """The top-up steps for a school's card months: on each map, those of the province that held the school
    on it, from the map's first day to its last (SPEC section 9: a VN63 province's top-up ends with its map)."""
    steps: list[tuple[date, Decimal]] = []
    held = await units.provinces_of_school(school_key)
    for i, (on, province) in enumerate(held):
        last = i == len(held) - 1  # no later map holds the school: its province's top-up goes on
        steps.append((on.valid_from, Decimal(0)))
        steps += [(d, r) for d, r in await local_rates(province.unit_id) if last or on.in_force_on(d)]
        if on.valid_to is not None and not last:
            steps.append((on.valid_to + timedelta(days=1), Decimal(0)))
    steps.sort(key=lambda step: step[0])
    return steps


async def set_local_support(change: Change, *, province: Place, valid_from: date, rate: Decimal) -> LocalSupport:
    """Set (or replace) the top-up from `valid_from` on; rows already computed keep the rates they stored."""
    conn = change.conn
    existing = await LocalSupport.filter(province_id=province.key, valid_from=valid_from).using_db(conn).first()
    before = {"validFrom": valid_from.isoformat(), "rate": str(existing.rate)} if existing else None
    if existing is None:
        entry = await LocalSupport.create(
            province_id=province.key,
            valid_from=valid_from,
            rate=rate,
            set_by=change.actor.username,
            set_at=timezone.now(),
            using_db=conn,
        )
    else:
        existing.update_from_dict({"rate": rate, "set_by": change.actor.username, "set_at": timezone.now()})
        await existing.save(using_db=conn)
        entry = existing
    await change.log(
        Subject("LocalSupport", f"{province.code}:{valid_from.isoformat()}", province.key),
        before=before,
        after={"validFrom": valid_from.isoformat(), "rate": str(rate)},
    )
    return entry
