"""Table 2 (主动公开政府信息情况), 2021 and 2019 templates."""

from __future__ import annotations

import re
from decimal import Decimal

from gongkai import standard
from gongkai.reader import labels as L
from gongkai.reader.context import Ctx
from gongkai.reader.grid import _by_position, _columns_x, _narrative_piece
from gongkai.reader.repairs import repair
from gongkai.reader.split import Parsed, parse_values, tokens_of
from gongkai.reader.types import Piece


def _t2_stream(pieces: list[Piece], patterns: dict[str, str]):
    """(key, value text, piece) for every table-2 row label, with the text
    that follows it up to the next label (across lines)."""
    rx = re.compile("|".join(f"(?P<{k}>{L.fw(p)})" for k, p in patterns.items()))
    rows: list[list] = []  # [key, [(segment, sep), …], piece]
    for p in pieces:
        sep = "\t" if p.line.table else " "
        text = L.T2_NOISE.sub(sep, p.text)
        pos = 0
        for m in rx.finditer(text):
            if rows:
                rows[-1][1].append((text[pos : m.start()], sep))
            elif tokens_of(text[pos : m.start()]):
                pass  # numbers before the first label: header noise
            rows.append([m.lastgroup, [], p])
            pos = m.end()
        if rows:
            rows[-1][1].append((text[pos:], sep))
    for r in rows:
        segs = r[1]
        while len(segs) > 1 and not segs[-1][0].strip():
            segs.pop()  # lines after the row with nothing on them
        joined = ""
        for i, (seg, _sep) in enumerate(segs):
            joined += seg if i == 0 else segs[i - 1][1] + seg
        r[1] = joined.removeprefix("\t")  # the border after the label cell
    return rows


_DOC_EVIDENCE = {
    0: r"(?:本年度?|今年|全年|新)?制发[^。；;\d]{0,16}?(\d+)件",
    1: r"废止[^。；;\d]{0,16}?(\d+)件",
    2: r"现行有效[^。；;\d]{0,16}?(\d+)件",
}


def _doc_figures(narrative: str, label: str) -> dict[int, set[int]]:
    """Figures the narrative states for one kind of document: column → values.
    A clause counts for the kind it names, or the kind named earlier in its
    sentence (制发行政规范性文件24件，废止8件，现行有效320件)."""
    out: dict[int, set[int]] = {0: set(), 1: set(), 2: set()}
    for sentence in re.split(r"[。；;\n]", narrative):
        kind = None
        for clause in re.split(r"[，,、]", sentence):
            if "规范性文件" in clause:
                kind = "规范性文件"
            elif "规章" in clause:
                kind = "规章"
            if kind is None or (kind == "规章") != (label == "规章"):
                continue
            for col, rx in _DOC_EVIDENCE.items():
                out[col] |= {int(m.group(1)) for m in re.finditer(rx, clause)}
    return out


@repair("narrative.t2_figures", "table-2 document rows with several readings: the narrative's own figures (制发/废止/现行有效 N 件) decide")
def _pick_documents(parsed: Parsed, narrative: str, label: str, ctx: Ctx) -> tuple:
    """A three-number run such as 693665 (制发/废止/现行有效), or two numbers
    for three cells, has several readings and no equation. Keep the readings
    the narrative confirms (…现行有效…698件); a cell is given only where every
    remaining reading agrees."""
    cands = parsed.candidates
    if len(cands) <= 1:
        return cands[0] if cands else (None, None, None)
    narrowed = cands
    figures = _doc_figures(narrative, label)
    for col, seen in figures.items():
        keep = [c for c in narrowed if c[col] in seen]
        if keep:
            narrowed = keep
    shown = "、".join("/".join("空" if v is None else str(v) for v in c) for c in narrowed[:6]) + ("等" if len(narrowed) > 6 else "")
    if len(narrowed) == 1:
        ctx.note(f"表二“{label}”（{' '.join(parsed.tokens)}）有 {len(cands)} 种读法，按正文所述数字取 {shown}")
        return narrowed[0]
    if not any(figures.values()) and len(parsed.tokens) == 1:
        guess = _plausible(narrowed)
        if guess is not None:
            ctx.note(f"表二“{label}”数字连写（{parsed.tokens[0]}），正文未提及，取唯一满足“制发≥废止、现行有效≥制发”的读法 "
                     f"{'/'.join(map(str, guess))}（推定，请核对原件）")
            return guess
    agreed = tuple(narrowed[0][i] if all(c[i] == narrowed[0][i] for c in narrowed) else None for i in range(3))
    ctx.note(f"表二“{label}”（{' '.join(parsed.tokens)}）有 {len(narrowed)} 种读法（{shown}），正文不能确定，不确定的格置空")
    return agreed


@repair("crawl.fused_t2_digits", "a table-2 document row run together (行政规范性文件4920297): every split into 制发/废止/现行有效 "
        "(and every placement of a blank), for the narrative to settle")
def document_readings(text: str):
    return parse_values(text, 3, constrained=False)


@repair("crawl.fused_t2_plausible", "a table-2 document row run together (693665) that the narrative does not mention: the one complete "
        "reading with 制发 ≥ 废止 and 现行有效 ≥ both, noted as presumed (the one reading the reader presumes)")
def _plausible(readings: list[tuple]) -> tuple | None:
    ok = [c for c in readings if None not in c and c[0] >= c[1] and c[2] >= c[0] and c[2] >= c[1]]
    return ok[0] if len(ok) == 1 else None


def read_table2(pieces: list[Piece], ctx: Ctx, full: str):
    t2rx = re.compile("|".join(L.T2_ROWS_2019.values()))
    pieces = [p for p in pieces if not _narrative_piece(p, t2rx)]
    region = "\n".join(p.text for p in pieces)
    is_2019 = bool(L.T2_2019_MARKERS.search(region))
    narrative = full
    if not pieces:
        ctx.note("未找到表二（主动公开政府信息情况）")
        return "2021", None, None
    if is_2019:
        ctx.note("表二为 2019 年版格式（本年新制作数量/上一年项目数量等），数据放在 active_2019")
        out: dict[str, dict] = {}
        block_of = {}
        for b in standard.TABLE2_2019_BLOCKS:
            for rk, _rl in b.rows:
                block_of[rk] = b
        for key, text, piece in _t2_stream(pieces, L.T2_ROWS_2019):
            if key in out:
                continue
            b = block_of[key]
            cols = [c for c, _l in b.columns]
            signed = any(c == "change" for c in cols)
            parsed = parse_values(text, len(cols), constrained=False, signed=signed, decimals=True)
            vals = parsed.candidates[0] if parsed.settled else (None,) * len(cols)
            if not parsed.settled:
                ctx.note(f"表二（2019 年版）“{dict(b.rows)[key]}”的数字无法确定（{' '.join(parsed.tokens) or '无数字'}），置空")
            out[key] = {}
            for i, c in enumerate(cols):
                v = vals[i]
                if isinstance(v, Decimal) and c not in ("amount_10k_yuan",):
                    if re.fullmatch(r"-?[1-9]\d{0,2}\.\d{3}", parsed.tokens[i] if i < len(parsed.tokens) else ""):
                        ctx.note(f"表二（2019 年版）“{dict(b.rows)[key]}”{dict(b.columns)[c]}原文为“{parsed.tokens[i]}”，件数不是小数，按千位分隔符读")
                        v = int(parsed.tokens[i].replace(".", ""))
                    elif v == v.to_integral_value():
                        v = int(v)
                    else:
                        ctx.note(f"表二（2019 年版）“{dict(b.rows)[key]}”{dict(b.columns)[c]}原文为“{v}”，件数不应有小数，置空")
                        v = None
                out[key][c] = v
                ctx.provenance(f"active_2019.{key}.{c}", piece, f"表二 {dict(b.rows)[key]} {dict(b.columns)[c]}",
                               parsed.tokens[i] if i < len(parsed.tokens) else None)
        for b in standard.TABLE2_2019_BLOCKS:
            for rk, _rl in b.rows:
                out.setdefault(rk, {c: None for c, _l in b.columns})
        return "2019", None, out
    active: dict = {"regulations": {}, "normative_documents": {}}
    labels = {k: lab for b in standard.TABLE2_BLOCKS for k, lab in b.rows}
    doc_cols = _columns_x(pieces, 3)
    found = set()
    for key, text, piece in _t2_stream(pieces, L.T2_ROWS_2021):
        if key in found:
            continue
        if not tokens_of(text) and not piece.line.table:
            continue  # a label with nothing after it: wait for a later one
        found.add(key)
        if key in standard.DOCUMENT_KINDS:
            parsed = document_readings(text)
            if piece.line.xs and sum(1 for t in parsed.tokens if t) < 3:  # PDF: a blank cell, placed by column
                pos = _by_position(piece, doc_cols, 3)
                if pos is not None:
                    parsed = pos
            vals = _pick_documents(parsed, narrative, labels[key], ctx)
            for i, col in enumerate(standard.DOCUMENT_COLUMNS):
                active[key][col] = vals[i]
                note = "数字连写，已拆分" if parsed.how.startswith("split") else None
                if i in parsed.nulls:
                    note = f"原文为“{parsed.tokens[i]}”，按空值处理"
                    ctx.note(f"表二“{labels[key]}”{col} 原文为“{parsed.tokens[i]}”，按空值处理")
                ctx.provenance(f"active.{key}.{col}", piece, f"表二 {labels[key]} 第{i + 1}列", str(vals[i]) if vals[i] is not None else None, note)
        else:
            fee = key == "fees_10k_yuan"
            parsed = parse_values(text, 1, constrained=False, decimals=fee)
            if not parsed.settled and re.fullmatch(r"\s*\d+(?: \d+)+(?:\.\d+)?\s*", text.replace("\t", " ")):
                # one number broken by single spaces (text browsers splitting inline runs: 2 784)
                joined = re.sub(r"\s+", "", text)
                parsed = parse_values(joined, 1, constrained=False, decimals=fee)
                ctx.note(f"表二“{labels[key]}”数字中间有空格（{text.strip()}），按一个数读作 {joined}")
            v = parsed.candidates[0][0] if parsed.settled else None
            if not parsed.settled and parsed.tokens:
                ctx.note(f"表二“{labels[key]}”后有多个数字（{' '.join(parsed.tokens)}），无法确定，置空")
            if v is not None and fee:
                v = Decimal(str(v))
            elif isinstance(v, Decimal):
                v = int(v) if v == v.to_integral_value() else None
            if parsed.nulls:
                ctx.note(f"表二“{labels[key]}”原文为“{parsed.tokens[0]}”，按空值处理")
            if parsed.repairs:
                ctx.note(f"表二“{labels[key]}”原文为“{'、'.join(parsed.repairs)}”，件数不是小数，按千位分隔符读")
            active[key] = v
            ctx.provenance(f"active.{key}", piece, f"表二 {labels[key]}", parsed.tokens[0] if parsed.tokens else None)
    missing = [labels[k] for k in labels if k not in found]
    if missing:
        ctx.note("表二未找到：" + "、".join(missing))
    return "2021", active, None

