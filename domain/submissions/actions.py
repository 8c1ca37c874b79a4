"""What schools send and BHXH reviews: participation reports and card lists.

The state machine is DRAFT -> SUBMITTED -> APPROVED | REJECTED (a rejected one
is edited and submitted again). Each transition is a conditional UPDATE in the
store; an action that finds the row moved under it answers CONFLICT.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from domain import validation
from domain.access import Access, Actor
from domain.audit.store import Change, audited, write_once_more_on_a_race
from domain.contributions import store as contributions
from domain.errors import BadUserInput, Conflict, Forbidden, NotFound
from domain.paging import Page, newest_below
from domain.submissions import cardlists, spreadsheets, store
from domain.submissions.models import CardType, Gender, Submission, SubmissionKind, SubmissionStatus
from domain.units import placements
from domain.units import store as units
from domain.units.actions import map_for_year, within
from domain.units.models import UnitNode
from domain.units.store import Place
from policies.scope import NOTHING


@dataclass(frozen=True)
class ReportCounts:
    """What a participation report says (any may be missing: the action says which is required)."""

    quarter: int | None = None
    students: int | None = None
    via_school: int | None = None
    via_other_groups: int | None = None

    def given(self) -> bool:
        return any(v is not None for v in (self.quarter, self.students, self.via_school, self.via_other_groups))


@dataclass(frozen=True)
class CardRowData:
    """One student of a card list as the API receives it."""

    full_name: str
    date_of_birth: date
    gender: Gender
    card_type: CardType
    months: int
    citizen_id: str | None = None
    social_insurance_number: str | None = None
    class_name: str | None = None
    valid_from: date | None = None


# ---------------------------------------------------------------- writes


async def create_submission(
    access: Access,
    *,
    school_code: str,
    school_year: str,
    kind: SubmissionKind,
    counts: ReportCounts,
    rows: list[CardRowData] | None,
) -> Submission:
    school, actor = await _school_for(access, school_code, "create")
    school_year = validation.school_year(school_year)
    report, prepared = None, None
    if kind == SubmissionKind.PARTICIPATION_REPORT:
        if rows is not None:
            raise BadUserInput("A participation report has counts, not rows.", field="rows")
        report = _report(counts)
    else:
        if counts.given():
            raise BadUserInput("A card list has rows, not quarter or counts.", field="quarter")
        prepared = await _prepared_rows(school.key, school_year, _numbered(rows or []))
    async with audited(actor, "createSubmission") as change:
        await _open_in(school, school_year, change.conn)
        return await store.create(
            change, school=school, school_year=school_year, kind=kind, report=report, rows=prepared
        )


async def import_card_list(
    access: Access,
    *,
    school_code: str,
    school_year: str,
    filename: str,
    read: Callable[[], Awaitable[bytes]],
    limits: cardlists.UploadLimits,
) -> Submission:
    """A DRAFT card list from a .csv or .xlsx file; any invalid row stores nothing and every problem is listed.

    The file is read only once the caller may create here, and parsed off the event loop (other users'
    requests are answered meanwhile), within `limits` checked before any grid is built."""
    school, actor = await _school_for(access, school_code, "create")
    school_year = validation.school_year(school_year)
    content = await read()
    try:
        raw_rows = await asyncio.to_thread(cardlists.read_file, filename, content, limits)
    except cardlists.InvalidList as error:
        raise _problems(error) from None
    rows = await _prepared_rows(school.key, school_year, raw_rows, limits.max_rows)
    async with audited(actor, "importCardList") as change:
        return await store.create(
            change, school=school, school_year=school_year, kind=SubmissionKind.CARD_LIST, report=None, rows=rows
        )


async def update_submission(
    access: Access, *, submission_id: str, counts: ReportCounts, rows: list[CardRowData] | None
) -> Submission:
    submission, actor = await _own_submission(access, submission_id, "edit")
    report, prepared = None, None
    if submission.kind == SubmissionKind.PARTICIPATION_REPORT:
        if rows is not None:
            raise BadUserInput("A participation report has counts, not rows.", field="rows")
        report = _report(
            ReportCounts(
                quarter=submission.quarter if counts.quarter is None else counts.quarter,
                students=submission.students if counts.students is None else counts.students,
                via_school=submission.via_school if counts.via_school is None else counts.via_school,
                via_other_groups=(
                    submission.via_other_groups if counts.via_other_groups is None else counts.via_other_groups
                ),
            )
        )
    else:
        if counts.given():
            raise BadUserInput("A card list has rows, not quarter or counts.", field="quarter")
        if rows is not None:
            prepared = await _prepared_rows(submission.school_id, submission.school_year, _numbered(rows))
    async with audited(actor, "updateSubmission") as change:
        updated = await store.update(change, submission, report=report, rows=prepared)
        if updated is None:
            raise Conflict(f"Submission {submission.id} is no longer editable (only DRAFT and REJECTED are).")
        return updated


async def submit_submission(access: Access, *, submission_id: str) -> Submission:
    submission, actor = await _own_submission(access, submission_id, "submit")
    async with audited(actor, "submitSubmission") as change:
        submitted = await store.submit(change, submission)
        if submitted is None:
            raise Conflict(
                f"Submission {submission.id} is {submission.status}: only DRAFT and REJECTED can be submitted."
            )
        return submitted


async def review_submission(access: Access, *, submission_id: str, approve: bool, note: str | None) -> Submission:
    """Approve or reject a SUBMITTED submission; never one's own. Of two reviewers at once, one wins."""
    submission, actor = await _own_submission(access, submission_id, "review")
    if actor.username in await store.authors_of(submission.id):
        raise Forbidden("Whoever created or edited a submission never reviews it.")
    note = validation.note(note)
    if not approve and note is None:
        raise BadUserInput("A rejection needs a note saying what to correct.", field="note")

    async def review(change: Change) -> Submission:
        reviewed = await store.review(change, submission, approve=approve, note=note)
        if reviewed is None:
            raise Conflict(f"Submission {submission.id} is no longer SUBMITTED: someone has decided it already.")
        return reviewed

    return await write_once_more_on_a_race(actor, "reviewSubmission", review)


# ---------------------------------------------------------------- reads


async def readable_submission(access: Access, submission_id: str) -> Submission | None:
    """The submission if the caller may read it, else None (out of scope reads as absent)."""
    access.caller()
    number = validation.record_id(submission_id)
    if number is None:
        return None
    submission = await store.by_id(number)
    if submission is None or not access.reads(*await _paths(submission.school_id)):
        return None
    return submission


async def _paths(unit_key: str) -> tuple[str, ...]:
    return (await units.paths_of([unit_key]))[unit_key]


def filters(school_year: str | None, kind: SubmissionKind | None, status: SubmissionStatus | None) -> Q:
    """The optional filters of a submission list (the school year validated)."""
    conditions = []
    if school_year is not None:
        conditions.append(Q(school_year=validation.school_year(school_year)))
    if kind is not None:
        conditions.append(Q(kind=kind))
    if status is not None:
        conditions.append(Q(status=status))
    return Q(*conditions) if conditions else Q()


async def submissions(
    access: Access,
    *,
    school_year: str | None,
    unit_code: str | None,
    kind: SubmissionKind | None,
    status: SubmissionStatus | None,
    map_code: str | None = None,
    after_id: int | None,
    limit: int,
) -> Page[Submission]:
    """Newest first, inside the caller's scope (and at or below `unitCode`)."""
    prefer = (await units.map_of_year(validation.school_year(school_year))).code if school_year else None
    narrowed = await within(access, unit_code, "school_id", map_code=map_code, prefer=prefer)
    if narrowed is NOTHING:
        return Page.empty()
    narrowed &= filters(school_year, kind, status)
    return await store.page(access.records("school_id"), narrowed, after_id=after_id, limit=limit)


async def missing_reports(
    access: Access,
    *,
    school_year: str,
    quarter: int,
    within_code: str | None,
    map_code: str | None = None,
    after_code: str | None,
    limit: int,
) -> Page[UnitNode]:
    """Schools in the caller's scope with no SUBMITTED or APPROVED participation report for the year and quarter,
    listed on the school year's map (or the one named)."""
    validation.school_year(school_year)
    validation.quarter(quarter)
    on = await map_for_year(map_code, school_year)
    narrowed = None
    if within_code is not None:
        place = await units.find(within_code, map_code=on.code)
        if place is None or not access.sees(place.path):
            return Page.empty()
        narrowed = await placements.subtree_in_year(on, place.path, school_year)
    return await store.schools_without_report(
        access.readable(on=on.code),
        map_code=on.code,
        school_year=school_year,
        quarter=quarter,
        within=narrowed,
        after_code=after_code,
        limit=limit,
    )


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes


async def d03_ts(access: Access, submission_id: str) -> Download:
    """The D03-TS list of an approved card list: NOT_FOUND where the caller may not read it, else CONFLICT unless
    it is an APPROVED card list."""
    submission = await readable_submission(access, submission_id)
    if submission is None:
        raise NotFound(f"Submission {submission_id} does not exist.")
    if submission.kind != SubmissionKind.CARD_LIST or submission.status != SubmissionStatus.APPROVED:
        raise Conflict("Only an APPROVED card list exports as D03-TS.")
    school = await units.place_of_key(submission.school_id)
    assert school is not None
    rows = await store.all_rows(submission.id)
    return Download(f"d03-ts-{school.code}-{submission.id}.xlsx", spreadsheets.d03_ts(submission, school.node, rows))


def card_list_template() -> Download:
    return Download("card-list.xlsx", spreadsheets.card_list_template())


# ---------------------------------------------------------------- helpers


async def _school_for(access: Access, code: str, act: str) -> tuple[Place, Actor]:
    school = await units.find(code)
    actor = access.actor("submission", act, school.paths if school else None, f"School {code}")
    assert school is not None
    if school.node.school_type is None:
        raise BadUserInput(f"{code} is a {school.level}: submissions come from schools.", field="schoolCode")
    return school, actor


async def _open_in(school: Place, school_year: str, conn: BaseDBAsyncClient) -> None:
    """A school submits for the years it is open in: from the year it opens to the year it closes in (checked
    under the school's lock, which its closing takes too)."""
    unit = await placements.lock_school(school.key, conn)
    start = units.year_start(school_year)
    if unit.closed_on is not None and unit.closed_on < start:
        raise BadUserInput(
            f"School {school.code} closed on {unit.closed_on.isoformat()}, before {school_year}.", field="schoolYear"
        )
    if unit.opened_on is not None and unit.opened_on >= start.replace(year=start.year + 1):
        raise BadUserInput(
            f"School {school.code} opens on {unit.opened_on.isoformat()}, after {school_year}.", field="schoolYear"
        )


async def _own_submission(access: Access, submission_id: str, act: str) -> tuple[Submission, Actor]:
    submission = await readable_submission(access, submission_id)
    paths = await _paths(submission.school_id) if submission else None
    actor = access.actor("submission", act, paths, f"Submission {submission_id}")
    assert submission is not None
    return submission, actor


def _report(counts: ReportCounts) -> dict[str, int]:
    return {"quarter": validation.quarter(counts.quarter)} | validation.participation_counts(
        counts.students, counts.via_school, counts.via_other_groups
    )


def _numbered(rows: list[CardRowData]) -> list[tuple[int, dict[str, Any]]]:
    """API rows are numbered by their position in the list, from 1."""
    return [(i, vars(row).copy()) for i, row in enumerate(rows, start=1)]


def _problems(error: cardlists.InvalidList) -> BadUserInput:
    count = len(error.problems)
    return BadUserInput(
        f"The card list has {count} problem{'s' if count != 1 else ''}: nothing was stored.",
        problems=[p.as_dict() for p in error.problems],
    )


async def _prepared_rows(
    school_key: str, school_year: str, raw_rows: list[tuple[int, dict[str, Any]]], max_rows: int = cardlists.MAX_ROWS
) -> list[dict[str, Any]]:
    """Validated rows with their contributions computed from the rules and the school's province top-up
    (off the event loop: 5,000 rows take a few hundred milliseconds)."""
    if not raw_rows:
        raise BadUserInput("A card list needs at least one row.", field="rows")
    if len(raw_rows) > max_rows:
        raise BadUserInput(f"A card list holds at most {max_rows} rows; split it.", field="rows")
    rules = await contributions.rules()
    local = await contributions.local_rates_of_school(school_key)
    try:
        return await asyncio.to_thread(cardlists.prepare, raw_rows, school_year, rules, local)
    except cardlists.InvalidList as error:
        raise _problems(error) from None


async def submissions_below(
    access: Access,
    paths: list[str],
    *,
    school_year: str | None,
    kind: SubmissionKind | None,
    status: SubmissionStatus | None,
    after_id: int | None,
    limit: int,
) -> dict[str, Page[Submission]]:
    """Newest-first pages of the submissions of the schools at or below each unit (by path) that the caller may read."""
    scoped = Submission.filter(access.records("school_id"), filters(school_year, kind, status))
    return await newest_below(scoped, unit_field="school_id", paths=paths, after_id=after_id, limit=limit)
