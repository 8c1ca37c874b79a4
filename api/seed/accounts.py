"""The demo accounts of SPEC section 6 (password `demo`, development only)."""

from __future__ import annotations

from api.auth.passwords import hash_password
from api.models import RoleGrant, User
from policies.roles import Role

DEMO_PASSWORD = "demo"  # noqa: S105 - refused when APP_ENV=production

# username, full name, role, unit code
DEMO_ACCOUNTS: list[tuple[str, str, Role, str]] = [
    ("admin", "Quản trị hệ thống", Role.NATIONAL_ADMIN, "VN"),
    ("national", "Cán bộ BHXH Việt Nam", Role.NATIONAL_OFFICER, "VN"),
    ("province-79", "Cán bộ BHXH TP. Hồ Chí Minh", Role.PROVINCIAL_OFFICER, "79"),
    ("province-01", "Cán bộ BHXH TP. Hà Nội", Role.PROVINCIAL_OFFICER, "01"),
    ("edu-79", "Sở GD&ĐT TP. Hồ Chí Minh", Role.EDUCATION_VIEWER, "79"),
    ("district-760", "Cán bộ BHXH Quận 1", Role.DISTRICT_OFFICER, "760"),
    ("district-001", "Cán bộ BHXH Quận Ba Đình", Role.DISTRICT_OFFICER, "001"),
    ("school-79760001", "Văn thư trường 79760001", Role.SCHOOL_STAFF, "79760001"),
    ("school-79760002", "Văn thư trường 79760002", Role.SCHOOL_STAFF, "79760002"),
    ("school-01001001", "Văn thư trường 01001001", Role.SCHOOL_STAFF, "01001001"),
    ("school-01001002", "Văn thư trường 01001002", Role.SCHOOL_STAFF, "01001002"),
    ("school-79000001", "Văn thư trường 79000001", Role.SCHOOL_STAFF, "79000001"),
]
DEMO_USERNAMES = frozenset(username for username, *_ in DEMO_ACCOUNTS)


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
