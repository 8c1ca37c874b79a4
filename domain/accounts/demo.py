"""The demo accounts of SPEC section 6 (password `demo`): the seed creates them, and production refuses them."""

from __future__ import annotations

from policies.roles import Role

DEMO_PASSWORD = "demo"

# username, full name, role, unit code
DEMO_ACCOUNTS: list[tuple[str, str, Role, str]] = [
    ("admin", "Quản trị hệ thống", Role.NATIONAL_ADMIN, "VN"),
    ("national", "Cán bộ BHXH Việt Nam", Role.NATIONAL_OFFICER, "VN"),
    ("province-79", "Cán bộ BHXH TP. Hồ Chí Minh", Role.PROVINCIAL_OFFICER, "79"),
    ("province-01", "Cán bộ BHXH TP. Hà Nội", Role.PROVINCIAL_OFFICER, "01"),
    ("edu-79", "Sở GD&ĐT TP. Hồ Chí Minh", Role.EDUCATION_VIEWER, "79"),
    ("district-760", "Cán bộ BHXH Quận 1", Role.DISTRICT_OFFICER, "760"),
    ("district-001", "Cán bộ BHXH Quận Ba Đình", Role.DISTRICT_OFFICER, "001"),
    # The current map (SPEC section 9): HCMC's office since the reform, which holds old 74, 77 and 79.
    ("province-79-new", "Cán bộ BHXH TP. Hồ Chí Minh (từ 1/7/2025)", Role.PROVINCIAL_OFFICER, "79@VN34"),
    ("school-79760001", "Văn thư trường 79760001", Role.SCHOOL_STAFF, "79760001"),
    ("school-79760002", "Văn thư trường 79760002", Role.SCHOOL_STAFF, "79760002"),
    ("school-01001001", "Văn thư trường 01001001", Role.SCHOOL_STAFF, "01001001"),
    ("school-01001002", "Văn thư trường 01001002", Role.SCHOOL_STAFF, "01001002"),
    ("school-79000001", "Văn thư trường 79000001", Role.SCHOOL_STAFF, "79000001"),
]
# A grassroots office: LOCAL_OFFICER on the VN34 commune of each of these schools (found in the map's data).
DEMO_LOCAL_OFFICERS: list[tuple[str, str, list[str]]] = [
    ("local-79", "Cán bộ BHXH cơ sở Sài Gòn", ["79760001", "79760002"]),
]
DEMO_USERNAMES = frozenset(
    [username for username, *_ in DEMO_ACCOUNTS] + [username for username, *_ in DEMO_LOCAL_OFFICERS]
)
