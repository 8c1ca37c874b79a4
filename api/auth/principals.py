"""From a bearer token to the Principal every policy decision is about, cached while grants do not change."""

from __future__ import annotations

from api.auth.tokens import read_token
from api.caching import VersionedCache
from api.errors import Unauthenticated
from api.repositories import accounts
from policies.principal import Principal


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None when there is no header."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("The Authorization header must be 'Bearer <token>'.")
    return token.strip()


class Authenticator:
    """Shared by the GraphQL endpoint and the downloads, so both see the same caller the same way.

    Principals are cached per process at the `grants_version` they were read at
    (api.repositories.state): a grant or revoke anywhere moves it, and the next
    request reads the grants again.
    """

    def __init__(self, secret: str, max_entries: int = 10_000) -> None:
        self.secret = secret
        self.cache = VersionedCache(max_entries)

    async def principal(self, authorization: str | None, grants_version: int) -> Principal | None:
        """None without credentials; Unauthenticated for bad ones or an account that is gone or disabled."""
        token = bearer_token(authorization)
        if token is None:
            return None
        user_id = read_token(self.secret, token)
        principal = self.cache.get(user_id, grants_version)
        if principal is None:
            principal = await accounts.load_principal(user_id)
            if principal is None:
                raise Unauthenticated("The account of this token no longer exists or is disabled.")
            self.cache.put(user_id, grants_version, principal)
        return principal
