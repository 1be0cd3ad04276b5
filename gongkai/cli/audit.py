"""``gongkai audit PATH...``: read every report file under the paths (in
parallel processes), run every consistency rule including the cross-year
ones between one agency's consecutive years, and write one row per report.

``-o results.xlsx`` writes a workbook (sheets 报告 / 发现 / 汇总);
``-o results.csv`` the report rows. One bad file never stops the batch: its
row says why. Exit 1 if any report has an error finding, else 0.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sys
import tempfile
from collections import Counter
from pathlib import Path

from gongkai import spreadsheet
from gongkai.cli import CommandError
from gongkai.reader import guard

AUDIT_SUFFIXES = (".pdf", ".html", ".htm", ".xhtml", ".shtml", ".docx", ".txt", ".md", ".markdown", ".json")
STATUS_OK, STATUS_FAIL, STATUS_BAD = "通过", "未通过", "无法读取"
HEADER = ["文件", "机关", "年度", "状态", "错误数", "警告数", "无法核对数", "发现", "读取说明"]


def register(sub) -> None:
    p = sub.add_parser(
        "audit",
        help="批量核查目录中的年度报告，输出 Excel/CSV 结果",
        description="读取路径下的全部报告文件（PDF/HTML/DOCX/TXT/MD/交换 JSON），并行解析并按全部规则（含同一机关相邻年度的跨年规则）核查。"
        "读取结果按文件 SHA-256 缓存，中断后重新运行只读取未完成的文件。"
        "退出码：0 无错误；1 有报告存在错误级发现；2 用法错误或没有可核查的文件；130 被中断。",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录（递归）")
    p.add_argument("-o", "--output", metavar="FILE", help="结果文件：.xlsx（含汇总表）或 .csv（写完后原子替换）")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N", help="并行进程数（默认为 CPU 核数）")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="在 dask.distributed 集群上读取：调度器地址（如 tcp://10.0.0.1:8786），或 local:N 在本机启动 N 个 worker")
    p.add_argument("--timeout", type=float, default=guard.DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"单个文件的读取时限（秒，默认 {guard.DEFAULT_TIMEOUT:g}）；超时的文件记为无法读取，不影响其他文件")
    p.add_argument("--memory-mb", type=int, default=guard.DEFAULT_MEMORY_MB, metavar="MB",
                   help=f"读取进程的内存上限（MB，默认 {guard.DEFAULT_MEMORY_MB}，0 为不限）")
    p.add_argument("--cache", metavar="DIR", default=None,
                   help="读取结果缓存目录（默认 $GONGKAI_AUDIT_CACHE 或 ~/.cache/gongkai/audit）")
    p.add_argument("--no-cache", action="store_true", help="不读也不写缓存")
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


# ---------------------------------------------------------------- cache


def reader_fingerprint() -> str:
    """Changes whenever the reader or the exchange model changes, so a cached
    reading is never reused by a different reader."""
    import gongkai

    root = Path(gongkai.__file__).parent
    h = hashlib.sha256()
    for f in sorted([*root.joinpath("reader").glob("*.py"), root / "model.py", root / "standard.py"]):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Cache:
    """One JSON file per (reader fingerprint, file hash); written atomically,
    so a run killed at any moment leaves only whole entries."""

    def __init__(self, root: Path | None):
        self.root = root
        if root is not None:
            self.dir = root / reader_fingerprint()
            self.dir.mkdir(parents=True, exist_ok=True)

    def _path(self, digest: str) -> Path:
        return self.dir / digest[:2] / f"{digest}.json"

    def get(self, digest: str) -> guard.Outcome | None:
        if self.root is None:
            return None
        try:
            data = json.loads(self._path(digest).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return guard.Outcome(data.get("report"), data.get("kind"), data.get("message"), data.get("seconds", 0.0))

    def put(self, digest: str, outcome: guard.Outcome) -> None:
        if self.root is None or not outcome.cacheable:
            return
        target = self._path(digest)
        target.parent.mkdir(exist_ok=True)
        data = {"report": outcome.report, "kind": outcome.kind, "message": outcome.message, "seconds": outcome.seconds}
        atomic_write(target, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def atomic_write(target: Path, data: bytes | None = None, *, writer=None) -> None:
    """Write ``target`` through a temporary file in its folder and rename it
    into place: readers see the old file or the new one, never a half."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if data is not None:
                fh.write(data)
        if writer is not None:
            writer(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _cache_root(args) -> Path | None:
    if args.no_cache:
        return None
    if args.cache:
        return Path(args.cache)
    env = os.environ.get("GONGKAI_AUDIT_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "gongkai" / "audit"


# ---------------------------------------------------------------- run


class Interrupted(Exception):
    pass


def run(args) -> int:
    from gongkai import rules
    from gongkai.model import Report

    if args.output and Path(args.output).suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
        raise CommandError("输出文件应为 .xlsx 或 .csv")
    if args.timeout is not None and args.timeout <= 0:
        raise CommandError("--timeout 应为正数（秒）")
    if args.output and not Path(args.output).resolve().parent.is_dir():
        raise CommandError(f"输出目录不存在：{Path(args.output).parent}")
    files = collect(args.paths)
    if not files:
        raise CommandError("没有找到可核查的报告文件（.pdf .html .docx .txt .md .json）")
    try:
        cache = Cache(_cache_root(args))
    except OSError as err:
        raise CommandError(f"无法使用缓存目录：{err}") from None
    paths = [str(f) for f in files]
    try:
        outcomes = _read_all(paths, args, cache)
    except Interrupted as stop:
        print(f"已中断：{stop}", file=sys.stderr)
        return 130
    results = []
    for p in paths:
        o = outcomes[p]
        results.append((p, Report.model_validate(o.report) if o.ok else None, o.kind, o.message))
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
        writer = _write_csv if out.suffix.lower() == ".csv" else _write_xlsx
        atomic_write(out, writer=lambda tmp: writer(tmp, rows))
    _print_summary(rows, args.output)
    return 1 if any(r["状态"] == STATUS_FAIL for r in rows) else 0


def _read_all(paths: list[str], args, cache: Cache) -> dict[str, guard.Outcome]:
    """Every file's outcome: from the cache where the same bytes were read
    before, else read (process pool or dask), each result cached as it comes."""
    from tqdm import tqdm

    digests = {p: file_sha256(p) for p in paths}
    out: dict[str, guard.Outcome] = {}
    for p in paths:
        hit = cache.get(digests[p])
        if hit is not None:
            out[p] = hit
    todo = [p for p in paths if p not in out]
    bar = tqdm(total=len(paths), initial=len(out), desc="解析", unit="份", file=sys.stderr, disable=args.quiet,
               dynamic_ncols=True)
    previous = signal.getsignal(signal.SIGTERM)

    def on_term(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread
        previous = None
    try:
        if todo:
            stream = _dask_stream(todo, args) if args.dask else _pool_stream(todo, args)
            try:
                for p, outcome in stream:
                    out[p] = outcome
                    cache.put(digests[p], outcome)
                    bar.update(1)
            finally:
                stream.close()
    except KeyboardInterrupt:
        bar.close()
        done = len(out)
        raise Interrupted(f"已读取 {done}/{len(paths)} 份（已缓存，重新运行将跳过），读取进程已停止") from None
    finally:
        bar.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return out


DASK_CHUNK = 16


def read_chunk(paths: list[str], *, timeout: float, memory_mb: int | None) -> list[tuple[str, guard.Outcome]]:
    """On a dask worker: read a few files, each within its time limit."""
    return [(p, guard.read_guarded(p, timeout=timeout, memory_mb=memory_mb)) for p in paths]


def _pool_stream(paths: list[str], args):
    jobs = args.jobs if args.jobs and args.jobs > 0 else (os.cpu_count() or 1)
    yield from guard.read_many(paths, jobs=jobs, timeout=args.timeout, memory_mb=args.memory_mb or None)


def _dask_stream(paths: list[str], args):
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:  # pragma: no cover - a dependency of gongkai
        raise CommandError("需要安装 dask 和 distributed：pip install 'dask[distributed]'") from None
    address = args.dask.strip()
    cluster = None
    try:
        if address.startswith("local:"):
            try:
                n = int(address.split(":", 1)[1])
            except ValueError:
                raise CommandError("--dask local:N 中 N 应为正整数") from None
            if n < 1:
                raise CommandError("--dask local:N 中 N 应为正整数")
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(address, timeout="15s")
    except CommandError:
        raise
    except Exception as err:
        if cluster is not None:
            cluster.close()
        raise CommandError(f"无法连接 dask 调度器 {address}：{err}") from None
    try:
        # Files go to the workers in small chunks: one scheduler round trip per
        # chunk, not per file; each file keeps its own time limit.
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or 1)
        size = max(1, min(DASK_CHUNK, len(paths) // (n_workers * 4) or 1))
        chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
        futures = client.map(read_chunk, chunks, timeout=args.timeout, memory_mb=args.memory_mb or None, pure=False)
        where = dict(zip(futures, chunks))
        for fut in as_completed(futures):
            try:
                results = fut.result()
            except Exception as err:
                results = [(p, guard.Outcome(None, "crashed", f"dask 任务失败：{type(err).__name__}: {err}"))
                           for p in where[fut]]
            yield from results
    finally:
        with contextlib.suppress(Exception):
            client.close()
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close()


def _write_csv(path: Path, rows) -> None:
    spreadsheet.write_csv(path, ([r[h] for h in HEADER] for r in rows), header=HEADER)


def _write_xlsx(path: Path, rows) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from gongkai import rules

    wb = Workbook()
    ws = wb.active
    ws.title = "报告"
    spreadsheet.append(ws, HEADER)
    bold = Font(bold=True)
    for c in ws[1]:
        c.font = bold
    fills = {STATUS_OK: "C6EFCE", STATUS_FAIL: "FFC7CE", STATUS_BAD: "FFEB9C"}
    for r in rows:
        spreadsheet.append(ws, [r[h] for h in HEADER])
        ws.cell(ws.max_row, 4).fill = PatternFill("solid", fgColor=fills[r["状态"]])
        for col in (8, 9):
            ws.cell(ws.max_row, col).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEFGHI", (40, 28, 8, 10, 8, 8, 10, 90, 60)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"

    wf = wb.create_sheet("发现")
    spreadsheet.append(wf, ["文件", "机关", "年度", "规则", "级别", "单元格", "说明"])
    for c in wf[1]:
        c.font = bold
    for r in rows:
        for f in r["_findings"]:
            spreadsheet.append(wf, [r["文件"], r["机关"], r["年度"], f.rule, rules.SEVERITY_LABELS.get(f.severity, f.severity),
                                    f.path or "", f.message])
    wf.freeze_panes = "A2"

    wsum = wb.create_sheet("汇总")
    for line in _summary_lines(rows):
        spreadsheet.append(wsum, line)
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
