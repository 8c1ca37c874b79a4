"""What schools send: participation reports and card-issuance lists, with their review history."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from domain.units.models import Unit


class SubmissionKind(StrEnum):
    PARTICIPATION_REPORT = "PARTICIPATION_REPORT"
    CARD_LIST = "CARD_LIST"


class SubmissionStatus(StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class Gender(StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"


class CardType(StrEnum):
    NEW = "NEW"
    RENEWAL = "RENEWAL"


class Submission(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(SubmissionKind, max_length=24)
    status = fields.CharEnumField(SubmissionStatus, max_length=16, default=SubmissionStatus.DRAFT)
    school: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, on_delete=fields.RESTRICT
    )
    school_year = fields.CharField(max_length=9)
    quarter = fields.SmallIntField(null=True)
    students = fields.IntField(null=True)
    via_school = fields.IntField(null=True)
    via_other_groups = fields.IntField(null=True)
    row_count = fields.IntField(default=0)
    created_by = fields.CharField(max_length=64)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    submitted_at = fields.DatetimeField(null=True)
    reviewed_by = fields.CharField(max_length=64, null=True)
    reviewed_at = fields.DatetimeField(null=True)
    review_note = fields.TextField(null=True)

    school_id: str

    class Meta:
        table = "submission"
        indexes = [("school_id", "school_year", "kind", "status")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.id} {self.school_id} {self.school_year} {self.status}"


class SubmissionEvent(Model):
    """The history of a submission: every create, edit, submit and review, with what it looked like then."""

    id = fields.IntField(primary_key=True)
    submission: fields.ForeignKeyRelation[Submission] = fields.ForeignKeyField(
        "models.Submission", related_name="events", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    actor = fields.CharField(max_length=64)
    action = fields.CharField(max_length=32)
    from_status = fields.CharField(max_length=16, null=True)
    to_status = fields.CharField(max_length=16)
    note = fields.TextField(null=True)
    snapshot: fields.JSONField[dict[str, Any]] = fields.JSONField(null=True)

    class Meta:
        table = "submission_event"

    def __str__(self) -> str:
        return f"{self.action} by {self.actor}"


class CardRow(Model):
    """One student of a card list, with the contribution and the rates it was computed with."""

    id = fields.IntField(primary_key=True)
    submission: fields.ForeignKeyRelation[Submission] = fields.ForeignKeyField(
        "models.Submission", related_name="rows", on_delete=fields.CASCADE
    )
    line = fields.IntField()  # order within the list (the file's row number on import)
    full_name = fields.CharField(max_length=255)  # NFC
    date_of_birth = fields.DateField()
    gender = fields.CharEnumField(Gender, max_length=8)
    citizen_id = fields.CharField(max_length=12, null=True)
    social_insurance_number = fields.CharField(max_length=10, null=True)
    class_name = fields.CharField(max_length=64, null=True)
    card_type = fields.CharEnumField(CardType, max_length=8)
    months = fields.SmallIntField()
    valid_from = fields.DateField()
    valid_to = fields.DateField()
    premium = fields.IntField()
    state_support = fields.IntField()
    local_support = fields.IntField()
    student_pays = fields.IntField()
    # Per covered month: base salary, premium rate, central and local support rates, amounts.
    rates: fields.JSONField[list[dict[str, Any]]] = fields.JSONField()

    submission_id: int

    class Meta:
        table = "card_row"
        indexes = [("submission_id", "line")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.date_of_birth})"
