"""Inputs of the submission mutations, and turning them into validated rows and counts."""

from __future__ import annotations

from datetime import date

import strawberry

from api import cardlists
from api.errors import BadUserInput
from api.models import CardType, Gender, SubmissionKind, Unit
from api.repositories import contributions, provinces


@strawberry.input
class CardRowInput:
    full_name: str
    date_of_birth: date
    gender: Gender
    card_type: CardType
    months: int
    citizen_id: str | None = None
    social_insurance_number: str | None = None
    class_name: str | None = None
    valid_from: date | None = None


@strawberry.input
class CreateSubmissionInput:
    school_code: str
    school_year: str
    kind: SubmissionKind
    quarter: int | None = None
    students: int | None = None
    via_school: int | None = None
    via_other_groups: int | None = None
    rows: list[CardRowInput] | None = None


@strawberry.input
class UpdateSubmissionInput:
    quarter: int | None = None
    students: int | None = None
    via_school: int | None = None
    via_other_groups: int | None = None
    rows: list[CardRowInput] | None = None


MAX_ROWS = 20_000


def problems_error(error: cardlists.InvalidList) -> BadUserInput:
    count = len(error.problems)
    return BadUserInput(
        f"The card list has {count} problem{'s' if count != 1 else ''}: nothing was stored.",
        problems=[p.as_dict() for p in error.problems],
    )


async def prepared_rows(school: Unit, school_year: str, raw_rows: list[tuple[int, dict]]) -> list[dict]:
    """Validated rows with their contributions computed from the rules and the school's province top-up."""
    if not raw_rows:
        raise BadUserInput("A card list needs at least one row.", field="rows")
    if len(raw_rows) > MAX_ROWS:
        raise BadUserInput(f"A card list holds at most {MAX_ROWS} rows; split it.", field="rows")
    province = await provinces.province_of(school)
    rules = await contributions.rules()
    local = await contributions.local_rates(province.code) if province else []
    try:
        return cardlists.prepare(raw_rows, school_year, rules, local)
    except cardlists.InvalidList as error:
        raise problems_error(error) from None


def input_rows(rows: list[CardRowInput]) -> list[tuple[int, dict]]:
    """API rows are numbered by their position in the list, from 1."""
    return [(i, vars(row).copy()) for i, row in enumerate(rows, start=1)]
