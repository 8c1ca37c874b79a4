"""Field-level permissions: declared on the field, not written in the resolver."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from schema.context import Info


class IsAuthenticated(BasePermission):
    """Every operation but `login` needs a valid token; a bad one raises its own UNAUTHENTICATED error."""

    message = "Log in first: send 'Authorization: Bearer <token>'."
    error_extensions = {"code": "UNAUTHENTICATED"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        info.context.access.caller()  # raises the precise reason when there is no caller
        return True
