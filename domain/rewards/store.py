"""Reward nominations and decisions."""

from __future__ import annotations

from tortoise import timezone
from tortoise.expressions import Q

from domain.audit.store import Change, Subject
from domain.paging import Page, keyset_page
from domain.rewards.models import Reward, RewardForm, RewardStatus
from domain.units.paths import code_of
from domain.units.store import Place, register_school_year


def _record(reward: Reward) -> dict[str, object]:
    return {
        "schoolYear": reward.school_year,
        "recipientUnitCode": code_of(reward.recipient_unit_id),
        "person": {"fullName": reward.person_name, "position": reward.person_position} if reward.person_name else None,
        "form": str(reward.form),
        "reason": reward.reason,
        "status": str(reward.status),
    }


async def nominate(
    change: Change,
    *,
    school_year: str,
    recipient: Place,
    person_name: str | None,
    person_position: str | None,
    form: RewardForm,
    reason: str,
) -> Reward:
    nominator = change.actor.grant
    assert nominator is not None
    reward = await Reward.create(
        school_year=school_year,
        recipient_unit_id=recipient.key,
        person_name=person_name,
        person_position=person_position,
        form=form,
        reason=reason,
        nominated_by=change.actor.username,
        nominator_unit_id=nominator.unit_key,
        nominated_at=timezone.now(),
        using_db=change.conn,
    )
    await register_school_year(school_year, change.conn)
    await change.log(Subject("Reward", str(reward.id), recipient.key), after=_record(reward))
    return reward


async def decide(change: Change, reward: Reward, *, approve: bool, note: str | None) -> Reward | None:
    """None when the reward is no longer NOMINATED (someone decided it first)."""
    before = _record(reward)
    status = RewardStatus.APPROVED if approve else RewardStatus.REJECTED
    updated = (
        await Reward.filter(id=reward.id, status=RewardStatus.NOMINATED)
        .using_db(change.conn)
        .update(status=status, decided_by=change.actor.username, decided_at=timezone.now(), decision_note=note)
    )
    if not updated:
        return None
    fresh = await Reward.get(id=reward.id, using_db=change.conn)
    await change.log(
        Subject("Reward", str(reward.id), reward.recipient_unit_id),
        before=before,
        after=_record(fresh) | ({"note": note} if note else {}),
    )
    return fresh


async def by_id(reward_id: int) -> Reward | None:
    return await Reward.get_or_none(id=reward_id)


async def page(scope: Q, filters: Q, *, after_id: int | None, limit: int) -> Page[Reward]:
    return await keyset_page(Reward.filter(scope, filters), key="id", after=after_id, limit=limit, descending=True)


def of_year(school_year: str) -> Q:
    return Q(school_year=school_year)


def with_status(status: RewardStatus) -> Q:
    return Q(status=status)
