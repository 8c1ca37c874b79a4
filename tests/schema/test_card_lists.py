"""Card lists: rows through the API, files through GraphQL multipart upload, contributions, exports."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from datetime import date

import httpx
import pytest
from openpyxl import Workbook, load_workbook

from domain.models import AuditEntry, CardRow, LocalSupport, Submission
from domain.submissions.cardlists import COLUMNS, VIETNAMESE_HEADERS
from tests.conftest import FreshProvince, GraphQLClient, error_codes

IMPORT = """mutation($s: String!, $y: String!, $f: Upload!) { importCardList(schoolCode: $s, schoolYear: $y, file: $f) {
  id kind status rowCount rows(first: 500) { totalCount edges { node { line fullName dateOfBirth gender citizenId
  socialInsuranceNumber cardType months validFrom validTo premium stateSupport localSupport studentPays } } } } }"""
CREATE = """mutation($s: String!, $y: String!, $rows: [CardRowInput!]) { createSubmission(input: {schoolCode: $s,
  schoolYear: $y, kind: CARD_LIST, rows: $rows}) { id rowCount rows { edges { node { fullName premium studentPays
  validTo } } } } }"""
SUBMIT = "mutation($id: ID!) { submitSubmission(id: $id) { status } }"
REVIEW = "mutation($id: ID!) { reviewSubmission(id: $id, decision: APPROVE) { status } }"

ROW = ["Nguyễn Văn An", "05/09/2015", "Nam", "079215001234", "7912345678", "4A1", "Gia hạn", "12"]


def person(i: int) -> list[str]:
    return [f"Học sinh {i}", "2015-09-05", "Nữ" if i % 2 else "Nam", f"0792150{i:05d}", "", "1A", "Cấp mới", "12"]


def csv_file(rows: list[list], header: list[str] | None = None, bom: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or COLUMNS)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def xlsx_file(rows: list[list], header: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header or [VIETNAMESE_HEADERS[c] for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def upload(gql: GraphQLClient, user: str, school: str, year: str, name: str, content: bytes) -> dict:
    """The GraphQL multipart request spec: operations, map, then the file part."""
    operations = {"query": IMPORT, "variables": {"s": school, "y": year, "f": None}}
    response = await gql.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.f"]})},
        files={"0": (name, content, "application/octet-stream")},
        headers={"Authorization": f"Bearer {await gql.login(user)}"},
    )
    assert response.status_code < 500, response.text
    return response.json()


async def test_a_csv_with_english_keys_imports_with_contributions(gql: GraphQLClient) -> None:
    body = await upload(gql, "school-79760001", "79760001", "2023-2024", "list.csv", csv_file([ROW, person(1)]))
    assert "errors" not in body, body
    sub = body["data"]["importCardList"]
    assert (sub["kind"], sub["status"], sub["rowCount"]) == ("CARD_LIST", "DRAFT", 2)
    first = sub["rows"]["edges"][0]["node"]
    assert first == {
        "line": 2,
        "fullName": "Nguyễn Văn An",
        "dateOfBirth": "2015-09-05",
        "gender": "MALE",
        "citizenId": "079215001234",
        "socialInsuranceNumber": "7912345678",
        "cardType": "RENEWAL",
        "months": 12,
        "validFrom": "2024-01-01",
        "validTo": "2024-12-31",
        # Jan-Jun 2024 on 1,800,000; Jul-Dec on 2,340,000: 6 x 81,000 + 6 x 105,300; the state pays 30%
        "premium": 6 * 81_000 + 6 * 105_300,
        "stateSupport": 6 * 24_300 + 6 * 31_590,
        "localSupport": 0,
        "studentPays": 6 * 56_700 + 6 * 73_710,
    }
    assert await AuditEntry.filter(action="importCardList", record_id=sub["id"]).count() == 1


async def test_an_xlsx_with_the_vietnamese_template_headers_imports(gql: GraphQLClient) -> None:
    rows = [["Trần Thị Bình", date(2014, 3, 2), "Nữ", 79314000001, None, "3B", "Cấp mới", 15]]
    body = await upload(gql, "school-79760001", "79760001", "2023-2024", "ds.xlsx", xlsx_file(rows))
    assert "errors" not in body, body
    row = body["data"]["importCardList"]["rows"]["edges"][0]["node"]
    assert (row["citizenId"], row["cardType"], row["months"], row["validTo"]) == (
        "079314000001",
        "NEW",
        15,
        "2025-03-31",
    )


async def test_any_invalid_row_stores_nothing_and_every_problem_is_listed(gql: GraphQLClient) -> None:
    rows = [
        ROW,
        ["", "31/02/2015", "X", "123", "12", "", "Mới", "5"],
        person(2),
        ["Nguyễn Văn An", "05/09/2015", "Nam", "079215001234", "", "", "Gia hạn", "15"],
    ]
    before = (await Submission.all().count(), await CardRow.all().count())
    body = await upload(gql, "school-79760001", "79760001", "2023-2024", "bad.csv", csv_file(rows))
    assert error_codes(body) == ["BAD_USER_INPUT"]
    problems = [(p["row"], p["column"]) for p in body["errors"][0]["extensions"]["problems"]]
    assert problems == [
        (3, "full_name"),
        (3, "date_of_birth"),
        (3, "gender"),
        (3, "citizen_id"),
        (3, "social_insurance_number"),
        (3, "card_type"),
        (3, "months"),
        (5, "months"),  # a RENEWAL cannot pay 15 months
    ]
    assert all(p["message"] for p in body["errors"][0]["extensions"]["problems"])
    assert (await Submission.all().count(), await CardRow.all().count()) == before


async def test_the_same_person_twice_is_refused(gql: GraphQLClient) -> None:
    twin = ["Nguyen Van Binh", "01/01/2015", "Nam", "079215009999", "", "", "Gia hạn", "12"]
    same_id = ["Someone Else", "02/02/2015", "Nam", "079215009999", "", "", "Gia hạn", "12"]
    body = await upload(gql, "school-79760001", "79760001", "2023-2024", "dup.csv", csv_file([twin, same_id]))
    assert body["errors"][0]["extensions"]["problems"] == [
        {"row": 3, "column": "citizen_id", "message": "the same person as row 2"}
    ]


async def test_names_are_stored_nfc_and_compared_across_forms(gql: GraphQLClient) -> None:
    nfd = unicodedata.normalize("NFD", "Lê Thị Hồng")
    a = [nfd, "01/01/2015", "Nữ", "079315000001", "", "", "Gia hạn", "12"]
    body = await upload(gql, "school-79760001", "79760001", "2023-2024", "nfd.csv", csv_file([a]))
    name = body["data"]["importCardList"]["rows"]["edges"][0]["node"]["fullName"]
    assert name == unicodedata.normalize("NFC", "Lê Thị Hồng") and name != nfd
    b = ["Lê Thị Hồng", "01/01/2015", "Nữ", "079315000002", "", "", "Gia hạn", "12"]  # NFC, other ID, same person
    body = await upload(gql, "school-79760001", "79760001", "2023-2024", "nfd2.csv", csv_file([a, b]))
    assert body["errors"][0]["extensions"]["problems"][0]["row"] == 3


async def test_missing_columns_and_unreadable_files_are_bad_user_input(gql: GraphQLClient) -> None:
    body = await upload(gql, "school-79760001", "79760001", "2023-2024", "h.csv", csv_file([ROW], header=["x", "y"]))
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert {p["column"] for p in body["errors"][0]["extensions"]["problems"]} >= {"full_name", "months"}
    body = await upload(gql, "school-79760001", "79760001", "2023-2024", "x.xlsx", b"PK not really a workbook")
    assert error_codes(body) == ["BAD_USER_INPUT"]
    body = await upload(gql, "school-79760001", "79760001", "2023-2024", "x.csv", "Họ và tên\n".encode("utf-16"))
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_importing_for_another_school_is_refused_before_reading(gql: GraphQLClient) -> None:
    body = await upload(gql, "school-79760001", "79760002", "2023-2024", "l.csv", csv_file([ROW]))
    assert error_codes(body) == ["NOT_FOUND"]
    body = await upload(gql, "district-760", "79760001", "2023-2024", "l.csv", csv_file([ROW]))
    assert error_codes(body) == ["FORBIDDEN"]


async def test_a_5000_row_xlsx_imports_in_one_transaction(gql: GraphQLClient) -> None:
    rows = [
        [f"Học sinh {i}", date(2012, 1, 1 + i % 28), "Nam", f"07921200{i:04d}", None, "5A", "Gia hạn", 12]
        for i in range(5000)
    ]
    body = await upload(gql, "school-79760002", "79760002", "2023-2024", "big.xlsx", xlsx_file(rows))
    assert "errors" not in body, body["errors"][:1]
    sub = body["data"]["importCardList"]
    assert sub["rowCount"] == 5000 and sub["rows"]["totalCount"] == 5000
    assert await CardRow.filter(submission_id=int(sub["id"])).count() == 5000


async def test_rows_through_the_api_and_validation_of_valid_from(gql: GraphQLClient) -> None:
    row = {
        "fullName": "Phạm Minh",
        "dateOfBirth": "2013-04-04",
        "gender": "MALE",
        "citizenId": "079213000777",
        "cardType": "RENEWAL",
        "months": 6,
        "validFrom": "2025-07-01",
    }
    body = await gql.as_user("school-79760001", CREATE, {"s": "79760001", "y": "2025-2026", "rows": [row]})
    assert body["data"]["createSubmission"]["rows"]["edges"][0]["node"] == {
        "fullName": "Phạm Minh",
        "premium": 6 * 105_300,
        "studentPays": 6 * 52_650,
        "validTo": "2025-12-31",
    }
    body = await gql.as_user(
        "school-79760001", CREATE, {"s": "79760001", "y": "2025-2026", "rows": [row | {"validFrom": "2025-07-15"}]}
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["problems"] == [
        {"row": 1, "column": "valid_from", "message": "cover starts on the first day of a month"}
    ]
    body = await gql.as_user("school-79760001", CREATE, {"s": "79760001", "y": "2025-2026", "rows": []})
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_local_support_is_set_by_its_province_and_rows_keep_their_rates(
    gql: GraphQLClient, fresh: FreshProvince
) -> None:
    province, school = fresh.code, fresh.schools[0]
    setting = """mutation($p: String!, $r: Float!) {
        setLocalSupport(provinceCode: $p, validFrom: "2026-01-01", rate: $r) {
        province { code } validFrom rate setBy } }"""
    row = {
        "fullName": "Đỗ Hà",
        "dateOfBirth": "2013-04-04",
        "gender": "FEMALE",
        "socialInsuranceNumber": "0112345678",
        "cardType": "RENEWAL",
        "months": 3,
        "validFrom": "2026-01-01",
    }
    before = await gql.as_user(fresh.staff(school), CREATE, {"s": school, "y": "2025-2026", "rows": [row]})
    assert error_codes(await gql.as_user("province-79", setting, {"p": province, "r": 20})) == ["NOT_FOUND"]
    assert error_codes(await gql.as_user(fresh.district_officer, setting, {"p": province, "r": 20})) == ["FORBIDDEN"]
    assert error_codes(await gql.as_user(fresh.officer, setting, {"p": province, "r": 120})) == ["BAD_USER_INPUT"]
    body = await gql.as_user(fresh.officer, setting, {"p": province, "r": 20})
    assert body["data"]["setLocalSupport"] == {
        "province": {"code": province},
        "validFrom": "2026-01-01",
        "rate": 20.0,
        "setBy": fresh.officer,
    }
    # 2026 lies on VN34: the top-up is that of the province on VN34 (its key: code@VN34)
    assert await LocalSupport.filter(province_id=f"{province}@VN34").count() == 1
    after = await gql.as_user(fresh.staff(school), CREATE, {"s": school, "y": "2025-2026", "rows": [row]})
    # 3 x 105,300: the state pays 50%, the province 20% from 2026, the family 30%
    assert after["data"]["createSubmission"]["rows"]["edges"][0]["node"]["studentPays"] == 3 * 31_590
    earlier = before["data"]["createSubmission"]["id"]
    stored = await CardRow.get(submission_id=int(earlier))
    assert stored.local_support == 0 and stored.student_pays == 3 * 52_650  # history is not rewritten
    assert await AuditEntry.filter(action="setLocalSupport", unit_id=f"{province}@VN34").count() == 1


async def test_the_template_downloads_and_imports_as_is(gql: GraphQLClient, client: httpx.AsyncClient) -> None:
    response = await client.get("/templates/card-list.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == [VIETNAMESE_HEADERS[c] for c in COLUMNS]
    body = await upload(gql, "school-79000001", "79000001", "2023-2024", "card-list.xlsx", response.content)
    assert body["data"]["importCardList"]["rowCount"] == 1


async def test_d03_ts_export_of_an_approved_list_is_scoped_like_the_api(
    gql: GraphQLClient, client: httpx.AsyncClient
) -> None:
    body = await upload(gql, "school-79760001", "79760001", "2023-2024", "e.csv", csv_file([ROW, person(7)]))
    sid = body["data"]["importCardList"]["id"]
    url = f"/exports/submissions/{sid}/d03-ts.xlsx"

    async def get(user: str | None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {await gql.login(user)}"} if user else {}
        return await client.get(url, headers=headers)

    assert (await get("district-760")).status_code == 409  # not approved yet
    await gql.as_user("school-79760001", SUBMIT, {"id": sid})
    await gql.as_user("district-760", REVIEW, {"id": sid})
    assert (await get(None)).status_code == 401
    assert (await get("school-79760002")).status_code == 404
    assert (await get("district-001")).status_code == 404
    assert (
        await client.get(
            "/exports/submissions/999999/d03-ts.xlsx",
            headers={"Authorization": f"Bearer {await gql.login('national')}"},
        )
    ).status_code == 404
    response = await get("province-79")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header_row = next(i for i, r in enumerate(values) if r[0] == "STT")
    assert values[header_row + 1][:4] == ("(A)", "(B)", "(1)", "(2)")
    first = values[header_row + 3]
    assert first[:6] == (1, "Nguyễn Văn An", "7912345678", "079215001234", "05/09/2015", "Nam")
    assert first[10] == 6 * 56_700 + 6 * 73_710 and first[13] == "01/2024" and first[14] == 12


@pytest.mark.parametrize("user", ["school-79760002", "district-001"])
async def test_rows_of_a_list_outside_scope_are_unreachable(gql: GraphQLClient, user: str) -> None:
    sid = (await Submission.filter(kind="CARD_LIST", school_id="79760001").first()).id
    body = await gql.as_user(user, "query($id: ID!) { submission(id: $id) { rows { totalCount } } }", {"id": sid})
    assert body["data"]["submission"] is None
