"""PDF with a text layer, via pypdfium2: characters with their boxes are
grouped into visual lines (by vertical position) and cells (by horizontal
gaps). No OCR: a PDF without text is reported as image-only."""

from __future__ import annotations

import re

from gongkai.reader import limits
from gongkai.reader.doc import Document, Line
from gongkai.reader.errors import ReaderError

_FOOTER = re.compile(r"^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$")


def lines_from_pdf(data: bytes) -> Document:
    limits.check_pdf(data)
    try:
        import pypdfium2 as pdfium
    except ImportError as err:  # pragma: no cover
        raise ReaderError("缺少 PDF 组件 pypdfium2，无法读取 PDF", "unsupported") from err
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        msg = str(err)
        if "password" in msg.lower():
            raise ReaderError("PDF 已加密（需要密码），无法读取", "encrypted") from None
        raise ReaderError(f"PDF 文件已损坏或不是有效的 PDF：{msg}", "unreadable") from None
    doc = Document(source="pdf", soft_wrap=True)
    any_text = False
    total_chars = garbled = cjk = 0
    try:
        for pno in range(len(pdf)):
            page = pdf[pno]
            try:
                width, height = page.get_size()
                rotation = page.get_rotation() % 360
                tp = page.get_textpage()
                chars = _chars(tp)
                if rotation in (90, 270):  # landscape pages: read as displayed
                    chars = [_rotate(c, rotation, width, height) for c in chars]
                    width, height = height, width
            finally:
                page.close()
            if chars:
                any_text = True
                total_chars += len(chars)
                garbled += sum(1 for c in chars if "\ue000" <= c[0] <= "\uf8ff" or c[0] == "\ufffd" or ord(c[0]) < 32)
                cjk += sum(1 for c in chars if "\u4e00" <= c[0] <= "\u9fff")
            for n, (cells, yc, xs) in enumerate(_lines(chars), 1):
                text = "".join(cells)
                margin = yc < 0.1 * height or yc > 0.93 * height
                if (margin or re.search(r"[-—–－]|页", text)) and _FOOTER.match(" ".join(cells)):
                    continue  # page number / footer
                doc.lines.append(Line(cells, pno + 1, n, table=len(cells) > 1, xs=xs))
    except pdfium.PdfiumError as err:
        raise ReaderError(f"PDF 文件无法解析：{err}", "unreadable") from None
    finally:
        pdf.close()
    if not any_text:
        raise ReaderError("PDF 没有文字层（扫描件或图片），需要 OCR 才能读取；OCR 不在本工具范围内", "image_only")
    if total_chars > 50 and garbled > 0.3 * total_chars and cjk < 0.1 * total_chars:
        raise ReaderError("PDF 文字层无法解码（字体缺少编码映射，显示为乱码），需要 OCR 才能读取；OCR 不在本工具范围内", "image_only")
    return doc


def _rotate(c, rotation: int, width: float, height: float):
    ch, x0, y0, x1, y1 = c
    """A page shown turned (/Rotate): character boxes in display
    coordinates. Turned clockwise (90) the page's left edge is the top and its
    bottom edge the left; turned 270 the other way round."""
    if rotation == 90:
        return (ch, y0, width - x1, y1, width - x0)
    return (ch, height - y1, x0, height - y0, x1)


def _chars(tp) -> list[tuple[str, float, float, float, float]]:
    out = []
    n = tp.count_chars()
    if n <= 0:
        return out
    text = tp.get_text_range(0, n)
    if len(text) != n:  # surrogate pairs etc.: fall back to one by one
        text = None
    for i in range(n):
        ch = text[i] if text is not None else tp.get_text_range(i, 1)
        if not ch or ch.isspace():
            continue
        x0, y0, x1, y1 = tp.get_charbox(i)
        if x1 <= x0 and y1 <= y0:
            continue
        out.append((ch, x0, y0, x1, y1))
    return out


def _lines(chars):
    """Group characters into lines top to bottom, each a list of cells."""
    if not chars:
        return []
    heights = sorted(c[4] - c[2] for c in chars)
    h = max(heights[len(heights) // 2], 4.0)
    items = sorted(chars, key=lambda c: -(c[2] + c[4]) / 2)
    lines: list = []
    current: list = []
    lo = hi = 0.0
    for c in items:
        ch_h = max(c[4] - c[2], 0.5)
        overlap = min(hi, c[4]) - max(lo, c[2])
        if current and overlap >= 0.5 * min(ch_h, hi - lo):
            current.append(c)
            if ch_h >= 0.6 * h:  # the band is the union of normal glyphs
                lo, hi = min(lo, c[2]), max(hi, c[4])
        else:
            if current:
                lines.append((current, (lo + hi) / 2))
            current = [c]
            lo, hi = c[2], c[4]
            if hi - lo < 0.6 * h:  # small glyph (punctuation): use a normal band
                mid = (lo + hi) / 2
                lo, hi = mid - h / 2, mid + h / 2
    if current:
        lines.append((current, (lo + hi) / 2))
    out = []
    for chars_in_line, yc in lines:
        chars_in_line.sort(key=lambda c: c[1])
        # gaps are judged against this line's own type size (tables are often smaller)
        hs = sorted(c[4] - c[2] for c in chars_in_line if c[4] - c[2] >= 0.6 * h or len(chars_in_line) < 3)
        lh = min(h, max(hs[len(hs) // 2], 4.0)) if hs else h
        cells = []
        xs = []
        buf = ""
        start = None
        prev_x1 = None
        last = None
        for ch, x0, _y0, x1, _y1 in chars_in_line:
            if last is not None and ch == last[0] and abs(x0 - last[1]) < 0.3 * max(x1 - x0, 1.0):
                continue  # the same glyph drawn twice (fake bold)
            last = (ch, x0)
            if prev_x1 is not None:
                gap = x0 - prev_x1
                if gap > 1.5 * lh:
                    cells.append(buf)
                    xs.append((start + prev_x1) / 2)
                    buf = ""
                    start = None
                elif gap > 0.5 * lh:
                    buf += " "
            if start is None:
                start = x0
            buf += ch
            prev_x1 = max(x1, prev_x1 or x1)
        if buf:
            cells.append(buf)
            xs.append((start + prev_x1) / 2)
        kept = [(c.strip(), x) for c, x in zip(cells, xs) if c.strip()]
        out.append(([c for c, _x in kept], yc, [x for _c, x in kept]))
    return out
