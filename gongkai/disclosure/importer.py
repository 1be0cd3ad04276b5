"""Monthly decision and fee figures from XLSX or CSV (no Django here).

The template has one header row and one row per month:
年度 | 月份 | 行政许可 | 行政处罚 | 行政强制 | 行政事业性收费（元）.
Every row is checked before anything is stored; a bad row is named by its
row number (as the spreadsheet shows it) in Chinese, and then nothing is
imported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

HEADERS = ("年度", "月份", "行政许可", "行政处罚", "行政强制", "行政事业性收费（元）")
FIELDS = ("year", "month", "licensing", "punishment", "coercion", "fees_yuan")


class ImportError_(ValueError):
    """The file cannot be imported; ``errors`` lists the Chinese messages."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Row:
    line: int
    year: int
    month: int
    licensing: int
    punishment: int
    coercion: int
    fees_yuan: Decimal


def template_xlsx(year: int | None = None) -> bytes:
    from openpyxl import Workbook

    from gongkai import spreadsheet

    wb = Workbook()
    ws = wb.active
    ws.title = "月度决定和收费"
    spreadsheet.append(ws, HEADERS)
    for month in range(1, 13):
        spreadsheet.append(ws, [year or "", month, 0, 0, 0, 0])
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


def _int(value, name: str, line: int, errors: list[str], lo=0, hi=None) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = value.strip()
        if value.isdigit():
            value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < lo or (hi is not None and value > hi):
        rng = f"{lo}至{hi}" if hi is not None else f"不小于{lo}"
        errors.append(f"第{line}行：“{name}”应为{rng}的整数，实际为“{'' if value is None else value}”")
        return None
    return value


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
        y = _int(r[0], "年度", line, errors, 2000, 2100)
        m = _int(r[1], "月份", line, errors, 1, 12)
        counts = [_int(r[i], HEADERS[i], line, errors) for i in (2, 3, 4)]
        fee_raw = r[5]
        try:
            fee = Decimal(str(fee_raw).strip() if fee_raw not in (None, "") else "0")
            if fee < 0 or not fee.is_finite() or fee != fee.quantize(Decimal("0.01")):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.append(f"第{line}行：“{HEADERS[5]}”应为不小于0、最多两位小数的金额，实际为“{fee_raw}”")
            fee = None
        if y is not None and year is not None and y != year:
            errors.append(f"第{line}行：年度应为{year}，实际为{y}")
        if y is not None and m is not None:
            if (y, m) in seen:
                errors.append(f"第{line}行：{y}年{m}月与第{seen[(y, m)]}行重复")
            seen[(y, m)] = line
        if not errors or all(not e.startswith(f"第{line}行") for e in errors):
            if None not in (y, m, fee, *counts):
                rows.append(Row(line, y, m, *counts, fee))
    if errors:
        raise ImportError_(errors)
    return rows
