"""Monthly decision and fee figures from XLSX or CSV (no Django here).

The template has one header row and one row per month:
年度 | 月份 | 行政许可 | 行政处罚 | 行政强制 | 行政事业性收费（元）.
Every row is checked before anything is stored; a bad row is named by its
row number (as the spreadsheet shows it) in Chinese, and then nothing is
imported.

**A blank figure cell means "unchanged"** (``None`` in ``Row``): an officer
who fills in March only must not reset the other eleven months to 0; to
record a zero, type 0. Year and month are required. The downloaded template
is pre-filled with the figures already recorded, so a file sent back as it
came changes nothing. The web view shows the changes (old → new) and applies
them only when confirmed.

Values must fit the register: counts are whole numbers from 0 to
``MAX_COUNT`` a month, fees 0 to ``MAX_FEE`` 元 with at most two decimals;
NaN, infinities and exponent forms beyond these are refused by row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

HEADERS = ("年度", "月份", "行政许可", "行政处罚", "行政强制", "行政事业性收费（元）")
FIELDS = ("year", "month", "licensing", "punishment", "coercion", "fees_yuan")
FIGURES = FIELDS[2:]
FIGURE_LABELS = dict(zip(FIGURES, ("行政许可", "行政处罚", "行政强制", "行政事业性收费（元）")))
YEARS = (2000, 2100)
MAX_COUNT = 10_000_000  # decisions a month; anything larger is a typing error (the column holds 2^31 - 1)
MAX_FEE = Decimal("999999999999.99")  # the column's 14 digits


class ImportError_(ValueError):
    """The file cannot be imported; ``errors`` lists the Chinese messages."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Row:
    """One month of the file; a figure is ``None`` where the cell was blank."""

    line: int
    year: int
    month: int
    licensing: int | None
    punishment: int | None
    coercion: int | None
    fees_yuan: Decimal | None

    def figures(self) -> dict:
        return {k: getattr(self, k) for k in FIGURES}


def template_xlsx(year: int | None = None, figures: dict | None = None) -> bytes:
    """The import template for ``year``; ``figures`` (month -> {field: value})
    pre-fills the months already recorded, the others are left blank."""
    from openpyxl import Workbook

    from gongkai import spreadsheet

    wb = Workbook()
    ws = wb.active
    ws.title = "月度决定和收费"
    spreadsheet.append(ws, HEADERS)
    for month in range(1, 13):
        known = (figures or {}).get(month) or {}
        spreadsheet.append(ws, [year or "", month, *(known.get(k) for k in FIGURES)])
    for col, width in zip("ABCDEF", (8, 6, 10, 10, 10, 20)):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rows_from_xlsx(data: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportError_(["无法读取 XLSX 文件，请使用下载的模板"]) from None
    ws = wb.worksheets[0]
    return [(i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), start=1)]


def _rows_from_csv(data: bytes) -> list[tuple[int, list]]:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportError_(["无法识别 CSV 文件的编码（应为 UTF-8 或 GB18030）"])
    return [(i, r) for i, r in enumerate(csv.reader(io.StringIO(text)), start=1)]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _int(value, name: str, line: int, errors: list[str], lo=0, hi=MAX_COUNT) -> int | None:
    shown = "" if value is None else value
    if isinstance(value, float) and value == value and abs(value) != float("inf") and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = value.strip()
        if value.isascii() and value.isdigit() and len(value) <= 12:
            value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < lo or value > hi:
        errors.append(f"第{line}行：“{name}”应为{lo}至{hi}的整数，实际为“{shown}”")
        return None
    return value


def _fee(value, line: int, errors: list[str]) -> Decimal | None:
    try:
        fee = Decimal(str(value).strip())
        if not fee.is_finite() or fee < 0 or fee > MAX_FEE or fee != fee.quantize(Decimal("0.01")):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.append(f"第{line}行：“{HEADERS[5]}”应为0至{MAX_FEE}、最多两位小数的金额，实际为“{value}”")
        return None
    return fee.quantize(Decimal("0.01"))


def parse(data: bytes, filename: str, *, year: int | None = None) -> list[Row]:
    """Parse and check every row; raise ``ImportError_`` listing all bad rows."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw = _rows_from_xlsx(data)
    elif name.endswith(".csv"):
        raw = _rows_from_csv(data)
    else:
        raise ImportError_(["只能导入 .xlsx 或 .csv 文件"])
    raw = [(i, r) for i, r in raw if any(c not in (None, "") for c in r)]
    if not raw:
        raise ImportError_(["文件是空的"])
    header_line, header = raw[0]
    header = [str(c).strip() if c is not None else "" for c in header[: len(HEADERS)]]
    if tuple(header) != HEADERS:
        raise ImportError_([f"第{header_line}行：表头应为“{'、'.join(HEADERS)}”"])
    errors: list[str] = []
    rows: list[Row] = []
    seen: dict[tuple[int, int], int] = {}
    for line, r in raw[1:]:
        r = list(r) + [None] * (len(HEADERS) - len(r))
        before = len(errors)
        y = _int(r[0], "年度", line, errors, *YEARS)
        m = _int(r[1], "月份", line, errors, 1, 12)
        counts = [None if _blank(r[i]) else _int(r[i], HEADERS[i], line, errors) for i in (2, 3, 4)]
        fee = None if _blank(r[5]) else _fee(r[5], line, errors)
        if y is not None and year is not None and y != year:
            errors.append(f"第{line}行：年度应为{year}，实际为{y}")
        if y is not None and m is not None:
            if (y, m) in seen:
                errors.append(f"第{line}行：{y}年{m}月与第{seen[(y, m)]}行重复")
            seen[(y, m)] = line
        if len(errors) == before:
            rows.append(Row(line, y, m, *counts, fee))
    if errors:
        raise ImportError_(errors)
    return rows
