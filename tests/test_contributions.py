"""Worked amounts of DOMAIN.md section 1, through the same rules the migration seeds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.contributions.compute import NoRuleInForce, Rule, compute

RULES = [
    Rule(date(2019, 7, 1), 1_490_000, Decimal("0.045"), Decimal("0.30")),
    Rule(date(2023, 7, 1), 1_800_000, Decimal("0.045"), Decimal("0.30")),
    Rule(date(2024, 7, 1), 2_340_000, Decimal("0.045"), Decimal("0.30")),
    Rule(date(2025, 7, 1), 2_340_000, Decimal("0.045"), Decimal("0.50")),
    Rule(date(2026, 7, 1), 2_530_000, Decimal("0.045"), Decimal("0.50")),
]


def test_2019_2023_month_67050_state_20115_student_46935() -> None:
    c = compute(date(2021, 1, 1), 1, RULES, [])
    assert (c.premium, c.state_support, c.student_pays) == (67_050, 20_115, 46_935)


def test_2024_25_year_1263600_student_884520_state_379080() -> None:
    c = compute(date(2024, 7, 1), 12, RULES, [])
    assert (c.premium, c.state_support, c.student_pays) == (1_263_600, 379_080, 884_520)
    assert c.valid_to == date(2025, 6, 30)


def test_from_july_2025_half_is_supported_52650_a_month() -> None:
    c = compute(date(2025, 7, 1), 12, RULES, [])
    assert c.student_pays == 631_800 and c.rates[0]["studentPays"] == 52_650


def test_from_july_2026_the_new_base_salary_gives_683100_a_year() -> None:
    c = compute(date(2026, 7, 1), 12, RULES, [])
    assert (c.premium, c.student_pays) == (1_366_200, 683_100)


def test_a_year_across_the_reform_applies_each_months_rules() -> None:
    c = compute(date(2025, 1, 1), 12, RULES, [])
    assert c.premium == 12 * 105_300
    assert c.state_support == 6 * 31_590 + 6 * 52_650
    assert c.valid_to == date(2025, 12, 31)


def test_dien_bien_tops_up_20_percent_so_families_pay_30_percent_from_2025_26() -> None:
    local = [(date(2024, 9, 1), Decimal("0.20"))]
    c = compute(date(2025, 7, 1), 12, RULES, local)
    assert c.student_pays == 379_080
    before = compute(date(2024, 7, 1), 12, RULES, local)  # July-August 2024 without the top-up
    assert before.local_support == 10 * 21_060


def test_support_never_makes_the_student_pay_less_than_zero() -> None:
    c = compute(date(2025, 7, 1), 3, RULES, [(date(2025, 1, 1), Decimal("0.80"))])
    assert c.student_pays == 0 and c.local_support + c.state_support == c.premium


def test_validity_ends_on_the_last_day_of_the_last_covered_month() -> None:
    assert compute(date(2024, 1, 1), 12, RULES, []).valid_to == date(2024, 12, 31)
    assert compute(date(2023, 10, 1), 15, RULES, []).valid_to == date(2024, 12, 31)
    assert compute(date(2024, 1, 1), 3, RULES, []).valid_to == date(2024, 3, 31)


def test_a_month_before_any_rule_is_refused() -> None:
    with pytest.raises(NoRuleInForce):
        compute(date(2010, 1, 1), 3, RULES, [])
