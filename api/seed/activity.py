"""Five school years of programme activity: targets, approved reports, card lists, rewards.

Three on VN63 (2019-2020 to 2021-2022, the years the programme's documents describe) and two on VN34
(2025-2026 and 2026-2027, the current map, drawn from a generator of their own).

Figures follow SPEC section 1: about 95% of students insured in 2019-2020 and
97% in 2020-2021 nationally (a little more in 2021-2022), about four in five
of them through the student category, some schools at 100%, some below
target, and a few schools that have not reported. The schools of the demo
accounts always have a target and an approved report every year.

Seeding writes in bulk; the participation totals are then computed from the
official figures with the same rules approvals apply one by one
(domain.participation.store).
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from types import SimpleNamespace

from tqdm import tqdm

from api.seed.rows import insert_rows
from domain.contributions import store as contributions
from domain.models import (
    CardRow,
    ParticipationTotal,
    Reward,
    RewardForm,
    RewardStatus,
    SchoolParticipation,
    SchoolType,
    Submission,
    SubmissionEvent,
    SubmissionKind,
    SubmissionStatus,
    Target,
    TargetChange,
    UnitNode,
)
from domain.participation.store import Figures, figures_of
from domain.submissions import cardlists
from domain.units.paths import code_of, keys_of

ACTIVITY_MAP = "VN63"  # the map of YEARS
CURRENT_MAP = "VN34"  # the map of CURRENT_YEARS

YEARS = {  # national mean participation, target for provinces/districts/schools
    "2019-2020": (0.952, 95.0),
    "2020-2021": (0.975, 97.0),
    "2021-2022": (0.979, 97.5),
}
CURRENT_YEARS = {  # on VN34, with the 2025 and 2026 base salaries and the 50% central support
    "2025-2026": (0.983, 98.0),
    "2026-2027": (0.985, 98.5),
}
STUDENTS = {
    SchoolType.PRESCHOOL: 220,
    SchoolType.PRIMARY: 650,
    SchoolType.LOWER_SECONDARY: 720,
    SchoolType.UPPER_SECONDARY: 1100,
    SchoolType.MULTI_LEVEL: 800,
    SchoolType.VOCATIONAL: 380,
    SchoolType.COLLEGE: 2200,
    SchoolType.UNIVERSITY: 9000,
}
NOT_REPORTING = 0.03  # schools without an approved report in a year
BATCH = 2000


def _now(year_label: str, month: int, day: int = 15) -> datetime:
    first = int(year_label[:4])
    return datetime(first + (month < 9), month, day, 9, 0, tzinfo=UTC)


def protected_schools(usernames: list[str]) -> set[str]:
    return {u.removeprefix("school-") for u in usernames if u.startswith("school-")}


async def load_activity(protected: set[str], progress: bool = False, seed: int = 20240901) -> dict[str, int]:
    """Everything but units and accounts; expects no activity yet. Returns counts per kind."""
    rng = random.Random(seed)
    units = (
        await UnitNode.filter(map_id=ACTIVITY_MAP)
        .order_by("path")
        .values("code", "unit_id", "path", "level", "school_type", "parent_id")
    )
    schools = [u for u in units if u["school_type"] is not None]
    # Totals count a school under its units on every map it is on (the root once).
    ancestors: dict[str, set[str]] = defaultdict(set)
    for key, path in await UnitNode.filter(school_type__isnull=False).values_list("unit_id", "path"):
        ancestors[str(key)].update(keys_of(str(path)))
    counts: dict[str, int] = defaultdict(int)
    total = (len(YEARS) + len(CURRENT_YEARS)) * len(schools)
    bar = tqdm(total=total, desc="activity", unit="school", disable=not progress, file=sys.stderr)

    def officer_of(province_key: str) -> str:
        return f"province-{code_of(province_key)}" + ("-new" if province_key != code_of(province_key) else "")

    def reviewer_of(school: dict) -> str:
        parent = school["parent_id"]
        if parent == keys_of(school["path"])[1]:
            return officer_of(parent)  # a school its province manages
        return f"district-{parent}" if len(parent) == 3 else f"local-{code_of(parent)}"

    async def one_year(year: str, mean: float, target_rate: float, units: list[dict], rng: random.Random) -> None:
        schools = [u for u in units if u["school_type"] is not None]
        assigned_at = _now(year, 8, 20)
        # Targets: provinces by the national office, districts and schools by their province.
        targets: dict[str, dict] = {}
        school_target: dict[str, float] = {}
        for u in units:
            if u["parent_id"] is None:
                continue  # the nation's target is the programme's: 100%
            is_school = u["school_type"] is not None
            rate = min(100.0, target_rate + rng.choice([-1, -0.5, 0, 0.5])) if is_school else target_rate
            if is_school:
                school_target[u["unit_id"]] = rate
            province = keys_of(u["path"])[1]
            by = "national" if u["unit_id"] == province else officer_of(province)
            targets[u["unit_id"]] = {
                "unit_id": u["unit_id"],
                "school_year": year,
                "target_rate": rate,
                "assigned_by": by,
                "assigned_at": assigned_at,
            }
        await insert_rows(Target, targets.values())
        saved = await Target.filter(school_year=year).values_list("id", "unit_id")
        await insert_rows(
            TargetChange,
            (
                {
                    "target_id": target_id,
                    "old_rate": None,
                    "new_rate": targets[unit]["target_rate"],
                    "changed_by": targets[unit]["assigned_by"],
                    "changed_at": assigned_at,
                    "note": "Giao chỉ tiêu đầu năm học",
                }
                for target_id, unit in saved
                if unit in targets
            ),
        )
        counts["targets"] += len(targets)

        # Participation reports for quarter 2, approved by the district (or the province for its own schools).
        reports: dict[str, dict] = {}
        for school in schools:
            bar.update(1)
            if school["code"] not in protected and rng.random() < NOT_REPORTING:
                continue
            students = max(20, round(rng.lognormvariate(0, 0.35) * STUDENTS[SchoolType(school["school_type"])]))
            if rng.random() < 0.2:
                participation = 1.0
            else:
                participation = min(1.0, max(0.6, rng.gauss(mean - 0.01, 0.035)))
            participants = min(students, round(students * participation))
            via_other = round(participants * rng.uniform(0.12, 0.28))
            reports[school["unit_id"]] = {
                "kind": SubmissionKind.PARTICIPATION_REPORT,
                "status": SubmissionStatus.APPROVED,
                "school_id": school["unit_id"],
                "school_year": year,
                "quarter": 2,
                "students": students,
                "via_school": participants - via_other,
                "via_other_groups": via_other,
                "created_by": f"school-{school['code']}",
                "created_at": _now(year, 12, 10),
                "updated_at": _now(year, 12, 20),
                "submitted_at": _now(year, 12, 12),
                "reviewed_by": reviewer_of(school),
                "reviewed_at": _now(year, 12, 20),
            }
        await insert_rows(Submission, reports.values())
        saved_reports = await Submission.filter(school_year=year, kind=SubmissionKind.PARTICIPATION_REPORT).values_list(
            "id", "school_id"
        )
        facts, events = [], []
        for submission_id, school_id in saved_reports:
            s = reports[school_id]
            facts.append(
                {
                    "school_id": school_id,
                    "school_year": year,
                    "submission_id": submission_id,
                    "quarter": s["quarter"],
                    "approved_at": s["reviewed_at"],
                    "students": s["students"],
                    "via_school": s["via_school"],
                    "via_other_groups": s["via_other_groups"],
                }
            )
            steps = [
                (s["created_at"], s["created_by"], "createSubmission", None, "DRAFT"),
                (s["submitted_at"], s["created_by"], "submitSubmission", "DRAFT", "SUBMITTED"),
                (s["reviewed_at"], s["reviewed_by"], "reviewSubmission", "SUBMITTED", "APPROVED"),
            ]
            events += [
                {
                    "submission_id": submission_id,
                    "at": at,
                    "actor": actor,
                    "action": action,
                    "from_status": before,
                    "to_status": after,
                }
                for at, actor, action, before, after in steps
            ]
        await insert_rows(SchoolParticipation, facts)
        await insert_rows(SubmissionEvent, events)
        counts["reports"] += len(reports)

        # Totals for every school and ancestor, exactly as approvals maintain them.
        totals: dict[str, Figures] = defaultdict(Figures)
        for fact in facts:
            figures = figures_of(SimpleNamespace(**fact), school_target.get(fact["school_id"]))  # type: ignore[arg-type]
            for key in ancestors[fact["school_id"]]:
                totals[key] = totals[key].plus(figures)
        await insert_rows(
            ParticipationTotal, ({"unit_id": code, "school_year": year, **vars(f)} for code, f in totals.items())
        )

    for year, (mean, target_rate) in YEARS.items():
        await one_year(year, mean, target_rate, units, rng)
    counts["card_lists"], counts["card_rows"] = await _card_lists(rng, protected, schools, "2021-2022", reviewer_of)
    # The years on the current map, from a generator of their own: the older years' figures stay as they were.
    new_units = (
        await UnitNode.filter(map_id=CURRENT_MAP)
        .order_by("path")
        .values("code", "unit_id", "path", "level", "school_type", "parent_id")
    )
    current = random.Random(seed + 1)
    for year, (mean, target_rate) in CURRENT_YEARS.items():
        await one_year(year, mean, target_rate, new_units, current)
    new_schools = [u for u in new_units if u["school_type"] is not None]
    lists, rows = await _card_lists(current, protected, new_schools, "2026-2027", reviewer_of)
    counts["card_lists"] += lists
    counts["card_rows"] += rows
    bar.close()
    counts["rewards"] = await _rewards()
    return dict(counts)


GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hương",
    "Khánh",
    "Linh",
    "Minh",
    "Ngọc",
    "Phúc",
    "Quân",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Đức", "Thanh", "Gia", "Bảo"]


async def _card_lists(
    rng: random.Random, protected: set[str], schools: list[dict], year: str, reviewer_of: Callable[[dict], str]
) -> tuple[int, int]:
    """An approved card list for `year` at each demo-account school, computed with the real rules (and the top-up
    of the school's province, none in the demo data)."""
    rules = await contributions.rules()
    by_code = {s["code"]: s for s in schools}
    lists = rows = 0
    for code in sorted(protected):
        school = by_code.get(code)
        if school is None:
            continue
        raw = []
        for i in range(1, 31):
            born = 2011 + rng.randint(0, 3)
            female = rng.random() < 0.5
            raw.append(
                (
                    i + 1,
                    {
                        "full_name": " ".join(
                            [rng.choice(FAMILY), "Thị" if female else rng.choice(MIDDLE), rng.choice(GIVEN)]
                        ),
                        "date_of_birth": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{born}",
                        "gender": "Nữ" if female else "Nam",
                        "citizen_id": f"0{code[:2]}{3 if female else 2}{born % 100:02d}{rng.randint(0, 999999):06d}",
                        "social_insurance_number": f"{code[:2]}{rng.randint(0, 99999999):08d}",
                        "class_name": f"{rng.randint(1, 5)}A{rng.randint(1, 4)}",
                        "card_type": "Gia hạn" if i > 5 else "Cấp mới",
                        "months": 12,
                    },
                )
            )
        prepared = cardlists.prepare(raw, year, rules, [])
        submission = await Submission.create(
            kind=SubmissionKind.CARD_LIST,
            status=SubmissionStatus.APPROVED,
            school_id=code,
            school_year=year,
            row_count=len(prepared),
            created_by=f"school-{code}",
            created_at=_now(year, 9, 10),
            updated_at=_now(year, 9, 20),
            submitted_at=_now(year, 9, 12),
            reviewed_by=reviewer_of(school),
            reviewed_at=_now(year, 9, 20),
        )
        await CardRow.bulk_create([CardRow(submission_id=submission.id, **row) for row in prepared])
        lists += 1
        rows += len(prepared)
    return lists, rows


async def _rewards() -> int:
    """A few decided and pending nominations, by the demo officers."""
    specs = [
        # year, recipient, person, form, status, nominator, nominator unit, decider
        (
            "2019-2020",
            "760",
            None,
            RewardForm.CERTIFICATE_OF_MERIT,
            RewardStatus.APPROVED,
            "province-79",
            "79",
            "national",
        ),
        (
            "2020-2021",
            "79760001",
            None,
            RewardForm.LETTER_OF_COMMENDATION,
            RewardStatus.APPROVED,
            "district-760",
            "760",
            "province-79",
        ),
        (
            "2020-2021",
            "79760001",
            ("Nguyễn Thị Lan", "Hiệu trưởng"),
            RewardForm.LETTER_OF_COMMENDATION,
            RewardStatus.APPROVED,
            "district-760",
            "760",
            "province-79",
        ),
        (
            "2021-2022",
            "01001001",
            None,
            RewardForm.LETTER_OF_COMMENDATION,
            RewardStatus.NOMINATED,
            "district-001",
            "001",
            None,
        ),
        ("2021-2022", "79", None, RewardForm.CERTIFICATE_OF_MERIT, RewardStatus.NOMINATED, "national", "VN", None),
        # on the current map
        (
            "2025-2026",
            "79760001",
            None,
            RewardForm.LETTER_OF_COMMENDATION,
            RewardStatus.APPROVED,
            "local-79",
            "26740",
            "province-79-new",
        ),
        (
            "2026-2027",
            "26740",
            None,
            RewardForm.LETTER_OF_COMMENDATION,
            RewardStatus.NOMINATED,
            "province-79-new",
            "79@VN34",
            None,
        ),
    ]
    await Reward.bulk_create(
        [
            Reward(
                school_year=year,
                recipient_unit_id=recipient,
                person_name=person[0] if person else None,
                person_position=person[1] if person else None,
                form=form,
                reason="Hoàn thành vượt chỉ tiêu BHYT học sinh, sinh viên năm học " + year,
                status=status,
                nominated_by=nominator,
                nominator_unit_id=unit,
                nominated_at=_now(year, 6, 1),
                decided_by=decider,
                decided_at=_now(year, 6, 20) if decider else None,
            )
            for year, recipient, person, form, status, nominator, unit, decider in specs
        ]
    )
    return len(specs)
