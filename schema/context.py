"""What every resolver gets: the access door for this request's caller, token settings, the per-request loaders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import strawberry

from domain.access import Access
from domain.accounts.actions import TokenSettings
from schema.loaders import Loaders


@dataclass
class Context:
    access: Access
    tokens: TokenSettings
    loaders: Loaders


Info = strawberry.Info[Context, Any]
