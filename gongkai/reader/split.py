"""Reading numbers out of value text, and splitting digits run together.

Crawled pages and some PDF text lose the cell borders: ``801000081`` is the
seven cells 80,1,0,0,0,0,81. A run is split into parts without leading zeros;
where the parts form a group whose last part is the sum of the others (a
table-3 row; a table-4 group), only splits that satisfy it are kept. Spaces
are kept as boundaries first and dropped only if no split respects them
(random spaces inside digit runs, ``200 000121``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gongkai.reader.repairs import also, repair

NUMBER = r"\d+(?:\.\d+)?"
_NULL_TOKENS = {"/", "\\", "-", "—", "–", "－", "——", "--", "／", "╱", "无", "空", "×"}
_TOKEN = re.compile(r"[-−－](?=\d)\d+(?:\.\d+)?|[1-9]\d{0,2}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?|——|--|[/\\／╱—–－\-×]")
# a remark inside a cell: 22（其中修订16件） -> 22
_REMARK = re.compile(r"(?<=\d)\s*[(（](?=[^)）]*[\u4e00-\u9fff])[^)）]*[)）]")
MAX_SOLUTIONS = 200
SPLIT_BUDGET = 60000  # search nodes per run of digits: beyond it the run is left unsplit (null), never guessed
_DOT_THOUSANDS = re.compile(r"(?<![\d.])([1-9]\d{0,2})\.(\d{3})(?![\d.])")


@dataclass
class Parsed:
    candidates: list[tuple] = field(default_factory=list)  # each a tuple of n values (None = blank)
    how: str = "none"  # direct | cells | split | split_nospace | none
    nulls: list[int] = field(default_factory=list)  # positions printed as / or -
    tokens: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)  # e.g. 1.282 read as 1282 in a count

    @property
    def settled(self) -> bool:
        return len(self.candidates) == 1


@repair("cell.remark", "a remark inside a value cell (22（其中修订16件）) is not a value")
def strip_remarks(text: str) -> str:
    return _REMARK.sub("", text)


def _value(tok: str, signed: bool):
    if tok in _NULL_TOKENS or not re.search(r"\d", tok):
        return None
    tok = tok.replace("−", "-").replace("－", "-").replace(",", "")
    if len(tok) > 30:
        return None  # no count has 30 digits: cells run together, not a value
    if not signed:
        tok = tok.lstrip("-")
    if "." in tok:
        try:
            return Decimal(tok)
        except InvalidOperation:
            return None
    return int(tok)


def tokens_of(text: str) -> list[str]:
    return _TOKEN.findall(text)


def parse_values(
    text: str,
    n: int,
    *,
    groups: tuple[int, ...] | None = None,
    constrained: bool = True,
    signed: bool = False,
    decimals: bool = False,
    trail: int | None = None,
    gaps: int | None = None,
    narrow: bool = False,
) -> Parsed:
    """The n values printed in ``text`` (cells separated by tabs, tokens by
    spaces). ``groups``: sizes of sum-groups for splitting (default one group
    of n); ``constrained``: whether the last part of a group is its sum;
    ``trail``: how many cells usually follow the values in this table (to
    place a row whose first or last cell is blank); ``gaps``: at most how
    many cells may be missing (None: any; rows found without their label: 1)."""
    text = strip_remarks(text)
    groups = groups or (n,)
    out = Parsed()
    if not decimals and "." in text:
        # a count is never a decimal: 1.282 is 1282 with a stray thousands mark (OCR)
        fixed = _DOT_THOUSANDS.sub(lambda m: (out.repairs.append(m.group(0)), m.group(1) + m.group(2))[1], text)
        text = fixed
    if "\t" in text:
        cells = [c.strip() for c in text.split("\t")]
        kept = []
        for c in cells:
            toks = tokens_of(c)
            if not c:
                kept.append([])
            elif toks:
                kept.append(toks)
            # else: a label fragment or remark in a value cell: skip
        fused = any(len(t) > 1 and t[0] == "0" and t.isdigit() for ts in kept for t in ts)  # 02: two cells run together
        # a row narrower than the table's rows with a blank among its cells: a
        # cell is missing (deleted, dropped) and the blank's place is unknown
        short = narrow and sum(1 for t in kept if t) < n
        if len(kept) > n and not short:
            kept = _window(kept, n, groups, constrained, trail)
        if len(kept) == n and all(len(t) <= 1 for t in kept) and not fused and not short:
            vals = []
            for i, t in enumerate(kept):
                v = _value(t[0], signed) if t else None
                if isinstance(v, Decimal) and not decimals:
                    v = None  # a count is never a decimal: not a value (noted as printed)
                if t and v is None:
                    out.nulls.append(i)
                vals.append(v)
            out.candidates = [tuple(vals)]
            out.how = "cells"
            out.tokens = [t[0] if t else "" for t in kept]
            return out
    toks = tokens_of(text)
    out.tokens = toks
    if len(toks) == n:
        vals = []
        for i, t in enumerate(toks):
            v = _value(t, signed)
            if isinstance(v, Decimal) and not decimals:
                v = None  # a count is never a decimal: not a value (noted as printed)
            if v is None:
                out.nulls.append(i)
            vals.append(v)
        out.candidates = [tuple(vals)]
        out.how = "direct"
        return out
    if len(toks) > n:
        alt = _fewer(text, toks, n, groups, constrained)
        if alt is not None:
            out.candidates, out.how, out.tokens = [alt[0]], alt[1], alt[2]
            return out
    if not toks or len(toks) > n or any(not re.search(r"\d", t) for t in toks):
        return out
    if any("." in t or t.startswith(("-", "−", "－")) for t in toks):
        if not decimals:
            return out
    if any(not t.isdigit() for t in toks):
        return out  # never split runs holding a decimal point, sign or separator
    digits = "".join(toks)
    bounds = set()
    pos = 0
    for t in toks[:-1]:
        pos += len(t)
        bounds.add(pos)
    sols = split_digits(digits, groups, constrained, bounds)
    how = "split"
    if not sols:
        sols = split_digits(digits, groups, constrained, set())
        how = "split_nospace"
    if (gaps is None or len(toks) >= n - gaps) and (not sols or not constrained):
        # cells may also be missing (printed blank, dropped by a converter, deleted);
        # where a complete reading satisfies the sums, that is the reading
        blanks = with_blanks(toks, n, groups, constrained)
        if blanks is None:  # too many readings to weigh: none is given
            out.how = "too_many"
            return out
        if blanks:
            seen = set(sols)
            sols = sols + [b for b in blanks if b not in seen]
            how = "blank" if len(sols) == len(blanks) else "split_or_blank"
    if sols:
        out.candidates, out.how = sols, how
    return out


def _segmentations(tok: str, most: int) -> list[tuple[int, ...]]:
    """Every way to read one printed run of digits as 1..most numbers
    (no leading zeros, at most 9 digits each)."""
    out: list[tuple[int, ...]] = []

    def rec(i: int, acc: list[int]) -> None:
        if i == len(tok):
            out.append(tuple(acc))
            return
        if len(acc) >= most or len(out) > 5000:
            return
        if tok[i] == "0":
            rec(i + 1, [*acc, 0])
            return
        for j in range(i + 1, min(len(tok), i + 9) + 1):
            rec(j, [*acc, int(tok[i:j])])

    rec(0, [])
    return out


@repair("row.missing_cells", "fewer numbers than cells (a blank cell, a column dropped by a converter, a cell lost): every placement the sums allow")
def with_blanks(toks: list[str], n: int, groups, constrained: bool, limit: int = 4000) -> list[tuple] | None:
    """Readings of ``toks`` (digit runs, in order) as n cells of which some
    are blank (None): each run one cell or several run together. None when
    there are more than ``limit`` placements to weigh."""
    if len(toks) >= n or len(toks) > 12:
        return [] if len(toks) >= n else None
    room = n - len(toks) + 1  # the most numbers one run can hold
    segs = [_segmentations(t, room) for t in toks]
    size = 1
    for sg in segs:
        size *= len(sg)
        if size > limit:
            return None
    found: dict[tuple, None] = {}
    tried = 0
    for combo in itertools.product(*segs):
        vals = [v for part in combo for v in part]
        k = len(vals)
        if k >= n:
            continue
        for slots in itertools.combinations(range(n), k):
            tried += 1
            if tried > limit:
                return None
            row: list = [None] * n
            for s, v in zip(slots, vals, strict=True):
                row[s] = v
            if not constrained or _consistent(row, groups):
                found[tuple(row)] = None
    return list(found)


also("md.dropped_empty_column", "a converter dropped a row's empty cell (| 规章 | 12 | 140 | under four columns): every placement, "
     "settled by the equations or the narrative", with_blanks)
also("row.one_blank_cell", "one cell of a row printed blank: the blank's place from the cells, else every placement", with_blanks)
also("text.sparse_row", "text of a PDF row with blank cells (181  15  2): runs kept whole, blanks placed where the sums allow", with_blanks)


@repair("crawl.fused_digits", "cells run together without separators (801000081): every split the group sums allow")
def split_digits(digits: str, groups: tuple[int, ...], constrained: bool, bounds: set[int]) -> list[tuple]:
    """Every way to cut ``digits`` into sum(groups) numbers without leading
    zeros, keeping every position in ``bounds`` as a cut; in each group the
    last number equals the sum of the others when ``constrained``."""
    total_parts = sum(groups)
    L = len(digits)
    if L < total_parts or L > total_parts * 9:  # noqa: SIM300 - L is the digit count, not a constant
        return []
    if constrained and len(groups) == 1:
        return _split_sum_row(digits, groups[0], bounds)
    sols: list[tuple] = []
    cut_after = sorted(bounds)
    budget = [SPLIT_BUDGET]

    def crosses(i: int, j: int) -> bool:
        for b in cut_after:
            if i < b < j:
                return True
            if b >= j:
                break
        return False

    def parts_from(i: int):
        if i >= L:
            return
        if digits[i] == "0":
            if not crosses(i, i + 1):
                yield i + 1, 0
            return
        for j in range(i + 1, min(L, i + 9) + 1):
            if crosses(i, j):
                break
            yield j, int(digits[i:j])

    def rec(i: int, gi: int, k: int, acc: list, s: int):
        if budget[0] <= 0 or len(sols) >= MAX_SOLUTIONS:
            return
        budget[0] -= 1
        size = groups[gi]
        remaining_parts = sum(groups[gi:]) - k
        if L - i < remaining_parts:
            return
        last_in_group = k == size - 1
        for j, v in parts_from(i):
            if L - j < remaining_parts - 1:
                break
            if last_in_group:
                if constrained and v != s:
                    continue
                if gi == len(groups) - 1:
                    if j == L:
                        sols.append(tuple(acc + [v]))
                    continue
                rec(j, gi + 1, 0, acc + [v], 0)
            else:
                if constrained and len(str(s + v)) > L - j:
                    continue
                rec(j, gi, k + 1, acc + [v], s + v)

    rec(0, 0, 0, [], 0)
    if budget[0] <= 0 or len(sols) >= MAX_SOLUTIONS:
        return []  # search cut short: a reading found may not be the only one
    return sols


def _split_sum_row(digits: str, n: int, bounds: set[int]) -> list[tuple]:
    """One group whose last number is the sum of the n-1 before it: try each
    length of the last number, then cut the rest into parts that add up."""
    L = len(digits)
    cuts = sorted(bounds)
    sols: list[tuple] = []
    budget = [SPLIT_BUDGET]

    def crosses(i: int, j: int) -> bool:
        return any(i < b < j for b in cuts)

    for t in range(1, min(9, L - (n - 1)) + 1):
        start = L - t
        last = digits[start:]
        if (len(last) > 1 and last[0] == "0") or crosses(start, L):
            continue
        if cuts and any(b > start for b in cuts):
            continue
        if bounds and start not in bounds and start != 0 and any(b < start for b in cuts) and max(cuts) != start:
            # the total must begin at a cut when cuts are kept
            pass
        total = int(last)
        prefix = digits[:start]

        def rec(i: int, k: int, acc: list, s: int):
            if budget[0] <= 0 or len(sols) >= MAX_SOLUTIONS:
                return
            budget[0] -= 1
            left = n - 1 - k
            if left == 0:
                if i == len(prefix) and s == total and (not cuts or not crosses(i, start)):
                    sols.append(tuple(acc) + (total,))
                return
            rest = len(prefix) - i
            if rest < left or rest > left * t:
                return  # every part is at most the total, so at most t digits
            if prefix[i] == "0":
                options = [1]
            else:
                options = range(1, min(9, rest - (left - 1)) + 1)
            for ln in options:
                j = i + ln
                if crosses(i, j):
                    break
                v = int(prefix[i:j])
                if s + v > total:
                    break
                rec(j, k + 1, acc + [v], s + v)

        rec(0, 0, [], 0)
    if budget[0] <= 0 or len(sols) >= MAX_SOLUTIONS:
        return []  # search cut short: a reading found may not be the only one
    if bounds:
        sols = [x for x in sols if _respects(x, bounds)]
    return sols


def _respects(parts: tuple, bounds: set[int]) -> bool:
    pos, ends = 0, set()
    for v in parts:
        pos += len(str(v))
        ends.add(pos)
    return bounds <= ends


@repair("text.spaced_digits", "digits of one cell split by single spaces (9 1   2 6), or a merged cell repeated in every column it spans")
def _fewer(text: str, toks: list[str], n: int, groups, constrained: bool):
    """More numbers than cells. Two known causes: digits of one cell split by
    single spaces while cells are two or more spaces apart (text browsers
    that separate inline elements: ``9 1   2 6``); and a merged cell repeated
    in every column it spans (PDF-to-markdown: ``行政许可|2,100|2,100|2,100``)."""
    if re.search(r"\d \d", text) and re.search(r"\d(?: {2,}|\t)\d", text):
        cells = [c for c in re.split(r" {2,}|\t", text.strip()) if c.strip()]
        joined = [re.sub(r"(?<=\d) (?=\d)", "", c.strip()) for c in cells]
        if len(joined) == n and all(re.fullmatch(r"\d+", j) for j in joined):
            vals = tuple(int(j) for j in joined)
            if not constrained or _consistent(list(vals), groups):
                return vals, "cells", joined
    if "\t" not in text or any(len(tokens_of(c)) > 1 for c in text.split("\t")):
        return None  # repeated merged cells exist only where cells do, one number each
    dedup = list(toks)
    while len(dedup) > n and len(dedup) >= 2 and dedup[-1] == dedup[-2]:
        dedup.pop()
    if len(dedup) == n:
        vals = tuple(_value(t, False) if "." not in t else Decimal(t.replace(",", "")) for t in dedup)
        if all(v is not None for v in vals) and (not constrained or _consistent(list(vals), groups)):
            return vals, "direct", dedup
    return None


def _window(kept: list[list[str]], n: int, groups, constrained: bool, trail: int | None) -> list[list[str]]:
    """More cells than values (merged label cells, an empty last column):
    choose the n consecutive cells holding every number; among several,
    those consistent with the group sums, then the usual position."""
    filled = [i for i, t in enumerate(kept) if t]
    if not filled:
        return kept[:n]
    lo, hi = filled[0], filled[-1]
    if hi - lo + 1 > n:
        return kept  # numbers spread wider than a row: leave it to the caller
    starts = list(range(max(0, hi - n + 1), min(lo, len(kept) - n) + 1))
    if len(starts) > 1 and constrained:
        ok = []
        for s in starts:
            vals = [(_value(t[0], False) if len(t) == 1 else None) if t else None for t in kept[s : s + n]]
            if _consistent(vals, groups):
                ok.append(s)
        if ok:
            starts = ok
    if len(starts) > 1 and trail is not None:
        pref = [s for s in starts if len(kept) - (s + n) == trail]
        if pref:
            starts = pref
    if len(starts) == 1:
        s = starts[0]
    else:  # drop empty cells at the end first, then at the start
        trailing = len(kept) - 1 - hi
        drop = len(kept) - n
        s = drop - min(trailing, drop)
        if s not in starts:
            s = starts[0]
    return kept[s : s + n]


def _consistent(vals: list, groups) -> bool:
    i = 0
    for size in groups:
        g = vals[i : i + size]
        i += size
        if len(g) < size:
            return False
        parts, total = g[:-1], g[-1]
        known = sum(v for v in parts if isinstance(v, int))
        if total is None:
            continue
        if not isinstance(total, int):
            continue
        if all(isinstance(v, int) for v in parts):
            if known != total:
                return False
        elif known > total:
            return False
    return True
