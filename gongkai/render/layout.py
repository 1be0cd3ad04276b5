"""The national layout of a report as data: sections and the three tables as
grids of (possibly merged) cells.

Every renderer draws from here, so the HTML, DOCX, PDF and text outputs print
the same cells with the same merges. Labels come from ``gongkai.standard``.
Numbers are printed as plain digits (``4119``, never ``4,119``); a ``None``
cell is printed blank; fees keep exactly the decimals they have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from gongkai import standard
from gongkai.model import Report


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    # HTML scope of a header cell: "col", "row", "colgroup", "rowgroup" or None
    scope: str | None = None
    # "label", "number", "note" (the 勾稽关系 note) or "vertical" (三、本年度办理结果)
    kind: str = "label"
    path: str | None = None  # the cell path of a number, e.g. "requests.granted.0"


@dataclass
class Table:
    key: str  # the section key: "active", "requests" or "appeals"
    caption: str
    # relative column widths in millimetres of the A4 text block (156 mm)
    widths: list[float]
    head: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)
    # indices of body rows that start a new row group (a block of table 2)
    breaks: list[int] = field(default_factory=list)
    # the number columns and the millimetres the label columns need at least,
    # used to shrink the font when numbers get long (see ``fit_font_pt``)
    number_columns: int = 0
    label_mm: float = 0.0

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def rows(self) -> list[list[Cell]]:
        return self.head + self.body

    def grid(self) -> list[list[tuple[Cell, bool] | None]]:
        """Each position of the table: ``(cell, is_origin)``; spans resolved."""
        rows = self.rows()
        grid: list[list[tuple[Cell, bool] | None]] = [[None] * self.ncols for _ in rows]
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while c < self.ncols and grid[r][c] is not None:
                    c += 1
                if c + cell.colspan > self.ncols:
                    raise ValueError(f"table {self.key}: row {r} overflows")
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        grid[r + dr][c + dc] = (cell, dr == 0 and dc == 0)
                c += cell.colspan
        return grid

    def numbers(self) -> list[Cell]:
        return [cell for row in self.body for cell in row if cell.kind == "number"]


TEXT_WIDTH_MM = 210 - 28 - 26  # A4 minus GB/T 9704 left and right margins


# ---------------------------------------------------------------- values


def fmt_count(value: int | None) -> str:
    """A count as agencies print it: plain digits, blank where unknown."""
    if value is None:
        return ""
    return str(int(value))


def fmt_decimal(value: Decimal | int | float | None) -> str:
    """A decimal exactly as given: no rounding, no exponent, no separators."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    text = format(value, "f")
    return "0" if text in ("-0", "") else text


def paragraphs(text: str | None) -> list[str]:
    """Narrative text split into paragraphs on newlines; blank lines dropped."""
    if not text:
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]


def section_text(report: Report, key: str) -> str | None:
    return getattr(report.sections, key, None) if report.sections is not None else None


def _num(value, path: str, *, decimal: bool = False) -> Cell:
    text = fmt_decimal(value) if decimal else fmt_count(value)
    return Cell(text, kind="number", path=path)


def _row_values(values: list | None, path: str, n: int) -> list[Cell]:
    values = values if values is not None else [None] * n
    return [_num(values[i], f"{path}.{i}") for i in range(n)]


def _h(text: str, scope: str | None, rowspan: int = 1, colspan: int = 1, kind: str = "label") -> Cell:
    return Cell(text, rowspan=rowspan, colspan=colspan, header=True, scope=scope, kind=kind)


# ---------------------------------------------------------------- table 2


def table2(report: Report) -> Table:
    """Table 2 in the layout of the report's template (2021 or 2019)."""
    if report.template == "2019" or (report.active is None and report.active_2019 is not None):
        return _table2_2019(report)
    return _table2_2021(report)


def _table2_grid(blocks, value_of, path_of, caption: str) -> Table:
    ncols = 1 + max(len(b.columns) for b in blocks)
    label_w = 46.0
    widths = [label_w] + [(TEXT_WIDTH_MM - label_w) / (ncols - 1)] * (ncols - 1)
    table = Table("active", caption, widths, number_columns=ncols - 1, label_mm=label_w)
    for block in blocks:
        table.breaks.append(len(table.body))
        table.body.append([_h(block.item, "rowgroup", colspan=ncols)])
        spans = _spans(len(block.columns), ncols - 1)
        table.body.append(
            [_h("信息内容", "col")]
            + [_h(label, "col", colspan=s) for (_, label), s in zip(block.columns, spans)]
        )
        for row_key, row_label in block.rows:
            cells = [_h(row_label, "row")]
            for (col_key, _), s in zip(block.columns, spans):
                value = value_of(row_key, col_key)
                cell = _num(value, path_of(row_key, col_key), decimal=not isinstance(value, int))
                cell.colspan = s
                cells.append(cell)
            table.body.append(cells)
    return table


def _spans(n: int, total: int) -> list[int]:
    """Column spans of n value columns over ``total`` grid columns: all 1,
    the last one taking what is left (as the template prints 本年处理决定数量)."""
    return [1] * (n - 1) + [total - (n - 1)]


def _table2_2021(report: Report) -> Table:
    active = report.active

    def value_of(row_key: str, col_key: str):
        if active is None:
            return None
        if row_key in standard.DOCUMENT_KINDS:
            return getattr(getattr(active, row_key), col_key)
        return getattr(active, row_key)

    def path_of(row_key: str, col_key: str) -> str:
        if row_key in standard.DOCUMENT_KINDS:
            return f"active.{row_key}.{col_key}"
        return f"active.{row_key}"

    return _table2_grid(standard.TABLE2_BLOCKS, value_of, path_of, standard.SECTION_BY_KEY["active"].title)


def _table2_2019(report: Report) -> Table:
    data = report.active_2019 or {}

    def value_of(row_key: str, col_key: str):
        return (data.get(row_key) or {}).get(col_key)

    def path_of(row_key: str, col_key: str) -> str:
        return f"active_2019.{row_key}.{col_key}"

    return _table2_grid(
        standard.TABLE2_2019_BLOCKS, value_of, path_of, standard.SECTION_BY_KEY["active"].title
    )


# ---------------------------------------------------------------- table 3


def prints_other_as_one_row(report: Report) -> bool:
    """（六）其他处理 is printed as one row in the 2019 template, and in a later
    report whose three sub-rows are all unknown while ``other_processed`` is given."""
    req = report.requests
    if report.template == "2019":
        return True
    return req.other_processed is not None and all(req.row(k) is None for k in standard.OTHER_SUBROWS)


def table3_rows(report: Report) -> list[standard.Row]:
    """The rows of table 3 as this report prints them."""
    one = prints_other_as_one_row(report)
    rows: list[standard.Row] = []
    for row in standard.TABLE3_ROWS:
        if row.key in standard.OTHER_SUBROWS:
            if one:
                if row.key == standard.OTHER_SUBROWS[0]:
                    rows.append(standard.OTHER_PROCESSED)
                continue
        rows.append(row)
    return rows


def table3(report: Report) -> Table:
    req = report.requests
    # three label columns (三、… vertical; group; item), seven numbers whose
    # width grows with the longest number (9 pt digits), labels take the rest
    digits = max((len(fmt_count(v)) for k in standard.ALL_TABLE3_KEYS for v in (req.row(k) or [])), default=1)
    number_mm = min(13.5, max(11.5, (digits * 0.6 * 9 + 4) * 25.4 / 72))
    widths = [7.0, 16.0, TEXT_WIDTH_MM - 23.0 - 7 * number_mm] + [number_mm] * 7
    t = Table("requests", standard.SECTION_BY_KEY["requests"].title, widths, number_columns=7, label_mm=sum(widths[:3]))
    org = standard.APPLICANT_COLUMNS[1:6]
    t.head = [
        [
            _h(standard.BALANCE_NOTE, None, rowspan=3, colspan=3, kind="note"),
            _h(standard.APPLICANT_HEADER, "colgroup", colspan=7),
        ],
        [
            _h(standard.APPLICANT_COLUMNS[0].label, "col", rowspan=2),
            _h(standard.ORG_HEADER, "colgroup", colspan=5),
            _h(standard.APPLICANT_COLUMNS[6].label, "col", rowspan=2),
        ],
        [_h(c.label, "col") for c in org],
    ]
    rows = table3_rows(report)
    results = [r for r in rows if r.outcome or r.key in ("other_processed", "total_processed")]
    group_sizes: dict[str, int] = {}
    for r in rows:
        if r.group and r.key != "other_processed":
            group_sizes[r.group] = group_sizes.get(r.group, 0) + 1
    seen_groups: set[str] = set()
    first_result = True
    for r in rows:
        values = _row_values(req.row(r.key), f"requests.{r.key}", 7)
        if r.key in ("new_received", "carried_over", "carried_forward"):
            t.body.append([_h(r.label, "row", colspan=3)] + values)
            continue
        cells: list[Cell] = []
        if first_result:
            cells.append(_h(standard.RESULTS_HEADER, "rowgroup", rowspan=len(results), kind="vertical"))
            first_result = False
        if r.group and r.key != "other_processed":
            if r.group not in seen_groups:
                seen_groups.add(r.group)
                cells.append(_h(r.group, "rowgroup", rowspan=group_sizes[r.group]))
            cells.append(_h(r.label, "row"))
        else:
            cells.append(_h(r.label, "row", colspan=2))
        t.body.append(cells + values)
    return t


# ---------------------------------------------------------------- table 4


def table4(report: Report) -> Table:
    t = Table("appeals", standard.SECTION_BY_KEY["appeals"].title, [TEXT_WIDTH_MM / 15] * 15, number_columns=15)
    recon, direct, after = standard.APPEAL_GROUPS
    litigation = direct.parent or "行政诉讼"
    t.head = [
        [_h(recon.label, "colgroup", colspan=5), _h(litigation, "colgroup", colspan=10)],
        [_h(c.label, "col", rowspan=2) for c in standard.APPEAL_COLUMNS]
        + [_h(direct.label, "colgroup", colspan=5), _h(after.label, "colgroup", colspan=5)],
        [_h(c.label, "col") for c in standard.APPEAL_COLUMNS] * 2,
    ]
    row: list[Cell] = []
    for g in standard.APPEAL_GROUPS:
        row += _row_values(getattr(report.appeals, g.key), f"appeals.{g.key}", 5)
    t.body = [row]
    return t


def tables(report: Report) -> dict[str, Table]:
    """The three tables keyed by the section that holds them."""
    return {"active": table2(report), "requests": table3(report), "appeals": table4(report)}


def max_digits(table: Table) -> int:
    return max((len(c.text) for c in table.numbers()), default=1)


def fit_font_pt(table: Table, base_pt: float, *, digit_em: float = 0.6, padding_pt: float = 4.0) -> float:
    """The font size (pt) at which the longest number of ``table`` fits its
    column on one line: ``base_pt`` unless the numbers are long (10^6 and up
    in table 4's fifteen columns); never below 5 pt."""
    digits = max_digits(table)
    if not table.number_columns or digits == 0:
        return base_pt
    column_pt = (TEXT_WIDTH_MM - table.label_mm) / table.number_columns * 72 / 25.4
    fitting = (column_pt - padding_pt) / (digit_em * digits)
    return round(max(5.0, min(base_pt, fitting)), 1)
