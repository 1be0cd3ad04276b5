"""Reader speed (issue #10 goals: text >= 200 reports/s per core; PDF at most
2x the time pypdfium2 alone takes to extract the same PDFs' text; no document
over 1 s).

    .venv/bin/python -m benchmarks reader

Times are CPU seconds of this process (the reader is single-threaded; the
machine may be shared).

1. Text: reports per second on one core (this process), over random reports
   printed by the text generators of tests/reader_gen (markdown, tabs, crawled
   lines/run-together text, HTML) and the text files of ../shared/corpus.
2. PDF: every committed PDF (tests/reader_cases, tests/reader_gen/cases,
   ../shared/corpus) read by the reader and, in the same run, its text taken
   by pypdfium2 alone (every page's text page, ``get_text_range``) — total
   seconds side by side and the ratio.
3. The slowest documents of everything above plus every file of
   tests/reader_cases and tests/reader_gen/cases and the first
   ``READER_SPEED_SCAN`` (100) damaged examples of each text generator of the
   never-wrong property, each read once.
"""

from __future__ import annotations

import contextlib
import os
import random
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
SOURCE_SUFFIXES = (".pdf", ".html", ".htm", ".docx", ".txt", ".md")


# CPU time of this process: the reader is single-threaded, and the machine the
# benchmark runs on may be shared (wall time would count other processes' work).
clock = time.process_time


def _read(name: str, data: bytes) -> float:
    from gongkai.reader import ReaderError, read_bytes

    start = clock()
    with contextlib.suppress(ReaderError):
        read_bytes(data, name=name)
    return clock() - start


def _pdfium_text(data: bytes) -> float:
    import pypdfium2 as pdfium

    start = clock()
    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
    pdf.close()
    return clock() - start


def text_docs(n: int = 60) -> list[tuple[str, bytes]]:
    from tests.reader_gen.docmodel import SERIALIZERS, build_doc
    from tests.reader_gen.property import TEXT_GENERATORS
    from tests.reader_gen.reports import random_report

    docs = []
    rng = random.Random(4242)
    gens = list(TEXT_GENERATORS.items())
    for i in range(n):
        g, (layout, ser) = gens[i % len(gens)]
        fn, ext = SERIALIZERS[ser]
        docs.append((f"{g}_{i}{ext}", fn(build_doc(random_report(rng), layout)).encode("utf-8")))
    for p in sorted(CORPUS.glob("*")):
        if p.suffix in (".txt", ".md") and p.name != "NOTES.md":
            docs.append((p.name, p.read_bytes()))
    return docs


def pdf_files() -> list[Path]:
    out = sorted((REPO / "tests" / "reader_cases").glob("*.pdf")) + sorted((REPO / "tests" / "reader_gen" / "cases").glob("*.pdf"))
    return out + sorted(CORPUS.glob("*.pdf"))


def all_files() -> list[Path]:
    out = []
    for d in (REPO / "tests" / "reader_cases", REPO / "tests" / "reader_gen" / "cases", CORPUS):
        out += [p for p in sorted(d.glob("*")) if p.suffix in SOURCE_SUFFIXES and p.name != "NOTES.md"]
    return out


def main() -> None:
    try:
        import gongkai.reader  # noqa: F401
    except ImportError as e:
        print(f"gongkai.reader 不可用：{e}")
        return
    timings: list[tuple[float, str]] = []

    docs = text_docs()
    for name, data in docs[:5]:  # warm up imports
        _read(name, data)
    start, n = clock(), 0
    while clock() - start < 5.0:
        for name, data in docs:
            timings.append((_read(name, data), name))
            n += 1
    elapsed = clock() - start
    print(f"   text: {n / elapsed:8.1f} reports/s per core ({n} reads of {len(docs)} documents in {elapsed:.1f} CPU s; goal >= 200)")

    pdfs = pdf_files()
    if pdfs:
        _read(pdfs[0].name, pdfs[0].read_bytes())
        _pdfium_text(pdfs[0].read_bytes())
        reader_s = pdfium_s = 0.0
        rows = []
        for p in pdfs:
            data = p.read_bytes()
            r = min(_read(p.name, data) for _ in range(2))
            f = min(_pdfium_text(data) for _ in range(2))
            reader_s += r
            pdfium_s += f
            rows.append((r / f if f else 0.0, p.name, r, f))
            timings.append((r, p.name))
        print(f"   PDF:  reader {reader_s:7.2f} s  vs  pypdfium2 text alone {pdfium_s:7.2f} s  for the same {len(pdfs)} PDFs:"
              f"  ratio {reader_s / pdfium_s:5.2f}x (goal <= 2x)")
        rows.sort(reverse=True)
        for ratio, name, r, f in rows[:5]:
            print(f"         {ratio:6.1f}x  reader {r:6.3f} s  pypdfium2 {f:6.3f} s  {name}")

    for p in all_files():
        if p.suffix != ".pdf":
            timings.append((_read(p.name, p.read_bytes()), p.name))
    from tests.reader_gen.property import TEXT_GENERATORS, make_example

    scan = int(os.environ.get("READER_SPEED_SCAN", "100"))
    for g in TEXT_GENERATORS:  # damaged documents of the never-wrong property too (the test's examples)
        for i in range(scan):
            ex = make_example(g, i)
            timings.append((_read(ex.name, ex.data), f"{g}#{i} (property example)"))
    worst: dict[str, float] = {}
    for secs, name in timings:
        worst[name] = max(worst.get(name, 0.0), secs)
    slow = sorted(worst.items(), key=lambda kv: -kv[1])
    over = [name for name, s in slow if s > 1.0]
    print(f"   slowest of {len(worst)} documents, CPU s (goal: none over 1 s; over: {len(over)}):")
    for name, s in slow[:8]:
        print(f"         {s:6.3f} s  {name}")


if __name__ == "__main__":
    main()
