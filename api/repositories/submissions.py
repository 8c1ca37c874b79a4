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
from tortoise.transactions import in_transaction

from api.errors import Conflict
from api.models import CardRow, SchoolYear, Submission, SubmissionEvent, SubmissionKind, SubmissionStatus, Unit
from api.repositories import audit, participation
from api.repositories.paging import Page, first_per_group, keyset_page
from policies.principal import GrantScope

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.REJECTED)
REPORT_FIELDS = ("quarter", "students", "via_school", "via_other_groups")


def snapshot(submission: Submission) -> dict:
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


async def _event(
    submission: Submission, actor: str, action: str, from_status: str | None, note: str | None, conn: Any
) -> None:
    await SubmissionEvent.create(
        submission=submission,
        at=timezone.now(),
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=str(submission.status),
        note=note,
        snapshot=snapshot(submission),
        using_db=conn,
    )


async def _audit(
    submission: Submission, actor: GrantScope, actor_name: str, action: str, before: dict | None, conn: Any
) -> None:
    await audit.record(
        actor=actor_name,
        role=actor.role,
        action=action,
        record_type="Submission",
        record_id=str(submission.id),
        unit_code=submission.school_id,
        unit_path=submission.school_path,
        before=before,
        after=snapshot(submission),
        using_db=conn,
    )


async def create(
    *,
    school: Unit,
    school_year: str,
    kind: SubmissionKind,
    report: dict | None,
    rows: list[dict] | None,
    actor: GrantScope,
    actor_name: str,
    action: str = "createSubmission",
) -> Submission:
    now = timezone.now()
    async with in_transaction() as conn:
        submission = await Submission.create(
            kind=kind,
            status=SubmissionStatus.DRAFT,
            school=school,
            school_path=school.path,
            school_year=school_year,
            row_count=len(rows or []),
            created_by=actor_name,
            created_at=now,
            updated_at=now,
            using_db=conn,
            **(report or {}),
        )
        if rows:
            await CardRow.bulk_create(
                [CardRow(submission_id=submission.id, **row) for row in rows], batch_size=1000, using_db=conn
            )
        await SchoolYear.bulk_create([SchoolYear(label=school_year)], ignore_conflicts=True, using_db=conn)
        await _event(submission, actor_name, action, None, None, conn)
        await _audit(submission, actor, actor_name, action, None, conn)
    return submission


async def update(
    submission: Submission, *, report: dict | None, rows: list[dict] | None, actor: GrantScope, actor_name: str
) -> Submission:
    before = snapshot(submission)
    async with in_transaction() as conn:
        changes: dict[str, Any] = {"updated_at": timezone.now(), **(report or {})}
        if rows is not None:
            changes["row_count"] = len(rows)
        updated = await Submission.filter(id=submission.id, status__in=EDITABLE).using_db(conn).update(**changes)
        if not updated:
            raise Conflict(f"Submission {submission.id} is no longer editable (only DRAFT and REJECTED are).")
        if rows is not None:
            await CardRow.filter(submission_id=submission.id).using_db(conn).delete()
            await CardRow.bulk_create(
                [CardRow(submission_id=submission.id, **row) for row in rows], batch_size=1000, using_db=conn
            )
        fresh = await Submission.get(id=submission.id).using_db(conn)
        await _event(fresh, actor_name, "updateSubmission", before["status"], None, conn)
        await _audit(fresh, actor, actor_name, "updateSubmission", before, conn)
    return fresh


async def submit(submission: Submission, *, actor: GrantScope, actor_name: str) -> Submission:
    before = snapshot(submission)
    now = timezone.now()
    async with in_transaction() as conn:
        updated = (
            await Submission.filter(id=submission.id, status__in=EDITABLE)
            .using_db(conn)
            .update(status=SubmissionStatus.SUBMITTED, submitted_at=now, updated_at=now)
        )
        if not updated:
            raise Conflict(
                f"Submission {submission.id} is {submission.status}: only DRAFT and REJECTED can be submitted."
            )
        fresh = await Submission.get(id=submission.id).using_db(conn)
        await _event(fresh, actor_name, "submitSubmission", before["status"], None, conn)
        await _audit(fresh, actor, actor_name, "submitSubmission", before, conn)
    return fresh


async def review(
    submission: Submission, *, approve: bool, note: str | None, actor: GrantScope, actor_name: str
) -> Submission:
    """Decide a SUBMITTED submission; an approved report updates the official participation in the same transaction."""
    before = snapshot(submission)
    now: datetime = timezone.now()
    status = SubmissionStatus.APPROVED if approve else SubmissionStatus.REJECTED
    async with in_transaction() as conn:
        updated = (
            await Submission.filter(id=submission.id, status=SubmissionStatus.SUBMITTED)
            .using_db(conn)
            .update(status=status, reviewed_by=actor_name, reviewed_at=now, review_note=note, updated_at=now)
        )
        if not updated:
            raise Conflict(f"Submission {submission.id} is no longer SUBMITTED: someone has decided it already.")
        fresh = await Submission.get(id=submission.id).using_db(conn)
        if approve and fresh.kind == SubmissionKind.PARTICIPATION_REPORT:
            await participation.apply_approval(fresh, now, conn)
        await _event(fresh, actor_name, "reviewSubmission", before["status"], note, conn)
        await _audit(fresh, actor, actor_name, "reviewSubmission", before, conn)
    return fresh


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
    scope: Q, *, school_year: str, quarter: int, within: Q | None, after_code: str | None, limit: int
) -> Page[Unit]:
    """Schools in scope with no SUBMITTED or APPROVED participation report for the year and quarter."""
    reported = Submission.filter(
        school_year=school_year,
        quarter=quarter,
        kind=SubmissionKind.PARTICIPATION_REPORT,
        status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED],
    ).values("school_id")
    query = Unit.filter(scope, level="SCHOOL").exclude(code__in=Subquery(reported))
    if within is not None:
        query = query.filter(within)
    return await keyset_page(query, key="code", after=after_code, limit=limit)
