"""Versions every API process compares on each request, so caches never outlive a change anywhere."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class AppState(Model):
    """One row. `grants_version` moves with every account or grant change, `data_version` with every write.

    Both are bumped in the transaction of the change itself, so a request that
    starts after the commit, on any process, sees the new version.
    """

    id = fields.IntField(primary_key=True)
    grants_version = fields.BigIntField(default=0)
    data_version = fields.BigIntField(default=0)
    policy_version = fields.BigIntField(default=0, db_default=0)  # moved by reloadPolicy: every process reloads

    class Meta:
        table = "app_state"

    def __str__(self) -> str:
        return f"grants {self.grants_version}, data {self.data_version}"
