"""Table 4 (行政复议、行政诉讼情况): 15 cells in three groups of five."""

from __future__ import annotations

from gongkai import standard
from gongkai.reader import labels as L
from gongkai.reader.context import Ctx
from gongkai.reader.grid import _by_gaps
from gongkai.reader.split import parse_values, tokens_of
from gongkai.reader.types import Piece

# ================================================================ table 4


def read_table4(pieces: list[Piece], ctx: Ctx):
    out: dict = {}
    if not pieces:
        ctx.note("未找到表四（行政复议、行政诉讼情况）")
        return out, []
    taken: list[Piece] = []
    texts: list[str] = []
    count = 0
    started = False
    rest_from = len(pieces)
    for n, p in enumerate(pieces):
        toks = tokens_of(L.T4_HEADER.sub("", p.text))
        if not toks:
            if started and (len(p.text) > 12 and not p.line.table):
                rest_from = n
                break
            if started and count >= 15:
                rest_from = n
                break
            continue
        if started and count >= 15:
            rest_from = n
            break
        if not started and not p.line.table and "。" in p.text and len(toks) < 5 and len("".join(toks)) < 15:
            continue  # a sentence before the table
        started = True
        taken.append(p)
        texts.append(p.text)
        count += len(toks)
    else:
        rest_from = len(pieces)
    tail = pieces[rest_from:]
    if not taken:
        ctx.note("表四没有数字")
        return out, tail
    text = "\t".join(texts) if len(texts) > 1 else texts[0]
    parsed = parse_values(text, 15, groups=(5, 5, 5))
    if len(taken) == 1 and taken[0].line.xs and (len(parsed.candidates) != 1 or parsed.how != "cells"):
        by_gaps = _by_gaps(taken[0], 15, (5, 5, 5))
        if by_gaps is not None:
            parsed = by_gaps
    if not parsed.candidates and len(texts) > 1:
        parsed = parse_values(" ".join(texts).replace("\t", " "), 15, groups=(5, 5, 5))
    if not parsed.candidates:
        ctx.note(f"表四的数字无法读出（{' '.join(parsed.tokens)}），置空")
        return out, tail
    if len(parsed.candidates) > 1:
        vals = parsed.candidates
        merged = tuple(vals[0][c] if all(v[c] == vals[0][c] for v in vals) else None for c in range(15))
        ctx.note(f"表四数字连写（{''.join(parsed.tokens)}），有 {len(vals)} 种拆法，不确定的格置空")
        vals = merged
    else:
        vals = parsed.candidates[0]
        if parsed.how.startswith("split"):
            ctx.note(f"表四数字连写（{''.join(parsed.tokens)}），按各组合计唯一拆分")
    if parsed.nulls:
        ctx.note("表四有“/”或“-”，按空值处理")
    if parsed.repairs:
        ctx.note(f"表四原文为“{'、'.join(parsed.repairs)}”，件数不是小数，按千位分隔符读")
    for g, group in enumerate(standard.APPEAL_GROUPS):
        out[group.key] = list(vals[g * 5 : g * 5 + 5])
        for i in range(5):
            idx = g * 5 + i
            tok = parsed.tokens[idx] if parsed.how in ("direct", "cells") and idx < len(parsed.tokens) else (str(vals[idx]) if vals[idx] is not None else None)
            ctx.provenance(
                f"appeals.{group.key}.{i}", taken[0], f"表四 {group.parent + '·' if group.parent else ''}{group.label} {standard.APPEAL_COLUMNS[i].label}", tok,
                "数字连写，按各组合计拆分" if parsed.how.startswith("split") else None,
            )
    return out, tail

