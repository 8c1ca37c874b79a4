"""Inputs of the submission mutations, and their domain counterparts."""

from __future__ import annotations

from datetime import date

import strawberry

from domain.submissions.actions import CardRowData, ReportCounts
from domain.submissions.models import CardType, Gender, SubmissionKind


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


def counts_of(given: CreateSubmissionInput | UpdateSubmissionInput) -> ReportCounts:
    return ReportCounts(given.quarter, given.students, given.via_school, given.via_other_groups)


def rows_of(rows: list[CardRowInput] | None) -> list[CardRowData] | None:
    if rows is None:
        return None
    return [
        CardRowData(
            full_name=r.full_name,
            date_of_birth=r.date_of_birth,
            gender=r.gender,
            card_type=r.card_type,
            months=r.months,
            citizen_id=r.citizen_id,
            social_insurance_number=r.social_insurance_number,
            class_name=r.class_name,
            valid_from=r.valid_from,
        )
        for r in rows
    ]
