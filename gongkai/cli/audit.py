"""``gongkai audit PATH...``: read every report file under the paths (in
parallel processes), run every consistency rule including the cross-year
ones between one agency's consecutive years, and write one row per report.

``-o results.xlsx`` writes a workbook (sheets 报告 / 发现 / 汇总);
``-o results.csv`` the report rows. One bad file never stops the batch: its
row says why. Exit 1 if any report has an error finding, else 0.
"""

from __future__ import annotations

import csv
import os
import sys
from collections import Counter
from pathlib import Path

from gongkai.cli import CommandError

AUDIT_SUFFIXES = (".pdf", ".html", ".htm", ".xhtml", ".shtml", ".docx", ".txt", ".md", ".markdown", ".json")
STATUS_OK, STATUS_FAIL, STATUS_BAD = "通过", "未通过", "无法读取"
HEADER = ["文件", "机关", "年度", "状态", "错误数", "警告数", "无法核对数", "发现", "读取说明"]


def register(sub) -> None:
    p = sub.add_parser(
        "audit",
        help="批量核查目录中的年度报告，输出 Excel/CSV 结果",
        description="读取路径下的全部报告文件（PDF/HTML/DOCX/TXT/MD/交换 JSON），并行解析并按全部规则（含同一机关相邻年度的跨年规则）核查。"
        "退出码：0 无错误；1 有报告存在错误级发现；2 用法错误或没有可核查的文件。",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录（递归）")
    p.add_argument("-o", "--output", metavar="FILE", help="结果文件：.xlsx（含汇总表）或 .csv")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N", help="并行进程数（默认为 CPU 核数）")
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    p.set_defaults(handler=run)


def collect(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in AUDIT_SUFFIXES and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    files.append(f)
        elif p.is_file():
            files.append(p)
        else:
            raise CommandError(f"路径不存在：{raw}")
    seen = set()
    out = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def read_one(path: str):
    """In a worker process: (path, report or None, error kind, message)."""
    from gongkai.model import ReportError, load_report
    from gongkai.reader import ReaderError, read

    try:
        if path.lower().endswith(".json"):
            return path, load_report(path), None, None
        return path, read(path), None, None
    except ReaderError as err:
        return path, None, err.kind, str(err)
    except ReportError as err:
        return path, None, "unreadable", str(err)
    except Exception as err:  # never let one file stop the batch
        return path, None, "unreadable", f"{type(err).__name__}: {err}"


def run(args) -> int:
    from gongkai import rules

    if args.output and Path(args.output).suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
        raise CommandError("输出文件应为 .xlsx 或 .csv")
    files = collect(args.paths)
    if not files:
        raise CommandError("没有找到可核查的报告文件（.pdf .html .docx .txt .md .json）")
    jobs = args.jobs if args.jobs and args.jobs > 0 else (os.cpu_count() or 1)
    jobs = min(jobs, len(files))
    results = _read_all([str(f) for f in files], jobs, quiet=args.quiet)
    reports = [(p, r) for p, r, _k, _m in results if r is not None]
    findings = rules.check_reports([r for _p, r in reports])
    by_path = {p: f for (p, _r), f in zip(reports, findings)}
    rows = []
    for path, report, kind, message in results:
        if report is None:
            rows.append({"文件": path, "机关": "", "年度": "", "状态": STATUS_BAD, "错误数": "", "警告数": "", "无法核对数": "",
                         "发现": message or "", "读取说明": _kind_zh(kind), "_findings": [], "_kind": kind})
            continue
        fs = by_path[path]
        counts = rules.summary(fs)
        rows.append({
            "文件": path, "机关": report.agency, "年度": report.year,
            "状态": STATUS_FAIL if counts["error"] else STATUS_OK,
            "错误数": counts["error"], "警告数": counts["warning"], "无法核对数": counts["info"],
            "发现": "\n".join(str(f) for f in fs if f.severity != rules.INFO),
            "读取说明": "\n".join(report.notes or []),
            "_findings": fs, "_kind": None,
        })
    if args.output:
        out = Path(args.output)
        if out.suffix.lower() == ".csv":
            _write_csv(out, rows)
        elif out.suffix.lower() in (".xlsx", ".xlsm"):
            _write_xlsx(out, rows)
        else:
            raise CommandError("输出文件应为 .xlsx 或 .csv")
    _print_summary(rows, args.output)
    return 1 if any(r["状态"] == STATUS_FAIL for r in rows) else 0


def _read_all(paths: list[str], jobs: int, *, quiet: bool):
    from tqdm import tqdm

    bar = tqdm(total=len(paths), desc="解析", unit="份", file=sys.stderr, disable=quiet, dynamic_ncols=True)
    out = {}
    try:
        if jobs <= 1:
            for p in paths:
                out[p] = read_one(p)
                bar.update(1)
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor, as_completed

            ctx = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                futures = {pool.submit(read_one, p): p for p in paths}
                for fut in as_completed(futures):
                    p = futures[fut]
                    try:
                        out[p] = fut.result()
                    except Exception as err:  # a worker died (e.g. out of memory)
                        out[p] = (p, None, "unreadable", f"解析进程异常：{type(err).__name__}: {err}")
                    bar.update(1)
    finally:
        bar.close()
    return [out[p] for p in paths]


def _write_csv(path: Path, rows) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for r in rows:
            w.writerow([r[h] for h in HEADER])


def _write_xlsx(path: Path, rows) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from gongkai import rules

    wb = Workbook()
    ws = wb.active
    ws.title = "报告"
    ws.append(HEADER)
    bold = Font(bold=True)
    for c in ws[1]:
        c.font = bold
    fills = {STATUS_OK: "C6EFCE", STATUS_FAIL: "FFC7CE", STATUS_BAD: "FFEB9C"}
    for r in rows:
        ws.append([r[h] for h in HEADER])
        ws.cell(ws.max_row, 4).fill = PatternFill("solid", fgColor=fills[r["状态"]])
        for col in (8, 9):
            ws.cell(ws.max_row, col).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEFGHI", (40, 28, 8, 10, 8, 8, 10, 90, 60)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"

    wf = wb.create_sheet("发现")
    wf.append(["文件", "机关", "年度", "规则", "级别", "单元格", "说明"])
    for c in wf[1]:
        c.font = bold
    for r in rows:
        for f in r["_findings"]:
            wf.append([r["文件"], r["机关"], r["年度"], f.rule, rules.SEVERITY_LABELS.get(f.severity, f.severity), f.path or "", f.message])
    wf.freeze_panes = "A2"

    wsum = wb.create_sheet("汇总")
    for line in _summary_lines(rows):
        wsum.append(line)
    for c in wsum["A"]:
        c.font = bold
    wsum.column_dimensions["A"].width = 36
    wsum.column_dimensions["B"].width = 14
    wb.save(path)


def _summary_lines(rows) -> list[list]:
    status = Counter(r["状态"] for r in rows)
    kinds = Counter(r["_kind"] for r in rows if r["_kind"])
    rule_err = Counter()
    rule_warn = Counter()
    for r in rows:
        for f in r["_findings"]:
            if f.severity == "error":
                rule_err[f.rule] += 1
            elif f.severity == "warning":
                rule_warn[f.rule] += 1
    lines = [
        ["报告文件数", len(rows)],
        ["通过", status.get(STATUS_OK, 0)],
        ["未通过（有错误）", status.get(STATUS_FAIL, 0)],
        ["无法读取", status.get(STATUS_BAD, 0)],
    ]
    from gongkai.cli.parse import KIND_ZH

    for k, n in sorted(kinds.items()):
        lines.append([f"  无法读取：{KIND_ZH.get(k, k)}", n])
    agencies = {(r["机关"]) for r in rows if r["机关"]}
    lines.append(["机关数", len(agencies)])
    for rule, n in sorted(rule_err.items()):
        lines.append([f"错误 {rule}（份）", n])
    for rule, n in sorted(rule_warn.items()):
        lines.append([f"警告 {rule}（份）", n])
    return lines


def _print_summary(rows, output) -> None:
    for r in rows:
        if r["状态"] == STATUS_BAD:
            print(f"{STATUS_BAD}  {r['文件']}：{r['发现']}")
        else:
            print(f"{r['状态']}  {r['文件']}（{r['机关']} {r['年度']}年）错误 {r['错误数']}，警告 {r['警告数']}")
    print("汇总：" + "，".join(f"{k} {v}" for k, v in _summary_lines(rows)[:4]))
    if output:
        print(f"结果已写入 {output}")


def _kind_zh(kind: str | None) -> str:
    from gongkai.cli.parse import KIND_ZH

    return KIND_ZH.get(kind or "", kind or "")
