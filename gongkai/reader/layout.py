"""Stage 1 for sources with geometry (a PDF text layer, OCR): ``Page`` s of
words and ruling lines → a ``Document`` of lines and cells.

Words are grouped into visual lines by their vertical position. Cells come
from the table's own borders first: where vertical ruling lines cross a line,
the cells are the spaces between them, so a blank cell is a blank cell
(``""``) in its place and ``181  15  2`` in a sparse row stays three numbers
in their columns. Where a line crosses no rulings (running text, tables
printed without borders) cells are cut at wide horizontal gaps."""

from __future__ import annotations

import re
from bisect import bisect_left

from gongkai.reader.types import Document, Line, Page, Ruling, Word

_FOOTER = re.compile(r"^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$")


def document_from_pages(pages: list[Page], *, source: str = "pdf") -> Document:
    """Lines and cells of every page, page numbers and page footers removed."""
    doc = Document(source=source, soft_wrap=True)
    for page in pages:
        verticals = _verticals(page.rulings)
        for n, (cells, yc, xs, boxes, grid) in enumerate(_lines(page.words, verticals), 1):
            text = "".join(cells)
            margin = yc > 0.9 * page.height or yc < 0.07 * page.height
            if (margin or re.search(r"[-—–－]|页", text)) and _FOOTER.match(" ".join(c for c in cells if c)):
                continue  # page number / footer
            doc.lines.append(Line(cells, page.number, n, table=len(cells) > 1, xs=xs, boxes=boxes, grid=grid))
    return doc


def _verticals(rulings: list[Ruling]) -> list[tuple[float, float, float]]:
    """Vertical borders as (x, top, bottom), sorted by x."""
    out = []
    for r in rulings:
        if r.vertical:
            out.append(((r.x0 + r.x1) / 2, r.top, r.bottom))
    out.sort()
    return out


def _crossing(verticals: list[tuple[float, float, float]], lo: float, hi: float) -> list[float]:
    """x of the vertical borders that span the band lo..hi (a line of text), merged within 2pt."""
    h = hi - lo
    xs = [x for x, top, bottom in verticals if top <= lo + 0.3 * h and bottom >= hi - 0.3 * h]
    merged: list[float] = []
    for x in xs:
        if merged and x - merged[-1] < 2.0:
            continue
        merged.append(x)
    return merged


def _lines(words: list[Word], verticals=()):
    """Group words into lines top to bottom, each a list of cells."""
    if not words:
        return []
    heights = sorted(w.bottom - w.top for w in words)
    h = max(heights[len(heights) // 2], 4.0)
    items = sorted(words, key=lambda w: (w.top + w.bottom) / 2)
    lines: list = []
    current: list = []
    lo = hi = 0.0
    for w in items:
        w_h = max(w.bottom - w.top, 0.5)
        overlap = min(hi, w.bottom) - max(lo, w.top)
        if current and overlap >= 0.5 * min(w_h, hi - lo):
            current.append(w)
            if w_h >= 0.6 * h:  # the band is the union of normal glyphs
                lo, hi = min(lo, w.top), max(hi, w.bottom)
        else:
            if current:
                lines.append((current, lo, hi))
            current = [w]
            lo, hi = w.top, w.bottom
            if hi - lo < 0.6 * h:  # small glyph (punctuation): use a normal band
                mid = (lo + hi) / 2
                lo, hi = mid - h / 2, mid + h / 2
    if current:
        lines.append((current, lo, hi))
    out = []
    for in_line, lo, hi in lines:
        in_line.sort(key=lambda w: w.x0)
        # gaps are judged against this line's own type size (tables are often smaller)
        hs = sorted(w.bottom - w.top for w in in_line if w.bottom - w.top >= 0.6 * h or len(in_line) < 3)
        lh = min(h, max(hs[len(hs) // 2], 4.0)) if hs else h
        borders = _crossing(verticals, lo, hi) if verticals else []
        if len(borders) >= 3:
            out.append(_ruled(in_line, borders, lh, (lo + hi) / 2, lo, hi))
        else:
            out.append(_gapped(in_line, lh, (lo + hi) / 2, lo, hi))
    return out


def _join(words: list[Word], lh: float) -> str:
    buf = ""
    prev_x1 = None
    last = None
    for w in words:
        if last is not None and w.text == last[0] and abs(w.x0 - last[1]) < 0.3 * max(w.x1 - w.x0, 1.0):
            continue  # the same glyph drawn twice (fake bold)
        last = (w.text, w.x0)
        if prev_x1 is not None and w.x0 - prev_x1 > 0.5 * lh:
            buf += " "
        buf += w.text
        prev_x1 = max(w.x1, prev_x1 or w.x1)
    return buf.strip()


def _gapped(in_line: list[Word], lh: float, yc: float, lo: float, hi: float):
    """Cells cut at gaps wider than 1.5 × the type size."""
    groups: list[list[Word]] = []
    prev_x1 = None
    for w in in_line:
        if prev_x1 is None or w.x0 - prev_x1 > 1.5 * lh:
            groups.append([w])
        else:
            groups[-1].append(w)
        prev_x1 = max(w.x1, prev_x1 or w.x1)
    cells, xs, boxes = [], [], []
    for g in groups:
        t = _join(g, lh)
        if not t:
            continue
        x0 = g[0].x0
        x1 = max(w.x1 for w in g)
        cells.append(t)
        xs.append((x0 + x1) / 2)
        boxes.append((x0, lo, x1, hi))
    return cells, yc, xs, boxes, False


def _ruled(in_line: list[Word], borders: list[float], lh: float, yc: float, lo: float, hi: float):
    """Cells between the vertical borders crossing the line; blank cells kept.
    Words left of the first or right of the last border are cut by gaps."""
    n = len(borders) - 1
    inside: list[list[Word]] = [[] for _ in range(n)]
    left: list[Word] = []
    right: list[Word] = []
    for w in in_line:
        xc = (w.x0 + w.x1) / 2
        if xc < borders[0]:
            left.append(w)
        elif xc > borders[-1]:
            right.append(w)
        else:
            i = min(max(bisect_left(borders, xc) - 1, 0), n - 1)
            inside[i].append(w)
    cells, xs, boxes = [], [], []
    if left:
        c, _y, x, b, _g = _gapped(left, lh, yc, lo, hi)
        cells += c
        xs += x
        boxes += b
    for i, ws in enumerate(inside):
        cells.append(_join(ws, lh))
        xs.append((borders[i] + borders[i + 1]) / 2)
        boxes.append((borders[i], lo, borders[i + 1], hi))
    if right:
        c, _y, x, b, _g = _gapped(right, lh, yc, lo, hi)
        cells += c
        xs += x
        boxes += b
    if not any(cells):
        return [], yc, [], [], False
    if not any(re.search(r"\d", c) for c in cells):
        # a label or header line inside the table: its blank cells say nothing
        kept = [(c, x, b) for c, x, b in zip(cells, xs, boxes) if c]
        return [c for c, _x, _b in kept], yc, [x for _c, x, _b in kept], [b for _c, _x, b in kept], False
    return cells, yc, xs, boxes, True
