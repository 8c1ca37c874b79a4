"""Accounts and their role grants; the grants are the subjects' side of the Casbin policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from policies.roles import Role

if TYPE_CHECKING:
    from domain.units.models import Unit


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    full_name = fields.CharField(max_length=255)
    password_hash = fields.CharField(max_length=255)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    created_by = fields.CharField(max_length=64, null=True)
    # Moved by a password change, a disable or a revoke: tokens carry the version they were issued at,
    # and one of an older version is refused on the next request of every process.
    token_version = fields.IntField(default=0, db_default=0)

    grants: fields.ReverseRelation[RoleGrant]

    class Meta:
        table = "app_user"

    def __str__(self) -> str:
        return self.username


class RoleGrant(Model):
    """A (role, unit) pair held by a user. The unit is the scope of the grant."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="grants", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(Role, max_length=32)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="grants", on_delete=fields.RESTRICT
    )
    granted_by = fields.CharField(max_length=64, null=True)
    granted_at = fields.DatetimeField(auto_now_add=True)

    user_id: int
    unit_id: str

    class Meta:
        table = "role_grant"
        unique_together = (("user", "role", "unit"),)

    def __str__(self) -> str:
        return f"{self.role}@{self.unit_id}"


class LoginFailure(Model):
    """A failed login, kept for the throttling window: per username (as typed) and per client address."""

    id = fields.BigIntField(primary_key=True)
    username = fields.CharField(max_length=64)
    address = fields.CharField(max_length=64)
    at = fields.DatetimeField()

    class Meta:
        table = "login_failure"
        indexes = [("username", "at"), ("address", "at")]

    def __str__(self) -> str:
        return f"{self.username} from {self.address} at {self.at}"
