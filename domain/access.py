"""The one door: every action asks it who acts, and every store filter comes from it.

An `Access` is one request's caller as the policy sees it. Its three questions
are asked in SPEC section 3's order: who is calling (authentication), may the
caller see the unit at all (else NOT_FOUND, the same answer as for a unit that
does not exist), and which of its grants allows the action (else FORBIDDEN).
The grant that acts is the one nearest the root (policies.principal), and it
is what the audit entry names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import Q, Subquery

from domain.errors import AppError, Forbidden, NotFound, Unauthenticated
from domain.units.models import UnitNode
from domain.units.paths import root_path
from policies import scope
from policies.enforcer import Policy
from policies.principal import Grant, Principal

LOG_IN_FIRST = "Log in first: send 'Authorization: Bearer <token>'."


@dataclass(frozen=True)
class Actor:
    """Who performs an action: the user, and the grant that allows it (the audit records both)."""

    username: str
    grant: Grant | None  # None only for an anonymous login attempt, audited under the name it typed


@dataclass
class Access:
    policy: Policy
    principal: Principal | None = None
    # A bad token is reported by the first action that needs a caller, as UNAUTHENTICATED.
    auth_error: AppError | None = None
    _filters: dict[tuple[str, str, str, str], Q] = field(default_factory=dict)

    # ------------------------------------------------------------ who

    def caller(self) -> Principal:
        """The authenticated caller, or UNAUTHENTICATED with the precise reason."""
        if self.principal is None:
            raise self.auth_error or Unauthenticated(LOG_IN_FIRST)
        return self.principal

    def actor(self, obj: str, act: str, unit_paths: Sequence[str] | None, what: str) -> Actor:
        """The actor of `act` on `obj` at a unit (by its node paths, one per map it is on): NOT_FOUND where the
        caller cannot see the unit (or it does not exist: None), FORBIDDEN where it can see it but no grant
        allows the action."""
        caller = self.caller()
        if not unit_paths or not self.policy.can(caller, "unit", "view", unit_paths):
            raise NotFound(f"{what} does not exist.")
        grant = self.policy.grant_for(caller, obj, act, unit_paths)
        if grant is None:
            raise Forbidden(f"You may not {act} {obj.split('.')[0]}s here: {what} is outside what your roles allow.")
        return Actor(caller.username, grant)

    def actor_anywhere(self, obj: str, act: str, refusal: str) -> Actor:
        """The actor of an action that is not about one unit (creating accounts, reloading the policy)."""
        caller = self.caller()
        grant = self.policy.can_anywhere(caller, obj, act)
        if grant is None:
            raise Forbidden(refusal)
        return Actor(caller.username, grant)

    def may(self, obj: str, act: str, unit_paths: Sequence[str]) -> bool:
        """Whether one of the caller's grants allows the action at the unit (no answer for the caller to see)."""
        return self.policy.can(self.caller(), obj, act, unit_paths)

    # ------------------------------------------------------------ what it sees

    def sees(self, *paths: str) -> bool:
        """The unit exists for the caller (code, name, level, path, parent): its scope, and its ancestors."""
        return self.policy.can(self.caller(), "unit", "view", paths)

    def reads(self, *paths: str) -> bool:
        """The caller may read the data attached to the unit (targets, participation, records)."""
        return self.policy.can(self.caller(), "unit", "read", paths)

    def scope(self, obj: str, act: str, column: str = "path", on: str | None = None) -> Q:
        """The caller's row filter for (obj, act) over a path column, computed once per request; `on` (a map's
        code) when every row queried is on that map: the conditions of the other maps' grants are left out
        (an old map's grant reaches a hundred units of the new one, each a range in the SQL)."""
        key = (obj, act, column, on or "")
        if key not in self._filters:
            within = root_path(on, "") if on else ""
            self._filters[key] = scope.path_filter(self.policy, self.caller(), obj, act, column, within)
        return self._filters[key]

    def visible(self, column: str = "path", on: str | None = None) -> Q:
        return self.scope("unit", "view", column, on)

    def readable(self, column: str = "path", on: str | None = None) -> Q:
        return self.scope("unit", "read", column, on)

    def records(self, unit_field: str, obj: str = "unit", act: str = "read") -> Q:
        """The caller's filter for records by the unit they belong to (`unit_field` holds a unit key).

        This is the one query that decides scope: a record is in scope when one of its unit's nodes, on any
        map, is (records follow their school across maps). Pushed into SQL as a semi-join on the nodes.
        """
        allowed = self.scope(obj, act, "path")
        if allowed is scope.NOTHING:
            return scope.NOTHING
        nodes: dict[str, Any] = {f"{unit_field}__in": Subquery(UnitNode.filter(allowed).values("unit_id"))}
        return Q(**nodes)
