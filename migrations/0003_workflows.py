from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from domain.rewards.models import RewardForm, RewardStatus
from domain.submissions.models import CardType, Gender, SubmissionKind, SubmissionStatus


class Migration(migrations.Migration):
    dependencies = [("models", "0002_path_byte_order")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ContributionRule",
            fields=[
                ("valid_from", fields.DateField(primary_key=True, unique=True, db_index=True)),
                ("base_salary", fields.IntField()),
                ("premium_rate", fields.DecimalField(max_digits=6, decimal_places=4)),
                ("central_support_rate", fields.DecimalField(max_digits=6, decimal_places=4)),
                ("legal_basis", fields.CharField(default="", max_length=255)),
            ],
            options={
                "table": "contribution_rule",
                "app": "models",
                "pk_attr": "valid_from",
                "table_description": "From `valid_from` on: the statutory base salary, the premium rate and the central support rate.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LocalSupport",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "province",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="province_id",
                        db_constraint=True,
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("valid_from", fields.DateField()),
                ("rate", fields.DecimalField(max_digits=6, decimal_places=4)),
                ("set_by", fields.CharField(max_length=64)),
                ("set_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "local_support",
                "app": "models",
                "unique_together": (("province", "valid_from"),),
                "pk_attr": "id",
                "table_description": "A province's own top-up of the support rate, from a date on (0 until set).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ParticipationTotal",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "unit",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="unit_id",
                        db_constraint=True,
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("school_year", fields.CharField(max_length=9)),
                ("students", fields.BigIntField(default=0)),
                ("via_school", fields.BigIntField(default=0)),
                ("via_other_groups", fields.BigIntField(default=0)),
                ("schools_reporting", fields.IntField(default=0)),
                ("schools_below_target", fields.IntField(default=0)),
                ("schools_at_full", fields.IntField(default=0)),
            ],
            options={
                "table": "participation_total",
                "app": "models",
                "unique_together": (("unit", "school_year"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Reward",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("school_year", fields.CharField(max_length=9)),
                (
                    "recipient_unit",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="recipient_unit_id",
                        db_constraint=True,
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("recipient_path", fields.CharField(max_length=128)),
                ("person_name", fields.CharField(null=True, max_length=255)),
                ("person_position", fields.CharField(null=True, max_length=255)),
                (
                    "form",
                    fields.CharEnumField(
                        description="CERTIFICATE_OF_MERIT: CERTIFICATE_OF_MERIT\nLETTER_OF_COMMENDATION: LETTER_OF_COMMENDATION",
                        enum_type=RewardForm,
                        max_length=32,
                    ),
                ),
                ("reason", fields.TextField(unique=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=RewardStatus.NOMINATED,
                        description="NOMINATED: NOMINATED\nAPPROVED: APPROVED\nREJECTED: REJECTED",
                        enum_type=RewardStatus,
                        max_length=16,
                    ),
                ),
                ("nominated_by", fields.CharField(max_length=64)),
                (
                    "nominator_unit",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="nominator_unit_id",
                        db_constraint=True,
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("nominator_path", fields.CharField(max_length=128)),
                ("nominated_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("decided_by", fields.CharField(null=True, max_length=64)),
                ("decided_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("decision_note", fields.TextField(null=True, unique=False)),
            ],
            options={
                "table": "reward",
                "app": "models",
                "indexes": [Index(fields=["recipient_path", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Submission",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="PARTICIPATION_REPORT: PARTICIPATION_REPORT\nCARD_LIST: CARD_LIST",
                        enum_type=SubmissionKind,
                        max_length=24,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=SubmissionStatus.DRAFT,
                        description="DRAFT: DRAFT\nSUBMITTED: SUBMITTED\nAPPROVED: APPROVED\nREJECTED: REJECTED",
                        enum_type=SubmissionStatus,
                        max_length=16,
                    ),
                ),
                (
                    "school",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="school_id",
                        db_constraint=True,
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("school_path", fields.CharField(max_length=128)),
                ("school_year", fields.CharField(max_length=9)),
                ("quarter", fields.SmallIntField(null=True)),
                ("students", fields.IntField(null=True)),
                ("via_school", fields.IntField(null=True)),
                ("via_other_groups", fields.IntField(null=True)),
                ("row_count", fields.IntField(default=0)),
                ("created_by", fields.CharField(max_length=64)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("updated_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("submitted_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("reviewed_by", fields.CharField(null=True, max_length=64)),
                ("reviewed_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("review_note", fields.TextField(null=True, unique=False)),
            ],
            options={
                "table": "submission",
                "app": "models",
                "indexes": [
                    Index(fields=["school_path", "id"]),
                    Index(fields=["school_id", "school_year", "kind", "status"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CardRow",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "submission",
                    fields.ForeignKeyField(
                        "models.Submission",
                        source_field="submission_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="rows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("line", fields.IntField()),
                ("full_name", fields.CharField(max_length=255)),
                ("date_of_birth", fields.DateField()),
                (
                    "gender",
                    fields.CharEnumField(description="MALE: MALE\nFEMALE: FEMALE", enum_type=Gender, max_length=8),
                ),
                ("citizen_id", fields.CharField(null=True, max_length=12)),
                ("social_insurance_number", fields.CharField(null=True, max_length=10)),
                ("class_name", fields.CharField(null=True, max_length=64)),
                (
                    "card_type",
                    fields.CharEnumField(description="NEW: NEW\nRENEWAL: RENEWAL", enum_type=CardType, max_length=8),
                ),
                ("months", fields.SmallIntField()),
                ("valid_from", fields.DateField()),
                ("valid_to", fields.DateField()),
                ("premium", fields.IntField()),
                ("state_support", fields.IntField()),
                ("local_support", fields.IntField()),
                ("student_pays", fields.IntField()),
                ("rates", fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "card_row",
                "app": "models",
                "indexes": [Index(fields=["submission_id", "line"])],
                "pk_attr": "id",
                "table_description": "One student of a card list, with the contribution and the rates it was computed with.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SchoolParticipation",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "school",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="school_id",
                        db_constraint=True,
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("school_year", fields.CharField(max_length=9)),
                (
                    "submission",
                    fields.ForeignKeyField(
                        "models.Submission",
                        source_field="submission_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("quarter", fields.SmallIntField()),
                ("approved_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("students", fields.IntField()),
                ("via_school", fields.IntField()),
                ("via_other_groups", fields.IntField()),
            ],
            options={
                "table": "school_participation",
                "app": "models",
                "unique_together": (("school", "school_year"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SubmissionEvent",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "submission",
                    fields.ForeignKeyField(
                        "models.Submission",
                        source_field="submission_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("actor", fields.CharField(max_length=64)),
                ("action", fields.CharField(max_length=32)),
                ("from_status", fields.CharField(null=True, max_length=16)),
                ("to_status", fields.CharField(max_length=16)),
                ("note", fields.TextField(null=True, unique=False)),
                ("snapshot", fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "submission_event",
                "app": "models",
                "pk_attr": "id",
                "table_description": "The history of a submission: every create, edit, submit and review, with what it looked like then.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Target",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "unit",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="unit_id",
                        db_constraint=True,
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("unit_path", fields.CharField(max_length=128)),
                ("school_year", fields.CharField(max_length=9)),
                ("target_rate", fields.FloatField()),
                ("target_participants", fields.IntField(null=True)),
                ("assigned_by", fields.CharField(max_length=64)),
                ("assigned_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "target",
                "app": "models",
                "unique_together": (("unit", "school_year"),),
                "indexes": [Index(fields=["school_year", "unit_path"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="TargetChange",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "target",
                    fields.ForeignKeyField(
                        "models.Target",
                        source_field="target_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="changes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("old_rate", fields.FloatField(null=True)),
                ("new_rate", fields.FloatField()),
                ("old_participants", fields.IntField(null=True)),
                ("new_participants", fields.IntField(null=True)),
                ("note", fields.TextField(null=True, unique=False)),
                ("changed_by", fields.CharField(max_length=64)),
                ("changed_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "target_change",
                "app": "models",
                "pk_attr": "id",
                "table_description": "Who changed a target, when, from what to what.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Unit",
            name="school_count",
            field=fields.IntField(default=0),
        ),
    ]
