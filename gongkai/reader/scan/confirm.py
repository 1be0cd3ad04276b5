"""After the interpreter: each value read from a scanned page gets its
box and confidence in its provenance, and a value whose confidence is low
stays only if one of the table's equations confirms it (every other term of
the equation sure, the equation holding) — otherwise it becomes null with a
note. Never a guess: a value is not recomputed from the equations either."""

from __future__ import annotations

import re

from gongkai import standard
from gongkai.model import Report

# below this a word is not trusted on its own (Tesseract conf / 100,
# RapidOCR score); chosen on the benchmark corpus (benchmarks/bench_ocr.py)
LOW_CONFIDENCE = 0.6
# a value in an equation that fails is suspect unless read at least this surely
# (a report may misprint a total: read surely, it stays as printed)
SURE = 0.9


def value_paths(report: Report) -> dict[str, object]:
    """Every count of tables 2–4 by its provenance path."""
    out: dict[str, object] = {}
    if report.active is not None:
        for kind in standard.DOCUMENT_KINDS:
            for col in standard.DOCUMENT_COLUMNS:
                out[f"active.{kind}.{col}"] = getattr(getattr(report.active, kind), col)
        for kind in (*standard.DECISION_KINDS, "fees_10k_yuan"):
            out[f"active.{kind}"] = getattr(report.active, kind)
    for rk, vals in (report.active_2019 or {}).items():
        for ck, v in vals.items():
            out[f"active_2019.{rk}.{ck}"] = v
    for key in standard.ALL_TABLE3_KEYS:
        row = report.requests.row(key)
        for i in range(7):
            out[f"requests.{key}.{i}"] = None if row is None else row[i]
    for g in standard.APPEAL_GROUPS:
        row = getattr(report.appeals, g.key)
        for i in range(5):
            out[f"appeals.{g.key}.{i}"] = None if row is None else row[i]
    return out


def set_null(report: Report, path: str) -> None:
    parts = path.split(".")
    if parts[0] == "requests":
        row = getattr(report.requests, parts[1])
        if row is not None:
            row = list(row)
            row[int(parts[2])] = None
            setattr(report.requests, parts[1], row)
    elif parts[0] == "appeals":
        row = getattr(report.appeals, parts[1])
        if row is not None:
            row = list(row)
            row[int(parts[2])] = None
            setattr(report.appeals, parts[1], row)
    elif parts[0] == "active" and len(parts) == 3:
        setattr(getattr(report.active, parts[1]), parts[2], None)
    elif parts[0] == "active":
        setattr(report.active, parts[1], None)
    elif parts[0] == "active_2019":
        report.active_2019[parts[1]][parts[2]] = None


def equations(report: Report) -> list[tuple[list[str], list[str]]]:
    """The table equations as (left terms, right terms): sum(left) = sum(right)."""
    eqs: list[tuple[list[str], list[str]]] = []
    req = report.requests
    for key in standard.ALL_TABLE3_KEYS:
        eqs.append(([f"requests.{key}.6"], [f"requests.{key}.{i}" for i in range(6)]))
    subrows = any(req.row(k) is not None for k in standard.OTHER_SUBROWS)
    outcomes = list(standard.OUTCOME_KEYS)
    if not subrows:
        outcomes = [k for k in outcomes if k not in standard.OTHER_SUBROWS] + ["other_processed"]
    for c in range(7):
        eqs.append(([f"requests.total_processed.{c}"], [f"requests.{k}.{c}" for k in outcomes]))
        eqs.append(([f"requests.new_received.{c}", f"requests.carried_over.{c}"], [f"requests.total_processed.{c}", f"requests.carried_forward.{c}"]))
        if subrows:
            eqs.append(([f"requests.other_processed.{c}"], [f"requests.{k}.{c}" for k in standard.OTHER_SUBROWS]))
    for g in standard.APPEAL_GROUPS:
        eqs.append(([f"appeals.{g.key}.4"], [f"appeals.{g.key}.{i}" for i in range(4)]))
    return eqs


def cell_of(prov, lines_by_pos: dict, path: str):
    """The scanned cell a value was read from: its line by page and line
    number, then the cell holding the value's digits (by column where the
    same digits stand in several cells)."""
    line = lines_by_pos.get((prov.page, prov.line))
    if line is None or not getattr(line, "scan", None):
        return None
    token = None
    if prov.text and " ← " in prov.text:
        token = prov.text.split(" ← ", 1)[0]
    digits = re.sub(r"\D", "", token or "")
    cands = [i for i, c in enumerate(line.cells) if digits and re.sub(r"\D", "", _lookalike(c)) == digits]
    if not cands:
        return None
    if len(cands) > 1:
        m = re.search(r"第(\d+)列", prov.cell or "")
        values = [i for i, c in enumerate(line.cells) if not re.search(r"[\u4e00-\u9fff]", c)]
        if m and values:
            k = int(m.group(1)) - 1
            # the value columns are the last cells of the row
            width = {"requests": 7, "appeals": 15, "active": 3}.get(path.split(".")[0], len(values))
            tail = values[-width:] if len(values) >= width else values
            if path.startswith("appeals"):
                gi = [g.key for g in standard.APPEAL_GROUPS].index(path.split(".")[1])
                k = gi * 5 + int(path.split(".")[2])
            if 0 <= k < len(tail) and tail[k] in cands:
                return line.scan[tail[k]]
    return line.scan[cands[0]]


_LOOK = str.maketrans({"O": "0", "o": "0", "〇": "0", "I": "1", "l": "1", "|": "1", "丨": "1"})


def _lookalike(s: str) -> str:
    return s.translate(_LOOK)


def apply(report: Report, doc, threshold: float = LOW_CONFIDENCE) -> list[str]:
    """Boxes and confidences into the provenance of values from scanned
    pages; low-confidence values the equations do not confirm become null.
    Returns the paths nulled."""
    lines_by_pos = {(ln.page, ln.lineno): ln for ln in doc.lines}
    prov = report.provenance or {}
    values = value_paths(report)
    conf: dict[str, float] = {}
    for path, p in prov.items():
        if path not in values or values[path] is None:
            continue
        cs = cell_of(p, lines_by_pos, path)
        if cs is None:
            if (p.page, p.line) in lines_by_pos and getattr(lines_by_pos[(p.page, p.line)], "scan", None):
                conf[path] = 0.0  # from a scanned line, but no cell holds it: not sure
            continue
        c = cs.conf if cs.conf is not None else 0.0
        conf[path] = c
        p.box = list(cs.box)
        p.confidence = round(c, 3)
    low = {path for path, c in conf.items() if c < threshold}
    eqs = equations(report)
    for left, right in eqs:
        terms = left + right
        if any(values.get(t) is None for t in terms):
            continue
        if sum(values[t] for t in left) != sum(values[t] for t in right):
            low |= {t for t in terms if t in conf and conf[t] < SURE}
    if not low:
        return []
    confirmed: set[str] = set()
    changed = True
    while changed:
        changed = False
        for left, right in eqs:
            terms = left + right
            unsure = [t for t in terms if t in low and t not in confirmed]
            if len(unsure) == 0 or any(values.get(t) is None for t in terms):
                continue
            if sum(values[t] for t in left) == sum(values[t] for t in right):
                # the equation holds with every term as read: one unsure term is
                # then fixed by the others (two unsure terms could trade errors)
                if len(unsure) == 1:
                    confirmed.add(unsure[0])
                    changed = True
    nulled = sorted(low - confirmed)
    for path in nulled:
        p = prov[path]
        shown = values[path]
        set_null(report, path)
        p.note = (p.note + "；" if p.note else "") + f"识别置信度低（{conf[path]:.2f}），读作“{shown}”但表内勾稽关系无法确认，置为空"
    for path in nulled:  # （六） as the sum of its rows: unknown where a row is
        parts = path.split(".")
        derived = prov.get(f"requests.other_processed.{parts[-1]}")
        if parts[0] == "requests" and parts[1] in standard.OTHER_SUBROWS and derived is not None and derived.page is None:
            set_null(report, f"requests.other_processed.{parts[-1]}")
    for path in sorted(low & confirmed):
        p = prov[path]
        p.note = (p.note + "；" if p.note else "") + f"识别置信度低（{conf[path]:.2f}），经表内勾稽关系确认"
    if nulled:
        where = "、".join(f"{prov[x].cell or x}" for x in nulled[:8]) + ("等" if len(nulled) > 8 else "")
        report.notes = [*report.notes, f"扫描件中 {len(nulled)} 个数值识别置信度低且无法由勾稽关系确认，置为空：{where}"]
    return nulled
