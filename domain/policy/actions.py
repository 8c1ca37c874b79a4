"""reloadPolicy: a policy change made through one process, enforced by every process from its next request."""

from __future__ import annotations

from dataclasses import dataclass

from domain.access import Access
from domain.audit.store import Subject, audited
from domain.errors import BadUserInput
from policies.enforcer import Policy


@dataclass(frozen=True)
class PolicyStatus:
    version: str
    rules: int


async def reload_policy(access: Access) -> PolicyStatus:
    """Re-read the Casbin model and rules after a deploy changed them; NATIONAL_ADMIN only.

    The new rules are checked here; the audit entry moves `policy_version`, so every process (this one too)
    reloads its rules on its next request."""
    actor = access.actor_anywhere("policy", "reload", "Only a national administrator reloads the policy.")
    current = access.policy
    try:
        fresh = Policy(current.model_path, current.policy_path)
    except Exception as error:
        raise BadUserInput(f"The policy files do not load: {error}") from None
    grant = actor.grant
    assert grant is not None
    async with audited(actor, "reloadPolicy") as change:
        await change.log(
            Subject("Policy", fresh.version, grant.unit_key),
            before={"version": current.version, "rules": current.rule_count()},
            after={"version": fresh.version, "rules": fresh.rule_count()},
        )
    return PolicyStatus(version=fresh.version, rules=fresh.rule_count())
