"""Authentication in Starlette's style: `request.user` is the caller on every route, GraphQL and downloads alike.

The bearer token names a user; its grants are read from the database and
cached per process at the `grants_version` they were read at (domain.state):
a grant or revoke anywhere moves it, and the next request reads them again.
A bad token does not stop the request here: `request.user.error` says why,
and the first action that needs a caller answers UNAUTHENTICATED with it
(`login` needs none).
"""

from __future__ import annotations

from starlette.authentication import AuthCredentials, AuthenticationBackend, BaseUser
from starlette.requests import HTTPConnection

from api.caching import VersionedCache
from domain.accounts.store import load_principal
from domain.accounts.tokens import read_token
from domain.errors import AppError, Unauthenticated
from policies.principal import Principal


class Caller(BaseUser):
    """The principal of a valid token, or why there is none (`error` None: no credentials were sent)."""

    def __init__(self, principal: Principal | None = None, error: AppError | None = None) -> None:
        self.principal = principal
        self.error = error

    @property
    def is_authenticated(self) -> bool:
        return self.principal is not None

    @property
    def display_name(self) -> str:
        return self.principal.username if self.principal else ""


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None when there is no header."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("The Authorization header must be 'Bearer <token>'.")
    return token.strip()


class TokenBackend(AuthenticationBackend):
    def __init__(self, secret: str, max_entries: int = 10_000) -> None:
        self.secret = secret
        self.principals = VersionedCache(max_entries)

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser]:
        versions = conn.scope.get("state", {}).get("versions")
        if versions is None:  # a route that needs no caller (/health)
            return AuthCredentials(), Caller()
        try:
            principal = await self.principal(conn.headers.get("authorization"), versions.grants)
        except AppError as error:
            return AuthCredentials(), Caller(error=error)
        if principal is None:
            return AuthCredentials(), Caller()
        return AuthCredentials(["authenticated"]), Caller(principal)

    async def principal(self, authorization: str | None, grants_version: int) -> Principal | None:
        """None without credentials; Unauthenticated for bad ones or an account that is gone or disabled."""
        token = bearer_token(authorization)
        if token is None:
            return None
        user_id, version = read_token(self.secret, token)
        principal = self.principals.get(user_id, grants_version)
        if principal is None:
            principal = await load_principal(user_id)
            if principal is None:
                raise Unauthenticated("The account of this token no longer exists or is disabled.")
            self.principals.put(user_id, grants_version, principal)
        if version != principal.token_version:
            raise Unauthenticated("This token was issued before a password change or a change of roles: log in again.")
        return principal
