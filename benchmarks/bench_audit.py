"""``gongkai audit`` at scale: N generated reports audited serially (``-j 1``),
with the process pool (``-j 2``) and on a 2-worker dask ``LocalCluster``
(``--dask local:2``), side by side in one run, plus a rerun served from the
hash cache. The three outputs must be identical cell by cell.

Reports are generated from the gold reports (``../shared/corpus/gold`` and
``tests/reader_cases/*.gold.json``) with other agency names, years and
numbers, one in five with a table-3 cell changed so that rules fire, and
rendered through ``gongkai.render`` as TXT, Markdown and HTML (6 : 3 : 1).
Size: ``GONGKAI_BENCH_REPORTS`` (5000). Prints reports per second and what a
national run of 100,000 reports costs per worker.
"""

from __future__ import annotations

import copy
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N = int(os.environ.get("GONGKAI_BENCH_REPORTS", "5000"))
REPO = Path(__file__).resolve().parent.parent
NATIONAL = 100_000


def _sources() -> list[dict]:
    paths = sorted((REPO.parent / "shared" / "corpus" / "gold").glob("*.json"))
    paths += sorted((REPO / "tests" / "reader_cases").glob("*.gold.json"))[:40]
    out = []
    for p in paths:
        data = json.loads(p.read_text(encoding="utf-8"))
        if data.get("template", "2021") == "2021" and data.get("requests"):
            out.append(data)
    return out


def generate(folder: Path, n: int, seed: int = 2026) -> None:
    from gongkai.model import report_from_dict
    from gongkai.render import render

    rng = random.Random(seed)
    sources = _sources()
    kinds = ["应急管理局", "教育局", "财政局", "卫生健康委员会", "市场监督管理局", "自然资源局", "交通运输局", "人民政府"]
    for i in range(n):
        data = copy.deepcopy(rng.choice(sources))
        data.pop("provenance", None)
        data.pop("notes", None)
        data["agency"] = f"示例{['省', '市', '县'][i % 3]}第{i // 8}{kinds[i % len(kinds)]}"
        data["year"] = 2021 + i % 4
        req = data["requests"]
        got = (req.get("new_received") or [None] * 7)[6]
        done = (req.get("total_processed") or [None] * 7)[6]
        data["sections"] = {
            "overview": f"本年度共收到政府信息公开申请{got}件，办结{done}件，均在法定期限内答复。" if got is not None
            else "本年度依法做好政府信息公开工作。",
            "problems": "政务公开队伍力量不足，下一步加强业务培训。",
            "other": "本年度未收取信息处理费。",
        }
        if rng.random() < 0.2:
            row = data["requests"].get("granted")
            if row and row[0] is not None:
                row[0] += 1 + rng.randrange(5)
        report = report_from_dict(data)
        fmt = ("txt", "txt", "txt", "txt", "txt", "txt", "md", "md", "md", "html")[i % 10]
        text = render(report, fmt)
        (folder / f"{i:05d}.{fmt}").write_text(text if isinstance(text, str) else text.decode(), encoding="utf-8")


def _audit(folder: Path, out: Path, *extra: str) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "gongkai.cli", "audit", str(folder), "-o", str(out), "-q", *extra],
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        print(proc.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"gongkai audit {' '.join(extra)} 失败：退出码 {proc.returncode}")
    return elapsed


def _cluster_startup() -> float:
    code = ("from distributed import Client, LocalCluster\n"
            "c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)\n"
            "cl = Client(c); cl.close(); c.close()\n")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    return time.perf_counter() - t0


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-audit-"))
    try:
        folder = tmp / "reports"
        folder.mkdir()
        t0 = time.perf_counter()
        generate(folder, N)
        print(f"   已生成 {N} 份报告（TXT/MD/HTML，{time.perf_counter() - t0:.1f} s，不计入）", flush=True)
        runs = [("串行 -j 1", "serial.csv", ["-j", "1", "--no-cache"]),
                ("进程池 -j 2（写入缓存）", "pool.csv", ["-j", "2", "--cache", str(tmp / "cache")]),
                ("dask LocalCluster 2 个 worker", "dask.csv", ["--dask", "local:2", "--no-cache"]),
                ("缓存重跑（-j 2，全部命中）", "cached.csv", ["-j", "2", "--cache", str(tmp / "cache")])]
        times = {}
        for label, name, extra in runs:
            times[label] = _audit(folder, tmp / name, *extra)
            rate = N / times[label]
            print(f"   {label}：{times[label]:.1f} s，{rate:.1f} 份/秒", flush=True)
        print(f"   机器负载（1/5/15 分钟平均）：{' / '.join(f'{x:.1f}' for x in os.getloadavg())}，{os.cpu_count()} 核", flush=True)
        base = times["串行 -j 1"]
        for label in list(times)[1:]:
            print(f"   {label} 相对串行：{base / times[label]:.2f} 倍", flush=True)
        import csv

        status = {}
        for row in csv.DictReader((tmp / "serial.csv").open(encoding="utf-8-sig")):
            status[row["状态"]] = status.get(row["状态"], 0) + 1
        print("   核查结果：" + "，".join(f"{k} {v}" for k, v in sorted(status.items())), flush=True)
        same = all((tmp / n).read_bytes() == (tmp / "serial.csv").read_bytes() for _l, n, _e in runs)
        print(f"   四种方式输出逐格一致：{'是' if same else '否'}", flush=True)
        startup = _cluster_startup()
        print(f"   其中启动并关闭 2 个 worker 的 LocalCluster 约 {startup:.1f} s", flush=True)
        per_worker = N / max(0.1, times["dask LocalCluster 2 个 worker"] - startup) / 2
        print(f"   全国规模估算（不计集群启动）：每个 worker 约 {per_worker:.1f} 份/秒；{NATIONAL} 份需 "
              f"{NATIONAL / per_worker / 3600:.1f} worker·小时（如 20 个 worker 约 {NATIONAL / per_worker / 20 / 60:.0f} 分钟）",
              flush=True)
        if not same:
            sys.exit(1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
