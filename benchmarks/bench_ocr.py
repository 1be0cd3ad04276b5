"""OCR of scanned reports: the two engines side by side, in one run.

    .venv/bin/python -m benchmarks ocr            # full sweep
    OCR_BENCH_QUICK=1 .venv/bin/python -m benchmarks ocr   # two reports, 200 dpi
    OCR_BENCH_REPORTS=4 .venv/bin/python -m benchmarks ocr  # three gold + one generated

The generated scan corpus (``tests/scan_gen``): the five gold reports of
``../shared/corpus/gold`` and generated reports of ``tests/reader_cases``
(both templates), rendered to PDF, scanned at 150 / 200 / 300 dpi with
realistic damage (turned up to ±1.5°, slight perspective, greyscale or
colour, JPEG, a red seal over table 3; the same damage for both engines),
read through the full reader (``gongkai.reader``: deskew, ruled cells, OCR,
interpretation, equation check).

Per engine and dpi: cells right / wrong / null (a wrong includes a blank gold
cell given a value), the share exact, and seconds per page — CPU seconds on
one core (this process plus the Tesseract child processes; both engines are
run single-threaded) and wall seconds. Baseline in the same run: the same
pages read by the same code is the comparison itself (Tesseract against
RapidOCR); the render + raster time is printed beside it.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DPIS = (150, 200, 300)
ENGINES = ("tesseract", "rapidocr")


def _cpu() -> float:
    return time.process_time() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime


def main() -> None:
    from gongkai.reader import ReaderError, _scanned
    from gongkai.reader import scan as S
    from gongkai.reader.scan.engines import get_engine
    from tests.scan_gen import scans

    quick = os.environ.get("OCR_BENCH_QUICK") == "1"
    reports = scans.gold_reports()
    gen = scans.generated_reports(0 if quick else 3)
    reports.update(gen)
    if quick:
        reports = dict(list(reports.items())[:2])
    if os.environ.get("OCR_BENCH_REPORTS"):  # a shorter sweep: the first N gold, then generated
        n = int(os.environ["OCR_BENCH_REPORTS"])
        golds = [k for k in reports if k not in gen]
        keep = golds[: max(1, n - 1)] + list(gen)[:1] if gen and n > 1 else golds[:n]
        reports = {k: reports[k] for k in keep}
        gen = {k: v for k, v in gen.items() if k in reports}
    dpis = (200,) if quick else DPIS
    if os.environ.get("OCR_BENCH_DPIS"):  # while developing: a part of the sweep
        dpis = tuple(int(d) for d in os.environ["OCR_BENCH_DPIS"].split(","))
    wanted = os.environ.get("OCR_BENCH_ENGINES", ",".join(ENGINES)).split(",")
    engines = [e for e in ENGINES if e in wanted and get_engine(e).available()]
    missing = [e for e in ENGINES if e in wanted and e not in engines]
    if missing:
        print(f"   未安装：{'、'.join(missing)}（只测其余引擎）")
    print(f"   {len(reports)} 份报告（{len(reports) - len(gen)} 份 gold，{len(gen)} 份生成），dpi {'/'.join(map(str, dpis))}，引擎 {'、'.join(engines)}")
    totals: dict[tuple[str, int], dict] = {}
    gen_time = 0.0
    for seed, (name, gold) in enumerate(reports.items(), 1):
        for dpi in dpis:
            t0 = time.perf_counter()
            pages = scans.scan_pages(gold, dpi, seed)
            files = scans.as_files(pages)
            gen_time += time.perf_counter() - t0
            for eng in engines:
                c0, w0 = _cpu(), time.perf_counter()
                try:
                    doc, info = S.lines_from_images(files, engine=eng)
                    got = _scanned(doc, info, name=name)
                except ReaderError as err:
                    got = None
                    print(f"   {name} {dpi}dpi {eng}: 读取失败 {err}")
                cpu, wall = _cpu() - c0, time.perf_counter() - w0
                sc = scans.score(gold, got)
                t = totals.setdefault((eng, dpi), {"score": scans.Score(wrongs=[]), "cpu": 0.0, "wall": 0.0, "pages": 0})
                t["score"].add(sc)
                t["cpu"] += cpu
                t["wall"] += wall
                t["pages"] += len(pages)
                flag = "" if not sc.wrong and not sc.filled else "  ← 错"
                print(f"   {name[:34]:<34} {dpi:>3}dpi {eng:<9} 对 {sc.right:>3} 错 {sc.wrong + sc.filled:>2} 空 {sc.null:>3}  "
                      f"{cpu / len(pages):5.2f} s/页 CPU  ({scans.damage_for(seed)}){flag}", flush=True)
                for w in (sc.wrongs or [])[:6]:
                    print(f"        {w}")
    print()
    print(f"   {'引擎':<10}{'dpi':>5} {'对':>6} {'错':>4} {'空':>5} {'逐格准确':>8} {'CPU s/页':>9} {'墙钟 s/页':>9}")
    for (eng, dpi), t in sorted(totals.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        s = t["score"]
        cpu, wall = t["cpu"] / t["pages"], t["wall"] / t["pages"]
        print(f"   {eng:<10}{dpi:>5} {s.right:>6} {s.wrong + s.filled:>4} {s.null:>5} {s.exact * 100:>7.2f}% {cpu:>9.2f} {wall:>9.2f}")
    n_pages = sum(t["pages"] for (e, _d), t in totals.items() if e == engines[0]) if engines else 0
    if n_pages:
        print(f"   （生成扫描页：渲染 + 光栅化 + 损伤 {gen_time / n_pages:.2f} s/页，不计入上表）")


if __name__ == "__main__":
    main()
