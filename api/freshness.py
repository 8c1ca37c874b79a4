"""The freshness check that starts every HTTP request: read the change counters, reload the rules if they moved.

One primary-key read (domain.state). Caches of this process are used only at
the versions read here, so nothing older than the last committed change is
served; a `reloadPolicy` through any process makes this one re-read its rules.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from domain.state import store as state
from policies.enforcer import Policy


class Freshness:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.policy_revision: int | None = None  # app_state.policy_version of the rules loaded here

    async def check(self) -> state.Versions:
        versions = await state.read()
        if versions.policy != self.policy_revision:
            if self.policy_revision is not None:
                self.policy.reload()
            self.policy_revision = versions.policy
        return versions


class FreshnessMiddleware:
    """Puts the versions on `request.state.versions` before authentication reads the grants at them."""

    def __init__(self, app: ASGIApp, freshness: Freshness, skip: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.freshness = freshness
        self.skip = skip  # paths that check for themselves (/health reports a database that does not answer)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] not in self.skip:
            scope.setdefault("state", {})["versions"] = await self.freshness.check()
        await self.app(scope, receive, send)
