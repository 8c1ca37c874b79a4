"""Spreadsheets we hand out: the card-list template and the D03-TS list of an approved card list (DOMAIN.md §5)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from domain.models import CardRow, CardType, Gender, Submission, UnitNode
from domain.submissions.cardlists import COLUMNS, VIETNAMESE_HEADERS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GENDER_VI = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
CARD_TYPE_VI = {CardType.NEW: "Cấp mới", CardType.RENEWAL: "Gia hạn"}

# Columns of D03-TS as the Decision 490/QĐ-BHXH version lays them out (labels of 9-11 UNVERIFIED, DOMAIN.md).
D03_COLUMNS = [
    ("A", "STT"),
    ("B", "Họ và tên"),
    ("1", "Mã số BHXH"),
    ("2", "Số CCCD/ĐDCN/hộ chiếu"),
    ("3", "Ngày sinh"),
    ("4", "Giới tính"),
    ("5", "Địa chỉ (nơi cư trú)"),
    ("6", "Nơi đăng ký KCB ban đầu"),
    ("7", "Biên lai - ngày"),
    ("8", "Biên lai - số"),
    ("9", "Số tiền người tham gia đóng"),
    ("10", "NSNN hỗ trợ"),
    ("11", "Hỗ trợ khác"),
    ("12", "Từ tháng/năm"),
    ("13", "Số tháng đóng"),
    ("14", "Mã số nhân viên thu"),
    ("15", "Ghi chú"),
]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def append(sheet: Worksheet, values: Sequence[object]) -> None:
    """A row whose text is data, never a formula: openpyxl would store a string starting with `=` as a formula,
    so every text cell is set as a literal string, and one that a spreadsheet could read as a formula when it is
    edited (=, +, -, @, tab, carriage return) is also marked quote-prefixed, as Excel does for typed text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def card_list_template() -> bytes:
    """Vietnamese headers on row 1 (the importer also takes the English keys), one example row."""
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "Danh sách cấp thẻ"
    append(sheet, [VIETNAMESE_HEADERS[c] for c in COLUMNS])
    append(sheet, ["Nguyễn Văn An", "05/09/2015", "Nam", "079215001234", "7912345678", "4A1", "Gia hạn", 12])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", [28, 14, 10, 16, 14, 8, 10, 10], strict=True):
        sheet.column_dimensions[column].width = width
    notes = book.create_sheet("Hướng dẫn")
    for line in [
        ["Cột", "Khóa (English key)", "Cách ghi"],
        ["Họ và tên", "full_name", "bắt buộc"],
        ["Ngày sinh", "date_of_birth", "dd/mm/yyyy hoặc yyyy-mm-dd"],
        ["Giới tính", "gender", "Nam / Nữ (hoặc MALE / FEMALE)"],
        ["Số CCCD", "citizen_id", "12 chữ số; cần Số CCCD hoặc Mã số BHXH"],
        ["Mã số BHXH", "social_insurance_number", "10 chữ số"],
        ["Lớp", "class_name", "không bắt buộc"],
        ["Loại thẻ", "card_type", "Cấp mới / Gia hạn (hoặc NEW / RENEWAL)"],
        ["Số tháng", "months", "3, 6 hoặc 12 (15 với thẻ cấp mới)"],
    ]:
        append(notes, line)
    return _bytes(book)


def d03_ts(submission: Submission, school: UnitNode, rows: Sequence[CardRow]) -> bytes:
    """The list in the D03-TS layout: header block, numbered columns, one line per student, totals."""
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "D03-TS"
    base = rows[0].rates[0] if rows and rows[0].rates else {}
    header = [
        [
            "DANH SÁCH NGƯỜI CHỈ THAM GIA BẢO HIỂM Y TẾ",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "Mẫu D03-TS",
        ],
        [f"Tên đơn vị: {school.name}"],
        [f"Mã đơn vị: {school.code}"],
        ["Đối tượng tham gia: Học sinh, sinh viên"],
        [f"Năm học: {submission.school_year}"],
        [f"Lương cơ sở: {base.get('baseSalary', '')}"],
        [f"Tỷ lệ NSNN hỗ trợ: {float(base.get('centralSupportRate', 0)) * 100:g}%"],
        [],
    ]
    for line in header:
        append(sheet, line)
    sheet["A1"].font = Font(bold=True, size=13)
    append(sheet, [label for _, label in D03_COLUMNS])
    append(sheet, [f"({key})" for key, _ in D03_COLUMNS])
    for cell in sheet[sheet.max_row - 1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    append(sheet, ["I", "Tăng"])
    for number, row in enumerate(rows, start=1):
        append(
            sheet,
            [
                number,
                row.full_name,
                row.social_insurance_number or "",
                row.citizen_id or "",
                row.date_of_birth.strftime("%d/%m/%Y"),
                GENDER_VI[row.gender],
                "",
                "",
                "",
                "",
                row.student_pays,
                row.state_support,
                row.local_support,
                row.valid_from.strftime("%m/%Y"),
                row.months,
                "",
                CARD_TYPE_VI[row.card_type] + (f" - lớp {row.class_name}" if row.class_name else ""),
            ],
        )
    append(
        sheet,
        [
            "",
            "Cộng tăng",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            sum(r.student_pays for r in rows),
            sum(r.state_support for r in rows),
            sum(r.local_support for r in rows),
            "",
            "",
            "",
            "",
        ],
    )
    append(sheet, ["II", "Giảm"])
    append(sheet, ["", "Cộng giảm", "", "", "", "", "", "", "", "", 0, 0, 0])
    for column, width in zip(
        "ABCDEFGHIJKLMNOPQ", [6, 28, 13, 16, 12, 9, 18, 18, 12, 10, 14, 12, 12, 11, 9, 12, 24], strict=True
    ):
        sheet.column_dimensions[column].width = width
    return _bytes(book)
