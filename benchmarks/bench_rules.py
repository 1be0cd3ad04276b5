"""Rule checks per second on the gold reports (single-report and cross-year)."""

import time
from pathlib import Path

from gongkai import rules
from gongkai.model import load_report

GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "gold"


def main() -> None:
    reports = [load_report(p) for p in sorted(GOLD.glob("*.json"))]
    if not reports:
        print("   没有找到 ../shared/corpus/gold，跳过")
        return
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < 2.0:
        rules.check_reports(reports)
        n += len(reports)
    elapsed = time.perf_counter() - start
    print(f"   rules: {n / elapsed:,.0f} reports/s checked (every rule, cross-year pairs included), 1 core")
