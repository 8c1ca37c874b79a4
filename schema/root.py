"""The root types: composition only, one base class per domain."""

from __future__ import annotations

import strawberry

from schema.accounts.mutations import AccountMutations
from schema.accounts.queries import AccountQueries
from schema.audit.queries import AuditQueries
from schema.contributions.mutations import ContributionMutations
from schema.participation.queries import ParticipationQueries
from schema.policy.mutations import PolicyMutations
from schema.rewards.mutations import RewardMutations
from schema.rewards.queries import RewardQueries
from schema.submissions.mutations import SubmissionMutations
from schema.submissions.queries import SubmissionQueries
from schema.targets.mutations import TargetMutations
from schema.targets.queries import TargetQueries
from schema.units.mutations import SchoolMutations
from schema.units.queries import UnitQueries


@strawberry.type
class Query(
    AccountQueries, UnitQueries, TargetQueries, SubmissionQueries, RewardQueries, ParticipationQueries, AuditQueries
):
    pass


@strawberry.type
class Mutation(
    AccountMutations,
    TargetMutations,
    SubmissionMutations,
    RewardMutations,
    ContributionMutations,
    PolicyMutations,
    SchoolMutations,
):
    pass
