"""Spreadsheet output that cannot run formulas (CSV/formula injection).

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is taken for a formula (or a DDE call) by Excel, WPS and LibreOffice
when a CSV or XLSX file is opened. Every CSV and XLSX the platform writes —
web exports and ``gongkai audit`` alike — goes through this module, which
prefixes such text with an apostrophe (the OWASP recommendation): the
spreadsheet shows the text, it never evaluates it. Numbers (int, float,
Decimal) are left as numbers, so ``-5`` stays a number; only *text* is
neutralised. No Django here.

API:

* ``safe_cell(value)`` / ``safe_row(values)`` — the neutralised value(s);
* ``csv_writer(fh, **kw)`` — a ``csv.writer`` whose ``writerow``/``writerows``
  neutralise every cell; ``write_csv(path, rows, header=None)`` writes a
  whole UTF-8 (with BOM, so Excel reads Chinese) file;
* ``append(ws, values)`` — ``ws.append`` for an openpyxl worksheet, with
  every text cell neutralised and stored as a string (never a formula);
* ``xlsx_bytes({sheet title: rows})`` — a whole workbook as bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Full-width look-alikes that spreadsheet applications normalise on input.
_WIDE = ("＝", "＋", "－", "＠")


def is_dangerous(text: str) -> bool:
    return text.startswith(DANGEROUS_PREFIXES) or text.startswith(_WIDE)


def safe_cell(value):
    """``value`` made inert: text that a spreadsheet would treat as a formula
    gets a leading apostrophe; everything else is returned unchanged."""
    if isinstance(value, str) and value and is_dangerous(value):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(v) for v in values]


class _SafeWriter:
    def __init__(self, writer):
        self._w = writer

    def writerow(self, row):
        return self._w.writerow(safe_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)

    @property
    def dialect(self):
        return self._w.dialect


def csv_writer(fh, **kwargs) -> _SafeWriter:
    """A ``csv.writer`` on ``fh`` whose rows are neutralised."""
    return _SafeWriter(csv.writer(fh, **kwargs))


def write_csv(path, rows: Iterable[Iterable], header: Iterable | None = None) -> None:
    with Path(path).open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv_writer(fh)
        if header is not None:
            w.writerow(header)
        w.writerows(rows)


def csv_bytes(rows: Iterable[Iterable], header: Iterable | None = None) -> bytes:
    buf = io.StringIO()
    w = csv_writer(buf)
    if header is not None:
        w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def append(ws, values: Iterable) -> None:
    """``ws.append(values)`` with every text cell neutralised and typed as a
    string, so openpyxl never writes it as a formula."""
    values = list(values)
    ws.append(safe_row(values))
    r = ws.max_row
    for i, v in enumerate(values, start=1):
        if isinstance(v, str) and v:
            c = ws.cell(r, i)
            c.data_type = "s"


def xlsx_bytes(sheets: dict[str, Iterable[Iterable]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title[:31])
        for row in rows:
            append(ws, row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
