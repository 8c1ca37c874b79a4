"""Nominating rewards from above and deciding them one level above the nominator."""

from __future__ import annotations

from domain import validation
from domain.access import Access
from domain.audit.store import audited
from domain.errors import BadUserInput, Conflict, Forbidden
from domain.paging import Page, newest_below
from domain.participation.actions import ineligibility
from domain.rewards import store
from domain.rewards.models import Reward, RewardForm, RewardStatus
from domain.units import store as units
from domain.units.actions import map_named, within
from policies.scope import NOTHING


async def nominate_reward(
    access: Access,
    *,
    school_year: str,
    recipient_unit_code: str,
    map_code: str | None = None,
    form: RewardForm,
    reason: str,
    person_name: str | None,
    person_position: str | None,
    person: bool,
) -> Reward:
    """By an officer whose scope strictly contains the recipient's unit; a collective must be eligible."""
    school_year = validation.school_year(school_year)
    await map_named(map_code)
    prefer = (await units.map_of_year(school_year)).code
    unit = await units.find(recipient_unit_code, map_code=map_code, prefer=prefer)
    actor = access.actor("reward", "nominate", unit.paths if unit else None, f"Unit {recipient_unit_code}")
    assert unit is not None
    reason = validation.required_text(reason, "reason", validation.MAX_NOTE, multiline=True)
    if person:
        person_name = validation.required_text(person_name or "", "person.fullName")
        person_position = validation.optional_text(person_position, "person.position")
    else:
        person_name = person_position = None
        if refused := await ineligibility(unit, school_year):
            raise BadUserInput(refused, field="recipientUnitCode")
    async with audited(actor, "nominateReward") as change:
        return await store.nominate(
            change,
            school_year=school_year,
            recipient=unit,
            person_name=person_name,
            person_position=person_position,
            form=form,
            reason=reason,
        )


async def decide_reward(access: Access, *, reward_id: str, approve: bool, note: str | None) -> Reward:
    """By an officer one level above the nominator (another national officer for national nominations)."""
    reward = await readable_reward(access, reward_id)
    nominator = (await units.paths_of([reward.nominator_unit_id]))[reward.nominator_unit_id] if reward else None
    actor = access.actor("reward", "decide", nominator, f"Reward {reward_id}")
    assert reward is not None
    if reward.nominated_by == actor.username:
        raise Forbidden("The nominator never decides its own nomination.")
    note = validation.note(note)
    async with audited(actor, "decideReward") as change:
        decided = await store.decide(change, reward, approve=approve, note=note)
        if decided is None:
            raise Conflict(f"Reward {reward.id} has been decided already.")
        return decided


async def readable_reward(access: Access, reward_id: str) -> Reward | None:
    access.caller()
    number = validation.record_id(reward_id)
    reward = await store.by_id(number) if number is not None else None
    if reward is None:
        return None
    return (
        reward if access.reads(*(await units.paths_of([reward.recipient_unit_id]))[reward.recipient_unit_id]) else None
    )


async def rewards(
    access: Access,
    *,
    school_year: str | None,
    unit_code: str | None,
    status: RewardStatus | None,
    map_code: str | None = None,
    after_id: int | None,
    limit: int,
) -> Page[Reward]:
    """Newest first: rewards whose recipient the caller may read (at or below `unitCode`)."""
    prefer = (await units.map_of_year(validation.school_year(school_year))).code if school_year else None
    filters = await within(access, unit_code, "recipient_unit_id", map_code=map_code, prefer=prefer)
    if filters is NOTHING:
        return Page.empty()
    if school_year is not None:
        filters &= store.of_year(school_year)
    if status is not None:
        filters &= store.with_status(status)
    return await store.page(access.records("recipient_unit_id"), filters, after_id=after_id, limit=limit)


async def rewards_below(
    access: Access, paths: list[str], *, school_year: str | None, after_id: int | None, limit: int
) -> dict[str, Page[Reward]]:
    """Newest-first pages of the rewards for each unit and the units and people below it that the caller may read."""
    scoped = Reward.filter(access.records("recipient_unit_id"))
    if school_year is not None:
        scoped = scoped.filter(store.of_year(validation.school_year(school_year)))
    return await newest_below(scoped, unit_field="recipient_unit_id", paths=paths, after_id=after_id, limit=limit)
