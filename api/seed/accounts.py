"""Creating the demo accounts of SPEC section 6 (password `demo`, development only)."""

from __future__ import annotations

from domain.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_USERNAMES
from domain.accounts.passwords import hash_password
from domain.models import RoleGrant, User

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "DEMO_USERNAMES", "create_demo_accounts"]


async def create_demo_accounts() -> int:
    """Create the demo accounts that do not exist yet; returns how many were created."""
    existing = set(await User.filter(username__in=list(DEMO_USERNAMES)).values_list("username", flat=True))
    missing = [account for account in DEMO_ACCOUNTS if account[0] not in existing]
    if not missing:
        return 0
    password_hash = hash_password(DEMO_PASSWORD)  # one hash: the same password, and argon2 is slow on purpose
    for username, full_name, role, unit_code in missing:
        user = await User.create(username=username, full_name=full_name, password_hash=password_hash, created_by="seed")
        await RoleGrant.create(user=user, role=role, unit_id=unit_code, granted_by="seed")
    return len(missing)
