"""Files built to hurt: answered BAD_USER_INPUT before any grid is built, while other users are answered."""

from __future__ import annotations

import asyncio
import io
import time
import zipfile

from openpyxl import Workbook

from domain.models import Submission
from tests.conftest import FreshProvince, GraphQLClient
from tests.schema.test_card_lists import csv_file, upload, xlsx_file

ME = "{ me { username } }"


def sparse_xlsx() -> bytes:
    """A few hundred bytes whose one cell sits at XFD1048576: a dense reader would build 17 billion cells."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Họ và tên"
    sheet["XFD1048576"] = "x"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb_xlsx(unpacked_mb: int = 300) -> bytes:
    """A valid workbook whose sheet unpacks to `unpacked_mb` MB of XML (a few hundred KB on the wire)."""
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"A" * 1_000_000 + b"</t></is></c></row>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b"<worksheet><sheetData>")
            for _ in range(unpacked_mb):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


async def upload_while_others_are_served(
    gql: GraphQLClient, fresh: FreshProvince, name: str, content: bytes
) -> tuple[dict, float, float]:
    """The upload's answer, how long a concurrent `{ me }` took, and how long the upload took."""
    school = fresh.schools[0]
    token = await gql.login("national")
    started = time.perf_counter()
    uploading = asyncio.create_task(upload(gql, fresh.staff(school), school, "2023-2024", name, content))
    await asyncio.sleep(0.05)
    me_started = time.perf_counter()
    me = await gql.post(ME, token=token)
    me_took = time.perf_counter() - me_started
    assert me["data"]["me"]["username"] == "national"
    body = await uploading
    return body, me_took, time.perf_counter() - started


async def test_a_sparse_sheet_is_refused_without_building_its_grid(gql: GraphQLClient, fresh: FreshProvince) -> None:
    before = await Submission.all().count()
    body, me_took, _ = await upload_while_others_are_served(gql, fresh, "sparse.xlsx", sparse_xlsx())
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "row 1,048,576" in body["errors"][0]["extensions"]["problems"][0]["message"]
    assert me_took < 1.0
    assert await Submission.all().count() == before


async def test_a_zip_bomb_is_refused_before_it_is_unpacked(gql: GraphQLClient, fresh: FreshProvince) -> None:
    bomb = zip_bomb_xlsx()
    assert len(bomb) < 2 * 1024 * 1024  # small on the wire: the cap on bytes alone would let it in
    before = await Submission.all().count()
    body, me_took, _ = await upload_while_others_are_served(gql, fresh, "bomb.xlsx", bomb)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "unpacks to more than" in body["errors"][0]["extensions"]["problems"][0]["message"]
    assert me_took < 1.0
    assert await Submission.all().count() == before


async def test_a_large_list_is_parsed_off_the_event_loop(gql: GraphQLClient, fresh: FreshProvince) -> None:
    """20,000 rows, every one wrong: seconds of checking, during which another user is answered at once."""
    rows = [[f"Học sinh {i}", "31/02/2015", "X", "1" * 12, "", "1A", "Cấp mới", "7"] for i in range(20_000)]
    body, me_took, upload_took = await upload_while_others_are_served(gql, fresh, "big.csv", csv_file(rows))
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert len(body["errors"][0]["extensions"]["problems"]) >= 20_000
    assert me_took < 1.0 and me_took < upload_took  # `me` was answered before the upload's answer


async def test_more_rows_than_the_cap_are_refused_in_either_format(gql: GraphQLClient, fresh: FreshProvince) -> None:
    school = fresh.schools[1]
    row = ["Học sinh", "05/09/2015", "Nam", "", "7912345678", "1A", "Gia hạn", "12"]
    for name, content in [
        ("many.csv", csv_file([row] * 20_001)),
        ("many.xlsx", xlsx_file([row] * 20_001)),
    ]:
        body = await upload(gql, fresh.staff(school), school, "2023-2024", name, content)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", name


async def test_an_upload_is_not_read_before_its_caller_is_authenticated(gql: GraphQLClient) -> None:
    """Refused from the headers alone: the body (here, bigger than any cap) is never read."""
    response = await gql.http.post(
        "/graphql",
        content=b"x" * (12 * 1024 * 1024),
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_body_over_the_cap_is_refused_before_it_is_read(gql: GraphQLClient) -> None:
    token = await gql.login("national")
    big = b'{"query": "{ me { username } }", "variables": {"x": "' + b"a" * (2 * 1024 * 1024) + b'"}}'
    response = await gql.http.post(
        "/graphql", content=big, headers={"content-type": "application/json", "authorization": f"Bearer {token}"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
