"""The reviewer's answer, shared by submissions and rewards."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum
class Decision(Enum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"
