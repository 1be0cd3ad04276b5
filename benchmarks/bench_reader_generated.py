"""The reader on the acceptance corpus of issue #10 (tests/reader_gen/cases/):
cells right / wrong / null per case, per category and per generator, and
every wrong value (cell, emitted, truth).

    .venv/bin/python -m benchmarks reader_generated
"""

from __future__ import annotations

import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "reader_gen" / "cases"


def run(verbose: bool = True) -> dict[str, list]:
    from gongkai.reader import ReaderError, read
    from tests.reader_gen.compare import Verdict, emitted_cells, gold_cells, judge

    index = json.loads((CASES / "cases.json").read_text(encoding="utf-8"))
    by_cat: dict[str, Verdict] = {}
    by_gen: dict[str, Verdict] = {}
    failures = []
    for case in index:
        gold = json.loads((CASES / f"{case['name']}.gold.json").read_text(encoding="utf-8"))
        tp = CASES / f"{case['name']}.truth.json"
        truth = gold_cells(json.loads(tp.read_text(encoding="utf-8"))) if tp.exists() else None
        expected = gold_cells(gold)
        start = time.perf_counter()
        try:
            got = emitted_cells(read(CASES / case["file"]))
            err = None
        except ReaderError as e:
            got, err = {}, f"ReaderError({e.kind}): {e}"
        except Exception as e:  # a bug in the reader: report it, keep going
            got, err = {}, f"CRASH {type(e).__name__}: {e}"
        secs = time.perf_counter() - start
        v = judge(expected, got, truth)
        by_cat.setdefault(case["category"], Verdict()).add(v)
        by_gen.setdefault(case["generator"].split("+")[-1] if "pdftotext" not in case["generator"] else "pdftotext", Verdict()).add(v)
        mark = "ok " if not v.wrong and not v.null and not err else "ERR" if err else "   "
        if verbose:
            print(f"{mark} right {v.right:4d}  wrong {v.wrong:3d}  null {v.null:3d}  {secs:5.2f}s  {case['file']}  [{', '.join(case['quirks'])}]")
            if err:
                print(f"      {err[:200]}")
        if v.wrong or v.null or err:
            failures.append((case, v, err))
    print("   by category:            right  wrong   null")
    for k, v in sorted(by_cat.items()):
        print(f"   {k:24s} {v.right:6d} {v.wrong:6d} {v.null:6d}")
    print("   by generator (serializer):")
    for k, v in sorted(by_gen.items()):
        print(f"   {k[:24]:24s} {v.right:6d} {v.wrong:6d} {v.null:6d}")
    total = Verdict()
    for v in by_cat.values():
        total.add(v)
    print(f"   total: {total.right} right, {total.wrong} wrong, {total.null} null; "
          f"{len(index) - len(failures)}/{len(index)} cases exact")
    if verbose and failures:
        print("   wrong values:")
        for case, v, _ in failures:
            for path, g, t in v.wrongs:
                print(f"   {case['file']}  {path}  emitted {g!r}  truth {t!r}")
    return {"failures": failures}


def main() -> None:
    run()


if __name__ == "__main__":
    main()
