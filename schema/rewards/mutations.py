"""nominateReward, decideReward."""

from __future__ import annotations

import strawberry

from domain.rewards import actions as rewards
from domain.rewards.models import RewardForm
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
    map: str | None = None


@strawberry.type
class RewardMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def nominate_reward(self, info: Info, input: NominateRewardInput) -> RewardType:
        """By an officer whose scope strictly contains the recipient's unit."""
        reward = await rewards.nominate_reward(
            info.context.access,
            school_year=input.school_year,
            recipient_unit_code=input.recipient_unit_code,
            map_code=input.map,
            form=input.form,
            reason=input.reason,
            person=input.person is not None,
            person_name=input.person.full_name if input.person else None,
            person_position=input.person.position if input.person else None,
        )
        return RewardType.from_model(reward)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def decide_reward(
        self, info: Info, id: strawberry.ID, decision: Decision, note: str | None = None
    ) -> RewardType:
        """By an officer one level above the nominator (another national officer for national nominations)."""
        decided = await rewards.decide_reward(
            info.context.access, reward_id=str(id), approve=decision == Decision.APPROVE, note=note
        )
        return RewardType.from_model(decided)
