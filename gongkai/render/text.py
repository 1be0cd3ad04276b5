"""Markdown and plain text, for e-mail and review.

* Markdown: ``#`` title, ``##`` section headings, pipe tables in which every
  row carries its full label (``三、本年度办理结果 （三）不予公开 1.属于国家秘密``)
  so a reader can identify a row without the merged cells of the print layout.
* Text: the print layout's grid with tab-separated cells, as text extracted
  from a published PDF looks (``corpus/000_…txt``): the text of a merged cell
  sits at its first position, the positions it covers are empty.
"""

from __future__ import annotations

from gongkai import standard
from gongkai.model import Report
from gongkai.render import layout

# ---------------------------------------------------------------- markdown


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(_md_escape(h) for h in header) + " |"]
    out.append("|" + "|".join(":---" if i == 0 else "---:" for i in range(len(header))) + "|")
    out += ["| " + " | ".join(_md_escape(c) for c in row) + " |" for row in rows]
    return out


def _md_table2(report: Report) -> list[str]:
    table = layout.table2(report)
    out: list[str] = []
    blocks = [table.body[s : (table.breaks + [len(table.body)])[i + 1]] for i, s in enumerate(table.breaks)]
    for block in blocks:
        item = block[0][0].text
        header = [c.text for c in block[1]]
        out.append(f"**{item}**")
        out.append("")
        out += _md_table(header, [[c.text for c in row] for row in block[2:]])
        out.append("")
    return out


def table3_row_label(row: standard.Row) -> str:
    """The full label of a table-3 row, as markdown prints it."""
    if row.key in ("new_received", "carried_over", "carried_forward"):
        return row.label
    parts = [standard.RESULTS_HEADER]
    if row.group and row.key != standard.OTHER_PROCESSED.key:
        parts.append(row.group)
    parts.append(row.label)
    return " ".join(parts)


def table3_column_labels() -> list[str]:
    """Column headers with their group: 自然人, 法人或其他组织（商业企业）…, 总计."""
    return [standard.APPLICANT_TYPE_LABELS[k] for k in standard.APPLICANT_TYPES] + [
        standard.APPLICANT_COLUMNS[standard.TOTAL_COLUMN].label
    ]


def _md_table3(report: Report) -> list[str]:
    header = ["项目"] + table3_column_labels()
    rows = []
    for row in layout.table3_rows(report):
        values = report.requests.row(row.key) or [None] * 7
        rows.append([table3_row_label(row)] + [layout.fmt_count(v) for v in values])
    return [standard.BALANCE_NOTE, ""] + _md_table(header, rows) + [""]


def appeal_group_label(group: standard.AppealGroup) -> str:
    return f"{group.parent} {group.label}" if group.parent else group.label


def _md_table4(report: Report) -> list[str]:
    header = ["类别"] + [c.label for c in standard.APPEAL_COLUMNS]
    rows = []
    for g in standard.APPEAL_GROUPS:
        values = getattr(report.appeals, g.key) or [None] * 5
        rows.append([appeal_group_label(g)] + [layout.fmt_count(v) for v in values])
    return _md_table(header, rows) + [""]


def render_markdown(report: Report) -> str:
    out = [f"# {standard.report_title(report.agency, report.year)}", ""]
    tables = {"active": _md_table2, "requests": _md_table3, "appeals": _md_table4}
    for section in standard.SECTIONS:
        out += [f"## {standard.heading(section.key)}", ""]
        if section.narrative:
            for p in layout.paragraphs(layout.section_text(report, section.key)):
                out += [p, ""]
        else:
            out += tables[section.key](report)
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------- text


def table_text(table: layout.Table) -> list[str]:
    """A layout table as tab-separated lines, one per grid row. A blank (null)
    number cell stays as an empty field; the positions a merged cell covers at
    the end of a row are dropped."""
    lines = []
    for row in table.grid():
        cells = [(e[0].text if e[1] else "", e[1]) if e is not None else ("", False) for e in row]
        while cells and not cells[-1][1] and not cells[-1][0]:
            cells.pop()
        lines.append("\t".join(text for text, _ in cells))
    return lines


def render_text(report: Report) -> str:
    out = [standard.report_title(report.agency, report.year), ""]
    tables = layout.tables(report)
    for section in standard.SECTIONS:
        out += [standard.heading(section.key), ""]
        if section.narrative:
            for p in layout.paragraphs(layout.section_text(report, section.key)):
                out += [p, ""]
        else:
            out += table_text(tables[section.key]) + [""]
    return "\n".join(out).rstrip("\n") + "\n"
