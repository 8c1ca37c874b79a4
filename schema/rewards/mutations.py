"""nominateReward, decideReward."""

from __future__ import annotations

import strawberry

from api import validation
from api.errors import BadUserInput, Forbidden
from api.models import RewardForm
from api.repositories import participation, rewards, units
from policies.guard import authorize
from schema.context import Info
from schema.decision import Decision
from schema.permissions import IsAuthenticated
from schema.rewards.types import RewardType


@strawberry.input
class PersonInput:
    full_name: str
    position: str | None = None


@strawberry.input
class NominateRewardInput:
    school_year: str
    recipient_unit_code: str
    form: RewardForm
    reason: str
    person: PersonInput | None = None


@strawberry.type
class RewardMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def nominate_reward(self, info: Info, input: NominateRewardInput) -> RewardType:
        """By an officer whose scope strictly contains the recipient's unit."""
        caller = info.context.caller()
        unit = await units.by_code(input.recipient_unit_code)
        grant = authorize(
            info.context.policy, caller, "reward", "nominate", unit and unit.path, f"Unit {input.recipient_unit_code}"
        )
        assert unit is not None
        school_year = validation.school_year(input.school_year)
        reason = validation.required_text(input.reason, "reason", 2000)
        person_name = person_position = None
        if input.person is not None:
            person_name = validation.required_text(input.person.full_name, "person.fullName")
            person_position = validation.optional_text(input.person.position, "person.position")
        elif reason_refused := await participation.ineligibility(unit.code, school_year):
            raise BadUserInput(reason_refused, field="recipientUnitCode")
        reward = await rewards.nominate(
            school_year=school_year,
            recipient=unit,
            person_name=person_name,
            person_position=person_position,
            form=input.form,
            reason=reason,
            actor=grant,
            actor_name=caller.username,
        )
        return RewardType.from_model(reward)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def decide_reward(
        self, info: Info, id: strawberry.ID, decision: Decision, note: str | None = None
    ) -> RewardType:
        """By an officer one level above the nominator (another national officer for national nominations)."""
        caller = info.context.caller()
        reward = await rewards.by_id(int(id)) if str(id).isdigit() else None
        if reward is not None and not info.context.can("unit", "read", reward.recipient_path):
            reward = None
        nominator_unit = await units.by_code(reward.nominator_unit_id) if reward else None
        grant = authorize(
            info.context.policy,
            caller,
            f"reward.{nominator_unit.level}" if nominator_unit else "reward",
            "decide",
            nominator_unit and nominator_unit.path if reward else None,
            f"Reward {id}",
        )
        assert reward is not None
        if reward.nominated_by == caller.username:
            raise Forbidden("The nominator never decides its own nomination.")
        decided = await rewards.decide(
            reward,
            approve=decision == Decision.APPROVE,
            note=validation.optional_text(note, "note", 2000),
            actor=grant,
            actor_name=caller.username,
        )
        return RewardType.from_model(decided)
