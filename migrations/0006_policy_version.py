from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0005_app_state")]

    initial = False

    operations = [
        ops.AddField(
            model_name="AppState",
            name="policy_version",
            field=fields.BigIntField(default=0, db_default=0),
        ),
    ]
