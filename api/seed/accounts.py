"""Creating the demo accounts of SPEC section 6 (password `demo`, development only)."""

from __future__ import annotations

from domain.accounts.demo import DEMO_ACCOUNTS, DEMO_LOCAL_OFFICERS, DEMO_PASSWORD, DEMO_USERNAMES
from domain.accounts.passwords import hash_password
from domain.models import RoleGrant, UnitNode, User
from policies.roles import Role

LOCAL_MAP = "VN34"

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "DEMO_USERNAMES", "create_demo_accounts"]


async def create_demo_accounts() -> int:
    """Create the demo accounts that do not exist yet; returns how many were created."""
    existing = set(await User.filter(username__in=list(DEMO_USERNAMES)).values_list("username", flat=True))
    wanted: list[tuple[str, str, list[tuple[Role, str]]]] = [
        (username, full_name, [(role, key)]) for username, full_name, role, key in DEMO_ACCOUNTS
    ]
    for username, full_name, schools in DEMO_LOCAL_OFFICERS:
        communes = await UnitNode.filter(unit_id__in=schools, map_id=LOCAL_MAP).values_list("parent_id", flat=True)
        wanted.append((username, full_name, [(Role.LOCAL_OFFICER, str(key)) for key in sorted(set(communes))]))
    missing = [account for account in wanted if account[0] not in existing and account[2]]
    known = set(
        await UnitNode.filter(unit_id__in=[k for *_, held in missing for _, k in held]).values_list(
            "unit_id", flat=True
        )
    )
    missing = [account for account in missing if all(key in known for _, key in account[2])]  # a map not loaded
    if not missing:
        return 0
    password_hash = hash_password(DEMO_PASSWORD)  # one hash: the same password, and argon2 is slow on purpose
    for username, full_name, held in missing:
        user = await User.create(username=username, full_name=full_name, password_hash=password_hash, created_by="seed")
        for role, key in held:
            await RoleGrant.create(user=user, role=role, unit_id=key, granted_by="seed")
    return len(missing)
