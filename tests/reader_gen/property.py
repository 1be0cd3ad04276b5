"""“Never wrong”, as a property: random reports through every generator, damaged
at random, read back; every value the reader emits must equal the truth
(nulls are allowed).

    .venv/bin/python -m tests.reader_gen.property show md_flat 17     # print example 17 of md_flat
    .venv/bin/python -m tests.reader_gen.property run 200              # 200 examples per text generator

An example is fully given by (generator, index): the seed is derived from
both, so a failure printed by the test can be reproduced and looked at.
"""

from __future__ import annotations

import random
import sys
import zlib
from dataclasses import dataclass, field

from .compare import Verdict, emitted_cells, judge
from .docmodel import DAMAGES, SERIALIZERS, TITLE_STYLES, build_doc, cut_bytes, damage
from .reports import random_report, truth_cells

# name -> (layout, serializer); cheap text generators for the bulk
TEXT_GENERATORS = {
    "md_national": ("national", "md"),
    "md_flat": ("flat", "md"),
    "md_per_row": ("per_row", "md"),
    "tabs_national": ("national", "tabs"),
    "tabs_flat": ("flat", "tabs"),
    "lines_national": ("national", "lines"),
    "concat_national": ("national", "concat"),
    "spaced_flat": ("flat", "spaced"),
    "html_national": ("national", "html"),
    "html_flat": ("flat", "html_flat"),
}
# printed to PDF by a real tool (tests/reader_gen/pdfprint.py)
PDF_GENERATORS = {
    "chromium_national": ("national", "html"),
    "libreoffice_national": ("national", "html"),
}


@dataclass
class Example:
    generator: str
    index: int
    seed: int
    report: object
    data: bytes
    name: str
    damages: list[str] = field(default_factory=list)

    def label(self) -> str:
        r = self.report
        return (f"{self.generator}#{self.index} (seed {self.seed}; {r.agency} {r.year} template {r.template}; "
                f"damage: {'; '.join(self.damages) or 'none'})")


def seed_of(generator: str, index: int, base: int = 20261202) -> int:
    return zlib.crc32(f"{generator}:{index}:{base}".encode())


def make_example(generator: str, index: int, *, base: int = 20261202, html_only: bool = False) -> Example:
    seed = seed_of(generator, index, base)
    rng = random.Random(seed)
    layout_name, ser = {**TEXT_GENERATORS, **PDF_GENERATORS}[generator]
    report = random_report(rng)
    title_style = rng.choice(TITLE_STYLES)
    meta = []
    if rng.random() < 0.3:
        meta.append("当前位置：首页 > 政务公开 > 政府信息公开年报")
    doc = build_doc(report, layout_name, title_style=title_style, meta=meta)
    n_damage = rng.choices([0, 1, 2, 3], [2, 5, 3, 1])[0]
    kinds = [rng.choice(DAMAGES) for _ in range(n_damage)]
    if generator in PDF_GENERATORS:
        kinds = [k for k in kinds if k != "cut"]  # a cut PDF is not a report; the page is cut in the text generators
    done = [f"title {title_style}"] if title_style != "plain" else []
    for k in kinds:
        if k != "cut":
            done.append(damage(doc, k, rng))
    fn, ext = SERIALIZERS[ser]
    data = fn(doc).encode("utf-8")
    if "cut" in kinds:
        title_end = data.find("政府信息公开".encode()) + 200
        data, at = cut_bytes(data, rng, title_end)
        done.append(f"cut at byte {at}")
    if generator in PDF_GENERATORS and not html_only:
        ext = ".pdf"  # printed by the caller (pdfprint), data stays the HTML here
    return Example(generator, index, seed, report, data, f"{generator}_{index}{ext}", done)


@dataclass
class Outcome:
    verdict: Verdict
    refused: str | None = None  # ReaderError message
    crash: str | None = None
    gave_up: float | None = None  # CPU seconds after which the read was stopped (``limit``)


class _GaveUp(BaseException):  # not an Exception: the reader's own handlers must not swallow it
    pass


def _on_limit(signum, frame):
    raise _GaveUp()


def check(ex: Example, data: bytes | None = None, *, limit: float | None = None) -> Outcome:
    """Read the example and judge every cell. ``limit``: stop the read after
    that many CPU seconds (SIGPROF, main thread only) — a guard against a
    runaway search, reported as ``gave_up``, never as a value."""
    import signal
    import threading

    from gongkai.reader import ReaderError, read_bytes

    armed = bool(limit) and threading.current_thread() is threading.main_thread()
    if armed:
        old = signal.signal(signal.SIGPROF, _on_limit)
        signal.setitimer(signal.ITIMER_PROF, limit)
    try:
        got = read_bytes(data if data is not None else ex.data, name=ex.name)
    except _GaveUp:
        return Outcome(Verdict(), gave_up=limit)
    except ReaderError as e:
        return Outcome(Verdict(), refused=f"ReaderError({e.kind}): {e}")
    except Exception as e:  # a bug in the reader surfaces as a crash, never as a value
        return Outcome(Verdict(), crash=f"{type(e).__name__}: {e}")
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, old)
    truth = truth_cells(ex.report)
    return Outcome(judge(truth, emitted_cells(got), truth))


def failure_lines(ex: Example, out: Outcome) -> list[str]:
    lines = []
    if out.crash:
        lines.append(f"{ex.label()}: CRASH {out.crash}")
    if out.refused and not [d for d in ex.damages if not d.startswith("title ")]:  # a title variant is no damage
        lines.append(f"{ex.label()}: refused an undamaged report: {out.refused}")
    for path, got, true in out.verdict.wrongs:
        lines.append(f"{ex.label()}: cell {path}: emitted {got!r}, truth {true!r}")
    return lines


def run_generator(generator: str, n: int, *, base: int = 20261202) -> tuple[Verdict, list[str], int]:
    total, failures, refused = Verdict(), [], 0
    for i in range(n):
        ex = make_example(generator, i, base=base)
        out = check(ex)
        total.add(out.verdict)
        refused += out.refused is not None
        failures += failure_lines(ex, out)
    return total, failures, refused


def main(argv: list[str]) -> int:
    if argv[:1] == ["show"] and len(argv) == 3:
        ex = make_example(argv[1], int(argv[2]), html_only=True)
        print(ex.label())
        sys.stdout.write(ex.data.decode("utf-8", errors="replace"))
        return 0
    if argv[:1] == ["run"]:
        n = int(argv[1]) if len(argv) > 1 else 100
        for g in TEXT_GENERATORS:
            v, fails, refused = run_generator(g, n)
            print(f"{g:18s} right {v.right:7d} wrong {v.wrong:5d} null {v.null:6d} refused {refused:4d}")
            for line in fails[:5]:
                print("   ", line)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
