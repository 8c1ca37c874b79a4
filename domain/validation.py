"""Input rules shared by the API and the importers; each failure is a BAD_USER_INPUT naming its field."""

from __future__ import annotations

import re

from domain.errors import BadUserInput

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")
MIN_PASSWORD_LENGTH = 8


def username(value: str) -> str:
    if not USERNAME.fullmatch(value):
        raise BadUserInput(
            "username must be 3-64 characters: lower-case letters, digits, '.', '_' or '-'.", field="username"
        )
    return value


def password(value: str) -> str:
    if len(value) < MIN_PASSWORD_LENGTH:
        raise BadUserInput(f"password must have at least {MIN_PASSWORD_LENGTH} characters.", field="password")
    return value


def required_text(value: str, field: str, max_length: int = 255) -> str:
    text = value.strip()
    if not text or len(text) > max_length:
        raise BadUserInput(f"{field} must be 1-{max_length} characters.", field=field)
    return text


def school_year(value: str, field: str = "schoolYear") -> str:
    """`YYYY-YYYY` with the second year the first plus one."""
    match = SCHOOL_YEAR.fullmatch(value)
    if not match or int(match[2]) != int(match[1]) + 1:
        raise BadUserInput(f"{field} must look like 2021-2022 (two consecutive years), not {value!r}.", field=field)
    return value


def optional_text(value: str | None, field: str, max_length: int = 255) -> str | None:
    if value is None or not value.strip():
        return None
    return required_text(value, field, max_length)


def percent(value: float, field: str) -> float:
    """0-100 with at most one decimal."""
    if not 0 <= value <= 100 or round(value, 1) != round(value, 6):
        raise BadUserInput(f"{field} must be a percentage from 0 to 100 with at most one decimal.", field=field)
    return round(value, 1)


def quarter(value: int | None) -> int:
    if value is None or not 1 <= value <= 4:
        raise BadUserInput("quarter must be 1, 2, 3 or 4.", field="quarter")
    return value


def participation_counts(students: int | None, via_school: int | None, via_other_groups: int | None) -> dict[str, int]:
    """students, viaSchool, viaOtherGroups: all given, all >= 0, and viaSchool + viaOtherGroups <= students."""
    values = {"students": students, "viaSchool": via_school, "viaOtherGroups": via_other_groups}
    for field, number in values.items():
        if number is None:
            raise BadUserInput(f"{field} is required for a participation report.", field=field)
        if number < 0:
            raise BadUserInput(f"{field} cannot be negative.", field=field)
    assert students is not None and via_school is not None and via_other_groups is not None
    if via_school + via_other_groups > students:
        raise BadUserInput(
            f"viaSchool + viaOtherGroups ({via_school + via_other_groups}) cannot exceed students ({students}).",
            field="viaOtherGroups",
        )
    return {"students": students, "via_school": via_school, "via_other_groups": via_other_groups}
