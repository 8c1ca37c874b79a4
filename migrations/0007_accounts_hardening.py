from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0006_policy_version")]

    initial = False

    operations = [
        ops.CreateModel(
            name="LoginFailure",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("username", fields.CharField(max_length=64)),
                ("address", fields.CharField(max_length=64)),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "login_failure",
                "app": "models",
                "indexes": [Index(fields=["username", "at"]), Index(fields=["address", "at"])],
                "pk_attr": "id",
                "table_description": "A failed login, kept for the throttling window: per username (as typed) and per client address.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="User",
            name="token_version",
            field=fields.IntField(default=0, db_default=0),
        ),
    ]
