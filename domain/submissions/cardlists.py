"""Card-issuance lists: reading files, validating rows, computing each row's contribution.

Rows come from the API (CardRowInput) or a file (.csv or .xlsx, header on
row 1, English keys or the Vietnamese template headers). Every problem of
every row is collected, so one BAD_USER_INPUT answers them all; nothing is
stored unless the whole list is valid.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from domain import validation
from domain.contributions.compute import Contribution, NoRuleInForce, Rule, compute
from domain.models import CardType, Gender
from domain.submissions import workbook_limits
from domain.text import fold, nfc

COLUMNS = [
    "full_name",
    "date_of_birth",
    "gender",
    "citizen_id",
    "social_insurance_number",
    "class_name",
    "card_type",
    "months",
]
VIETNAMESE_HEADERS = {
    "full_name": "Họ và tên",
    "date_of_birth": "Ngày sinh",
    "gender": "Giới tính",
    "citizen_id": "Số CCCD",
    "social_insurance_number": "Mã số BHXH",
    "class_name": "Lớp",
    "card_type": "Loại thẻ",
    "months": "Số tháng",
}
REQUIRED = {"full_name", "date_of_birth", "gender", "card_type", "months"}
HEADER_KEYS = {fold(k): k for k in COLUMNS} | {fold(v): k for k, v in VIETNAMESE_HEADERS.items()}
GENDERS = {"nam": Gender.MALE, "male": Gender.MALE, "nu": Gender.FEMALE, "female": Gender.FEMALE}
CARD_TYPES = {"cap moi": CardType.NEW, "new": CardType.NEW, "gia han": CardType.RENEWAL, "renewal": CardType.RENEWAL}
ALLOWED_MONTHS = {3, 6, 12}
NEW_CARD_MONTHS = {15}  # first-year pupils and students may pay 15 months (DOMAIN.md section 1)
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
CITIZEN_ID = re.compile(r"[0-9]{12}", re.ASCII)  # ASCII only: the same person cannot come twice in two scripts
SOCIAL_INSURANCE_NUMBER = re.compile(r"[0-9]{10}", re.ASCII)


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


class InvalidList(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


# ---------------------------------------------------------------- files


@dataclass(frozen=True)
class UploadLimits:
    """Caps on what one file may hold (configurable: MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS)."""

    max_bytes: int = MAX_FILE_BYTES
    max_rows: int = MAX_ROWS

    @property
    def max_uncompressed_bytes(self) -> int:
        return 10 * self.max_bytes


def read_file(filename: str, content: bytes, limits: UploadLimits) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {column key: raw value}) for every non-empty data row; InvalidList for an unreadable file
    or one over the caps, found before any grid is built. CPU-bound: callers run it off the event loop."""
    if len(content) > limits.max_bytes:
        raise InvalidList([Problem(0, "file", f"the file is over {limits.max_bytes // (1024 * 1024)} MB")])
    if content[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        table = _xlsx_rows(content, limits)
    elif filename.lower().endswith(".csv") or not filename:
        table = _csv_rows(content, limits)
    else:
        raise InvalidList([Problem(0, "file", "send a .csv or .xlsx file")])
    if not table:
        raise InvalidList([Problem(1, "file", "the file is empty: the first row must hold the column headers")])
    header, *body = table
    keys = [HEADER_KEYS.get(fold(str(cell or "")).strip()) for cell in header]
    missing = [c for c in COLUMNS if c in REQUIRED and c not in keys]
    if missing:
        raise InvalidList([Problem(1, c, "this column is missing from the header row") for c in missing])
    rows = []
    for number, cells in enumerate(body, start=2):
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        rows.append((number, {key: cell for key, cell in zip(keys, cells, strict=False) if key}))
    if not rows:
        raise InvalidList([Problem(2, "file", "the list has no rows")])
    return rows


def _csv_rows(content: bytes, limits: UploadLimits) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidList([Problem(0, "file", "a .csv file must be UTF-8 encoded")]) from None
    if text.count("\n") > limits.max_rows + 1:
        raise InvalidList([Problem(0, "file", f"a list holds at most {limits.max_rows:,} rows: split the file")])
    delimiter = ","
    try:  # only the delimiter is guessed, from the header: quoting stays Excel's ("" inside quotes)
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        pass
    return [row for row in csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)]


def _xlsx_rows(content: bytes, limits: UploadLimits) -> list[list[Any]]:
    """The first sheet's cells (calamine, in Rust: 25 ms for 5,000 rows where openpyxl takes 640 ms), once
    domain.submissions.workbook_limits has bounded what calamine would build."""
    from python_calamine import CalamineWorkbook

    unreadable = InvalidList([Problem(0, "file", "this is not a readable .xlsx workbook")])
    try:
        workbook_limits.check(content, workbook_limits.Caps(limits.max_rows, limits.max_uncompressed_bytes))
    except workbook_limits.WorkbookTooLarge as error:
        raise InvalidList([Problem(0, "file", str(error))]) from None
    except ValueError:
        raise unreadable from None
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    except Exception:
        raise unreadable from None


# ---------------------------------------------------------------- rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _refused_text(text: str, max_length: int) -> str | None:
    """Why a cell's text is refused (too long, control or invisible characters), or None."""
    if len(text) > max_length:
        return f"is longer than {max_length} characters"
    if validation.hidden_character(text) is not None:
        return "contains a control or invisible character"
    return None


def _digits(value: Any, width: int) -> str:
    """IDs typed into a spreadsheet as numbers lose their leading zeros: give them back."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)).zfill(width)
    return _text(value).replace(" ", "")


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("write dates as dd/mm/yyyy or yyyy-mm-dd")


def clean_row(raw: dict[str, Any], row: int, school_year: str, problems: list[Problem]) -> dict[str, Any] | None:
    """A valid row as model fields, or None after adding its problems."""
    found: list[Problem] = []
    out: dict[str, Any] = {}

    def bad(column: str, message: str) -> None:
        found.append(Problem(row, column, message))

    name = _text(raw.get("full_name"))
    if not name:
        bad("full_name", "the full name is required")
    elif (refused := _refused_text(name, validation.MAX_NAME)) is not None:
        bad("full_name", f"the full name {refused}")
    out["full_name"] = " ".join(nfc(name).split())

    try:
        born = _date(raw.get("date_of_birth"))
        if not date(1900, 1, 1) <= born <= date.today():
            bad("date_of_birth", "the date of birth is not plausible")
        out["date_of_birth"] = born
    except ValueError as error:
        bad("date_of_birth", str(error) if _text(raw.get("date_of_birth")) else "the date of birth is required")

    gender = raw.get("gender")
    out["gender"] = gender if isinstance(gender, Gender) else GENDERS.get(fold(_text(gender)))
    if out["gender"] is None:
        bad("gender", "gender must be Nam/Nữ or MALE/FEMALE")

    citizen_id = _digits(raw.get("citizen_id"), 12) or None
    insurance_number = _digits(raw.get("social_insurance_number"), 10) or None
    if citizen_id and not CITIZEN_ID.fullmatch(citizen_id):
        bad("citizen_id", "a citizen ID (CCCD) has exactly 12 digits")
    if insurance_number and not SOCIAL_INSURANCE_NUMBER.fullmatch(insurance_number):
        bad("social_insurance_number", "a social insurance number (mã số BHXH) has exactly 10 digits")
    if not citizen_id and not insurance_number:
        bad("citizen_id", "give a 12-digit citizen ID or a 10-digit social insurance number")
    out["citizen_id"], out["social_insurance_number"] = citizen_id, insurance_number

    class_name = _text(raw.get("class_name")) or None
    if class_name and (refused := _refused_text(class_name, 64)) is not None:
        bad("class_name", f"the class name {refused}")
    out["class_name"] = nfc(class_name) if class_name else None

    card_type = raw.get("card_type")
    out["card_type"] = card_type if isinstance(card_type, CardType) else CARD_TYPES.get(fold(_text(card_type)))
    if out["card_type"] is None:
        bad("card_type", "card type must be Cấp mới/Gia hạn or NEW/RENEWAL")

    try:
        months = int(_text(raw.get("months")))
        allowed = ALLOWED_MONTHS | (NEW_CARD_MONTHS if out["card_type"] == CardType.NEW else set())
        if months not in allowed:
            bad("months", f"months must be one of {sorted(allowed)}")
        out["months"] = months
    except ValueError:
        bad("months", "months must be a whole number: 3, 6 or 12 (15 for a new card)")

    valid_from = raw.get("valid_from")
    if valid_from is None:
        valid_from = cover_start(school_year)
    elif valid_from.day != 1:
        bad("valid_from", "cover starts on the first day of a month")
    elif not validation.FIRST_DAY <= valid_from <= validation.LAST_DAY:
        bad("valid_from", "cover starts between 2000 and 2100")
    out["valid_from"] = valid_from

    problems.extend(found)
    return None if found else out


def duplicates(rows: Iterable[tuple[int, dict[str, Any]]]) -> list[Problem]:
    """The same person twice: same citizen ID, same social insurance number, or same name and birth date.

    Names compare in NFC, so a decomposed (NFD) spelling is the same name."""
    seen: dict[tuple[Any, ...], int] = {}
    problems = []
    for row, data in rows:
        keys: list[tuple[Any, ...]] = []
        if data.get("citizen_id"):
            keys.append(("citizen_id", data["citizen_id"]))
        if data.get("social_insurance_number"):
            keys.append(("social_insurance_number", data["social_insurance_number"]))
        keys.append(("full_name", nfc(data["full_name"]).casefold(), data["date_of_birth"]))
        for key in keys:
            if key in seen:
                problems.append(Problem(row, key[0], f"the same person as row {seen[key]}"))
                break
        for key in keys:
            seen.setdefault(key, row)
    return problems


def prepare(
    raw_rows: list[tuple[int, dict[str, Any]]],
    school_year: str,
    rules: list[Rule],
    local_rates: list[tuple[date, Decimal]],
) -> list[dict[str, Any]]:
    """Validated rows with contributions, ready to store; InvalidList with every problem otherwise."""
    problems: list[Problem] = []
    cleaned = []
    for row, raw in raw_rows:
        data = clean_row(raw, row, school_year, problems)
        if data is not None:
            cleaned.append((row, data))
    problems += duplicates(cleaned)
    prepared = []
    computed: dict[tuple[date, int], Contribution | NoRuleInForce] = {}  # a list shares a few (start, months)
    for row, data in cleaned:
        key = (data["valid_from"], data["months"])
        if key not in computed:
            try:
                computed[key] = compute(*key, rules, local_rates)
            except NoRuleInForce as error:
                computed[key] = error
        c = computed[key]
        if isinstance(c, NoRuleInForce):
            problems.append(Problem(row, "valid_from", str(c)))
            continue
        prepared.append(
            data
            | {
                "line": row,
                "valid_to": c.valid_to,
                "premium": c.premium,
                "state_support": c.state_support,
                "local_support": c.local_support,
                "student_pays": c.student_pays,
                "rates": c.rates,
            }
        )
    if problems:
        raise InvalidList(
            sorted(problems, key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else 99))
        )
    return prepared


def cover_start(school_year: str) -> date:
    """The default start of cover: 1 January of the school year's second year."""
    return date(int(school_year[5:]), 1, 1)
