"""reloadPolicy: a policy change made through one process, enforced by every process from its next request."""

from __future__ import annotations

import strawberry

from domain.policy import actions as policy
from schema.context import Info
from schema.permissions import IsAuthenticated


@strawberry.type
class PolicyStatus:
    version: str = strawberry.field(description="Fingerprint of model.conf and policy.csv as read now.")
    rules: int


@strawberry.type
class PolicyMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def reload_policy(self, info: Info) -> PolicyStatus:
        """Re-read the Casbin model and rules (POLICY_DIR) after a deploy changed them; NATIONAL_ADMIN only."""
        status = await policy.reload_policy(info.context.access)
        return PolicyStatus(version=status.version, rules=status.rules)
