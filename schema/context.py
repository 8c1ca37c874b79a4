"""What every resolver gets: the caller, the policy, the per-request loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import strawberry
from tortoise.expressions import Q

from api.errors import AppError, Unauthenticated
from api.settings import Settings
from policies import scope
from policies.enforcer import Policy
from policies.principal import Principal

if TYPE_CHECKING:
    from starlette.requests import Request

    from schema.loaders import Loaders


@dataclass
class Context:
    request: Request | None
    settings: Settings
    policy: Policy
    loaders: Loaders
    principal: Principal | None = None
    # A bad token is reported by the first field that needs a caller, as UNAUTHENTICATED.
    auth_error: AppError | None = None
    _filters: dict[tuple[str, str, str], Q] = field(default_factory=dict)

    def caller(self) -> Principal:
        if self.principal is None:
            raise self.auth_error or Unauthenticated("Log in first: send 'Authorization: Bearer <token>'.")
        return self.principal

    def path_filter(self, obj: str, act: str, field_name: str = "path") -> Q:
        """The caller's row filter for (obj, act) over a path column, computed once per request."""
        key = (obj, act, field_name)
        if key not in self._filters:
            self._filters[key] = scope.path_filter(self.policy, self.caller(), obj, act, field_name)
        return self._filters[key]

    def can(self, obj: str, act: str, path: str) -> bool:
        return self.policy.can(self.caller(), obj, act, path)


Info = strawberry.Info[Context, Any]
