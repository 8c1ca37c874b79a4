"""Authorising a mutation on a unit, with SPEC section 3's answers.

A unit the caller cannot see reads as absent (NOT_FOUND); one it can see but
may not act on is FORBIDDEN. The returned grant is the one that allowed the
action: its role and unit go into the audit entry.
"""

from __future__ import annotations

from api.errors import Forbidden, NotFound
from policies.enforcer import Policy
from policies.principal import GrantScope, Principal


def authorize(policy: Policy, principal: Principal, obj: str, act: str, unit_path: str | None, what: str) -> GrantScope:
    if unit_path is None or not policy.can(principal, "unit", "view", unit_path):
        raise NotFound(f"{what} does not exist.")
    grant = policy.grant_for(principal, obj, act, unit_path)
    if grant is None:
        raise Forbidden(f"You may not {act} {obj.split('.')[0]}s here: {what} is outside what your roles allow.")
    return grant
