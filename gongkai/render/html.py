"""HTML: a standalone page, and a Django-free fragment the platform embeds.

``render_fragment(report)`` returns one ``<article class="gk-report">`` with
the title, the six sections and the three tables in the national layout
(merged header cells, ``<caption>``, ``<th scope=…>``); number cells carry
``data-path`` (e.g. ``requests.granted.0``) so that a page can point at the
cell a finding names. ``STYLESHEET`` styles it on screen; ``render_page``
wraps both into a ``lang="zh-CN"`` document. ``print_stylesheet()`` is the
A4 / GB/T 9704 style the PDF renderer uses.
"""

from __future__ import annotations

from html import escape

from gongkai import standard
from gongkai.model import Report
from gongkai.render import layout

SCREEN_FONTS = {
    "title": '"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif',
    "heading": '"黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif',
    "body": '"仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", "Source Han Serif SC", serif',
}
# The PDF uses only Debian's fonts-noto-cjk, so that what it embeds does not
# depend on which proprietary fonts a machine happens to have.
PDF_FONTS = {
    "title": '"Noto Serif CJK SC"',
    "heading": '"Noto Sans CJK SC"',
    "body": '"Noto Serif CJK SC"',
}

_COMMON_CSS = """
.gk-report {{ font-family: {body}; color: #000; }}
.gk-report h1 {{ font-family: {title}; font-weight: bold; text-align: center; }}
.gk-report h2 {{ font-family: {heading}; font-weight: normal; }}
.gk-report p {{ text-indent: 2em; margin: 0; text-align: justify; }}
.gk-report table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
.gk-report th, .gk-report td {{ border: 1px solid #000; text-align: center;
  vertical-align: middle; font-weight: normal; }}
.gk-report td.gk-num {{ white-space: nowrap; font-variant-numeric: tabular-nums; }}
.gk-report th[scope="row"] {{ text-align: left; }}
.gk-report th.gk-note {{ text-align: left; }}
.gk-report .gk-sr-only {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }}
"""

STYLESHEET = (
    _COMMON_CSS.format(**SCREEN_FONTS)
    + """
.gk-report { max-width: 52em; margin: 0 auto; font-size: 16px; line-height: 1.8; }
.gk-report h1 { font-size: 1.6em; line-height: 1.4; margin: 1em 0; }
.gk-report h2 { font-size: 1.1em; margin: 1em 0 .5em; }
.gk-report table { font-size: 14px; line-height: 1.4; margin: .5em 0 1em; }
.gk-report th, .gk-report td { padding: .25em .35em; }
.gk-report .gk-table-requests, .gk-report .gk-table-appeals { font-size: 13px; }
.gk-report thead th, .gk-report th[scope="rowgroup"][colspan] { background: #f2f2f2; }
.gk-report .gk-table-wrap { overflow-x: auto; }
.gk-report .gk-table-requests { min-width: 40em; }
.gk-report .gk-table-appeals { min-width: 46em; }
"""
)


def print_stylesheet(report: Report | None = None) -> str:
    """The A4 portrait style of published reports (GB/T 9704): margins top
    37 mm, bottom 35 mm, left 28 mm, right 26 mm; 三号 (16 pt) body with 28.95 pt
    lines; page numbers ``— 1 —`` at the outer side of the footer; tables in
    五号/小五 with narrow number columns so that table 3 and table 4 fit."""
    sizes = {"active": 10.5, "requests": 9.0, "appeals": 9.0}
    if report is not None:
        for key, table in layout.tables(report).items():
            sizes[key] = layout.fit_font_pt(table, sizes[key])
    return (
        _COMMON_CSS.format(**PDF_FONTS)
        + """
@page {{ size: A4 portrait; margin: 37mm 26mm 35mm 28mm; }}
@page :right {{ @bottom-right {{ content: "— " counter(page) " —"; font-family: {body};
  font-size: 14pt; vertical-align: top; padding-top: 7mm; margin-right: 1em; }} }}
@page :left {{ @bottom-left {{ content: "— " counter(page) " —"; font-family: {body};
  font-size: 14pt; vertical-align: top; padding-top: 7mm; margin-left: 1em; }} }}
html {{ font-size: 16pt; }}
.gk-report {{ font-size: 16pt; line-height: 28.95pt; }}
.gk-report h1 {{ font-size: 22pt; line-height: 1.45; margin: 0 0 28.95pt; }}
.gk-report h2 {{ font-size: 16pt; margin: 0; text-indent: 2em; page-break-after: avoid; }}
.gk-report table {{ line-height: 1.3; margin: 4pt 0 8pt; }}
.gk-report th, .gk-report td {{ padding: 2pt 2pt; }}
.gk-report thead {{ display: table-row-group; }}
.gk-report .gk-table-requests, .gk-report .gk-table-appeals {{ break-inside: avoid; }}
.gk-report tr {{ page-break-inside: avoid; }}
.gk-report tr.gk-head-row, .gk-report thead tr {{ break-after: avoid; page-break-after: avoid; }}
.gk-report tbody {{ break-inside: avoid; page-break-inside: avoid; }}
.gk-report .gk-table-active {{ font-size: {active}pt; }}
.gk-report .gk-table-requests {{ font-size: {requests}pt; }}
.gk-report .gk-table-appeals {{ font-size: {appeals}pt; }}
.gk-report caption {{ display: none; }}
.gk-report .gk-table-wrap {{ overflow: visible; }}
.gk-report .gk-table-requests, .gk-report .gk-table-appeals {{ min-width: 0; }}
""".format(body=PDF_FONTS["body"], **sizes)
    )


# ---------------------------------------------------------------- tables


def _cell_html(cell: layout.Cell) -> str:
    attrs = []
    if cell.rowspan > 1:
        attrs.append(f' rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f' colspan="{cell.colspan}"')
    classes = {"note": "gk-note", "vertical": "gk-vertical", "number": "gk-num"}.get(cell.kind)
    if classes:
        attrs.append(f' class="{classes}"')
    if cell.header:
        if cell.scope:
            attrs.append(f' scope="{cell.scope}"')
        return f"<th{''.join(attrs)}>{escape(cell.text)}</th>"
    if cell.path:
        attrs.append(f' data-path="{escape(cell.path)}"')
    return f"<td{''.join(attrs)}>{escape(cell.text)}</td>"


def table_html(table: layout.Table, *, caption_visible: bool = False) -> str:
    """One table as HTML: ``<caption>``, ``<thead>`` and one ``<tbody>`` per row group."""
    cap_class = "" if caption_visible else ' class="gk-sr-only"'
    out = [f'<table class="gk-table gk-table-{table.key}">', f"<caption{cap_class}>{escape(table.caption)}</caption>"]
    total = sum(table.widths)
    out.append("<colgroup>" + "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in table.widths) + "</colgroup>")
    if table.head:
        out.append("<thead>")
        out += ["<tr>" + "".join(_cell_html(c) for c in row) + "</tr>" for row in table.head]
        out.append("</thead>")
    starts = sorted(set([0] + table.breaks))
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(table.body)
        out.append("<tbody>")
        # a row of headings only (第二十条第（五）项, 信息内容 …) is kept with the row after it
        out += [("<tr class=\"gk-head-row\">" if row and all(c.header for c in row) else "<tr>")
                + "".join(_cell_html(c) for c in row) + "</tr>" for row in table.body[start:end]]
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


# ---------------------------------------------------------------- documents


def render_fragment(report: Report, *, heading_level: int = 1) -> str:
    """The report as one ``<article>`` (no ``<html>``/``<head>``), for embedding
    in a page. ``heading_level`` is the level of the title (sections get the next)."""
    h = max(1, min(heading_level, 5))
    title = standard.report_title(report.agency, report.year)
    tables = layout.tables(report)
    out = [
        f'<article class="gk-report" lang="zh-CN" data-template="{escape(report.template)}">',
        f"<h{h}>{escape(title)}</h{h}>",
    ]
    for section in standard.SECTIONS:
        out.append(f'<section class="gk-section gk-section-{section.key}">')
        out.append(f"<h{h + 1}>{escape(standard.heading(section.key))}</h{h + 1}>")
        if section.narrative:
            out += [f"<p>{escape(p)}</p>" for p in layout.paragraphs(layout.section_text(report, section.key))]
        else:
            out.append(f'<div class="gk-table-wrap">{table_html(tables[section.key])}</div>')
        out.append("</section>")
    out.append("</article>")
    return "\n".join(out)


def render_page(report: Report, *, stylesheet: str | None = None) -> str:
    """A standalone ``lang="zh-CN"`` HTML page with the report and its style."""
    title = standard.report_title(report.agency, report.year)
    if stylesheet is None:  # on screen; printed from a browser, the A4 layout
        css = STYLESHEET + "\n@media print {\n" + print_stylesheet(report) + "\n}\n"
    else:
        css = stylesheet
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="author" content="{escape(report.agency)}">\n'
        f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f"{render_fragment(report)}\n</body>\n</html>\n"
    )


def render(report: Report, *, fragment: bool = False) -> str:
    return render_fragment(report) if fragment else render_page(report)
