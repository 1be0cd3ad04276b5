"""The never-wrong property on a larger run than the test suite's: random
damaged reports through every text generator (and, with ``--pdf``, Chromium /
LibreOffice PDFs), cells right / wrong / null per generator, the wrong values
grouped by damage and by table, and the first wrong examples.

    .venv/bin/python -m benchmarks reader_never_wrong            # 1,000 per text generator (another seed base than the test)
    READER_NW_N=300 READER_NW_PDF=40 .venv/bin/python -m benchmarks reader_never_wrong

A read is stopped after ``READER_NW_LIMIT`` (5) CPU seconds; such examples are
listed as slow (goal: no document over 1 s).
"""

from __future__ import annotations

import os
import time
from collections import Counter


def _section(path: str) -> str:
    return path.split(".")[0] if "." in path else path


def main() -> None:
    from tests.reader_gen.property import PDF_GENERATORS, TEXT_GENERATORS, check, failure_lines, make_example

    n = int(os.environ.get("READER_NW_N", "1000"))
    n_pdf = int(os.environ.get("READER_NW_PDF", "0"))
    base = int(os.environ.get("READER_NW_SEED", "777"))
    limit = float(os.environ.get("READER_NW_LIMIT", "5"))
    slow: list[str] = []
    by_damage: Counter = Counter()
    by_section: Counter = Counter()
    examples_wrong: Counter = Counter()
    shown = []
    grand = [0, 0, 0, 0, 0]
    print(f"   {'generator':22s} {'examples':>8s} {'right':>8s} {'WRONG':>6s} {'null':>7s} {'refused':>7s} {'crash':>5s} "
          f"{'slow':>4s} {'ex. wrong':>9s}  s")

    def account(g: str, pairs, secs: float) -> None:
        right = wrong = null = refused = crash = bad = gave_up = 0
        for ex, out in pairs:
            if out.gave_up:
                gave_up += 1
                slow.append(f"{ex.label()}: stopped after {out.gave_up:g} CPU s")
            v = out.verdict
            right, wrong, null = right + v.right, wrong + v.wrong, null + v.null
            refused += out.refused is not None
            crash += out.crash is not None
            lines = failure_lines(ex, out)
            if lines:
                bad += 1
                kinds = {d.split(" ")[0] for d in ex.damages} or {"none"}
                for k in kinds:
                    by_damage[k] += 1
                for path, _, _ in v.wrongs:
                    by_section[_section(path)] += 1
                if len(shown) < 40:
                    shown.extend(lines[:2])
        examples_wrong[g] = bad
        for i, x in enumerate((right, wrong, null, refused, crash)):
            grand[i] += x
        print(f"   {g:22s} {len(pairs):8d} {right:8d} {wrong:6d} {null:7d} {refused:7d} {crash:5d} {gave_up:4d} {bad:9d}  {secs:.1f}",
              flush=True)

    for g in TEXT_GENERATORS:
        start = time.perf_counter()
        pairs = []
        for i in range(n):
            ex = make_example(g, i, base=base)
            pairs.append((ex, check(ex, limit=limit)))
        account(g, pairs, time.perf_counter() - start)
    if n_pdf:
        from tests.reader_gen.pdfprint import chromium_pdfs, libreoffice_pdfs

        for g in PDF_GENERATORS:
            start = time.perf_counter()
            exs = [make_example(g, i, base=base) for i in range(n_pdf)]
            pdfs = (chromium_pdfs if g.startswith("chromium") else libreoffice_pdfs)([e.data for e in exs])
            account(g, [(e, check(e, p, limit=limit)) for e, p in zip(exs, pdfs)], time.perf_counter() - start)
    print(f"   total cells: {grand[0]} right, {grand[1]} WRONG, {grand[2]} null; {grand[3]} refused, {grand[4]} crashes")
    print(f"   examples with a wrong value, by damage in them: {dict(by_damage.most_common())}")
    print(f"   wrong cells by section: {dict(by_section.most_common())}")
    print(f"   examples stopped after {limit:g} CPU s: {len(slow)}")
    for line in slow[:20]:
        print("   ", line[:300])
    for line in shown[:40]:
        print("   ", line[:300])


if __name__ == "__main__":
    main()
