"""Tortoise models, one module per domain; this package is the `models` app."""

from api.models.accounts import RoleGrant, User
from api.models.audit import AuditEntry
from api.models.units import SchoolType, SchoolYear, Unit

__all__ = ["AuditEntry", "RoleGrant", "SchoolType", "SchoolYear", "Unit", "User"]
