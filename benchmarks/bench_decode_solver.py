"""The reader's table-3 decoder: its own bounded search (gongkai.reader.solve)
against an exact solver (OR-Tools CP-SAT), on the decoding problems that real
reading produces.

The problems are collected by reading the generated corpora
(tests/reader_cases, tests/reader_gen/cases) and damaged property examples
(tests/reader_gen/property): every call of ``solve.search`` with at least one
row of several readings. CP-SAT gets the same problem: one Boolean per
reading (exactly one per row), a non-negative integer per blank cell, every
equation exact; all solutions are enumerated with a no-good per solution
(at most 64, as the own search). Printed: problems, time per problem for each,
how often the two decide the same cells, and where they differ.
OR-Tools is not a dependency of the project: ``pip install ortools`` to run
the CP-SAT side (without it only the own search is timed).

    .venv/bin/python -m benchmarks decode_solver
"""

from __future__ import annotations

import contextlib
import glob
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N_PROPERTY = int(os.environ.get("DECODE_N", "40"))


def collect() -> list[tuple[dict, dict, list]]:
    from gongkai.reader import read, solve

    problems: list[tuple[dict, dict, list]] = []
    real = solve.search

    def spy(fixed, ambiguous, equations, **kw):
        problems.append((dict(fixed), {k: list(v) for k, v in ambiguous.items()}, equations))
        return real(fixed, ambiguous, equations, **kw)

    solve.search = spy
    try:
        files = sorted(glob.glob(str(ROOT / "tests/reader_cases/*"))) + sorted(glob.glob(str(ROOT / "tests/reader_gen/cases/*")))
        for f in files:
            if f.endswith((".json", ".py", "FINDINGS.md")):
                continue
            with contextlib.suppress(Exception):  # a refused file has no problem to collect
                read(f)
        try:
            from tests.reader_gen.property import TEXT_GENERATORS, make_example
        except ImportError:
            TEXT_GENERATORS = ()
        for g in TEXT_GENERATORS:
            for i in range(N_PROPERTY):
                ex = make_example(g, i)
                with contextlib.suppress(Exception):
                    read_bytes_of(ex)
    finally:
        solve.search = real
    return problems


def read_bytes_of(ex):
    from gongkai.reader import read_bytes

    return read_bytes(ex.data, name=ex.name)


def decided(fixed, ambiguous, sols, complete):
    if not complete or not sols:
        sols = None
    out = {}
    for k, vals in ambiguous.items():
        readings = vals if sols is None else list(dict.fromkeys(s[k] for s in sols))
        out[k] = tuple(readings[0][c] if all(r[c] == readings[0][c] for r in readings) else None for c in range(len(readings[0])))
    return out


def cpsat(fixed, ambiguous, equations, most: int = 64, seconds: float = 5.0):
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    pick = {k: [m.new_bool_var(f"{k}{j}") for j in range(len(v))] for k, v in ambiguous.items()}
    for bs in pick.values():
        m.add_exactly_one(bs)
    cache: dict = {}

    def cell(key, c):
        """A linear expression for one cell: fixed value, a blank (new var ≥ 0), or Σ reading·bool."""
        if (key, c) in cache:
            return cache[key, c]
        if key in ambiguous:
            terms = []
            for j, r in enumerate(ambiguous[key]):
                v = r[c]
                if v is None:
                    u = m.new_int_var(0, 10**7, f"u{key}{c}{j}")
                    m.add(u == 0).only_enforce_if(pick[key][j].Not())
                    terms.append(u)
                elif v:
                    terms.append(v * pick[key][j])
            expr = sum(terms) if terms else 0
        else:
            row = fixed.get(key)
            v = row[c] if row is not None else None
            expr = m.new_int_var(0, 10**7, f"f{key}{c}") if v is None else v
        cache[key, c] = expr
        return expr

    for _name, left, right in equations:
        if not any(k in ambiguous for k, _c in left + right):
            continue
        m.add(sum(cell(k, c) for k, c in left) == sum(cell(k, c) for k, c in right))
    sols = []
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    while len(sols) < most:
        st = solver.solve(m)
        if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return sols, st == cp_model.INFEASIBLE
        chosen = {k: next(j for j, b in enumerate(bs) if solver.value(b)) for k, bs in pick.items()}
        sols.append({k: ambiguous[k][j] for k, j in chosen.items()})
        m.add_bool_or([pick[k][j].Not() for k, j in chosen.items()])
    return sols, False


def main() -> None:
    from gongkai.reader import solve

    t0 = time.process_time()
    problems = collect()
    print(f"   {len(problems)} decoding problems collected ({time.process_time() - t0:.1f} s CPU)")
    if not problems:
        return
    sizes = [sum(len(v) for v in a.values()) for _f, a, _e in problems]
    print(f"   readings per problem: median {sorted(sizes)[len(sizes) // 2]}, max {max(sizes)}")
    own_t = []
    own_d = []
    for fixed, amb, eqs in problems:
        t = time.perf_counter()
        sols, complete = solve.search(fixed, amb, eqs)
        own_t.append(time.perf_counter() - t)
        own_d.append(decided(fixed, amb, sols, complete))
    print(f"   own search : total {sum(own_t) * 1000:.1f} ms, mean {sum(own_t) / len(own_t) * 1000:.3f} ms, max {max(own_t) * 1000:.1f} ms")
    try:
        import ortools  # noqa: F401
    except ImportError:
        print("   CP-SAT     : ortools not installed (pip install ortools) — not measured")
        return
    cp_t = []
    same = stricter = looser = 0
    for (fixed, amb, eqs), mine in zip(problems, own_d, strict=True):
        t = time.perf_counter()
        sols, complete = cpsat(fixed, amb, eqs)
        cp_t.append(time.perf_counter() - t)
        theirs = decided(fixed, amb, sols, complete)
        if theirs == mine:
            same += 1
        else:
            n_mine = sum(v is not None for r in mine.values() for v in r)
            n_theirs = sum(v is not None for r in theirs.values() for v in r)
            if n_theirs > n_mine:
                stricter += 1
            else:
                looser += 1
    print(f"   CP-SAT     : total {sum(cp_t) * 1000:.1f} ms, mean {sum(cp_t) / len(cp_t) * 1000:.3f} ms, max {max(cp_t) * 1000:.1f} ms")
    print(f"   same cells decided: {same}/{len(problems)}; CP-SAT decides more cells in {stricter} "
          f"(exact joint feasibility of blank cells), fewer in {looser}")
