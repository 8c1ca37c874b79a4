"""The one place decisions are made: a Casbin enforcer over policies/model.conf and policies/policy.csv.

`Policy.can` answers for one record (by its unit's node paths); `Policy.relations`
tells, per role, which relations an action is allowed in, which is what
policies/scope.py turns into SQL. Both read the same rules.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import casbin

from policies.principal import Grant, Principal, Reach
from policies.roles import Relation, Role

HERE = Path(__file__).resolve().parent
MODEL_PATH = HERE / "model.conf"
POLICY_PATH = HERE / "policy.csv"


class Policy:
    def __init__(self, model_path: Path = MODEL_PATH, policy_path: Path = POLICY_PATH) -> None:
        self.model_path = model_path
        self.policy_path = policy_path
        self.enforcer = casbin.Enforcer(str(model_path), str(policy_path))
        self.version = self._fingerprint()
        self._relations = lru_cache(maxsize=4096)(self._compute_relations)

    def _fingerprint(self) -> str:
        digest = hashlib.sha256(self.model_path.read_bytes() + b"\0" + self.policy_path.read_bytes())
        return digest.hexdigest()[:12]

    def reload(self) -> None:
        """Re-read both files (model and rules): what `reloadPolicy` makes every process do."""
        self.enforcer = casbin.Enforcer(str(self.model_path), str(self.policy_path))
        self.version = self._fingerprint()
        self._relations.cache_clear()

    def rule_count(self) -> int:
        return len(self.enforcer.get_policy())

    def enforce(self, role: Role | str, obj: str, act: str, rel: Relation | str) -> bool:
        """The raw Casbin decision."""
        return bool(self.enforcer.enforce(str(role), obj, act, str(rel)))

    def _compute_relations(self, role: str, obj: str, act: str) -> frozenset[Relation]:
        return frozenset(rel for rel in Relation if self.enforce(role, obj, act, rel))

    def relations(self, role: Role | str, obj: str, act: str) -> frozenset[Relation]:
        """The relations in which `role` may `act` on `obj` (cached per policy version)."""
        return self._relations(str(role), obj, act)

    def grant_for(self, principal: Principal, obj: str, act: str, target_paths: Sequence[str]) -> Grant | None:
        """The grant that acts: of the principal's grants that allow the action on a record at one of
        `target_paths` (a unit's nodes, one per map it is on), the one nearest the root (Principal keeps its
        grants in that order)."""
        for grant in principal.grants:
            allowed = self.relations(grant.role, obj, act)
            if allowed and any(grant.relations_to(path) & allowed for path in target_paths):
                return grant
        return None

    def can(self, principal: Principal, obj: str, act: str, target_paths: Sequence[str]) -> bool:
        return self.grant_for(principal, obj, act, target_paths) is not None

    def can_anywhere(self, principal: Principal, obj: str, act: str) -> Grant | None:
        """A grant allowing the action at its own unit or below (e.g. creating accounts)."""
        for grant in principal.grants:
            if grant.reach is Reach.OWN and self.relations(grant.role, obj, act) & {Relation.SELF, Relation.BELOW}:
                return grant
        return None
