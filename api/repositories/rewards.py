"""Reward nominations and decisions."""

from __future__ import annotations

from tortoise import timezone
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from api.errors import Conflict
from api.models import Reward, RewardForm, RewardStatus, SchoolYear, Unit
from api.repositories import audit
from api.repositories.paging import Page, keyset_page
from policies.principal import GrantScope


def _record(reward: Reward) -> dict:
    return {
        "schoolYear": reward.school_year,
        "recipientUnitCode": reward.recipient_unit_id,
        "person": {"fullName": reward.person_name, "position": reward.person_position} if reward.person_name else None,
        "form": str(reward.form),
        "reason": reward.reason,
        "status": str(reward.status),
    }


async def nominate(
    *,
    school_year: str,
    recipient: Unit,
    person_name: str | None,
    person_position: str | None,
    form: RewardForm,
    reason: str,
    actor: GrantScope,
    actor_name: str,
) -> Reward:
    async with in_transaction() as conn:
        reward = await Reward.create(
            school_year=school_year,
            recipient_unit=recipient,
            recipient_path=recipient.path,
            person_name=person_name,
            person_position=person_position,
            form=form,
            reason=reason,
            nominated_by=actor_name,
            nominator_unit_id=actor.unit_code,
            nominator_path=actor.unit_path,
            nominated_at=timezone.now(),
            using_db=conn,
        )
        await SchoolYear.bulk_create([SchoolYear(label=school_year)], ignore_conflicts=True, using_db=conn)
        await audit.record(
            actor=actor_name,
            role=actor.role,
            action="nominateReward",
            record_type="Reward",
            record_id=str(reward.id),
            unit_code=recipient.code,
            unit_path=recipient.path,
            after=_record(reward),
            using_db=conn,
        )
    return reward


async def decide(reward: Reward, *, approve: bool, note: str | None, actor: GrantScope, actor_name: str) -> Reward:
    before = _record(reward)
    status = RewardStatus.APPROVED if approve else RewardStatus.REJECTED
    async with in_transaction() as conn:
        updated = (
            await Reward.filter(id=reward.id, status=RewardStatus.NOMINATED)
            .using_db(conn)
            .update(status=status, decided_by=actor_name, decided_at=timezone.now(), decision_note=note)
        )
        if not updated:
            raise Conflict(f"Reward {reward.id} has been decided already.")
        fresh = await Reward.get(id=reward.id).using_db(conn)
        await audit.record(
            actor=actor_name,
            role=actor.role,
            action="decideReward",
            record_type="Reward",
            record_id=str(reward.id),
            unit_code=reward.recipient_unit_id,
            unit_path=reward.recipient_path,
            before=before,
            after=_record(fresh) | ({"note": note} if note else {}),
            using_db=conn,
        )
    return fresh


async def by_id(reward_id: int) -> Reward | None:
    return await Reward.get_or_none(id=reward_id)


async def page(scope: Q, filters: Q, *, after_id: int | None, limit: int) -> Page[Reward]:
    return await keyset_page(Reward.filter(scope, filters), key="id", after=after_id, limit=limit, descending=True)
