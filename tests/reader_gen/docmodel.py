"""A report as a sequence of blocks whose table cells know their cell path.

Layouts turn a ``Report`` into blocks (the national grid from
``gongkai.render.layout``, the per-row tables of some converters, flat
markdown rows with full labels); damages change the grid (a cell deleted,
two cells fused, a column dropped, a header row repeated); serializers print
the blocks as markdown, tab-separated text, crawled lines, run-together
crawled text or HTML. Every number keeps its path, so the truth of whatever
is printed is known.
"""

from __future__ import annotations

import copy
import html as htmlmod
import random
from dataclasses import dataclass, field

from gongkai import standard
from gongkai.model import Report
from gongkai.render import layout
from gongkai.render.text import appeal_group_label, table3_row_label

from .reports import short_name


@dataclass
class Cell:
    text: str
    path: str | None = None  # the truth path of a number cell
    head: bool = False
    rs: int = 1
    cs: int = 1
    cover: bool = False  # a position covered by a merged cell


@dataclass
class Table:
    key: str  # active / requests / appeals
    rows: list[list[Cell]]
    caption: str | None = None  # a line printed before the table ('### 行政复议', '**第二十条第（一）项**')
    nhead: int = 1  # header rows at the top


@dataclass
class Doc:
    blocks: list[tuple[str, object]] = field(default_factory=list)  # (kind, str | Table)
    published_on: str | None = None

    def tables(self) -> list[Table]:
        return [b for k, b in self.blocks if k == "table"]


# ---------------------------------------------------------------- titles


TITLE_STYLES = ("plain", "niandu", "year_first", "guanyu", "agency_after_year", "bracket_year")


def title_text(report: Report, style: str) -> str:
    a, y = report.agency, report.year
    return {
        "plain": f"{a}{y}年政府信息公开工作年度报告",
        "niandu": f"{a}{y}年度政府信息公开工作年度报告",
        "year_first": f"{y}年{a}政府信息公开工作年度报告",
        "guanyu": f"关于{y}年度政府信息公开情况的报告",
        "agency_after_year": f"{y}年政府信息公开工作年度报告{a}",
        "bracket_year": f"{a}政府信息公开工作年度报告（{y}年度）",
    }[style]


def preface(report: Report, style: str) -> str:
    y, a = report.year, report.agency
    if style == "guanyu":
        # 现将我办…: the agency is only in the signature and the contact line
        short = short_name(report)
        return (f"根据《中华人民共和国政府信息公开条例》规定，现将{short}{y}年度政府信息公开工作情况报告如下。"
                f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。如对本报告有疑问，请与{a}联系。")
    return (f"本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限自{y}年1月1日起至"
            f"{y}年12月31日止。如对本报告有任何疑问，请与{a}办公室联系。")


# ---------------------------------------------------------------- layouts


def _from_layout(t: layout.Table) -> Table:
    grid = t.grid()
    rows = []
    for r, row in enumerate(grid):
        out = []
        for entry in row:
            if entry is None:
                out.append(Cell("", cover=True))
                continue
            c, origin = entry
            head = c.header or r < len(t.head)
            if origin:
                out.append(Cell(c.text, c.path if c.kind == "number" else None, head, c.rowspan, c.colspan))
            else:
                out.append(Cell("", None, head, cover=True))
        rows.append(out)
    return Table(t.key, rows, nhead=len(t.head))


def national_tables(report: Report) -> dict[str, list[Table]]:
    return {k: [_from_layout(t)] for k, t in layout.tables(report).items()}


def _num(report_values: list | None, i: int, path: str) -> Cell:
    v = None if report_values is None else report_values[i]
    return Cell(layout.fmt_count(v), path)


def _table2_blocks(report: Report) -> list[Table]:
    """Table 2 as one small table per 第二十条 item (as render md and most converters)."""
    t = layout.table2(report)
    out = []
    bounds = t.breaks + [len(t.body)]
    for i, s in enumerate(t.breaks):
        block = t.body[s:bounds[i + 1]]
        rows = [[Cell(c.text, None, True) for c in block[1]]]
        for row in block[2:]:
            rows.append([Cell(c.text, c.path if c.kind == "number" else None, c.kind != "number") for c in row])
        out.append(Table("active", rows, caption=f"**{block[0][0].text}**"))
    return out


def flat_tables(report: Report) -> dict[str, list[Table]]:
    """Markdown as ``gongkai.render`` prints it: every row with its full label."""
    req = report.requests
    head3 = [Cell("项目", head=True)] + [Cell(h, head=True) for h in
                                          [standard.APPLICANT_TYPE_LABELS[k] for k in standard.APPLICANT_TYPES] + ["总计"]]
    rows3 = [head3]
    for row in layout.table3_rows(report):
        vals = req.row(row.key)
        rows3.append([Cell(table3_row_label(row), head=True)] + [_num(vals, i, f"requests.{row.key}.{i}") for i in range(7)])
    head4 = [Cell("类别", head=True)] + [Cell(c.label, head=True) for c in standard.APPEAL_COLUMNS]
    rows4 = [head4]
    for g in standard.APPEAL_GROUPS:
        vals = getattr(report.appeals, g.key)
        rows4.append([Cell(appeal_group_label(g), head=True)] + [_num(vals, i, f"appeals.{g.key}.{i}") for i in range(5)])
    return {"active": _table2_blocks(report), "requests": [Table("requests", rows3)], "appeals": [Table("appeals", rows4)]}


T4_SUBHEADINGS = ("### 行政复议", "### 行政诉讼（未经复议直接起诉）", "### 行政诉讼（复议后起诉）")


def per_row_tables(report: Report) -> dict[str, list[Table]]:
    """A converter's output: table 3 as one small table per row, each under the
    generic header ``| 类别 | 数据1 | … | 数据6 | 总计 |``; table 4 as three small
    tables under ``### 行政复议`` etc. (quirks md.per_row_tables, md.generic_header,
    md.t4_subtables)."""
    req = report.requests
    generic3 = [Cell("类别", head=True)] + [Cell(f"数据{i}", head=True) for i in range(1, 7)] + [Cell("总计", head=True)]
    t3 = []
    for row in layout.table3_rows(report):
        vals = req.row(row.key)
        label = row.label if not row.group or row.key == "other_processed" else f"{row.group}{row.label}"
        t3.append(Table("requests", [list(copy.deepcopy(generic3)),
                                     [Cell(label, head=True)] + [_num(vals, i, f"requests.{row.key}.{i}") for i in range(7)]]))
    generic4 = [Cell("类别", head=True)] + [Cell(f"数据{i}", head=True) for i in range(1, 5)] + [Cell("总计", head=True)]
    t4 = []
    for g, cap in zip(standard.APPEAL_GROUPS, T4_SUBHEADINGS):
        vals = getattr(report.appeals, g.key)
        t4.append(Table("appeals", [list(copy.deepcopy(generic4)),
                                    [Cell("数量", head=True)] + [_num(vals, i, f"appeals.{g.key}.{i}") for i in range(5)]],
                        caption=cap))
    return {"active": _table2_blocks(report), "requests": t3, "appeals": t4}


LAYOUTS = {"national": national_tables, "flat": flat_tables, "per_row": per_row_tables}


def build_doc(report: Report, layout_name: str = "national", *, title_style: str = "plain",
              meta: list[str] | None = None, signature: bool = True) -> Doc:
    tables = LAYOUTS[layout_name](report)
    doc = Doc()
    for line in meta or []:
        doc.blocks.append(("meta", line))
    doc.blocks.append(("title", title_text(report, title_style)))
    doc.blocks.append(("para", preface(report, title_style)))
    for section in standard.SECTIONS:
        doc.blocks.append(("heading", standard.heading(section.key)))
        if section.narrative:
            for p in layout.paragraphs(layout.section_text(report, section.key)):
                doc.blocks.append(("para", p))
        else:
            if section.key == "requests" and layout_name != "national":
                doc.blocks.append(("para", standard.BALANCE_NOTE))
            for t in tables[section.key]:
                doc.blocks.append(("table", t))
    if signature:
        doc.blocks.append(("para", report.agency))
        doc.blocks.append(("para", f"{report.year + 1}年1月20日"))
    return doc


# ---------------------------------------------------------------- damage


DAMAGES = ("delete_cell", "fuse_cells", "drop_column", "repeat_header", "cut", "blank_cell")


def _number_positions(doc: Doc) -> list[tuple[Table, int, int]]:
    out = []
    for t in doc.tables():
        for r, row in enumerate(t.rows):
            for c, cell in enumerate(row):
                if cell.path and not cell.cover and cell.text:
                    out.append((t, r, c))
    return out


def damage(doc: Doc, kind: str, rng: random.Random) -> str:
    """Damage ``doc`` in place; returns a description of what was done.
    ``cut`` is done by the serializer (see ``cut_bytes``)."""
    nums = _number_positions(doc)
    if kind == "cut" or not nums:
        return kind
    if kind == "delete_cell":
        t, r, c = rng.choice(nums)
        cell = t.rows[r].pop(c)
        return f"delete_cell {cell.path} ({cell.text})"
    if kind == "blank_cell":
        t, r, c = rng.choice(nums)
        cell = t.rows[r][c]
        text, cell.text = cell.text, ""
        return f"blank_cell {cell.path} ({text})"
    if kind == "fuse_cells":
        pairs = [(t, r, c) for t, r, c in nums if c + 1 < len(t.rows[r]) and t.rows[r][c + 1].path and t.rows[r][c + 1].text]
        if not pairs:
            return "fuse_cells (none)"
        t, r, c = rng.choice(pairs)
        a, b = t.rows[r][c], t.rows[r].pop(c + 1)
        a.text = a.text + b.text
        return f"fuse_cells {a.path}+{b.path} ({a.text})"
    if kind == "drop_column":
        t, r, c = rng.choice(nums)
        dropped = []
        for row in t.rows:
            if c < len(row):
                cell = row.pop(c)
                if cell.cover:
                    continue
                if cell.cs > 1:  # a merged cell loses one column
                    row.insert(c, Cell(cell.text, cell.path, cell.head, cell.rs, cell.cs - 1))
                elif cell.path:
                    dropped.append(cell.path)
        return f"drop_column {c} of {t.key} ({', '.join(dropped[:3])}…)"
    if kind == "repeat_header":
        t = rng.choice([t for t in doc.tables() if len(t.rows) > t.nhead + 1] or doc.tables())
        at = rng.randint(t.nhead, len(t.rows))
        head = [[Cell(c.text, None, True, 1, 1, c.cover) for c in row] for row in t.rows[:t.nhead]]
        t.rows[at:at] = head
        return f"repeat_header {t.key} at row {at}"
    raise ValueError(kind)


# ---------------------------------------------------------------- serializers


def _cells_text(row: list[Cell], repeat: bool = False, origin_text: dict | None = None) -> list[str]:
    return [c.text for c in row]


def to_md(doc: Doc) -> str:
    out = []
    for kind, b in doc.blocks:
        if kind == "title":
            out += [f"# {b}", ""]
        elif kind == "heading":
            out += [f"## {b}", ""]
        elif kind in ("para", "meta"):
            out += [b, ""]
        else:
            if b.caption:
                out += [b.caption, ""]
            width = max(len(r) for r in b.rows)
            for i, row in enumerate(b.rows):
                out.append("| " + " | ".join(c.text.replace("|", "\\|") for c in row) + " |")
                if i == 0:
                    out.append("|" + "|".join(["---"] * width) + "|")
            out.append("")
    return "\n".join(out)


def to_tabs(doc: Doc) -> str:
    """Tab-separated text, one line per grid row (a crawler's or pdftotext's
    text of a table): empty positions a merged cell covers at the end of a
    row are dropped, a blank number cell keeps its (empty) field."""
    out = []
    for kind, b in doc.blocks:
        if kind == "table":
            if b.caption:
                out.append(b.caption.strip("*# "))
            for row in b.rows:
                cells = [c.text for c in row]
                while cells and not cells[-1] and not row[len(cells) - 1].path:
                    cells.pop()
                if cells:
                    out.append("\t".join(cells))
        else:
            out.append(b)
    return "\n".join(out) + "\n"


def to_lines(doc: Doc) -> str:
    """A crawler's text of an HTML page: every cell on its own line."""
    out = []
    for kind, b in doc.blocks:
        if kind == "table":
            if b.caption:
                out.append(b.caption.strip("*# "))
            for row in b.rows:
                out += [c.text for c in row if c.text]
        else:
            out.append(b)
    return "\n".join(out) + "\n"


def to_concat(doc: Doc, sep: str = "") -> str:
    """A crawler's text with the cells of a row run together (平潭's page)."""
    out = []
    for kind, b in doc.blocks:
        if kind == "table":
            if b.caption:
                out.append(b.caption.strip("*# "))
            for row in b.rows:
                out.append(sep.join(c.text for c in row if c.text))
        else:
            out.append(b)
    return "\n".join(out) + "\n"


def to_html(doc: Doc, spans: bool = True) -> str:
    out = ['<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>年度报告</title>',
           "<style>table{border-collapse:collapse}td,th{border:1px solid #000;padding:2px 4px}</style></head><body>"]
    for kind, b in doc.blocks:
        if kind == "title":
            out.append(f"<h1>{htmlmod.escape(b)}</h1>")
        elif kind == "heading":
            out.append(f"<h2>{htmlmod.escape(b)}</h2>")
        elif kind in ("para", "meta"):
            out.append(f"<p>{htmlmod.escape(b)}</p>")
        else:
            if b.caption:
                out.append(f"<p><strong>{htmlmod.escape(b.caption.strip('*# '))}</strong></p>")
            out.append("<table>")
            for row in b.rows:
                tds = []
                for c in row:
                    if c.cover and spans:
                        continue
                    attrs = ""
                    if spans and c.rs > 1:
                        attrs += f' rowspan="{c.rs}"'
                    if spans and c.cs > 1:
                        attrs += f' colspan="{c.cs}"'
                    tds.append(f"<td{attrs}>{htmlmod.escape(c.text)}</td>")
                out.append("<tr>" + "".join(tds) + "</tr>")
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


SERIALIZERS = {"md": (to_md, ".md"), "tabs": (to_tabs, ".txt"), "lines": (to_lines, ".txt"),
               "concat": (to_concat, ".txt"), "spaced": (lambda d: to_concat(d, " "), ".txt"),
               "html": (to_html, ".html"), "html_flat": (lambda d: to_html(d, spans=False), ".html")}


def cut_bytes(data: bytes, rng: random.Random, after: int) -> tuple[bytes, int]:
    """Cut at an arbitrary byte offset past ``after`` (possibly inside a character)."""
    at = rng.randint(min(after, len(data) - 1), len(data) - 1)
    return data[:at], at
