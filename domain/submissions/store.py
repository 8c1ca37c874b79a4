"""Submissions: writes that keep the state machine, the history and the audit in one transaction.

A transition is a conditional UPDATE (`... WHERE status IN (allowed)`): of two
reviewers deciding at once exactly one changes the row; the other sees zero
rows updated and gets CONFLICT.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tortoise import timezone
from tortoise.expressions import Q, Subquery

from domain.audit.store import Change, Subject
from domain.paging import Page, first_per_group, keyset_page
from domain.participation import store as participation
from domain.submissions.models import CardRow, Submission, SubmissionEvent, SubmissionKind, SubmissionStatus
from domain.units.models import Unit, UnitNode
from domain.units.store import Place, register_school_year, year_start

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.REJECTED)
REPORT_FIELDS = ("quarter", "students", "via_school", "via_other_groups")


def snapshot(submission: Submission) -> dict[str, Any]:
    return {
        "kind": str(submission.kind),
        "status": str(submission.status),
        "schoolCode": submission.school_id,
        "schoolYear": submission.school_year,
        "quarter": submission.quarter,
        "students": submission.students,
        "viaSchool": submission.via_school,
        "viaOtherGroups": submission.via_other_groups,
        "rowCount": submission.row_count,
    }


async def _event(change: Change, submission: Submission, from_status: str | None, note: str | None) -> None:
    await SubmissionEvent.create(
        submission=submission,
        at=timezone.now(),
        actor=change.actor.username,
        action=change.action,
        from_status=from_status,
        to_status=str(submission.status),
        note=note,
        snapshot=snapshot(submission),
        using_db=change.conn,
    )


async def _log(change: Change, submission: Submission, before: dict[str, object] | None) -> None:
    subject = Subject("Submission", str(submission.id), submission.school_id)
    await change.log(subject, before=before, after=snapshot(submission))


async def create(
    change: Change,
    *,
    school: Place,
    school_year: str,
    kind: SubmissionKind,
    report: dict[str, int] | None,
    rows: list[dict[str, Any]] | None,
) -> Submission:
    now = timezone.now()
    submission = await Submission.create(
        kind=kind,
        status=SubmissionStatus.DRAFT,
        school_id=school.key,
        school_year=school_year,
        row_count=len(rows or []),
        created_by=change.actor.username,
        created_at=now,
        updated_at=now,
        using_db=change.conn,
        **(report or {}),
    )
    if rows:
        await _insert_rows(change, submission.id, rows)
    await register_school_year(school_year, change.conn)
    await _event(change, submission, None, None)
    await _log(change, submission, None)
    return submission


async def _insert_rows(change: Change, submission_id: int, rows: list[dict[str, Any]]) -> None:
    await CardRow.bulk_create(
        [CardRow(submission_id=submission_id, **row) for row in rows], batch_size=1000, using_db=change.conn
    )


async def update(
    change: Change, submission: Submission, *, report: dict[str, int] | None, rows: list[dict[str, Any]] | None
) -> Submission | None:
    """None when the submission is no longer editable (someone submitted it meanwhile)."""
    before = snapshot(submission)
    changes: dict[str, Any] = {"updated_at": timezone.now(), **(report or {})}
    if rows is not None:
        changes["row_count"] = len(rows)
    updated = await Submission.filter(id=submission.id, status__in=EDITABLE).using_db(change.conn).update(**changes)
    if not updated:
        return None
    if rows is not None:
        await CardRow.filter(submission_id=submission.id).using_db(change.conn).delete()
        await _insert_rows(change, submission.id, rows)
    return await _recorded(change, submission.id, before, None)


async def _recorded(change: Change, submission_id: int, before: dict[str, Any], note: str | None) -> Submission:
    fresh = await Submission.get(id=submission_id, using_db=change.conn)
    await _event(change, fresh, str(before["status"]), note)
    await _log(change, fresh, before)
    return fresh


async def submit(change: Change, submission: Submission) -> Submission | None:
    """None when the submission is not DRAFT or REJECTED any more."""
    before = snapshot(submission)
    now = timezone.now()
    updated = (
        await Submission.filter(id=submission.id, status__in=EDITABLE)
        .using_db(change.conn)
        .update(status=SubmissionStatus.SUBMITTED, submitted_at=now, updated_at=now)
    )
    if not updated:
        return None
    return await _recorded(change, submission.id, before, None)


async def review(change: Change, submission: Submission, *, approve: bool, note: str | None) -> Submission | None:
    """Decide a SUBMITTED submission (None when it is not SUBMITTED any more: someone decided it first); an
    approved report updates the official participation in the same transaction."""
    before = snapshot(submission)
    now: datetime = timezone.now()
    status = SubmissionStatus.APPROVED if approve else SubmissionStatus.REJECTED
    updated = (
        await Submission.filter(id=submission.id, status=SubmissionStatus.SUBMITTED)
        .using_db(change.conn)
        .update(status=status, reviewed_by=change.actor.username, reviewed_at=now, review_note=note, updated_at=now)
    )
    if not updated:
        return None
    fresh = await Submission.get(id=submission.id, using_db=change.conn)
    if approve and fresh.kind == SubmissionKind.PARTICIPATION_REPORT:
        await participation.apply_approval(fresh, now, change.conn)
    await _event(change, fresh, str(before["status"]), note)
    await _log(change, fresh, before)
    return fresh


AUTHORING = ("createSubmission", "importCardList", "updateSubmission")


async def authors_of(submission_id: int) -> set[str]:
    """Everyone who created or edited the submission (none of them may review it)."""
    rows = await SubmissionEvent.filter(submission_id=submission_id, action__in=AUTHORING).values_list(
        "actor", flat=True
    )
    return {str(actor) for actor in rows}


async def by_id(submission_id: int) -> Submission | None:
    return await Submission.get_or_none(id=submission_id)


async def page(scope: Q, filters: Q, *, after_id: int | None, limit: int) -> Page[Submission]:
    """Newest first."""
    return await keyset_page(Submission.filter(scope, filters), key="id", after=after_id, limit=limit, descending=True)


async def events_of(ids: Sequence[int]) -> dict[int, list[SubmissionEvent]]:
    grouped: dict[int, list[SubmissionEvent]] = {i: [] for i in ids}
    for event in await SubmissionEvent.filter(submission_id__in=list(ids)).order_by("submission_id", "id"):
        grouped[event.submission_id].append(event)  # type: ignore[attr-defined]
    return grouped


async def rows_pages(submission_ids: Sequence[int], *, after_line: int | None, limit: int) -> dict[int, Page[CardRow]]:
    ids = list(submission_ids)
    pages = await first_per_group(
        CardRow.filter(submission_id__in=ids), group="submission_id", key="line", after=after_line, limit=limit
    )
    empty: Page[CardRow] = Page(rows=[], total=0, has_next=False)
    return {i: pages.get(i, empty) for i in ids}


async def all_rows(submission_id: int) -> list[CardRow]:
    return list(await CardRow.filter(submission_id=submission_id).order_by("line"))


async def schools_without_report(
    scope: Q, *, map_code: str, school_year: str, quarter: int, within: Q | None, after_code: str | None, limit: int
) -> Page[UnitNode]:
    """Schools in scope, open in the year, with no SUBMITTED or APPROVED participation report for the year and
    quarter (a school closed before the year starts, or opening after it ends, is not expected)."""
    start = year_start(school_year)
    not_open = Unit.filter(Q(closed_on__lt=start) | Q(opened_on__gte=start.replace(year=start.year + 1))).values("key")
    reported = Submission.filter(
        school_year=school_year,
        quarter=quarter,
        kind=SubmissionKind.PARTICIPATION_REPORT,
        status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED],
    ).values("school_id")
    query = UnitNode.filter(scope, map_id=map_code, school_type__isnull=False).exclude(unit_id__in=Subquery(reported))
    query = query.exclude(unit_id__in=Subquery(not_open))
    if within is not None:
        query = query.filter(within)
    return await keyset_page(query, key="code", after=after_code, limit=limit)
