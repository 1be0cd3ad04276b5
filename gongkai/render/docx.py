"""DOCX as agencies publish it (python-docx), in GB/T 9704 style.

Reusable for other official documents (the platform's reply letters, 答复书)::

    doc = new_document()
    add_title(doc, "关于……的答复")
    add_paragraphs(doc, "张三：\\n你于……")
    data = document_bytes(doc)

``new_document()`` sets A4 portrait with margins top 37 mm, bottom 35 mm,
left 28 mm, right 26 mm, a ``— 1 —`` page number at the outer side of the
footer, and the styles: ``Title`` 方正小标宋简体 二号 (22 pt), ``Heading 1``
黑体 三号, ``Heading 2`` 楷体_GB2312 三号, ``Normal`` 仿宋_GB2312 三号 (16 pt)
with fixed 28.95 pt lines and a two-character first-line indent, and
``GK Table Text`` for table cells. Fonts are named in ``w:eastAsia`` (Latin
text and digits in Times New Roman); each CJK font is declared in the font
table with an alternative (``w:altName``: Noto CJK / 宋体 / 黑体) so that a
machine without the official fonts still shows CJK glyphs.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable

from gongkai import standard
from gongkai.model import Report
from gongkai.render import layout

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
# Declared in the font table as alternatives for machines without the
# official fonts (charset 86 = GB2312).
FONT_FALLBACKS = {
    TITLE_FONT: ("Noto Serif CJK SC", "roman"),
    HEADING_FONT: ("Noto Sans CJK SC", "modern"),
    SUBHEADING_FONT: ("Noto Serif CJK SC", "roman"),
    BODY_FONT: ("Noto Serif CJK SC", "roman"),
}
BODY_PT = 16.0  # 三号
TITLE_PT = 22.0  # 二号
LINE_PT = 28.95  # 22 lines on the GB/T 9704 text block
TABLE_PT = {"active": 10.5, "requests": 9.0, "appeals": 9.0}  # 五号, 小五
CELL_MARGIN_TWIPS = 40  # ≈ 0.7 mm left and right in table cells


def set_run_fonts(rpr_owner, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a run or style: ``w:eastAsia`` for CJK, ``latin``
    for ASCII; removes theme fonts that would override them."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _style_fonts(style, east_asia: str, size_pt: float, *, bold: bool = False) -> None:
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_run_fonts(style.element, east_asia)


def _first_line_chars(paragraph_format_owner, chars: int, size_pt: float) -> None:
    ppr = paragraph_format_owner.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * size_pt * 20)))


def _declare_fonts(doc) -> None:
    table = doc.part.font_table_part.element if hasattr(doc.part, "font_table_part") else None
    if table is None:
        for rel in doc.part.rels.values():
            if rel.reltype.endswith("/fontTable"):
                from lxml import etree

                part = rel.target_part
                root = etree.fromstring(part.blob)
                _add_font_entries(root)
                part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                return
        return
    _add_font_entries(table)


def _add_font_entries(root) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, (alt, family) in FONT_FALLBACKS.items():
        font = root.makeelement(f"{{{w}}}font", {f"{{{w}}}name": name})
        for tag, val in (("altName", alt), ("charset", "86"), ("family", family), ("pitch", "variable")):
            font.append(root.makeelement(f"{{{w}}}{tag}", {f"{{{w}}}val": val}))
        root.append(font)


def _page_number_paragraph(paragraph, align) -> None:
    paragraph.alignment = align
    pf = paragraph.paragraph_format
    pf.first_line_indent = None
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        pf.right_indent = Pt(14)
    else:
        pf.left_indent = Pt(14)

    def run(text: str | None = None):
        r = paragraph.add_run(text)
        r.font.size = Pt(14)  # 四号
        set_run_fonts(r._r, "宋体")
        return r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        else:
            r.text = text
    run(" —")


def new_document():
    """A python-docx ``Document`` with GB/T 9704-style page setup and styles
    (see the module docstring)."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(28)

    styles = doc.styles
    normal = styles["Normal"]
    _style_fonts(normal, BODY_FONT, BODY_PT)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PT)
    pf.space_before = pf.space_after = Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _first_line_chars(normal.element, 2, BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)

    title = styles["Title"]
    _style_fonts(title, TITLE_FONT, TITLE_PT)
    tpf = title.paragraph_format
    tpf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tpf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    tpf.line_spacing = Pt(35)
    tpf.space_before, tpf.space_after = Pt(0), Pt(LINE_PT)
    tpf.first_line_indent = Pt(0)
    _strip_borders(title.element)

    for name, font in (("Heading 1", HEADING_FONT), ("Heading 2", SUBHEADING_FONT)):
        h = styles[name]
        _style_fonts(h, font, BODY_PT)
        hpf = h.paragraph_format
        hpf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        hpf.line_spacing = Pt(LINE_PT)
        hpf.space_before = hpf.space_after = Pt(0)
        hpf.keep_with_next = True
        _first_line_chars(h.element, 2, BODY_PT)

    if "GK Table Text" not in [s.name for s in styles]:
        tt = styles.add_style("GK Table Text", WD_STYLE_TYPE.PARAGRAPH)
        tt.base_style = normal
        _style_fonts(tt, BODY_FONT, TABLE_PT["active"])
        tpf = tt.paragraph_format
        tpf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        tpf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _first_line_chars(tt.element, 0, TABLE_PT["active"])

    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_paragraph(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_paragraph(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    _declare_fonts(doc)
    return doc


def _strip_borders(style_element) -> None:
    ppr = style_element.find(qn("w:pPr"))
    if ppr is not None:
        for el in ppr.findall(qn("w:pBdr")):
            ppr.remove(el)


def add_title(doc, text: str):
    """The centred document title (方正小标宋简体 二号)."""
    return doc.add_paragraph(text, style="Title")


def add_heading(doc, text: str, level: int = 1):
    """A heading: level 1 黑体 (一、…), level 2 楷体 (（一）…)."""
    return doc.add_paragraph(text, style=f"Heading {1 if level <= 1 else 2}")


def add_paragraph(doc, text: str):
    """A body paragraph (仿宋_GB2312 三号, first line indented two characters)."""
    return doc.add_paragraph(text, style="Normal")


def add_paragraphs(doc, text: str | None) -> list:
    """Body paragraphs, one per non-blank line of ``text``."""
    return [add_paragraph(doc, p) for p in layout.paragraphs(text)]


def document_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- tables


def add_table(doc, table: layout.Table, font_pt: float | None = None, *, keep_together: bool | None = None):
    """A layout table as a Word table: fixed column widths, merged cells
    (``w:gridSpan`` / ``w:vMerge``), centred numbers, row labels and the
    勾稽关系 note left-aligned, ``font_pt`` text (shrunk when numbers are long).
    Rows never split over pages; tables 3 and 4 are kept on one page where they
    fit (``keep_together``), as the PDF does. The table XML is written in one
    piece — python-docx's cell-by-cell API is ten times slower."""
    if keep_together is None:
        keep_together = table.key in ("requests", "appeals")
    if font_pt is None:
        base = TABLE_PT.get(table.key, 10.5)
        font_pt = layout.fit_font_pt(table, base, digit_em=0.5, padding_pt=CELL_MARGIN_TWIPS * 2 / 20 + 1)
    grid = table.grid()
    widths = [int(Mm(w).twips) for w in table.widths]
    sz = round(font_pt * 2)
    table_style = doc.styles["Table Grid"].style_id
    para_style = doc.styles["GK Table Text"].style_id
    out = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{table_style}"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
    ]
    out += [f'<w:gridCol w:w="{w}"/>' for w in widths]
    out.append("</w:tblGrid>")
    for r, row in enumerate(grid):
        keep = "<w:keepNext/>" if keep_together and r < len(grid) - 1 else ""
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        c = 0
        while c < len(row):
            cell, origin = row[c]
            # the grid column where this merged cell starts, in this row
            c0 = c
            while c0 > 0 and row[c0 - 1] is not None and row[c0 - 1][0] is cell:
                c0 -= 1
            span = cell.colspan
            tcw = sum(widths[c0 : c0 + span])
            props = f'<w:tcW w:w="{tcw}" w:type="dxa"/>'
            if span > 1:
                props += f'<w:gridSpan w:val="{span}"/>'
            if cell.rowspan > 1:
                props += '<w:vMerge w:val="restart"/>' if origin else "<w:vMerge/>"
            props += '<w:vAlign w:val="center"/>'
            left = cell.header and (cell.scope == "row" or cell.kind == "note")
            ppr = f'<w:pPr><w:pStyle w:val="{para_style}"/>{keep}<w:jc w:val="{"left" if left else "center"}"/></w:pPr>'
            run = ""
            if origin and cell.text:
                run = (
                    f'<w:r><w:rPr><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr>'
                    f'<w:t xml:space="preserve">{xml_escape(cell.text)}</w:t></w:r>'
                )
            out.append(f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{ppr}{run}</w:p></w:tc>")
            c = c0 + span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    tbl = parse_xml("".join(out))
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(tbl)
    else:
        body.append(tbl)
    return DocxTable(tbl, doc._body)


def _table_caption_space(doc) -> None:
    p = doc.add_paragraph(style="GK Table Text")
    p.paragraph_format.line_spacing = Pt(6)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def build_document(report: Report):
    """The report as a python-docx ``Document`` (before saving)."""
    doc = new_document()
    title = standard.report_title(report.agency, report.year)
    doc.core_properties.title = title
    doc.core_properties.author = report.agency
    doc.core_properties.language = "zh-CN"
    doc.core_properties.subject = "政府信息公开工作年度报告"
    add_title(doc, title)
    tables = layout.tables(report)
    for section in standard.SECTIONS:
        add_heading(doc, standard.heading(section.key))
        if section.narrative:
            add_paragraphs(doc, layout.section_text(report, section.key))
        else:
            add_table(doc, tables[section.key])
            _table_caption_space(doc)
    return doc


def render(report: Report) -> bytes:
    return document_bytes(build_document(report))
