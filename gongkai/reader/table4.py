"""Table 4 (行政复议、行政诉讼情况): 15 cells in three groups of five."""

from __future__ import annotations

import re

from gongkai import standard
from gongkai.reader import labels as L
from gongkai.reader.context import Ctx
from gongkai.reader.grid import _by_gaps
from gongkai.reader.repairs import repair
from gongkai.reader.split import parse_values, tokens_of
from gongkai.reader.types import Piece

_GROUP_HEAD = re.compile(r"(?:#+\s*)?(?:行政复议|行政诉讼[(（](?:未经复议直接起诉|复议后起诉)[)）]|未经复议直接起诉|复议后起诉)(?:情况)?")


@repair("md.t4_subtables", "table 4 as three small tables, each under its group's heading (in any order)")
def subtables(texts: list[str], groups: list[int]) -> list[str]:
    return [t for _g, t in sorted(zip(groups, texts, strict=True))]


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
    group = None
    groups: list[int | None] = []
    for n, p in enumerate(pieces):
        head = _GROUP_HEAD.fullmatch(p.text.strip())
        if head:
            group = 2 if "复议后" in head.group(0) else 1 if ("直接" in head.group(0) or "未经" in head.group(0)) else 0
        toks = tokens_of(L.T4_HEADER.sub("", p.text))
        if not toks:
            if started and (len(p.text) > 12 and not p.line.table) and not head:
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
        groups.append(group)
        count += len(toks)
    else:
        rest_from = len(pieces)
    tail = pieces[rest_from:]
    if not taken:
        ctx.note("表四没有数字")
        return out, tail
    if len(groups) == 3 and set(groups) == {0, 1, 2} and all(len(tokens_of(L.T4_HEADER.sub("", t))) == 5 for t in texts):
        texts = subtables(texts, groups)  # one small table per group, under its own heading
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

