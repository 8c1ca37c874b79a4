"""The dated rules and local top-ups a card row's contribution is computed with."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tortoise import timezone
from tortoise.transactions import in_transaction

from api.contributions import Rule
from api.models import ContributionRule, LocalSupport, Unit
from api.repositories import audit
from policies.principal import GrantScope


async def rules() -> list[Rule]:
    return [
        Rule(r.valid_from, r.base_salary, Decimal(r.premium_rate), Decimal(r.central_support_rate))
        for r in await ContributionRule.all().order_by("valid_from")
    ]


async def local_rates(province_code: str) -> list[tuple[date, Decimal]]:
    rows = await LocalSupport.filter(province_id=province_code).order_by("valid_from")
    return [(r.valid_from, Decimal(r.rate)) for r in rows]


async def set_local_support(
    *, province: Unit, valid_from: date, rate: Decimal, actor: GrantScope, actor_name: str
) -> LocalSupport:
    """Set (or replace) the top-up from `valid_from` on; rows already computed keep the rates they stored."""
    async with in_transaction() as conn:
        existing = await LocalSupport.filter(province_id=province.code, valid_from=valid_from).using_db(conn).first()
        before = {"validFrom": valid_from.isoformat(), "rate": str(existing.rate)} if existing else None
        if existing is None:
            entry = await LocalSupport.create(
                province=province,
                valid_from=valid_from,
                rate=rate,
                set_by=actor_name,
                set_at=timezone.now(),
                using_db=conn,
            )
        else:
            existing.update_from_dict({"rate": rate, "set_by": actor_name, "set_at": timezone.now()})
            await existing.save(using_db=conn)
            entry = existing
        await audit.record(
            actor=actor_name,
            role=actor.role,
            action="setLocalSupport",
            record_type="LocalSupport",
            record_id=f"{province.code}:{valid_from.isoformat()}",
            unit_code=province.code,
            unit_path=province.path,
            before=before,
            after={"validFrom": valid_from.isoformat(), "rate": str(rate)},
            using_db=conn,
        )
    return entry
