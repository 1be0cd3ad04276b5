"""Decoding as constraint satisfaction: rows with several readings are
settled by the report's equations."""

from __future__ import annotations

import itertools

from gongkai import standard
from gongkai.reader.context import Ctx
from gongkai.reader.split import Parsed
from gongkai.reader.types import Piece


def _row_name(key: str) -> str:
    if key == "other_processed":
        return "三（六）其他处理"
    return standard.TABLE3_ROW_BY_KEY[key].number


def resolve_table3(rows: dict[str, tuple[Parsed, Piece]], ctx: Ctx) -> dict[str, tuple | None]:
    """One reading per row: rows with several readings (digits run together)
    are settled by the column identities (T3.BALANCE, T3.SUM); cells the
    identities cannot settle are null."""
    fixed: dict[str, tuple | None] = {}
    ambiguous: dict[str, list[tuple]] = {}
    unique_splits: list[str] = []
    for key, (parsed, piece) in rows.items():
        if not parsed.candidates:
            fixed[key] = None
            ctx.note(f"表三“{_row_name(key)}”的数字无法读出（{' '.join(parsed.tokens) or '无数字'}，{piece.where}），置空")
        elif len(parsed.candidates) == 1:
            fixed[key] = parsed.candidates[0]
            if parsed.how.startswith("split"):
                unique_splits.append(key)
            elif parsed.how == "blank":
                blank = parsed.candidates[0].index(None)
                ctx.note(f"表三“{_row_name(key)}”只有 {len(parsed.tokens)} 个数（应为 7 个），"
                         f"按行合计认定第{blank + 1}列（{standard.APPLICANT_COLUMNS[blank].label}）为空白")
        else:
            ambiguous[key] = parsed.candidates
    if unique_splits:
        shown = [
            f"{_row_name(k)}（{''.join(rows[k][0].tokens)}）={'/'.join(map(str, fixed[k]))}"
            for k in unique_splits
            if len("".join(rows[k][0].tokens)) > 7
        ]
        ctx.note(
            f"表三有 {len(unique_splits)} 行数字连写（单元格间无分隔），均按“总计=各列之和”唯一拆分"
            + ("：" + "；".join(shown) if shown else "")
        )
    if not ambiguous:
        return fixed
    keys = list(ambiguous)
    space = 1
    for k in keys:
        space *= len(ambiguous[k])
    outcome_keys = list(standard.OUTCOME_KEYS)

    def score(assign: dict[str, tuple | None]) -> int:
        s = 0
        get = assign.get
        for c in range(7):
            a, b, t, f = (get(k) for k in ("new_received", "carried_over", "total_processed", "carried_forward"))
            if all(r is not None and r[c] is not None for r in (a, b, t, f)):
                s += a[c] + b[c] == t[c] + f[c]
            outs = []
            for k in outcome_keys:
                r = get(k)
                if r is None and k in standard.OTHER_SUBROWS:
                    continue
                outs.append(r)
            op = get("other_processed")
            if op is not None and all(get(k) is None for k in standard.OTHER_SUBROWS):
                outs.append(op)
            if t is not None and t[c] is not None and all(r is not None and r[c] is not None for r in outs):
                s += sum(r[c] for r in outs) == t[c]
        return s

    best = _exact_solutions(fixed, ambiguous)
    if best is None:  # no reading satisfies every identity (or too many to try)
        best = []
        best_score = -1
        if space <= 50000:
            for combo in itertools.product(*(ambiguous[k] for k in keys)):
                assign = dict(fixed)
                assign.update(zip(keys, combo))
                sc = score(assign)
                if sc > best_score:
                    best_score, best = sc, [dict(zip(keys, combo))]
                elif sc == best_score:
                    best.append(dict(zip(keys, combo)))
        else:  # too many to weigh: every reading stays possible
            best = None
    if best is None:
        for k in keys:
            vals = ambiguous[k]
            fixed[k] = tuple(vals[0][c] if all(v[c] == vals[0][c] for v in vals) else None for c in range(7))
            ctx.note(f"表三“{_row_name(k)}”数字连写（{''.join(rows[k][0].tokens)}），有 {len(vals)} 种拆法，勾稽关系不能唯一确定，不确定的格置空")
        return fixed
    for k in keys:
        readings = {b[k] for b in best}
        parsed, _piece = rows[k]
        digits = "".join(parsed.tokens)
        if len(readings) == 1:
            r = readings.pop()
            fixed[k] = r
            ctx.note(f"表三“{_row_name(k)}”数字连写（{digits}），有 {len(ambiguous[k])} 种拆法，按勾稽关系取 {'/'.join(map(str, r))}")
        else:
            vals = list(readings)
            merged = tuple(vals[0][c] if all(v[c] == vals[0][c] for v in vals) else None for c in range(7))
            fixed[k] = merged
            ctx.note(f"表三“{_row_name(k)}”数字连写（{digits}），勾稽关系不能唯一确定，不确定的格置空")
    return fixed


def _exact_solutions(fixed: dict, ambiguous: dict[str, list[tuple]], limit: int = 300000) -> list[dict] | None:
    """Every choice of readings under which T3.BALANCE and T3.SUM hold in
    every column (backtracking; partial sums never exceed the total). None
    when there is none or the search is too large to finish."""
    order = ["total_processed", "new_received", "carried_over", "carried_forward"]
    keys = sorted(ambiguous, key=lambda k: (order.index(k) if k in order else 4, len(ambiguous[k])))
    single = "other_processed" in fixed or "other_processed" in ambiguous
    subrows = any(k in fixed or k in ambiguous for k in standard.OTHER_SUBROWS)
    outcomes = [k for k in standard.OUTCOME_KEYS if not (k in standard.OTHER_SUBROWS and single and not subrows)]
    if single and not subrows:
        outcomes.append("other_processed")
    present = set(fixed) | set(ambiguous)
    all_outcomes_present = all(k in present for k in outcomes)
    assign = {k: v for k, v in fixed.items() if v is not None}
    sols: list[dict] = []
    nodes = [0]

    def ok() -> bool:
        t = assign.get("total_processed")
        bal = [assign.get(k) for k in ("new_received", "carried_over", "total_processed", "carried_forward")]
        outs = [assign.get(k) for k in outcomes]
        complete = all_outcomes_present and all(o is not None for o in outs)
        for c in range(7):
            if all(r is not None and r[c] is not None for r in bal):
                if bal[0][c] + bal[1][c] != bal[2][c] + bal[3][c]:
                    return False
            if t is not None and t[c] is not None:
                part = sum(o[c] for o in outs if o is not None and o[c] is not None)
                if part > t[c]:
                    return False
                if complete and all(o[c] is not None for o in outs) and part != t[c]:
                    return False
        return True

    def rec(i: int) -> None:
        if nodes[0] > limit or len(sols) > 200:
            return
        nodes[0] += 1
        if i == len(keys):
            sols.append({k: assign[k] for k in keys})
            return
        k = keys[i]
        for cand in ambiguous[k]:
            assign[k] = cand
            if ok():
                rec(i + 1)
        assign.pop(k, None)

    if not ok():
        return None
    rec(0)
    if nodes[0] > limit or len(sols) > 200 or not sols:
        return None
    return sols

