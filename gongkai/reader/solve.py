"""Decoding as constraint satisfaction: rows with several readings are
settled by the report's equations."""

from __future__ import annotations

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
    equations = table3_equations(set(fixed) | set(ambiguous))
    sols, complete = search(fixed, ambiguous, equations)
    if not complete or not sols:
        # no reading satisfies the equations (a misprinted total, or more
        # damage than the readings cover), or too many to weigh: each row on
        # its own, the cells all its readings agree on
        sols = None
    for k, vals in ambiguous.items():
        parsed, _piece = rows[k]
        digits = " ".join(parsed.tokens)
        readings = vals if sols is None else list(dict.fromkeys(sol[k] for sol in sols))
        agreed = tuple(readings[0][c] if all(r[c] == readings[0][c] for r in readings) else None for c in range(7))
        fixed[k] = agreed
        if len(readings) == 1:
            ctx.note(f"表三“{_row_name(k)}”（{digits}）有 {len(vals)} 种读法，按勾稽关系（{EQUATION_NAMES}）取 {_show(readings[0])}")
        else:
            why = "勾稽关系不成立于任何读法" if sols is None else ("读法过多未能穷尽" if not complete else "勾稽关系不能唯一确定")
            shown = "、".join(_show(r) for r in readings[:4]) + ("等" if len(readings) > 4 else "")
            ctx.note(f"表三“{_row_name(k)}”（{digits}）有 {len(readings)} 种读法（{shown}），{why}，不确定的格置空")
    return fixed


EQUATION_NAMES = "T3.ROWTOTAL、T3.BALANCE、T3.SUM"


def _show(vals: tuple) -> str:
    return "/".join("空" if v is None else str(v) for v in vals)


# ---------------------------------------------------------------- equations


Cell = tuple[str, int]  # (row key, column)


def table3_equations(present: set[str]) -> list[tuple[str, list[Cell], list[Cell]]]:
    """The equations of table 3 over the rows present, as (name, left, right)
    with Σ left = Σ right; the rules are those of ``gongkai.rules``
    (T3.ROWTOTAL, T3.BALANCE, T3.SUM), the rows and columns those of
    ``gongkai.standard``."""
    total = standard.TOTAL_COLUMN
    eqs: list[tuple[str, list[Cell], list[Cell]]] = []
    for key in present:
        eqs.append(("T3.ROWTOTAL", [(key, c) for c in range(total)], [(key, total)]))
    single = "other_processed" in present and not any(k in present for k in standard.OTHER_SUBROWS)
    outcomes = [k for k in standard.OUTCOME_KEYS if not (single and k in standard.OTHER_SUBROWS)]
    if single:
        outcomes.append("other_processed")
    for c in range(total + 1):
        eqs.append(("T3.BALANCE", [("new_received", c), ("carried_over", c)], [("total_processed", c), ("carried_forward", c)]))
        eqs.append(("T3.SUM", [(k, c) for k in outcomes], [("total_processed", c)]))
    return eqs


def _holds(assign: dict, left: list[Cell], right: list[Cell]) -> bool:
    """Σ left = Σ right can still hold: a cell of a row not yet chosen, or
    printed blank, is an unknown count ≥ 0."""
    kl = kr = 0
    ul = ur = False
    for side, cells in ((0, left), (1, right)):
        for key, c in cells:
            row = assign.get(key)
            v = row[c] if row is not None else None
            if v is None:
                if side:
                    ur = True
                else:
                    ul = True
            elif side:
                kr += v
            else:
                kl += v
    if not ul and not ur:
        return kl == kr
    if not ul:
        return kl >= kr
    if not ur:
        return kr >= kl
    return True


def search(fixed: dict, ambiguous: dict[str, list[tuple]], equations, limit: int = 20000, most: int = 64):
    """Every choice of one reading per ambiguous row under which every
    equation can hold (backtracking, rows with fewest readings first; an
    equation is checked as soon as a row it touches is chosen). Returns
    (solutions, complete): complete is False when the search was cut at
    ``limit`` nodes or ``most`` solutions (the solutions found then are not
    all of them, and must not be taken as the answer)."""
    keys = sorted(ambiguous, key=lambda k: len(ambiguous[k]))
    # equations touching only fixed rows say nothing about the readings (a
    # misprinted total stays as printed): left out
    touching: dict[str, list] = {k: [] for k in keys}
    for _name, left, right in equations:
        rows = {key for key, _c in left} | {key for key, _c in right}
        for k in keys:
            if k in rows:
                touching[k].append((left, right))
    assign = {k: v for k, v in fixed.items() if v is not None}
    sols: list[dict] = []
    nodes = 0

    def rec(i: int) -> bool:
        nonlocal nodes
        if i == len(keys):
            sols.append({k: assign[k] for k in keys})
            return len(sols) < most
        k = keys[i]
        for cand in ambiguous[k]:
            nodes += 1
            if nodes > limit:
                return False
            assign[k] = cand
            if all(_holds(assign, left, right) for left, right in touching[k]):
                if not rec(i + 1):
                    assign.pop(k, None)
                    return False
        assign.pop(k, None)
        return True

    complete = rec(0)
    if not complete:
        return [], False
    return sols, True
