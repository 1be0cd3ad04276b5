"""Table grids: where the cells of a row sit. Cells from structure (a ruled
PDF, HTML, DOCX) are placed by their column; PDF rows without borders by the
x-positions of the columns seen in full rows, or by the gaps between values."""

from __future__ import annotations

import re
from collections import Counter

from gongkai.reader import labels as L
from gongkai.reader.normalize import norm
from gongkai.reader.split import Parsed, parse_values
from gongkai.reader.types import Piece


def _narrative_piece(p: Piece, rx: re.Pattern, hits: int = 2) -> bool:
    """A sentence of prose inside a table region (not a table row)."""
    if p.line.table or "。" not in p.text:
        return False
    return sum(1 for _ in rx.finditer(p.text)) < hits


_NUMCELL = re.compile(r"^(?:\d{1,30}|[/\\\-—–－]|——)$")


def _columns_x(pieces: list[Piece], n: int) -> list[float] | None:
    """PDF: the horizontal centres of the n value columns, from rows that
    print all n values (to place the values of rows with blank cells)."""
    cols: list[list[float]] = [[] for _ in range(n)]
    for p in pieces:
        xs = p.line.xs
        if not xs or len(xs) != len(p.line.cells):
            continue
        num = [x for c, x in zip(p.line.cells, xs) if _NUMCELL.match(norm(c))]
        if len(num) == n:
            for i, x in enumerate(num):
                cols[i].append(x)
    if not cols[0]:
        return None
    return [sorted(c)[len(c) // 2] for c in cols]


def _by_position(p: Piece, cols: list[float] | None, n: int) -> Parsed | None:
    xs = p.line.xs
    if not cols or not xs or len(xs) != len(p.line.cells):
        return None
    num = [(norm(c), x) for c, x in zip(p.line.cells, xs) if _NUMCELL.match(norm(c))]
    if not num or len(num) >= n:
        return None
    if any(re.search(r"\d", norm(c)) and not _NUMCELL.match(norm(c)) and (not L.T3_LABEL.search(norm(c)) or re.search(r"\d$", norm(c))) for c in p.line.cells):
        return None  # numbers sharing a cell (or a label's cell): not a blank-cell row
    width = min(b - a for a, b in zip(cols, cols[1:])) if len(cols) > 1 else 50.0
    vals: list = [None] * n
    toks = [""] * n
    for tok, x in num:
        i = min(range(n), key=lambda k: abs(cols[k] - x))
        if abs(cols[i] - x) > 0.5 * width or toks[i]:
            return None
        toks[i] = tok
        vals[i] = int(tok) if tok.isdigit() else None
    out = Parsed(candidates=[tuple(vals)], how="cells", tokens=toks)
    out.nulls = [i for i, t in enumerate(toks) if t and not t.isdigit()]
    return out


def _trail_hint(pieces: list[Piece], n: int) -> int | None:
    """How many cells usually follow the last value in this table's rows."""
    counts = Counter()
    for p in pieces:
        if not p.line.table:
            continue
        cells = p.text.split("\t")
        filled = [i for i, c in enumerate(cells) if _NUMCELL.match(c.strip())]
        if len(filled) >= n:
            counts[len(cells) - 1 - filled[-1]] += 1
    return counts.most_common(1)[0][0] if counts else None


def _by_gaps(p: Piece, n: int, groups) -> Parsed | None:
    """PDF: a row with blank cells, placed by the gaps between the numbers
    (a blank column leaves a gap twice as wide)."""
    from gongkai.reader.split import _consistent

    xs = p.line.xs
    if not xs or len(xs) != len(p.line.cells):
        return None
    num = [(norm(c), x) for c, x in zip(p.line.cells, xs) if _NUMCELL.match(norm(c))]
    if len(num) < 2 or len(num) >= n or len(num) != sum(1 for c in p.line.cells if re.search(r"\d", c)):
        return None
    diffs = sorted(b[1] - a[1] for a, b in zip(num, num[1:]))
    pitch = diffs[len(diffs) // 2]
    if pitch <= 0:
        return None
    steps = [round((b[1] - a[1]) / pitch) for a, b in zip(num, num[1:])]
    if any(st < 1 for st in steps) or sum(steps) + 1 > n:
        return None
    cands = []
    for offset in range(n - sum(steps)):
        vals: list = [None] * n
        toks = [""] * n
        pos = offset
        for i, (tok, _x) in enumerate(num):
            if i:
                pos += steps[i - 1]
            toks[pos] = tok
            vals[pos] = int(tok) if tok.isdigit() else None
        if _consistent(vals, groups):
            cands.append((tuple(vals), toks))
    if len(cands) != 1:
        return None
    vals, toks = cands[0]
    return Parsed(candidates=[vals], how="cells", tokens=toks, nulls=[i for i, t in enumerate(toks) if t and not t.isdigit()])


def _width_hint(pieces: list[Piece], n: int) -> int | None:
    """How many cells the table's full rows have (rows with n numbers)."""
    counts = Counter()
    for p in pieces:
        if p.line.table and sum(1 for c in p.text.split("\t") if _NUMCELL.match(c.strip())) >= n:
            counts[len(p.text.split("\t"))] += 1
    return counts.most_common(1)[0][0] if counts else None


def _t3_parse(seg: str, p: Piece, cols: list[float] | None, trail: int | None = None, gaps: int | None = None,
              width: int | None = None) -> Parsed:
    if p.line.xs and cols:
        pos = _by_position(p, cols, 7)
        if pos is not None:
            return pos
    # a row narrower than the table's full rows, or a table without one full
    # row (a column dropped throughout): cells may be missing anywhere
    narrow = p.line.table and (width is None or len(p.text.split("\t")) < width)
    return parse_values(seg, 7, trail=trail, gaps=gaps, narrow=narrow)

