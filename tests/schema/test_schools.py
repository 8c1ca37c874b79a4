"""SPEC section 9: schools open, move and close; dated, audited, in `Unit.history`, and the rollups follow.

Each test builds a small tree of its own under a root of its own, on both maps: two provinces; the first
with two communes (VN34) in one district (VN63), the second with one. Nothing another test writes is under it.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass

import pytest

from api.seed.accounts import DEMO_PASSWORD
from api.seed.load import OLD_MAP, write_nodes
from api.seed.reform import NEW_MAP
from api.seed.tree import UnitRow
from domain.accounts.passwords import hash_password
from domain.models import AuditEntry, RoleGrant, SchoolType, Unit, User
from domain.units.models import SchoolCountChange, SchoolPlacement, UnitEvent, UnitNode
from policies.roles import Role
from tests.conftest import GraphQLClient, error_codes

OPEN = """mutation($i: OpenSchoolInput!) { openSchool(input: $i) { code level map path openedOn closedOn
  history { action from parentCode actor } } }"""
MOVE = """mutation($c: String!, $p: String!, $f: Date!) { moveSchool(code: $c, parentCode: $p, from: $f) {
  code path parent { code } history { action from parentCode actor } } }"""
CLOSE = """mutation($c: String!, $d: Date!) { closeSchool(code: $c, on: $d) { code closedOn
  history { action from } } }"""
REPORT = """query($y: String!, $g: UnitLevel!, $w: String, $m: String) { participationReport(schoolYear: $y,
  groupBy: $g, withinCode: $w, map: $m) { unit { code } students schoolsReporting schoolsExpected complete } }"""
CREATE = """mutation($s: String!, $y: String!, $q: Int) { createSubmission(input: {schoolCode: $s, schoolYear: $y,
  kind: PARTICIPATION_REPORT, quarter: $q, students: 100, viaSchool: 80, viaOtherGroups: 10}) { id } }"""
SUBMIT = """mutation($id: ID!) { submitSubmission(id: $id) { status } }"""
REVIEW = """mutation($id: ID!) { reviewSubmission(id: $id, decision: APPROVE) { status } }"""
CARD_LIST = """mutation($s: String!, $y: String!, $rows: [CardRowInput!]) { createSubmission(input: {schoolCode: $s,
  schoolYear: $y, kind: CARD_LIST, rows: $rows}) { rows { edges { node { localSupport studentPays } } } } }"""
MISSING = """query($y: String!, $w: String) { missingReports(schoolYear: $y, quarter: 1, withinCode: $w, first: 50) {
  edges { node { code } } } }"""

_numbers = itertools.count(1)


@dataclass(frozen=True)
class Tree:
    root: str
    p1: str  # a province code (the same on both maps: a unit per map)
    p2: str
    district1: str  # VN63, under p1: schools a, b
    district2: str  # VN63, under p2: school c
    c1a: str  # VN34 communes of p1
    c1b: str
    c2: str  # VN34 commune of p2
    a: str
    b: str
    c: str

    admin = property(lambda self: f"t-admin-{self.root}")
    officer1 = property(lambda self: f"t-p1-{self.root}")
    officer2 = property(lambda self: f"t-p2-{self.root}")
    old_officer1 = property(lambda self: f"t-p1old-{self.root}")
    local1 = property(lambda self: f"t-l1-{self.root}")
    local2 = property(lambda self: f"t-l2-{self.root}")

    def staff(self, school: str) -> str:
        return f"t-s-{school}"


@pytest.fixture
async def tree(app: object) -> Tree:
    n = next(_numbers)
    root, p1, p2 = f"6{n:04d}", f"5{n:03d}1", f"5{n:03d}2"
    t = Tree(
        root,
        p1,
        p2,
        f"4{n:03d}1",
        f"4{n:03d}2",
        f"4{n:03d}3",
        f"4{n:03d}4",
        f"4{n:03d}5",
        *(f"5{n:03d}20{i:04d}" for i in (1, 2, 3)),
    )
    school = SchoolType.PRIMARY
    await write_nodes(
        OLD_MAP,
        [
            UnitRow(root, f"Cây {n}", "NATION", "", None),
            UnitRow(p1, "Tỉnh một", "PROVINCE", "", root),
            UnitRow(p2, "Tỉnh hai", "PROVINCE", "", root),
            UnitRow(t.district1, "Huyện một", "DISTRICT", "", p1),
            UnitRow(t.district2, "Huyện hai", "DISTRICT", "", p2),
            UnitRow(t.a, "Trường A", "SCHOOL", "", t.district1, school),
            UnitRow(t.b, "Trường B", "SCHOOL", "", t.district1, school),
            UnitRow(t.c, "Trường C", "SCHOOL", "", t.district2, school),
        ],
    )
    n1, n2 = f"{p1}@{NEW_MAP}", f"{p2}@{NEW_MAP}"
    await write_nodes(
        NEW_MAP,
        [
            UnitRow(root, f"Cây {n}", "NATION", "", None),
            UnitRow(n1, "Tỉnh một", "PROVINCE", "", root, display_code=p1),
            UnitRow(n2, "Tỉnh hai", "PROVINCE", "", root, display_code=p2),
            UnitRow(t.c1a, "Xã một A", "COMMUNE", "", n1),
            UnitRow(t.c1b, "Xã một B", "COMMUNE", "", n1),
            UnitRow(t.c2, "Xã hai", "COMMUNE", "", n2),
            UnitRow(t.a, "Trường A", "SCHOOL", "", t.c1a, school),
            UnitRow(t.b, "Trường B", "SCHOOL", "", t.c1a, school),
            UnitRow(t.c, "Trường C", "SCHOOL", "", t.c2, school),
        ],
    )
    password = hash_password(DEMO_PASSWORD)
    accounts = [
        (t.admin, [(Role.NATIONAL_ADMIN, root)]),
        (t.officer1, [(Role.PROVINCIAL_OFFICER, n1)]),
        (t.officer2, [(Role.PROVINCIAL_OFFICER, n2)]),
        (t.old_officer1, [(Role.PROVINCIAL_OFFICER, p1)]),
        (t.local1, [(Role.LOCAL_OFFICER, t.c1a), (Role.LOCAL_OFFICER, t.c1b)]),
        (t.local2, [(Role.LOCAL_OFFICER, t.c2)]),
        *((t.staff(s), [(Role.SCHOOL_STAFF, s)]) for s in (t.a, t.b, t.c)),
    ]
    for username, held in accounts:
        user = await User.create(username=username, full_name=username, password_hash=password, created_by="test")
        for role, key in held:
            await RoleGrant.create(user=user, role=role, unit_id=key, granted_by="test")
    return t


async def ok(gql: GraphQLClient, user: str, query: str, variables: dict) -> dict:
    body = await gql.as_user(user, query, variables)
    assert "errors" not in body, body
    return body["data"]


async def approved(gql: GraphQLClient, t: Tree, school: str, year: str, reviewer: str, quarter: int = 1) -> None:
    sid = (await ok(gql, t.staff(school), CREATE, {"s": school, "y": year, "q": quarter}))["createSubmission"]["id"]
    await ok(gql, t.staff(school), SUBMIT, {"id": sid})
    assert (await ok(gql, reviewer, REVIEW, {"id": sid}))["reviewSubmission"]["status"] == "APPROVED"


async def rows(gql: GraphQLClient, t: Tree, year: str, group: str = "PROVINCE", map_code: str | None = None) -> dict:
    data = await ok(gql, t.admin, REPORT, {"y": year, "g": group, "w": t.root, "m": map_code})
    return {r["unit"]["code"]: r for r in data["participationReport"]}


def figures(row: dict) -> tuple[int, int, int]:
    return row["students"], row["schoolsReporting"], row["schoolsExpected"]


async def stored(t: Tree) -> tuple[int, ...]:
    """What a refused change must leave as it was."""
    return (
        await Unit.filter(key__startswith=t.p1[:4]).count(),
        await UnitEvent.filter(unit_id__in=[t.a, t.b, t.c]).count(),
        await SchoolPlacement.filter(school_id__in=[t.a, t.b, t.c]).count(),
        await SchoolCountChange.all().count(),
        await AuditEntry.filter(record_type="Unit").count(),
        tuple(await UnitNode.filter(unit_id__in=[t.a, t.b, t.c]).order_by("id").values_list("path", flat=True)),
    )


# ---------------------------------------------------------------- open


async def test_a_provincial_officer_opens_a_school_counted_from_its_year(gql: GraphQLClient, tree: Tree) -> None:
    t = tree
    code = f"{t.p1}9001"
    before = {y: await rows(gql, t, y) for y in ("2025-2026", "2026-2027", "2027-2028")}
    data = await ok(
        gql,
        t.officer1,
        OPEN,
        {
            "i": {
                "code": code,
                "name": "Trường mới",
                "schoolType": "PRIMARY",
                "parentCode": t.c1b,
                "openedOn": "2026-10-05",
            }
        },
    )
    school = data["openSchool"]
    assert (school["level"], school["map"], school["path"]) == ("SCHOOL", "VN34", f"{t.root}.{t.p1}.{t.c1b}.{code}")
    assert (school["openedOn"], school["closedOn"]) == ("2026-10-05", None)
    assert school["history"] == [{"action": "OPEN", "from": "2026-10-05", "parentCode": t.c1b, "actor": t.officer1}]
    after = {y: await rows(gql, t, y) for y in before}
    # Opened during 2026-2027 (after its 1 September): expected from that year on, not before.
    assert after["2025-2026"][t.p1]["schoolsExpected"] == before["2025-2026"][t.p1]["schoolsExpected"]
    for year in ("2026-2027", "2027-2028"):
        assert after[year][t.p1]["schoolsExpected"] == before[year][t.p1]["schoolsExpected"] + 1
        assert after[year][t.p2] == before[year][t.p2]
    # Never open on VN63: not listed there, in no VN63 grant's scope, but restated reports expect it.
    assert (await ok(gql, t.admin, 'query($c: String!) { unit(code: $c, map: "VN63") { code } }', {"c": code}))[
        "unit"
    ] is None
    restated = await rows(gql, t, "2026-2027", map_code="VN63")
    assert sum(r["schoolsExpected"] for r in restated.values()) == 4
    assert sum(r["schoolsExpected"] for r in (await rows(gql, t, "2025-2026", map_code="VN63")).values()) == 3
    # The school's staff can be given a grant, its commune's officer reviews its first report.
    assert (await ok(gql, t.local1, "query($c: String!) { unit(code: $c) { code parent { code } } }", {"c": code}))[
        "unit"
    ] == {"code": code, "parent": {"code": t.c1b}}
    entry = await AuditEntry.filter(action="openSchool", record_id=code).get()
    assert (entry.actor, entry.unit_id) == (t.officer1, code)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"code": "1234567"}, "BAD_USER_INPUT"),  # 7 digits
        ({"code": "12345678901"}, "BAD_USER_INPUT"),  # 11 digits
        ({"code": "١٢٣٤٥٦٧٨"}, "BAD_USER_INPUT"),  # Arabic-Indic digits
        ({"code": "1234567A"}, "BAD_USER_INPUT"),
        ({"name": ""}, "BAD_USER_INPUT"),
        ({"name": '=HYPERLINK("x")\u0000'}, "BAD_USER_INPUT"),
        ({"name": "x" * 300}, "BAD_USER_INPUT"),
        ({"openedOn": "2024-09-01"}, "BAD_USER_INPUT"),  # before the current map: VN63's time
        ({"openedOn": "2101-01-01"}, "BAD_USER_INPUT"),
        ({"openedOn": "1999-12-31"}, "BAD_USER_INPUT"),
        ({"parentCode": "ROOT"}, "NOT_FOUND"),
        ({"parentCode": "VN"}, "NOT_FOUND"),  # outside the tree's scope
    ],
)
async def test_bad_openings_store_nothing(gql: GraphQLClient, tree: Tree, change: dict, code: str) -> None:
    t = tree
    opening = {
        "code": f"{t.p1}9002",
        "name": "Trường mới",
        "schoolType": "PRIMARY",
        "parentCode": t.c1a,
        "openedOn": "2026-10-05",
    } | change
    before = await stored(t)
    body = await gql.as_user(t.officer1, OPEN, {"i": opening})
    assert error_codes(body) == [code], body
    assert await stored(t) == before


async def test_an_opening_must_be_in_scope_under_a_commune_or_province_and_new(gql: GraphQLClient, tree: Tree) -> None:
    t = tree
    opening = {"code": f"{t.p1}9003", "name": "Trường mới", "schoolType": "PRIMARY", "openedOn": "2026-10-05"}
    before = await stored(t)
    for user, parent, code in [
        (t.officer1, t.c2, "NOT_FOUND"),  # another province's commune: out of sight, as if absent
        (t.officer1, t.a, "BAD_USER_INPUT"),  # a school is no parent
        (t.officer1, t.root, "BAD_USER_INPUT"),  # seen above its province, and no place for a school
        (t.local1, t.c1a, "FORBIDDEN"),  # a grassroots officer does not manage schools
        (t.old_officer1, t.c1a, "FORBIDDEN"),  # a grant on the old map's province: not on the current map
        (t.staff(t.a), t.c1a, "FORBIDDEN"),
    ]:
        body = await gql.as_user(user, OPEN, {"i": opening | {"parentCode": parent}})
        assert error_codes(body) == [code], (user, parent, body)
    duplicate = await gql.as_user(t.admin, OPEN, {"i": opening | {"code": t.a, "parentCode": t.c1a}})
    assert error_codes(duplicate) == ["CONFLICT"]
    assert await stored(t) == before
    # Directly under its province (a school the province manages) is a place too.
    data = await ok(gql, t.officer1, OPEN, {"i": opening | {"parentCode": t.p1}})
    assert data["openSchool"]["path"] == f"{t.root}.{t.p1}.{t.p1}9003"


# ---------------------------------------------------------------- move


async def test_a_move_between_provinces_moves_the_totals_of_the_years_it_affects_only(
    gql: GraphQLClient, tree: Tree
) -> None:
    t = tree
    await approved(gql, t, t.a, "2025-2026", t.local1)
    await approved(gql, t, t.a, "2026-2027", t.local1)
    await approved(gql, t, t.a, "2024-2025", t.admin)  # a VN63 year, restated
    before = {y: await rows(gql, t, y) for y in ("2024-2025", "2025-2026", "2026-2027", "2027-2028")}
    old_map_before = await rows(gql, t, "2026-2027", map_code="VN63")
    refused = await gql.as_user(t.officer1, MOVE, {"c": t.a, "p": t.c2, "f": "2026-09-01"})
    assert error_codes(refused) == ["NOT_FOUND"]  # a provincial officer moves within its province only
    data = await ok(gql, t.admin, MOVE, {"c": t.a, "p": t.c2, "f": "2026-09-01"})
    moved = data["moveSchool"]
    assert (moved["path"], moved["parent"]) == (f"{t.root}.{t.p2}.{t.c2}.{t.a}", {"code": t.c2})
    assert moved["history"] == [{"action": "MOVE", "from": "2026-09-01", "parentCode": t.c2, "actor": t.admin}]
    after = {y: await rows(gql, t, y) for y in before}
    # 2026-2027 starts on the day of the move: the school's figures and its place in the counts move with it.
    assert figures(after["2026-2027"][t.p1]) == (0, 0, 1)
    assert figures(after["2026-2027"][t.p2]) == (100, 1, 2)
    assert figures(after["2027-2028"][t.p1])[2] == 1 and figures(after["2027-2028"][t.p2])[2] == 2
    # Years that started before stay where they were, on both sides.
    for year in ("2024-2025", "2025-2026"):
        assert after[year] == before[year], year
    assert figures(after["2025-2026"][t.p1]) == (100, 1, 2)
    # VN63 ended before the move: a restated report keeps the school in its old province.
    assert await rows(gql, t, "2026-2027", map_code="VN63") == old_map_before
    # The national total is the same however it is grouped.
    for year in before:
        assert sum(r["students"] for r in after[year].values()) == sum(r["students"] for r in before[year].values())
    # An approval made later for a year before the move still counts where the school was then.
    await approved(gql, t, t.a, "2025-2026", t.local2, quarter=2)
    assert figures((await rows(gql, t, "2025-2026"))[t.p1])[:2] == (100, 1)
    assert figures((await rows(gql, t, "2025-2026"))[t.p2])[:2] == (0, 0)
    # Records follow the school: the new province's officer reads its whole history, the old one nothing.
    query = """query($c: String!) { unit(code: $c) { code submissions { totalCount } } }"""
    assert (await ok(gql, t.officer2, query, {"c": t.a}))["unit"]["submissions"]["totalCount"] == 4
    assert (await ok(gql, t.officer1, query, {"c": t.a}))["unit"] is None


async def test_a_move_from_a_later_day_leaves_the_year_it_falls_in(gql: GraphQLClient, tree: Tree) -> None:
    t = tree
    await approved(gql, t, t.b, "2026-2027", t.local1)
    before = await rows(gql, t, "2026-2027", group="COMMUNE")
    data = await ok(gql, t.officer1, MOVE, {"c": t.b, "p": t.c1b, "f": "2026-12-01"})
    assert data["moveSchool"]["parent"] == {"code": t.c1b}
    # 2026-2027 started on 1 September, before the move: the school counts under c1a for it.
    assert await rows(gql, t, "2026-2027", group="COMMUNE") == before
    next_year = await rows(gql, t, "2027-2028", group="COMMUNE")
    assert (next_year[t.c1a]["schoolsExpected"], next_year[t.c1b]["schoolsExpected"]) == (1, 1)
    # History is written in date order, and a school does not move to where it is.
    for variables, code in [
        ({"c": t.b, "p": t.c1a, "f": "2026-11-30"}, "BAD_USER_INPUT"),
        ({"c": t.b, "p": t.c1b, "f": "2027-01-01"}, "BAD_USER_INPUT"),
        ({"c": t.b, "p": t.c1a, "f": "2025-06-30"}, "BAD_USER_INPUT"),  # VN63's time
        ({"c": t.b, "d": "2025-06-30"}, "BAD_USER_INPUT"),  # a close in VN63's time too
        ({"c": t.b, "p": t.b, "f": "2027-01-01"}, "BAD_USER_INPUT"),
        ({"c": t.c1a, "p": t.c1b, "f": "2027-01-01"}, "NOT_FOUND"),  # a commune is not a school
        ({"c": "00000000", "p": t.c1b, "f": "2027-01-01"}, "NOT_FOUND"),
    ]:
        body = await gql.as_user(t.officer1, CLOSE if "d" in variables else MOVE, variables)
        assert error_codes(body) == [code], (variables, body)
    forbidden = await gql.as_user(t.old_officer1, MOVE, {"c": t.b, "p": t.c1a, "f": "2027-01-01"})
    assert error_codes(forbidden) == ["FORBIDDEN"]


# ---------------------------------------------------------------- close


async def test_a_closed_school_keeps_its_records_and_leaves_later_expected_counts(
    gql: GraphQLClient, tree: Tree
) -> None:
    t = tree
    await approved(gql, t, t.c, "2026-2027", t.local2)
    before = {y: await rows(gql, t, y) for y in ("2026-2027", "2027-2028")}
    missing = {"y": "2027-2028", "w": t.p2}
    assert [e["node"]["code"] for e in (await ok(gql, t.officer2, MISSING, missing))["missingReports"]["edges"]] == [
        t.c
    ]
    data = await ok(gql, t.officer2, CLOSE, {"c": t.c, "d": "2026-10-01"})
    assert data["closeSchool"] == {
        "code": t.c,
        "closedOn": "2026-10-01",
        "history": [{"action": "CLOSE", "from": "2026-10-01"}],
    }
    after = {y: await rows(gql, t, y) for y in before}
    assert after["2026-2027"] == before["2026-2027"]  # it started before the close: still expected, still counted
    assert after["2027-2028"][t.p2]["schoolsExpected"] == before["2027-2028"][t.p2]["schoolsExpected"] - 1
    assert (await ok(gql, t.officer2, MISSING, missing))["missingReports"]["edges"] == []
    # Still listed, with its records.
    listed = await ok(
        gql,
        t.officer2,
        "query($c: String!) { unit(code: $c) { children { edges { node { code closedOn } } } } }",
        {"c": t.c2},
    )
    assert listed["unit"]["children"]["edges"] == [{"node": {"code": t.c, "closedOn": "2026-10-01"}}]
    # No report for a year after it closed; no second close, no move of a closed school.
    late = await gql.as_user(t.staff(t.c), CREATE, {"s": t.c, "y": "2027-2028", "q": 1})
    assert error_codes(late) == ["BAD_USER_INPUT"]
    assert error_codes(await gql.as_user(t.officer2, CLOSE, {"c": t.c, "d": "2026-11-01"})) == ["BAD_USER_INPUT"]
    assert error_codes(await gql.as_user(t.admin, MOVE, {"c": t.c, "p": t.c1a, "f": "2027-01-01"})) == [
        "BAD_USER_INPUT"
    ]


async def test_a_school_cannot_close_before_a_year_it_reported_for(gql: GraphQLClient, tree: Tree) -> None:
    t = tree
    await approved(gql, t, t.b, "2026-2027", t.local1)
    before = await stored(t)
    body = await gql.as_user(t.officer1, CLOSE, {"c": t.b, "d": "2026-08-31"})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "2026-2027" in body["errors"][0]["message"]
    assert await stored(t) == before
    assert error_codes(await gql.as_user(t.officer2, CLOSE, {"c": t.b, "d": "2026-10-01"})) == ["NOT_FOUND"]
    assert error_codes(await gql.as_user(t.local1, CLOSE, {"c": t.b, "d": "2026-10-01"})) == ["FORBIDDEN"]


async def test_missing_reports_list_a_school_where_it_was_that_year(gql: GraphQLClient, tree: Tree) -> None:
    t = tree
    await ok(gql, t.officer1, MOVE, {"c": t.b, "p": t.c1b, "f": "2027-09-01"})

    async def missing(year: str, within: str) -> list[str]:
        data = await ok(gql, t.officer1, MISSING, {"y": year, "w": within})
        return [e["node"]["code"] for e in data["missingReports"]["edges"]]

    assert await missing("2026-2027", t.c1a) == [t.a, t.b]  # before the move: both in c1a
    assert await missing("2026-2027", t.c1b) == []
    assert await missing("2027-2028", t.c1a) == [t.a]
    assert await missing("2027-2028", t.c1b) == [t.b]
    assert await missing("2026-2027", t.p1) == [t.a, t.b]  # inside the province either way

    async def school_rows(year: str, within: str) -> list[str]:
        data = await ok(gql, t.officer1, REPORT, {"y": year, "g": "SCHOOL", "w": within, "m": None})
        return [r["unit"]["code"] for r in data["participationReport"]]

    # The report's school rows agree with their unit's row: where the school was that year.
    assert await school_rows("2026-2027", t.c1a) == [t.a, t.b]
    assert await school_rows("2026-2027", t.c1b) == []
    assert await school_rows("2027-2028", t.c1b) == [t.b]


async def test_restatement_places_follow_the_school_on_a_map_it_was_never_open_on(
    gql: GraphQLClient, tree: Tree
) -> None:
    t = tree
    managed, local = f"{t.p1}9101", f"{t.p1}9102"
    opening = {"name": "Trường mới", "schoolType": "UPPER_SECONDARY", "openedOn": "2025-09-01"}
    await ok(gql, t.officer1, OPEN, {"i": opening | {"code": managed, "parentCode": t.p1}})
    await ok(gql, t.officer1, OPEN, {"i": opening | {"code": local, "parentCode": t.c1b}})
    # A school its province manages is restated under the province on VN63 (the same rank), not a district.
    districts = await rows(gql, t, "2025-2026", group="DISTRICT", map_code="VN63")
    assert (districts[t.district1]["schoolsExpected"], districts[t.district2]["schoolsExpected"]) == (3, 1)
    provinces = await rows(gql, t, "2025-2026", map_code="VN63")
    assert (provinces[t.p1]["schoolsExpected"], provinces[t.p2]["schoolsExpected"]) == (4, 1)
    # Moved to another province: its restated place follows it, from the years the move affects.
    await ok(gql, t.admin, MOVE, {"c": local, "p": t.c2, "f": "2026-09-01"})
    for year, expected in [("2025-2026", (4, 1)), ("2026-2027", (3, 2)), ("2027-2028", (3, 2))]:
        restated = await rows(gql, t, year, map_code="VN63")
        current = await rows(gql, t, year)
        assert (restated[t.p1]["schoolsExpected"], restated[t.p2]["schoolsExpected"]) == expected, year
        assert (current[t.p1]["schoolsExpected"], current[t.p2]["schoolsExpected"]) == expected, year


async def test_changes_of_one_school_at_once_are_taken_one_after_the_other(gql: GraphQLClient, tree: Tree) -> None:
    """On PostgreSQL these run at the same moment on two connections; on SQLite writers are serialised."""
    t = tree
    await approved(gql, t, t.a, "2027-2028", t.local1)
    move = gql.as_user(t.admin, MOVE, {"c": t.a, "p": t.c2, "f": "2027-06-01"})
    close = gql.as_user(t.admin, CLOSE, {"c": t.a, "d": "2027-03-01"})
    opposite = gql.as_user(t.admin, MOVE, {"c": t.c, "p": t.c1b, "f": "2027-06-01"})
    bodies = await asyncio.gather(move, close, opposite)
    for body in bodies:
        assert not body.get("errors") or error_codes(body) in (["BAD_USER_INPUT"], ["CONFLICT"]), body
    # The close is refused (a's 2027-2028 report) whether it came first or second; both moves stand.
    assert error_codes(bodies[1]) == ["BAD_USER_INPUT"]
    year = await rows(gql, t, "2027-2028")
    assert sum(r["schoolsExpected"] for r in year.values()) == 3
    assert (year[t.p1]["schoolsExpected"], year[t.p2]["schoolsExpected"]) == (2, 1)
    assert (year[t.p1]["students"], year[t.p2]["students"]) == (0, 100)
    twice = [
        gql.as_user(
            t.officer1,
            OPEN,
            {
                "i": {
                    "code": f"{t.p1}9201",
                    "name": "Trường",
                    "schoolType": "PRIMARY",
                    "parentCode": t.c1a,
                    "openedOn": "2026-10-01",
                }
            },
        )
        for _ in range(2)
    ]
    outcomes = sorted(tuple(error_codes(b)) for b in await asyncio.gather(*twice))
    assert outcomes == [(), ("CONFLICT",)]


async def test_a_moved_schools_card_months_take_the_top_up_of_the_province_that_held_it(
    gql: GraphQLClient, tree: Tree
) -> None:
    t = tree
    setting = """mutation($p: String!, $r: Float!) { setLocalSupport(provinceCode: $p, validFrom: "2025-09-01",
      rate: $r) { rate } }"""
    await ok(gql, t.officer1, setting, {"p": t.p1, "r": 10})
    await ok(gql, t.officer2, setting, {"p": t.p2, "r": 20})
    await ok(gql, t.admin, MOVE, {"c": t.a, "p": t.c2, "f": "2026-01-01"})
    row = {
        "fullName": "Đỗ Hà",
        "dateOfBirth": "2013-04-04",
        "gender": "FEMALE",
        "socialInsuranceNumber": "0112345678",
        "cardType": "RENEWAL",
        "months": 6,
        "validFrom": "2025-11-01",
    }
    data = await ok(gql, t.staff(t.a), CARD_LIST, {"s": t.a, "y": "2025-2026", "rows": [row]})
    card = data["createSubmission"]["rows"]["edges"][0]["node"]
    # 105,300 a month, half from the state; November and December under p1 (10%), January to April under
    # p2 (20%): the province that held the school in each month.
    assert card["localSupport"] == 2 * 10_530 + 4 * 21_060
    assert card["studentPays"] == 6 * 105_300 - 6 * 52_650 - card["localSupport"]
