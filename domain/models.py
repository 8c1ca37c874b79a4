"""The Tortoise app `models`: every domain's models, so one module can be named in the ORM config and migrations."""

from domain.accounts.models import LoginFailure, RoleGrant, User
from domain.audit.models import AuditEntry
from domain.contributions.models import ContributionRule, LocalSupport
from domain.participation.models import ParticipationTotal, SchoolParticipation
from domain.rewards.models import Reward, RewardForm, RewardStatus
from domain.state.models import AppState
from domain.submissions.models import (
    CardRow,
    CardType,
    Gender,
    Submission,
    SubmissionEvent,
    SubmissionKind,
    SubmissionStatus,
)
from domain.targets.models import Target, TargetChange
from domain.units.models import (
    Map,
    SchoolCountChange,
    SchoolPlacement,
    SchoolType,
    SchoolYear,
    Unit,
    UnitEvent,
    UnitNode,
)

__all__ = [
    "AppState",
    "AuditEntry",
    "CardRow",
    "CardType",
    "ContributionRule",
    "Gender",
    "LocalSupport",
    "LoginFailure",
    "Map",
    "ParticipationTotal",
    "Reward",
    "RewardForm",
    "RewardStatus",
    "RoleGrant",
    "SchoolCountChange",
    "SchoolParticipation",
    "SchoolPlacement",
    "SchoolType",
    "SchoolYear",
    "Submission",
    "SubmissionEvent",
    "SubmissionKind",
    "SubmissionStatus",
    "Target",
    "TargetChange",
    "Unit",
    "UnitEvent",
    "UnitNode",
    "User",
]
