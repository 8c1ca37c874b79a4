"""The dated rules and local top-ups a card row's contribution is computed with."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tortoise import timezone

from domain.audit.store import Change, Subject
from domain.contributions.compute import Rule
from domain.contributions.models import ContributionRule, LocalSupport
from domain.units.models import Unit


async def rules() -> list[Rule]:
    return [
        Rule(r.valid_from, r.base_salary, Decimal(r.premium_rate), Decimal(r.central_support_rate))
        for r in await ContributionRule.all().order_by("valid_from")
    ]


async def local_rates(province_code: str) -> list[tuple[date, Decimal]]:
    rows = await LocalSupport.filter(province_id=province_code).order_by("valid_from")
    return [(r.valid_from, Decimal(r.rate)) for r in rows]


async def set_local_support(change: Change, *, province: Unit, valid_from: date, rate: Decimal) -> LocalSupport:
    """Set (or replace) the top-up from `valid_from` on; rows already computed keep the rates they stored."""
    conn = change.conn
    existing = await LocalSupport.filter(province_id=province.code, valid_from=valid_from).using_db(conn).first()
    before = {"validFrom": valid_from.isoformat(), "rate": str(existing.rate)} if existing else None
    if existing is None:
        entry = await LocalSupport.create(
            province=province,
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
        Subject("LocalSupport", f"{province.code}:{valid_from.isoformat()}", province.code, province.path),
        before=before,
        after={"validFrom": valid_from.isoformat(), "rate": str(rate)},
    )
    return entry
