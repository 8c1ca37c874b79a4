"""From a bearer token to the Principal every policy decision is about."""

from __future__ import annotations

from api.auth.tokens import read_token
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


async def principal_from_header(secret: str, authorization: str | None) -> Principal | None:
    """None without credentials; Unauthenticated for bad ones or a deactivated account."""
    token = bearer_token(authorization)
    if token is None:
        return None
    principal = await accounts.load_principal(read_token(secret, token))
    if principal is None:
        raise Unauthenticated("The account of this token no longer exists or is disabled.")
    return principal
