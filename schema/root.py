"""The root types: composition only, one base class per domain."""

from __future__ import annotations

import strawberry

from schema.accounts.mutations import AccountMutations
from schema.accounts.queries import AccountQueries
from schema.units.queries import UnitQueries


@strawberry.type
class Query(AccountQueries, UnitQueries):
    pass


@strawberry.type
class Mutation(AccountMutations):
    pass
