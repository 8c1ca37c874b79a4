"""The dated rules and local top-ups a card row's contribution is computed with."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tortoise import timezone

from domain.audit.store import Change, Subject
from domain.contributions.compute import Rule
from domain.contributions.models import ContributionRule, LocalSupport
from domain.units import placements
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
    """The top-up steps for a school's card months: those of the province that held the school in each month,
    on that month's map (SPEC section 9: a VN63 province's top-up ends with its map; a school moved to another
    province takes that one's from the day of the move, the rate in force there on that day first)."""
    steps: list[tuple[date, Decimal]] = []
    for start, end, province in await placements.provinces_over_time(school_key):
        rates = await local_rates(province)
        before = [rate for day, rate in rates if day <= start]
        steps.append((start, before[-1] if before else Decimal(0)))
        steps += [(day, rate) for day, rate in rates if start < day and (end is None or day < end)]
        if end is not None:
            steps.append((end, Decimal(0)))
    steps.sort(key=lambda step: step[0])  # stable: a period's first step after the end of the one before
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
