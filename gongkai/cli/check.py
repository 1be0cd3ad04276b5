"""``gongkai check FILE...``: the consistency rules on annual reports.

A FILE is an exchange JSON, or a published report (PDF, HTML, DOCX, text,
markdown) read through ``gongkai.reader``. Files of one agency in
consecutive years also get the cross-year rules.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser(
        "check",
        help="按一致性规则核查年度报告（交换 JSON 或已发布的报告文件）",
        description="核查年度报告。退出码：0 无错误；1 有错误级发现；2 有文件无法读取。",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="交换 JSON，或 PDF/HTML/DOCX/TXT/MD 报告")
    p.add_argument("--json", action="store_true", help="以 JSON 输出核查结果")
    p.add_argument("-v", "--verbose", action="store_true", help="同时列出因数据缺失而无法核对之处")
    p.set_defaults(handler=run)


def load_any(path: str):
    """A report from an exchange JSON or, through the reader, a published file."""
    from gongkai.model import ReportError, load_report

    p = Path(path)
    if not p.exists():
        raise ReportError(f"文件不存在：{path}")
    if p.is_dir():
        raise ReportError(f"{path} 是目录，请给出文件")
    if p.suffix.lower() == ".json":
        return load_report(p)
    from gongkai import reader

    return reader.read(p)


def run(args) -> int:
    from gongkai import rules
    from gongkai.model import ReportError

    loaded, failures = [], []
    for path in args.files:
        try:
            loaded.append((path, load_any(path)))
        except ReportError as err:
            failures.append((path, str(err)))
    results = rules.check_reports([r for _, r in loaded])
    if args.json:
        _print_json(loaded, results, failures)
    else:
        _print_text(loaded, results, failures, verbose=args.verbose)
    if failures:
        return 2
    return 1 if any(rules.has_errors(f) for f in results) else 0


def _print_json(loaded, results, failures) -> None:
    from gongkai import rules

    out = []
    for (path, report), findings in zip(loaded, results):
        out.append({
            "file": path,
            "agency": report.agency,
            "year": report.year,
            "status": "error" if rules.has_errors(findings) else "ok",
            "summary": rules.summary(findings),
            "findings": [f.to_dict() for f in findings],
        })
    for path, message in failures:
        out.append({"file": path, "status": "unreadable", "message": message})
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()


def _print_text(loaded, results, failures, *, verbose: bool) -> None:
    from gongkai import rules

    years = {(r.agency, r.year) for _, r in loaded}
    for (path, report), findings in zip(loaded, results):
        print(f"== {path}（{report.agency} {report.year}年）")
        if (report.agency, report.year - 1) in years:
            print(f"  已与 {report.year - 1} 年度报告做跨年度核对（X.CARRY、X.INFORCE）")
        shown = [f for f in findings if verbose or f.severity != rules.INFO]
        for f in shown:
            print(f"  {f}")
        counts = rules.summary(findings)
        tail = f"，{counts['info']} 处无法核对" + ("" if verbose else "（-v 查看）") if counts["info"] else ""
        verdict = "未通过" if counts["error"] else "通过"
        print(f"  结论：{verdict}，{counts['error']} 个错误，{counts['warning']} 个警告{tail}")
    for path, message in failures:
        print(f"== {path}", file=sys.stderr)
        print(f"  无法读取：{message}", file=sys.stderr)
