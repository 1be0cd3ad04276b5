"""Rendered reports per second, per format (html, docx, pdf, md, txt), on the
gold reports plus one report with large numbers and long narrative; 1 core."""

import random
import time
from pathlib import Path

from gongkai import standard
from gongkai.model import Report, load_report
from gongkai.render import FORMATS, render

GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "gold"
BUDGET_S = {"html": 1.5, "md": 1.5, "txt": 1.5, "docx": 4.0, "pdf": 6.0}


def _big_report() -> Report:
    rnd = random.Random(1)
    req = {}
    for key in standard.OUTCOME_KEYS:
        row = [rnd.randint(0, 10**6) for _ in range(6)]
        req[key] = row + [sum(row)]
    total = [sum(req[k][c] for k in standard.OUTCOME_KEYS) for c in range(7)]
    req.update(total_processed=total, carried_over=[0] * 7, carried_forward=[0] * 7, new_received=total)
    return Report.model_validate(
        {
            "agency": "某某省人力资源和社会保障厅",
            "year": 2024,
            "sections": dict.fromkeys(standard.NARRATIVE_SECTIONS, "本年度依法做好政府信息公开工作。" * 40 + "\n" + "加强平台建设。" * 40),
            "requests": req,
        }
    )


def main() -> None:
    reports = [load_report(p) for p in sorted(GOLD.glob("*.json"))] + [_big_report()]
    render(reports[0], "pdf")  # warm up WeasyPrint and fontconfig once
    for fmt in FORMATS:
        n, size = 0, 0
        start = time.perf_counter()
        while time.perf_counter() - start < BUDGET_S[fmt]:
            for report in reports:
                out = render(report, fmt)
                size += len(out)
                n += 1
        elapsed = time.perf_counter() - start
        print(f"   {fmt:4}: {n / elapsed:8.1f} reports/s  ({n} renders, mean {size / n / 1024:.0f} KiB)")
