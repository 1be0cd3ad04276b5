"""Word .docx: paragraphs and tables in document order (python-docx)."""

from __future__ import annotations

import io

from gongkai.reader import limits
from gongkai.reader.errors import ReaderError
from gongkai.reader.repairs import generic_header
from gongkai.reader.types import Document, Line


def lines_from_docx(data: bytes) -> Document:
    limits.check_docx(data)
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError as err:  # pragma: no cover
        raise ReaderError("缺少 python-docx，无法读取 DOCX", "unsupported") from err
    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as err:
        raise ReaderError(f"不是有效的 DOCX 文件：{type(err).__name__}", "unreadable") from None
    doc = Document(source="docx")
    n = 0
    body = d.element.body
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            t = Paragraph(child, d).text.strip()
            if t:
                n += 1
                doc.lines.append(Line([t], None, n))
        elif child.tag == qn("w:tbl"):
            table = Table(child, d)
            for row in table.rows:
                cells = []
                seen = set()
                for tc in row._tr.tc_lst:
                    if id(tc) in seen:
                        continue
                    seen.add(id(tc))
                    vmerge = tc.tcPr.vMerge if tc.tcPr is not None else None
                    text = "" if (vmerge is not None and vmerge.val in (None, "continue")) else _tc_text(tc)
                    cells.append(text)
                    span = tc.grid_span
                    if span > 1:  # every row as wide as the table's grid
                        cells.extend([""] * (span - 1))
                if any(c.strip() for c in cells):
                    n += 1
                    doc.lines.append(Line(generic_header(cells), None, n, table=True, grid=True))
    if not doc.lines:
        raise ReaderError("DOCX 文件中没有文字", "empty")
    return doc


def _tc_text(tc) -> str:
    from docx.oxml.ns import qn

    return " ".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))).strip()
