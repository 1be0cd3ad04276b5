"""Tables from the ruling lines of a page image (OpenCV morphology): the
horizontal and vertical rules, each table's area, and its cells as the
regions the rules enclose — so a blank cell is a blank cell, merged cells
are one cell, and a slight perspective does not matter (a cell is whatever
the lines close in, not a box on a grid)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gongkai.reader.scan.image import binarize


@dataclass
class Cell:
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels
    label: int  # its id in the table's label map
    row: int = 0  # the row it starts in (a cell spanning rows belongs to its first)
    words: list = field(default_factory=list)

    @property
    def cx(self) -> float:
        return (self.box[0] + self.box[2]) / 2


@dataclass
class Table:
    box: tuple[int, int, int, int]
    cells: list[Cell]
    rows: list[list[Cell]]


@dataclass
class Layout:
    tables: list[Table]
    rules: np.ndarray  # 255 where a ruling line is (to be whited out before OCR)
    labels: np.ndarray  # int32: cell id + 1 per pixel, 0 outside cells
    cell_by_label: dict[int, Cell]


def find_layout(gray: np.ndarray, dpi: float) -> Layout:
    import cv2

    bw = binarize(gray)
    h, w = bw.shape
    # rules are long thin runs of ink: longer than any stroke of a character
    hlen = max(25, int(dpi * 0.45))
    vlen = max(20, int(dpi * 0.35))  # taller than a heading's character
    horiz = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hlen, 1)))
    vert = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vlen)))
    # close small breaks (thin lines at low resolution, JPEG) and thicken a little
    t = max(3, int(dpi / 60)) | 1  # a rule's blurred, slanted edges too
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(dpi / 40)), t)))
    vert = cv2.dilate(vert, cv2.getStructuringElement(cv2.MORPH_RECT, (t, max(3, int(dpi / 40)))))
    rules = cv2.bitwise_or(horiz, vert)
    labels = np.zeros((h, w), dtype=np.int32)
    table_rules = np.zeros((h, w), dtype=np.uint8)  # only a table's rules are whited out
    tables: list[Table] = []
    cell_by_label: dict[int, Cell] = {}
    n, comp, stats, _c = cv2.connectedComponentsWithStats(rules, connectivity=8)
    min_cell = max(6, int(dpi * 0.06))
    next_id = 1
    for i in range(1, n):
        x, y, bw_, bh, _area = stats[i]
        if bw_ < dpi * 1.0 or bh < dpi * 0.15:
            continue  # a lone rule or underline, not a table
        region = (comp[y : y + bh, x : x + bw_] == i).astype(np.uint8) * 255
        # cells: the regions the rules close in (4-connected, so a corner gap does not join)
        inside = cv2.bitwise_not(region)
        m, cl, cst, _cc = cv2.connectedComponentsWithStats(inside, connectivity=4)
        cells = []
        for j in range(1, m):
            cx, cy, cw, ch, carea = cst[j]
            if cw < min_cell or ch < min_cell:
                continue
            if cx == 0 or cy == 0 or cx + cw >= bw_ or cy + ch >= bh:
                continue  # outside the table's frame
            if carea < 0.5 * cw * ch:
                continue  # not a closed box (a gap in the frame)
            cell = Cell((int(x + cx), int(y + cy), int(x + cx + cw), int(y + cy + ch)), next_id)
            sub = labels[y : y + bh, x : x + bw_]
            sub[cl == j] = next_id
            cell_by_label[next_id] = cell
            next_id += 1
            cells.append(cell)
        if len(cells) < 2:
            continue
        tables.append(Table((int(x), int(y), int(x + bw_), int(y + bh)), cells, _rows(cells)))
        table_rules[y : y + bh, x : x + bw_][region > 0] = 255
    tables.sort(key=lambda t: t.box[1])
    return Layout(tables, table_rules, labels, cell_by_label)


def _rows(cells: list[Cell]) -> list[list[Cell]]:
    """Cells grouped by the row they start in: row starts are the tops of
    cells, clustered (a slight perspective moves them a few pixels)."""
    heights = sorted(c.box[3] - c.box[1] for c in cells)
    tol = max(3, heights[0] * 0.4) if heights else 3
    tops = sorted(c.box[1] for c in cells)
    starts: list[float] = []
    for t in tops:
        if not starts or t - starts[-1] > tol:
            starts.append(t)
    rows: list[list[Cell]] = [[] for _ in starts]
    for c in cells:
        k = min(range(len(starts)), key=lambda i: abs(starts[i] - c.box[1]))
        c.row = k
        rows[k].append(c)
    for r in rows:
        r.sort(key=lambda c: c.box[0])
    return [r for r in rows if r]
