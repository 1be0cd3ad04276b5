"""“Never wrong”, as a property (issue #10).

Random reports (both templates; ``tests/reader_gen/reports.py``) through every
generator — markdown (national grid, full-label rows, per-row tables under
generic headers), pdftotext-like tabs, crawled lines, run-together and
space-separated crawled text, HTML with and without merged cells, and PDFs
printed by Chromium and LibreOffice — then damaged at random: a cell deleted,
a cell blanked, two cells fused, a column dropped, a header row repeated, the
text cut at a byte offset (0–3 damages; title variants too). Every value the
reader emits must equal the truth; nulls are allowed. A crash (an exception
other than ``ReaderError``) fails, as does refusing an undamaged report.

Fixed seed: example *i* of generator *g* is always the same document; look at
one with ``.venv/bin/python -m tests.reader_gen.property show g i``. The larger
run is ``.venv/bin/python -m benchmarks reader_never_wrong``.
"""

from __future__ import annotations

import random
import shutil

import pytest
from hypothesis import HealthCheck, given, settings

from gongkai import rules
from tests.core.strategies import random_reports
from tests.reader_gen.compare import emitted_cells, judge
from tests.reader_gen.docmodel import DAMAGES, SERIALIZERS, build_doc, damage
from tests.reader_gen.property import PDF_GENERATORS, TEXT_GENERATORS, check, failure_lines, make_example
from tests.reader_gen.reports import random_report, truth_cells

PER_TEXT_GENERATOR = 200  # × 10 generators = 2,000 text examples (+ 40 PDFs)
PER_PDF_GENERATOR = 20
# a guard against a runaway search, not a speed goal (that is benchmarks/bench_reader.py): a read still
# going after this many CPU seconds is stopped and listed, and emits nothing
GUARD_CPU_S = 30.0


def _verdict(examples_and_outcomes, n: int, generator: str) -> None:
    failures, right, wrong, null, refused, stopped = [], 0, 0, 0, 0, []
    for ex, out in examples_and_outcomes:
        if out.gave_up:
            stopped.append(ex.label())
        right += out.verdict.right
        wrong += out.verdict.wrong
        null += out.verdict.null
        refused += out.refused is not None
        failures += failure_lines(ex, out)
    shown = "\n".join(failures[:60]) + (f"\n… and {len(failures) - 60} more" if len(failures) > 60 else "")
    assert not failures, (f"{generator}: {n} examples, cells {right} right / {wrong} WRONG / {null} null, {refused} refused; "
                          f"{len(failures)} failures (case: cell, emitted, truth):\n{shown}\n"
                          f"stopped after {GUARD_CPU_S:g} CPU s (no values): {stopped}\n"
                          f"see one: .venv/bin/python -m tests.reader_gen.property show {generator} <index>")


def test_enough_examples():
    assert PER_TEXT_GENERATOR * len(TEXT_GENERATORS) + PER_PDF_GENERATOR * len(PDF_GENERATORS) >= 2000


def test_examples_are_fixed():
    a, b = make_example("md_flat", 3), make_example("md_flat", 3)
    assert a.data == b.data and a.damages == b.damages
    assert make_example("md_flat", 4).data != a.data


def test_the_truth_is_a_consistent_report():
    """The random reports satisfy every identity (else a reader settling by them could not be right)."""
    for seed in range(200):
        report = random_report(random.Random(seed))
        errors = [f for f in rules.check(report) if f.severity == "error"]
        assert not errors, f"seed {seed}: {[str(f) for f in errors]}"


def test_damage_keeps_paths_and_changes_the_text():
    report = random_report(random.Random(1), template="2021", profile="busy")
    clean = SERIALIZERS["md"][0](build_doc(report, "flat"))
    for kind in DAMAGES:
        if kind == "cut":
            continue
        doc = build_doc(report, "flat")
        what = damage(doc, kind, random.Random(2))
        assert SERIALIZERS["md"][0](doc) != clean, what


@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=random_reports())
def test_never_wrong_shrinks(report):
    """The same property through Hypothesis (undamaged markdown and tabs), so a failure is shrunk to a small seed."""
    from gongkai.reader import read_bytes

    truth = truth_cells(report)
    for ser, layout in (("md", "flat"), ("tabs", "national")):
        fn, ext = SERIALIZERS[ser]
        got = read_bytes(fn(build_doc(report, layout)).encode("utf-8"), name=f"report{ext}")
        v = judge(truth, emitted_cells(got), truth)
        assert not v.wrongs, f"{ser}/{layout}: " + "; ".join(f"{p}: emitted {g!r}, truth {t!r}" for p, g, t in v.wrongs)


# Known open defects of the reader (issue #10 stays open on them): on the
# fixed seed these generators still get wrong values out of damaged examples —
# 207 wrong cells in 51 of 2,040 examples at 6917a7f/a9e7725, mostly a dropped
# table-3 or 2019 table-2 column, a deleted cell beside fused digits, a fused
# table-2 row on run-together pages. strict: the mark fails the run as soon as
# a generator is fixed, so it cannot outlive the defect.
KNOWN_WRONG = {
    "md_national", "md_flat", "tabs_national", "tabs_flat", "lines_national", "concat_national",
    "spaced_flat", "html_national", "html_flat", "chromium_national", "libreoffice_national",
}


def _params(generators):
    reason = "读取器在这类损坏上仍会给出错误数值（见 issue #10）"
    return [
        pytest.param(g, marks=pytest.mark.xfail(strict=True, reason=reason)) if g in KNOWN_WRONG else g
        for g in generators
    ]


@pytest.mark.parametrize("generator", _params(TEXT_GENERATORS))
def test_never_wrong_text(generator):
    pairs = []
    for i in range(PER_TEXT_GENERATOR):
        ex = make_example(generator, i)
        pairs.append((ex, check(ex, limit=GUARD_CPU_S)))
    _verdict(pairs, PER_TEXT_GENERATOR, generator)


@pytest.mark.browser
@pytest.mark.parametrize("generator", _params(PDF_GENERATORS))
def test_never_wrong_pdf(generator):
    from tests.reader_gen.pdfprint import CHROMIUM, chromium_pdfs, libreoffice_pdfs

    if generator.startswith("chromium") and not shutil.which(CHROMIUM):
        pytest.skip("没有安装 Debian 的 chromium")
    if generator.startswith("libreoffice") and not shutil.which("soffice"):
        pytest.skip("没有安装 LibreOffice（soffice）")
    examples = [make_example(generator, i) for i in range(PER_PDF_GENERATOR)]
    printer = chromium_pdfs if generator.startswith("chromium") else libreoffice_pdfs
    pdfs = printer([ex.data for ex in examples])
    _verdict([(ex, check(ex, pdf, limit=GUARD_CPU_S)) for ex, pdf in zip(examples, pdfs)], PER_PDF_GENERATOR, generator)
