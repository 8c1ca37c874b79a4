"""Input hygiene in one place: every argument (through schema/guards.py) and every file cell is held to these.

A failure is a BAD_USER_INPUT naming its field, never echoing the value
(it may be megabytes, or control characters meant for a log or a terminal).
Digits are ASCII only everywhere: Python's `\\d` and `str.isdigit` accept
Arabic-Indic and fullwidth digits, so no rule here uses them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from domain.errors import BadUserInput

ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)
CODE = re.compile(r"[0-9A-Z]{2,16}", re.ASCII)  # VN, 79, 760, 26734, 79760001 ... (SPEC 2 and 9)
RECORD_ID = re.compile(r"[0-9]{1,10}", re.ASCII)
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,63}", re.ASCII)
SCHOOL_YEAR = re.compile(r"([0-9]{4})-([0-9]{4})", re.ASCII)

MAX_ID = 2**31 - 1  # record ids and cursor keys are 32-bit integers in the database
MAX_CODE = 16
MAX_USERNAME = 64
MAX_NAME = 200
MAX_NOTE = 2000
MAX_SEARCH = 100
MAX_PASSWORD = 1024  # argon2 hashes whatever it is given: a megabyte password is a CPU bill, not a password
MAX_TEXT = 10_000  # any other string argument
MAX_COUNT = 1_000_000  # students of one school, and any other count of people a client types
MAX_PEOPLE = 50_000_000  # a unit's target participants: more than the country's pupils and students
MIN_PASSWORD_LENGTH = 10
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)  # dates of records (SPEC 10)
FIRST_BIRTH = date(1900, 1, 1)
MULTILINE = {"\n", "\r", "\t"}  # allowed in notes and reasons, nowhere else


# ---------------------------------------------------------------- characters


def hidden_character(text: str, multiline: bool = False) -> str | None:
    """The first control or invisible formatting character (NUL, escapes, zero-width, bidi overrides), if any."""
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") and not (multiline and ch in MULTILINE):
            return ch
    return None


def clean(value: str, field: str, max_length: int, multiline: bool = False) -> str:
    """NFC, without control or invisible characters, at most `max_length` characters; not stripped."""
    if len(value) > max_length:
        raise BadUserInput(f"{field} is longer than {max_length} characters.", field=field)
    if (ch := hidden_character(value, multiline)) is not None:
        raise BadUserInput(
            f"{field} contains a control or invisible character (U+{ord(ch):04X}); type it again as plain text.",
            field=field,
        )
    return unicodedata.normalize("NFC", value)


def is_ascii_digits(value: str) -> bool:
    return ASCII_DIGITS.fullmatch(value) is not None


# ---------------------------------------------------------------- identifiers


def is_code(value: str) -> bool:
    """A unit code: ASCII capitals and digits, 2-16 characters (a malformed one names nothing)."""
    return CODE.fullmatch(value) is not None


def record_id(value: str) -> int | None:
    """The integer id a client sent (IDs are strings in GraphQL), or None when it cannot name a record."""
    if RECORD_ID.fullmatch(value) is None or int(value) > MAX_ID:
        return None
    return int(value)


def username(value: str) -> str:
    if USERNAME.fullmatch(value) is None:
        raise BadUserInput(
            "username must be 3-64 characters: lower-case letters, digits, '.', '_' or '-'.", field="username"
        )
    return value


def password(value: str, username: str | None = None) -> str:
    """At least 10 characters, not all alike or whitespace, never the username (SPEC 10)."""
    if len(value) < MIN_PASSWORD_LENGTH or len(value) > MAX_PASSWORD:
        raise BadUserInput(f"password must have {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD} characters.", field="password")
    if not value.strip() or len(set(value)) == 1:
        raise BadUserInput("password must not be one character repeated or only spaces.", field="password")
    if username is not None and value.strip().casefold() == username.casefold():
        raise BadUserInput("password must not be the username.", field="password")
    if hidden_character(value) is not None:
        raise BadUserInput("password contains a control or invisible character.", field="password")
    return value


# ---------------------------------------------------------------- text


def required_text(value: str, field: str, max_length: int = MAX_NAME, multiline: bool = False) -> str:
    text = clean(value, field, max_length, multiline).strip()
    if not text:
        raise BadUserInput(f"{field} must be 1-{max_length} characters.", field=field)
    return text


def optional_text(value: str | None, field: str, max_length: int = MAX_NAME, multiline: bool = False) -> str | None:
    if value is None or not value.strip():
        return None
    return required_text(value, field, max_length, multiline)


def note(value: str | None, field: str = "note") -> str | None:
    """A note or reason: up to 2,000 characters, line breaks allowed."""
    return optional_text(value, field, MAX_NOTE, multiline=True)


def search(value: str | None) -> str | None:
    if value is None:
        return None
    return clean(value, "search", MAX_SEARCH).strip() or None


# ---------------------------------------------------------------- values


def school_year(value: str, field: str = "schoolYear") -> str:
    """`YYYY-YYYY` in ASCII digits, the second year the first plus one, within 2000-2100."""
    match = SCHOOL_YEAR.fullmatch(value) if len(value) == 9 else None
    if not match or int(match[2]) != int(match[1]) + 1 or not 2000 <= int(match[1]) <= 2099:
        raise BadUserInput(f"{field} must look like 2021-2022 (two consecutive years, 2000-2100).", field=field)
    return value


def record_date(value: date, field: str) -> date:
    """Dates of records (validity, events, moves, rates): 2000-01-01 ... 2100-12-31."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise BadUserInput(f"{field} must lie between 2000-01-01 and 2100-12-31.", field=field)
    return value


def percent(value: float, field: str) -> float:
    """0-100 with at most one decimal."""
    if not 0 <= value <= 100 or round(value, 1) != round(value, 6):
        raise BadUserInput(f"{field} must be a percentage from 0 to 100 with at most one decimal.", field=field)
    return round(value, 1)


def count(value: int, field: str, maximum: int = MAX_COUNT) -> int:
    if value < 0:
        raise BadUserInput(f"{field} cannot be negative.", field=field)
    if value > maximum:
        raise BadUserInput(f"{field} cannot exceed {maximum:,}.", field=field)
    return value


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
        count(number, field)
    assert students is not None and via_school is not None and via_other_groups is not None
    if via_school + via_other_groups > students:
        raise BadUserInput(
            f"viaSchool + viaOtherGroups ({via_school + via_other_groups}) cannot exceed students ({students}).",
            field="viaOtherGroups",
        )
    return {"students": students, "via_school": via_school, "via_other_groups": via_other_groups}


# ---------------------------------------------------------------- arguments, by name

CODE_ARGUMENTS = frozenset(
    {"code", "unitCode", "schoolCode", "withinCode", "parentCode", "provinceCode", "recipientUnitCode", "map"}
)
ID_ARGUMENTS = frozenset({"id"})
# name -> (most characters, line breaks allowed); a string argument not named here gets MAX_TEXT.
TEXT_LIMITS: dict[str, tuple[int, bool]] = {
    "username": (MAX_USERNAME, False),
    "password": (MAX_PASSWORD, False),
    "current": (MAX_PASSWORD, False),
    "new": (MAX_PASSWORD, False),
    "search": (MAX_SEARCH, False),
    "fullName": (MAX_NAME, False),
    "name": (MAX_NAME, False),
    "position": (MAX_NAME, False),
    "className": (64, False),
    "schoolYear": (9, False),
    "citizenId": (12, False),
    "socialInsuranceNumber": (10, False),
    "note": (MAX_NOTE, True),
    "reason": (MAX_NOTE, True),
    "after": (200, False),
}


def argument_text(name: str, value: str) -> None:
    """The checks every string argument gets before any resolver sees it (codes and ids are judged apart)."""
    limit, multiline = TEXT_LIMITS.get(name, (MAX_TEXT, False))
    clean(value, name, limit, multiline)
