"""Exports are data, never formulas; they are not cached and name their school (SPEC 10)."""

from __future__ import annotations

import io
import zipfile

import httpx
import pytest
from openpyxl import load_workbook

from tests.conftest import FreshProvince, GraphQLClient
from tests.schema.test_card_lists import REVIEW, SUBMIT, csv_file, upload

HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example","bấm vào")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
]


async def approved_list_export(
    gql: GraphQLClient, client: httpx.AsyncClient, fresh: FreshProvince, names: list[str]
) -> httpx.Response:
    school = fresh.schools[0]
    rows = [[name, "05/09/2015", "Nam", f"0792150{i:05d}", "", "1A", "Cấp mới", "12"] for i, name in enumerate(names)]
    body = await upload(gql, fresh.staff(school), school, "2023-2024", "f.csv", csv_file(rows))
    assert "errors" not in body, body
    sid = body["data"]["importCardList"]["id"]
    await gql.as_user(fresh.staff(school), SUBMIT, {"id": sid})
    reviewed = await gql.as_user(fresh.district_officer, REVIEW, {"id": sid})
    assert reviewed["data"]["reviewSubmission"]["status"] == "APPROVED"
    token = await gql.login(fresh.officer)
    return await client.get(f"/exports/submissions/{sid}/d03-ts.xlsx", headers={"Authorization": f"Bearer {token}"})


async def test_text_that_looks_like_a_formula_comes_back_as_text(
    gql: GraphQLClient, client: httpx.AsyncClient, fresh: FreshProvince
) -> None:
    response = await approved_list_export(gql, client, fresh, HOSTILE_NAMES)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula cell anywhere, totals included
    names = {c.value for c in cells if c.column == 2}
    assert set(HOSTILE_NAMES) <= names  # the very text typed, as literal strings
    for cell in cells:
        if cell.value in HOSTILE_NAMES:
            assert cell.data_type == "s" and cell.quotePrefix  # kept as text when edited in a spreadsheet too
    # and no `<f>` element in the sheet's XML at all
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


async def test_an_export_is_not_cached_and_names_its_school(
    gql: GraphQLClient, client: httpx.AsyncClient, fresh: FreshProvince
) -> None:
    response = await approved_list_export(gql, client, fresh, ["Trần Thị Bình"])
    assert response.headers["cache-control"] == "no-store"
    assert f'filename="d03-ts-{fresh.schools[0]}-' in response.headers["content-disposition"]
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    ["/exports/submissions/abc/d03-ts.xlsx", "/exports/submissions/99999999999999/d03-ts.xlsx", "/exports/x"],
)
async def test_a_malformed_export_url_is_a_json_404(gql: GraphQLClient, client: httpx.AsyncClient, path: str) -> None:
    token = await gql.login("national")
    response = await client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
