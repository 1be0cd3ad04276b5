"""Reader speed: reports per second on one core, for text (the corpus's
text/markdown files) and for PDF (the corpus PDF and the gold reports
rendered to PDF). Goals: text >= 200/s, PDF >= 10/s."""

from __future__ import annotations

import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _rate(items, seconds: float = 3.0) -> tuple[float, int]:
    from gongkai.reader import read_bytes

    n = 0
    start = time.perf_counter()
    while True:
        for name, data in items:
            read_bytes(data, name=name)
            n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed, n


def main() -> None:
    texts = [(p.name, p.read_bytes()) for p in sorted(CORPUS.glob("*")) if p.suffix in (".txt", ".md") and p.name != "NOTES.md"]
    pdfs = [(p.name, p.read_bytes()) for p in sorted(CORPUS.glob("*.pdf"))]
    try:
        from gongkai.model import load_report
        from gongkai.render import render

        for g in sorted((CORPUS / "gold").glob("*.json")):
            pdfs.append((g.stem + ".pdf", render(load_report(g), "pdf")))
    except Exception as err:  # renderer missing: corpus PDF only
        print(f"   (渲染 PDF 不可用：{err})")
    _rate(texts[:1], 0.2)  # warm up imports
    rate, n = _rate(texts)
    print(f"   text/markdown: {rate:8.1f} reports/s per core  ({n} reads of {len(texts)} files; goal >= 200)")
    rate, n = _rate(pdfs)
    print(f"   PDF:           {rate:8.1f} reports/s per core  ({n} reads of {len(pdfs)} files; goal >= 10)")


if __name__ == "__main__":
    main()
