"""Expiring HS256 JWTs. The token names the user only: grants are read per request, so a revoke applies at once."""

from __future__ import annotations

import time

import jwt

from domain.errors import Unauthenticated

ALGORITHM = "HS256"
ISSUER = "bhyt-hssv"


def issue_token(
    secret: str, user_id: int, username: str, ttl_seconds: int, now: float | None = None, version: int = 0
) -> str:
    """`ver` is the user's token version at issue: a password change, disable or revoke moves it."""
    issued = int(now if now is not None else time.time())
    claims = {
        "sub": str(user_id),
        "name": username,
        "iat": issued,
        "exp": issued + ttl_seconds,
        "iss": ISSUER,
        "ver": version,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_token(secret: str, token: str) -> tuple[int, int]:
    """The user id and token version in a valid token; Unauthenticated for a malformed, tampered or expired one."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], issuer=ISSUER, options={"require": ["exp", "sub", "iat"]}
        )
        version = claims.get("ver", 0)
        if not isinstance(version, int):
            raise ValueError("ver")
        return int(claims["sub"]), version
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("The token has expired: log in again.") from None
    except (jwt.InvalidTokenError, ValueError):
        raise Unauthenticated("The token is not valid.") from None
