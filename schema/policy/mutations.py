"""reloadPolicy: a policy change made through one process, enforced by every process from its next request."""

from __future__ import annotations

import strawberry
from tortoise.transactions import in_transaction

from api.errors import BadUserInput, Forbidden
from api.repositories import audit
from policies.enforcer import Policy
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
        caller = info.context.caller()
        grant = info.context.policy.can_anywhere(caller, "policy", "reload")
        if grant is None:
            raise Forbidden("Only a national administrator reloads the policy.")
        current = info.context.policy
        try:
            fresh = Policy(current.model_path, current.policy_path)
        except Exception as error:  # noqa: BLE001 - a broken file is refused, the running rules stay
            raise BadUserInput(f"The policy files do not load: {error}") from None
        async with in_transaction() as conn:
            await audit.record(
                actor=caller.username,
                role=grant.role,
                action="reloadPolicy",
                record_type="Policy",
                record_id=fresh.version,
                unit_code=grant.unit_code,
                unit_path=grant.unit_path,
                before={"version": current.version, "rules": current.rule_count()},
                after={"version": fresh.version, "rules": fresh.rule_count()},
                using_db=conn,
            )
        return PolicyStatus(version=fresh.version, rules=fresh.rule_count())
