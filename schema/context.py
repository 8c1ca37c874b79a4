"""What every resolver gets: the access door for this request's caller, token settings, the per-request loaders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import strawberry

from domain.access import Access
from domain.accounts.actions import TokenSettings
from domain.submissions.cardlists import UploadLimits
from schema.loaders import Loaders


@dataclass
class Context:
    access: Access
    tokens: TokenSettings
    loaders: Loaders
    uploads: UploadLimits
    client_address: str = "unknown"  # the peer, or the forwarded address from a trusted proxy


Info = strawberry.Info[Context, Any]
