"""Table 3 (收到和处理政府信息公开申请情况): its rows found by label (or,
without a label, by order) and read into candidate readings; ``solve``
settles them by the table's equations."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai import standard
from gongkai.reader import labels as L
from gongkai.reader.context import Ctx
from gongkai.reader.grid import (
    _by_position,
    _columns_x,
    _narrative_piece,
    _t3_parse,
    _trail_hint,
    _width_hint,
)
from gongkai.reader.repairs import repair
from gongkai.reader.solve import _row_name, resolve_table3
from gongkai.reader.split import Parsed, parse_values, tokens_of
from gongkai.reader.types import Piece

# ================================================================ table 3


@repair("crawl.cut_row", "the document ends inside a table-3 row: its numbers are the row's first cells, the rest is cut off")
def cut_row(parsed: Parsed, ctx: Ctx, key: str) -> Parsed:
    toks = [t for t in parsed.tokens if t]
    if not toks or not all(t.isdigit() and (t == "0" or t[0] != "0") for t in toks) or len(toks) >= 7:
        return parsed
    vals = tuple(int(t) for t in toks) + (None,) * (7 - len(toks))
    ctx.note(f"表三“{_row_name(key)}”是文件的最后一行，只有 {len(toks)} 个数：文件在此截断，其后的格为空")
    return Parsed(candidates=[vals], how="cut", tokens=toks)


@dataclass
class _Ev:
    kind: str  # anchor | free | mention
    key: str | None
    parsed: Parsed | None
    piece: Piece



def _t3_events(pieces: list[Piece], ctx: Ctx) -> list[_Ev]:
    cols = _columns_x(pieces, 7)
    trail = _trail_hint(pieces, 7)
    width = _width_hint(pieces, 7)
    # label-only lines next to each other are one label (broken across lines)
    units: list[tuple[str, Piece]] = []
    for p in pieces:
        text = p.text
        if units and not _value_tokens(text) and not _value_tokens(units[-1][0]) and not p.line.table and not units[-1][1].line.table:
            units[-1] = (units[-1][0] + text, units[-1][1])
        else:
            units.append((text, p))
    events: list[_Ev] = []
    free_buf: list[tuple[str, Piece]] = []

    def flush_free(final: bool = False):
        if not free_buf:
            return
        text = "\t".join(t for t, _p in free_buf)
        n_tok = len(tokens_of(text))
        if n_tok % 7 == 0 and n_tok:
            toks = tokens_of(text) if "\t" not in text or n_tok > 7 else None
            if toks and n_tok > 7:
                for i in range(0, n_tok, 7):
                    events.append(_Ev("free", None, parse_values(" ".join(toks[i : i + 7]), 7, gaps=1), free_buf[0][1]))
            else:
                events.append(_Ev("free", None, parse_values(text, 7, gaps=1), free_buf[0][1]))
            free_buf.clear()
        elif final or n_tok > 7:
            parsed = parse_values(text, 7, gaps=1)
            if parsed.candidates:
                events.append(_Ev("free", None, parsed, free_buf[0][1]))
            else:
                ctx.note(f"表三中有无法对应到行的数字，已忽略：{' '.join(tokens_of(text))}（{free_buf[0][1].where}）")
                if not all(re.fullmatch(r"\s*\d\s*[.、．]?\s*", t) for t, _p in free_buf):
                    events.append(_Ev("lost", None, None, free_buf[0][1]))  # a row's numbers, not a sub-item mark
            free_buf.clear()

    for text, p in units:
        matches = []
        for m in L.T3_LABEL.finditer(text):
            key = L.T3_LABEL_KEYS[int(m.lastgroup[1:])]
            start, end = m.start(), m.end()
            h = L.SUB_HEAD.search(text, 0, start)
            prev_end = matches[-1][1] if matches else 0
            if h and h.start() >= prev_end:
                start = h.start()
            if matches and matches[-1][2] == key and not tokens_of(text[matches[-1][1] : start]):
                matches[-1][1] = end  # two cores of one label
                continue
            matches.append([start, end, key])
        pre = text[: matches[0][0]] if matches else text
        if _value_tokens(pre) and not matches and not free_buf and p.line.xs and cols:
            pos = _by_position(p, cols, 7)
            if pos is not None:
                events.append(_Ev("free", None, pos, p))
                continue
        if _value_tokens(pre):
            if len(tokens_of(pre)) >= 7 and free_buf:
                flush_free(final=True)
            free_buf.append((pre, p))
            if len(tokens_of("\t".join(t for t, _ in free_buf))) >= 7:
                flush_free()
        if matches and free_buf:
            flush_free(final=True)
        for i, (_start, end, key) in enumerate(matches):
            seg = text[end : matches[i + 1][0]] if i + 1 < len(matches) else text[end:]
            seg = seg.removeprefix("\t")  # the border after the label cell
            nxt = matches[i + 1][2] if i + 1 < len(matches) else None
            has_values = bool(tokens_of(seg))
            if key.startswith("g:"):
                if has_values and nxt is None:
                    # a row group's label beside numbers: the row's own label
                    # is elsewhere (broken across pages); placed by row order
                    events.append(_Ev("free", None, _t3_parse(seg, p, cols, trail, gaps=1, width=width), p))
                continue
            if key == "bare_total":
                key = "total_processed"
                if not has_values:
                    continue
            if key == "other_processed" and not has_values:
                if nxt in standard.OTHER_SUBROWS:
                    continue
            if has_values:
                events.append(_Ev("anchor", key, _t3_parse(seg, p, cols, trail, width=width), p))
            else:
                events.append(_Ev("mention", key, None, p))
    flush_free(final=True)
    return events


_SUBHEAD_ANY = re.compile(r"(?<![\d.])\d\s*[.、](?=[^\d\s])")


def _value_tokens(text: str) -> list[str]:
    """Numbers in ``text`` other than sub-item numbers (``5.要求…``)."""
    return tokens_of(_SUBHEAD_ANY.sub("", text))


def read_table3(pieces: list[Piece], ctx: Ctx):
    pieces = [p for p in pieces if not _narrative_piece(p, L.T3_LABEL, 3)]
    rows: dict[str, tuple[Parsed, Piece]] = {}
    if not pieces:
        ctx.note("未找到表三（收到和处理政府信息公开申请情况）")
        return {}, False
    events = _t3_events(pieces, ctx)
    last = -1.0
    pending: dict[str, float] = {}
    lost = False  # numbers were dropped: rows without a label can no longer be placed by order
    for ev in events:
        if ev.kind == "lost":
            lost = True
            continue
        if ev.kind == "free" and lost:
            ctx.note(f"表三一行数字没有行标题，且此前有未能对应的数字，不按行序认定，已忽略（{ev.piece.where}）")
            continue
        if ev.kind == "mention":
            if ev.key not in rows:
                pending[ev.key] = L.T3_INDEX[ev.key]
            continue
        if ev.kind == "anchor":
            key = ev.key
            idx = L.T3_INDEX[key]
            if key == "total_processed" and last < L.T3_INDEX["granted"]:
                continue  # 总计 in the header
            lost = False
        else:
            ahead = sorted((i, k) for k, i in pending.items() if i > last and k not in rows)
            if ahead:
                idx, key = ahead[0]
            else:
                key = next((k for k in L.T3_ORDER if L.T3_INDEX[k] > last and k not in rows), None)
                if key is None:
                    ctx.note(f"表三中多出一行数字，已忽略（{ev.piece.where}）")
                    continue
                idx = L.T3_INDEX[key]
                if key == "other_no_supplement" and "other_processed" in rows:
                    key = "total_processed"
                    idx = L.T3_INDEX[key]
            number = standard.TABLE3_ROW_BY_KEY[key].number if key in standard.TABLE3_ROW_BY_KEY else "三（六）"
            ctx.note(f"表三“{number}”一行数字没有行标题，按行序认定（{ev.piece.where}）")
        if key in rows:
            if rows[key][0].candidates or not ev.parsed.candidates:
                ctx.note(f"表三“{_row_name(key)}”出现两次，取第一次（{ev.piece.where}）")
                continue
            ctx.note(f"表三“{_row_name(key)}”出现两次，第一次读不出数字，取第二次（{ev.piece.where}）")
        rows[key] = (ev.parsed, ev.piece)
        pending.pop(key, None)
        last = idx
    if rows:
        key, (parsed, piece) = list(rows.items())[-1]
        toks = [t for t in parsed.tokens if t]
        # the document's text ends with this row's last number: the page was cut inside the row
        if len(parsed.candidates) > 1 and toks and piece.index == ctx.last_piece and piece.text.rstrip().endswith(toks[-1]):
            rows[key] = (cut_row(parsed, ctx, key), piece)
    single_other = "other_processed" in rows and not any(k in rows for k in standard.OTHER_SUBROWS)
    chosen = resolve_table3(rows, ctx)
    out: dict = {}
    for key, vals in chosen.items():
        parsed, piece = rows[key]
        out[key] = list(vals) if vals is not None else None
        for i in range(7):
            tok = None
            if parsed.how in ("direct", "cells") and i < len(parsed.tokens):
                tok = parsed.tokens[i]
            note = None
            if parsed.how.startswith("split"):
                note = "数字连写，按勾稽关系拆分" + ("（忽略了数字间的空格）" if parsed.how == "split_nospace" else "")
            if i in parsed.nulls:
                note = f"原文为“{parsed.tokens[i]}”，按空值处理"
            shown = tok if tok is not None else (str(vals[i]) if vals and vals[i] is not None else None)
            ctx.provenance(f"requests.{key}.{i}", piece, f"表三 {_row_name(key)} 第{i + 1}列（{standard.APPLICANT_COLUMNS[i].label}）", shown, note)
        if parsed.nulls:
            ctx.note(f"表三“{_row_name(key)}”有“/”或“-”，按空值处理")
        if parsed.repairs:
            ctx.note(f"表三“{_row_name(key)}”原文为“{'、'.join(parsed.repairs)}”，件数不是小数，按千位分隔符读")
    expected = [k for k in standard.TABLE3_KEYS if not (single_other and k in standard.OTHER_SUBROWS)]
    missing = [k for k in expected if k not in out]
    if single_other:
        ctx.note("表三（六）其他处理只印了一行（无 1–3 小项），记为 other_processed")
    if missing:
        ctx.note("表三未找到：" + "、".join(_row_name(k) for k in missing))
    return out, single_other


