"""The dated contribution rules of DOMAIN.md section 2 (base salary) and section 1 (4.5% premium, support 30% -> 50%).

Data, not code: logic reads whatever rule is in force for a month. A change of
law is a new migration adding a row.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

# valid_from, base salary (VND/month), premium rate, central support rate, legal basis
RULES = [
    ("2018-07-01", 1_390_000, "0.045", "0.30", "Decree 72/2018 (base salary); Decree 146/2018 Art. 7-8"),
    ("2019-07-01", 1_490_000, "0.045", "0.30", "Decree 38/2019/ND-CP; Decree 146/2018 Art. 7-8"),
    ("2023-07-01", 1_800_000, "0.045", "0.30", "Decree 24/2023/ND-CP; Decree 146/2018 Art. 7-8"),
    ("2024-07-01", 2_340_000, "0.045", "0.30", "Decree 73/2024/ND-CP; Decree 146/2018 Art. 7-8"),
    ("2025-07-01", 2_340_000, "0.045", "0.50", "Decree 188/2025/ND-CP Art. 6(5): support at least 50%"),
    ("2026-07-01", 2_530_000, "0.045", "0.50", "Decree 161/2026/ND-CP; Decree 188/2025/ND-CP"),
]


async def add_rules(apps, schema_editor) -> None:
    for valid_from, base, premium, central, basis in RULES:
        await schema_editor.client.execute_script(
            "INSERT INTO contribution_rule (valid_from, base_salary, premium_rate, central_support_rate, legal_basis) "
            f"VALUES ('{valid_from}', {base}, {premium}, {central}, '{basis}')"
        )


async def remove_rules(apps, schema_editor) -> None:
    dates = ", ".join(f"'{r[0]}'" for r in RULES)
    await schema_editor.client.execute_script(f"DELETE FROM contribution_rule WHERE valid_from IN ({dates})")


class Migration(migrations.Migration):
    dependencies = [("models", "0003_workflows")]

    operations = [ops.RunPython(add_rules, remove_rules)]
