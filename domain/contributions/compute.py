"""A card row's contribution (SPEC section 4): month by month, with the rules in force each month.

premium = round(premium rate x base salary); state and local support = round(premium x rate);
the student pays the rest, never below zero. Whole VND, rounded half up, per month.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar


@dataclass(frozen=True)
class Rule:
    valid_from: date
    base_salary: int
    premium_rate: Decimal
    central_support_rate: Decimal


Dated = TypeVar("Dated", Rule, tuple[date, Decimal])  # a rule, or a (date, rate) top-up


@dataclass(frozen=True)
class Contribution:
    valid_to: date
    premium: int
    state_support: int
    local_support: int
    student_pays: int
    rates: list[dict[str, Any]]  # one entry per covered month: what was applied


class NoRuleInForce(ValueError):
    pass


def vnd(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def add_months(start: date, months: int) -> date:
    index = start.month - 1 + months
    return date(start.year + index // 12, index % 12 + 1, 1)


def last_day(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def in_force(dated: Sequence[Dated], month: date) -> Dated | None:
    """The latest entry whose date is on or before `month` (entries sorted by date)."""
    current = None
    for entry in dated:
        start = entry.valid_from if isinstance(entry, Rule) else entry[0]
        if start <= month:
            current = entry
        else:
            break
    return current


def compute(valid_from: date, months: int, rules: list[Rule], local_rates: list[tuple[date, Decimal]]) -> Contribution:
    """`rules` and `local_rates` sorted by date; a month before every rule raises NoRuleInForce."""
    totals = {"premium": 0, "state": 0, "local": 0, "student": 0}
    applied = []
    for i in range(months):
        month = add_months(valid_from, i)
        rule = in_force(rules, month)
        if rule is None:
            raise NoRuleInForce(f"no contribution rule in force in {month:%m/%Y}")
        local_entry = in_force(local_rates, month)
        local_rate = local_entry[1] if local_entry else Decimal(0)
        premium = vnd(rule.premium_rate * rule.base_salary)
        state = min(premium, vnd(premium * rule.central_support_rate))
        local = min(premium - state, vnd(premium * local_rate))
        student = premium - state - local
        totals["premium"] += premium
        totals["state"] += state
        totals["local"] += local
        totals["student"] += student
        applied.append(
            {
                "month": month.isoformat(),
                "baseSalary": rule.base_salary,
                "premiumRate": str(rule.premium_rate),
                "centralSupportRate": str(rule.central_support_rate),
                "localSupportRate": str(local_rate),
                "premium": premium,
                "stateSupport": state,
                "localSupport": local,
                "studentPays": student,
            }
        )
    return Contribution(
        valid_to=last_day(add_months(valid_from, months - 1)),
        premium=totals["premium"],
        state_support=totals["state"],
        local_support=totals["local"],
        student_pays=totals["student"],
        rates=applied,
    )
