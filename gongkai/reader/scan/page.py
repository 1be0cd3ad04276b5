"""One page image → lines of cells, the same intermediate the text front
ends produce. Table rows come from the ruled cells (a blank cell is an empty
string, as in HTML); the rest of the page from the engine's lines. Every cell
keeps its box and the lowest confidence of its words (``Line.scan``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from gongkai.reader.scan.engines import Word
from gongkai.reader.scan.image import PageImage
from gongkai.reader.scan.layout import Layout, find_layout
from gongkai.reader.types import Line

_FOOTER = re.compile(r"^\s*(?:[-—–－一_]+\s*\d{1,3}\s*[-—–－一_]+|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$")
_ASCII = re.compile(r"[0-9A-Za-z.,%]")


@dataclass
class CellScan:
    """Where a cell's text came from on the page image."""

    box: tuple[int, int, int, int]  # pixels of the deskewed page
    conf: float | None  # lowest word confidence (0–1); None for a blank cell
    words: list[Word]


@dataclass
class PageScan:
    lines: list[Line]
    words: int
    tables: int
    ink: float  # share of dark pixels (a blank page has almost none)
    garbled: list[str]  # cells among numbers that read as no number (set blank)


def read_page(page: PageImage, engine, pno: int) -> PageScan:
    gray = page.gray
    pt = 72 / page.dpi  # boxes and positions in points, as a PDF's
    layout = find_layout(gray, page.dpi)
    drop_seal(gray, page.dpi, layout.rules)
    clean = gray.copy()
    clean[layout.rules > 0] = 255
    ink = float((gray < 128).mean())
    # free text: the page with the tables whited out; table text: each
    # cell's lines of ink, cut out and read on their own
    free_page = clean.copy()
    for t in layout.tables:
        x0, y0, x1, y1 = t.box
        free_page[y0:y1, x0:x1] = 255
    import cv2

    pad = max(4, int(page.dpi / 25))
    strips, owners = [], []
    char_h = _char_height(clean, layout, page.dpi)
    for t in layout.tables:
        for c in t.cells:
            for box in _cell_lines(clean, c.box, page.dpi, char_h):
                x0, y0, x1, y1 = box
                strip = clean[y0:y1, x0:x1]
                strips.append(cv2.copyMakeBorder(strip, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255))
                owners.append((c.label, (x0 - pad, y0 - pad, x1 + pad, y1 + pad)))
    has_free = float((free_page < 128).mean()) > BLANK_FREE
    free, read = engine.recognize(free_page if has_free else None, strips, page.dpi) if ink > BLANK_FREE or strips else ([], [])
    table_words: dict[int, list[Word]] = {}
    for (label, box), ws in zip(owners, read):
        for w in ws:
            bx0, by0, bx1, by1 = w.box
            table_words.setdefault(label, []).append(Word(w.text, (box[0] + bx0, box[1] + by0, box[0] + bx1, box[1] + by1), w.conf, w.line))
    items: list[tuple[float, Line]] = []
    garbled: list[str] = []
    for t in layout.tables:
        for row in t.rows:
            cells, xs, scans = [], [], []
            for c in row:
                ws = table_words.get(c.label, [])
                text = _join(ws)
                cells.append(text)
                xs.append(c.cx)
                scans.append(CellScan(c.box, min((w.conf for w in ws), default=None) if text else None, ws))
            if not any(cells):
                continue
            _unreadable_to_blank(cells, scans, garbled)
            line = Line(cells, pno, 0, table=True, xs=[x * pt for x in xs], boxes=[_pt(c.box, pt) for c in row], grid=True)
            line.scan = scans  # type: ignore[attr-defined]
            items.append((min(c.box[1] for c in row), line))
    height = gray.shape[0]
    for group in _free_lines(free):
        cells_w = _split_cells(group)
        cells = [_join(ws) for ws in cells_w]
        text = " ".join(cells)
        y = min(w.box[1] for w in group)
        if (y < 0.1 * height or y > 0.9 * height) and _FOOTER.match(text):
            continue  # page number
        line = Line(cells, pno, 0, table=len(cells) > 1, xs=[pt * sum(w.cx for w in ws) / len(ws) for ws in cells_w],
                    boxes=[_pt(_union(ws), pt) for ws in cells_w])
        line.scan = [  # type: ignore[attr-defined]
            CellScan(_union(ws), min(w.conf for w in ws), ws) for ws in cells_w
        ]
        items.append((y, line))
    items.sort(key=lambda it: it[0])
    lines = []
    for n, (_y, line) in enumerate(items, 1):
        line.lineno = n
        lines.append(line)
    return PageScan(lines, len(free) + sum(len(ws) for ws in read), len(layout.tables), ink, garbled)


BLANK_FREE = 0.0005


def drop_seal(gray: np.ndarray, dpi: float, protect: np.ndarray | None = None) -> list[tuple[float, float, float]]:
    """A round seal stamped on the page (in a greyscale scan its red is a
    middle grey; in colour the red is dropped already) is whited out: its
    ring is found as a circle (Hough) of middle grey away from black print,
    kept only if the grey runs round most of it; inside it, middle grey away
    from print is seal. Print is black, its grey edges next to black; text
    under the seal stays. Returns the seals found (centre x, y, radius)."""
    import cv2

    mid = ((gray >= 60) & (gray < 215)).astype(np.uint8)
    if protect is not None:
        mid[protect > 0] = 0  # a table's rules stay
    if mid.mean() < 0.002:
        return []
    k = max(5, int(dpi / 25)) | 1  # print's grey edges (blur, JPEG) stay
    near_print = cv2.dilate((gray < 60).astype(np.uint8), np.ones((k, k), np.uint8))
    seal = mid & (1 - near_print)
    f = 50 / dpi
    small = cv2.GaussianBlur(cv2.resize(seal * 255, None, fx=f, fy=f, interpolation=cv2.INTER_AREA), (5, 5), 0)
    found = cv2.HoughCircles(small, cv2.HOUGH_GRADIENT, dp=1, minDist=40, param1=60, param2=14, minRadius=25, maxRadius=55)
    if found is None:
        return []
    h, w = gray.shape
    ring = cv2.dilate(seal, np.ones((5, 5), np.uint8))
    angles = np.linspace(0, 2 * np.pi, 240, endpoint=False)
    seals = []
    for cx, cy, r in found[0][:12]:
        cx, cy, r = cx / f, cy / f, r / f
        # along each ray from the centre: the ring within a band around r
        # (Hough's centre is a few pixels off, the paper a little skewed)
        ring_hit = np.zeros(len(angles), dtype=bool)
        any_hit = np.zeros(len(angles), dtype=bool)
        inside_page = np.zeros(len(angles), dtype=bool)
        for rr in np.linspace(r - 0.08 * dpi, r + 0.08 * dpi, 9):
            fx, fy = cx + rr * np.cos(angles), cy + rr * np.sin(angles)
            ok = (fx >= 0) & (fx < w) & (fy >= 0) & (fy < h)
            xs, ys = np.clip(fx.astype(int), 0, w - 1), np.clip(fy.astype(int), 0, h - 1)
            inside_page |= ok
            ring_hit |= ok & (ring[ys, xs] > 0)
            any_hit |= ok & ((ring[ys, xs] > 0) | (near_print[ys, xs] > 0))
        n_in = int(inside_page.sum())
        best = float(any_hit.sum() / n_in) if n_in > 60 else 0.0
        ring_share = float(ring_hit.sum() / n_in) if n_in > 60 else 0.0
        if best < 0.9 or ring_share < 0.75:
            continue  # not a ring: grey that happens to lie on a circle
        seals.append((float(cx), float(cy), float(r)))
        m = int(r + 0.08 * dpi)
        x0, y0, x1, y1 = max(0, int(cx) - m), max(0, int(cy) - m), min(w, int(cx) + m), min(h, int(cy) + m)
        yy, xx = np.ogrid[y0:y1, x0:x1]
        inside = (xx - cx) ** 2 + (yy - cy) ** 2 <= m * m
        sub = gray[y0:y1, x0:x1]
        # print inside the seal keeps its thin strokes: grey within a stroke's
        # width of black is print
        k2 = max(7, int(dpi / 15)) | 1
        keep = cv2.dilate((sub < 100).astype(np.uint8), np.ones((k2, k2), np.uint8)) > 0
        kill = inside & (sub >= 60) & (sub < 215) & ~keep
        if protect is not None:
            kill &= protect[y0:y1, x0:x1] == 0
        sub[kill] = 255
    return seals


_NUMBER = re.compile(r"\d")
_CLEAN_NUMBER = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_NONE_MARK = re.compile(r"[—–\-－一/／\\、无]+|")


def _unreadable_to_blank(cells: list[str], scans: list[CellScan], garbled: list[str]) -> None:
    """In a row of numbers, a short cell that reads as no number and no
    label (a seal over a 0 read as 日, a 1 read as 上) is not a value: its
    digits-only reading where the engine made one, at low confidence (it
    stays only if the table's equations confirm it), else blank; noted
    either way. Labels (two or more Chinese characters) are left alone."""
    nums = [i for i, c in enumerate(cells) if _CLEAN_NUMBER.fullmatch(c)]
    if len(nums) < 2:
        return
    for i, c in enumerate(cells):
        if not c or _CLEAN_NUMBER.fullmatch(c) or _NONE_MARK.fullmatch(c.strip()) or len(c) > 6:
            continue
        if len(c) >= 2 and re.fullmatch(r"[\u4e00-\u9fff（）()、“”]+", c):
            continue  # a label
        if i == 0 and len(c) > 1:
            continue
        garbled.append(c)
        alt = next((w.alt for w in scans[i].words if w.alt), None)
        if alt and re.fullmatch(r"\d{1,7}", alt[0]):
            cells[i] = alt[0]
            scans[i].conf = min(alt[1], LOW_ALT)
        else:
            cells[i] = ""
            scans[i].conf = 0.0


LOW_ALT = 0.3  # a digits-only reading of a garbled cell: never sure on its own


def _char_height(clean: np.ndarray, layout: Layout, dpi: float) -> float:
    """The height of a line of table text on this page: the commonest band
    height among the cells (fragments of characters are shorter)."""
    hs = []
    for t in layout.tables:
        for c in t.cells[:400]:
            bands, _ink, _o = _cell_bands(clean, c.box, dpi)
            hs.extend(b - a for a, b in bands)
    if not hs:
        return dpi / 6
    hs.sort()
    return float(hs[int(len(hs) * 0.8)])


def _cell_lines(clean: np.ndarray, box: tuple[int, int, int, int], dpi: float, char_h: float | None = None) -> list[tuple[int, int, int, int]]:
    """The lines of ink inside a cell, each as a box with a margin; none for
    a blank cell. Rows of ink apart by white rows are lines, but a band
    shorter than a character (the top of 果 apart from its foot) joins its
    neighbour. Specks (JPEG noise, a rule's remains) are not ink."""
    bands, ink, (ox, oy) = _cell_bands(clean, box, dpi)
    if not bands:
        return []
    h = char_h or max(b - a for a, b in bands)
    merged: list[list[int]] = []
    for a, b in bands:
        if merged and b - merged[-1][0] <= 1.3 * h:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    # lines set so close that no white row parts them: cut where the ink is thinnest
    split: list[list[int]] = []
    for a, b in merged:
        n = round((b - a) / (1.15 * h))
        if b - a > 1.6 * h and n >= 2:
            prof = ink[a:b].sum(axis=1)
            cuts = []
            for k in range(1, n):
                c = int((b - a) * k / n)
                lo, hi = max(1, c - int(0.3 * h)), min(b - a - 1, c + int(0.3 * h))
                if hi > lo:
                    cuts.append(lo + int(np.argmin(prof[lo:hi])))
            edges = [a] + [a + c for c in cuts] + [b]
            split.extend([e0, e1] for e0, e1 in zip(edges, edges[1:]) if e1 > e0)
        else:
            split.append([a, b])
    merged = split
    out = []
    e = max(2, int(dpi / 50))  # the faint edges of thin strokes (a 1's flag) too
    ih, iw = ink.shape
    for k, (a, b) in enumerate(merged):
        cols = np.flatnonzero(ink[a:b].any(axis=0))
        if cols.size == 0:
            continue
        top = max(a - e, (merged[k - 1][1] + a) // 2 if k else 0)
        bottom = min(b + e, (b + merged[k + 1][0]) // 2 if k + 1 < len(merged) else ih)
        left, right = max(0, int(cols[0]) - e), min(iw, int(cols[-1]) + 1 + e)
        out.append((ox + left, oy + int(top), ox + right, oy + int(bottom)))
    return out  # the caller adds white margins


def _cell_bands(clean: np.ndarray, box: tuple[int, int, int, int], dpi: float):
    import cv2

    x0, y0, x1, y1 = box
    m = max(2, int(dpi / 100))  # keep off the rules
    sub = clean[y0 + m : y1 - m, x0 + m : x1 - m]
    if sub.size == 0:
        return [], None, (0, 0)
    ink = (sub < 140).astype(np.uint8)
    speck = max(2, int(dpi / 60))
    n, lab, stats, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = np.zeros(ink.shape[0], dtype=bool)
    good = np.zeros(n, dtype=bool)
    sh, sw = ink.shape
    for i in range(1, n):
        cx, cy, cw, ch, area = stats[i]
        if max(cw, ch) < speck or area < speck:
            continue
        edge = cx == 0 or cy == 0 or cx + cw >= sw or cy + ch >= sh
        if edge and max(cw, ch) >= 4 * min(cw, ch) and min(cw, ch) <= speck:
            continue  # what is left of a rule along the cell's edge
        good[i] = True
        keep[cy : cy + ch] = True
    ink = good[lab].astype(np.uint8)
    rows = np.flatnonzero(keep)
    if rows.size == 0:
        return [], None, (0, 0)
    bands = []
    start = prev = int(rows[0])
    for r in rows[1:]:
        r = int(r)
        if r > prev + 1:
            bands.append((start, prev + 1))
            start = r
        prev = r
    bands.append((start, prev + 1))
    return bands, ink, (x0 + m, y0 + m)


def _near(box, seal, dpi: float) -> bool:
    cx, cy, r = seal
    x = min(max(cx, box[0]), box[2])
    y = min(max(cy, box[1]), box[3])
    return (x - cx) ** 2 + (y - cy) ** 2 <= (r + 0.1 * dpi) ** 2


def _pt(box, pt: float) -> tuple[float, float, float, float]:
    return (box[0] * pt, box[1] * pt, box[2] * pt, box[3] * pt)


def _union(ws: list[Word]) -> tuple[int, int, int, int]:
    return (min(w.box[0] for w in ws), min(w.box[1] for w in ws), max(w.box[2] for w in ws), max(w.box[3] for w in ws))


def _label_at(labels: np.ndarray, x: float, y: float) -> int:
    h, w = labels.shape
    xi, yi = int(min(max(x, 0), w - 1)), int(min(max(y, 0), h - 1))
    v = int(labels[yi, xi])
    if v:
        return v
    # on a rule: the nearest cell within a few pixels
    r = 6
    win = labels[max(0, yi - r) : yi + r + 1, max(0, xi - r) : xi + r + 1]
    vals = win[win > 0]
    return int(np.bincount(vals).argmax()) if vals.size else 0


def _assign(words: list[Word], layout: Layout) -> tuple[dict[int, list[Word]], list[Word]]:
    """Words into the table cells they stand in; the rest are free text. A
    word that runs over a rule (two cells read as one word) is cut at the
    rule, its characters shared out by position."""
    cells: dict[int, list[Word]] = {}
    free: list[Word] = []
    for w in words:
        lab = _label_at(layout.labels, w.cx, w.cy)
        if not lab:
            if any(t.box[0] <= w.cx <= t.box[2] and t.box[1] <= w.cy <= t.box[3] for t in layout.tables):
                continue  # on the frame of a table: a rule read as | or 一
            free.append(w)
            continue
        x0, y0, x1, y1 = w.box
        n = len(w.text)
        if n > 1:
            step = (x1 - x0) / n
            labs = [_label_at(layout.labels, x0 + (i + 0.5) * step, w.cy) for i in range(n)]
            if len(set(labs)) > 1:
                start = 0
                for i in range(1, n + 1):
                    if i == n or labs[i] != labs[start]:
                        part = w.text[start:i].strip()
                        if part and labs[start]:
                            box = (int(x0 + start * step), y0, int(x0 + i * step), y1)
                            cells.setdefault(labs[start], []).append(Word(part, box, w.conf, w.line))
                        start = i
                continue
        cells.setdefault(lab, []).append(w)
    return cells, free


def _join(ws: list[Word]) -> str:
    """A cell's words in reading order: by line, then left to right; a space
    only between two Latin/digit words set apart."""
    if not ws:
        return ""
    out = ""
    for line in _free_lines(ws, keep_ids=False):
        prev = None
        for w in sorted(line, key=lambda w: w.box[0]):
            t = w.text
            if prev is not None:
                gap = w.box[0] - prev.box[2]
                h = max(prev.box[3] - prev.box[1], w.box[3] - w.box[1], 1)
                if _ASCII.match(t[0]) and _ASCII.match(prev.text[-1]) and gap > 0.25 * h:
                    out += " "
            out += t
            prev = w
    return out


def _free_lines(words: list[Word], keep_ids: bool = True) -> list[list[Word]]:
    """Words grouped into visual lines by vertical overlap, top to bottom."""
    items = sorted(words, key=lambda w: w.cy)
    lines: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for w in items:
        h = w.box[3] - w.box[1]
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            lo, hi = bands[i]
            overlap = min(hi, w.box[3]) - max(lo, w.box[1])
            if overlap >= 0.5 * min(h, hi - lo):
                lines[i].append(w)
                bands[i] = (min(lo, w.box[1]), max(hi, w.box[3])) if h > 0.6 * (hi - lo) else bands[i]
                break
        else:
            lines.append([w])
            bands.append((w.box[1], w.box[3]))
    for ln in lines:
        ln.sort(key=lambda w: w.box[0])
    return lines


def _split_cells(line: list[Word]) -> list[list[Word]]:
    """A free line cut into cells where the gap is wider than two characters."""
    hs = sorted(w.box[3] - w.box[1] for w in line)
    h = max(hs[len(hs) // 2], 4)
    out = [[line[0]]]
    for prev, w in zip(line, line[1:]):
        if w.box[0] - prev.box[2] > 2.5 * h:
            out.append([w])
        else:
            out[-1].append(w)
    return out
