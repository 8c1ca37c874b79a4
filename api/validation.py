"""Input rules shared by the API and the importers; each failure is a BAD_USER_INPUT naming its field."""

from __future__ import annotations

import re

from api.errors import BadUserInput

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
