"""Tortoise models, one module per domain. This package is the `models` app."""

from api.models.accounts import RoleGrant, User
from api.models.audit import AuditEntry
from api.models.contributions import ContributionRule, LocalSupport
from api.models.participation import ParticipationTotal, SchoolParticipation
from api.models.rewards import Reward, RewardForm, RewardStatus
from api.models.state import AppState
from api.models.submissions import (
    CardRow,
    CardType,
    Gender,
    Submission,
    SubmissionEvent,
    SubmissionKind,
    SubmissionStatus,
)
from api.models.targets import Target, TargetChange
from api.models.units import SchoolType, SchoolYear, Unit

__all__ = [
    "AppState",
    "AuditEntry",
    "CardRow",
    "CardType",
    "ContributionRule",
    "Gender",
    "LocalSupport",
    "ParticipationTotal",
    "Reward",
    "RewardForm",
    "RewardStatus",
    "RoleGrant",
    "SchoolParticipation",
    "SchoolType",
    "SchoolYear",
    "Submission",
    "SubmissionEvent",
    "SubmissionKind",
    "SubmissionStatus",
    "Target",
    "TargetChange",
    "Unit",
    "User",
]
