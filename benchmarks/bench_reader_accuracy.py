"""Cell accuracy of ``gongkai.reader`` against hand-made gold values.

    .venv/bin/python -m benchmarks reader_accuracy

Two sets: ``tests/reader_cases/`` (generated realistic reports, each with a
``<name>.gold.json``) and ``/work/shared/corpus/`` (five real reports, gold in
``gold/``). A cell is every non-null value of the gold file among agency,
year, template, table 2 (``active`` or ``active_2019``), table 3
(``requests``) and table 4 (``appeals``); it counts as exact when the reader
gives the same value (numbers compared as decimals). Prints, per file, per
format and in total, the cells right / wrong (a value that is not the gold one)
/ null (no value where the gold has one) separately, and every wrong cell.
The third set is the acceptance corpus of issue #10 (``tests/reader_gen/cases``,
per category and generator; see ``bench_reader_generated``).
"""

from __future__ import annotations

import json
import sys
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "reader_cases"
CORPUS = REPO.parent / "shared" / "corpus"
SOURCE_SUFFIXES = (".pdf", ".html", ".htm", ".docx", ".txt", ".md")

MISSING = object()


def gold_cells(gold: dict) -> dict[str, object]:
    """Cell path -> gold value for every non-null cell the comparison covers."""
    cells: dict[str, object] = {}
    for key in ("agency", "year", "template"):
        if gold.get(key) is not None:
            cells[key] = gold[key]

    def walk(prefix: str, node) -> None:
        if node is None:
            return
        if isinstance(node, dict):
            for k, v in node.items():
                walk(f"{prefix}.{k}", v)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(f"{prefix}.{i}", v)
        else:
            cells[prefix] = node

    for section in ("active", "active_2019", "requests", "appeals"):
        walk(section, gold.get(section))
    return cells


def null_cells(gold: dict) -> list[str]:
    """Paths of cells the gold leaves blank (printed blank or `/`) inside tables 2–4."""
    out: list[str] = []

    def walk(prefix: str, node) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if v is None:
                    out.append(f"{prefix}.{k}")
                else:
                    walk(f"{prefix}.{k}", v)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                if v is None:
                    out.append(f"{prefix}.{i}")

    for section in ("active", "active_2019", "requests", "appeals"):
        if isinstance(gold.get(section), dict):
            walk(section, gold[section])
    return out


def spurious(gold: dict, got: dict) -> list[tuple[str, object]]:
    """Cells blank in the report that the reader filled with a value."""
    bad = []
    for path in null_cells(gold):
        val = lookup(got, path)
        if val not in (None, MISSING) and not isinstance(val, (list, dict)):
            bad.append((path, val))
    return bad


def lookup(data, path: str):
    node = data
    for part in path.split("."):
        if isinstance(node, dict):
            if part not in node:
                return MISSING
            node = node[part]
        elif isinstance(node, list):
            i = int(part)
            if i >= len(node):
                return MISSING
            node = node[i]
        else:
            return MISSING
        if node is None:
            return None
    return node


def same(expected, got) -> bool:
    if got is MISSING or got is None:
        return False
    if isinstance(expected, str) or (isinstance(got, str) and not _numeric(got)):
        return str(expected) == str(got)
    try:
        return Decimal(str(expected)) == Decimal(str(got))
    except InvalidOperation:
        return False


def _numeric(s: str) -> bool:
    try:
        Decimal(s)
        return True
    except InvalidOperation:
        return False


def compare(gold: dict, got: dict) -> tuple[int, list[tuple[str, object, object]]]:
    """(cells compared, [(path, expected, got)] for every wrong cell)."""
    cells = gold_cells(gold)
    wrong = []
    for path, exp in cells.items():
        val = lookup(got, path)
        if not same(exp, val):
            wrong.append((path, exp, "—" if val is MISSING else val))
    return len(cells), wrong


def case_pairs() -> list[tuple[str, Path, Path]]:
    """(name, source file, gold file) for every generated case."""
    out = []
    for g in sorted(CASES.glob("*.gold.json")):
        name = g.name.removesuffix(".gold.json")
        srcs = [p for p in CASES.glob(name + ".*") if p.suffix in SOURCE_SUFFIXES and p.name.removesuffix(p.suffix) == name]
        if srcs:
            out.append((name, srcs[0], g))
    return out


def corpus_pairs() -> list[tuple[str, Path, Path]]:
    out = []
    if not (CORPUS / "gold").is_dir():
        return out
    for g in sorted((CORPUS / "gold").glob("*.json")):
        srcs = sorted(p for p in CORPUS.iterdir() if p.suffix in SOURCE_SUFFIXES and p.stem.startswith(g.stem))
        if srcs:
            out.append((g.stem, srcs[0], g))
    return out


def read_report(path: Path) -> dict:
    from gongkai.reader import read

    return json.loads(read(path).to_json(indent=None, with_source=False))


def split_wrong(wrong) -> tuple[list, list]:
    """(cells given a wrong value, cells left null) of ``compare``'s list."""
    bad = [w for w in wrong if w[2] not in (None, "—")]
    return bad, [w for w in wrong if w[2] in (None, "—")]


def run_set(label: str, pairs, *, show_wrong: bool = True, formats: dict[str, str] | None = None) -> tuple[int, int]:
    total_ok = total_n = total_bad = total_null = 0
    spurious_all: list[tuple[str, str, object]] = []
    by_format: dict[str, list[int]] = {}
    print(f"-- {label}: {len(pairs)} files")
    failures = []
    for _name, src, gpath in pairs:
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        start = time.perf_counter()
        try:
            got = read_report(src)
            err = None
        except Exception as e:  # the benchmark must report, never stop
            got, err = {}, f"{type(e).__name__}: {e}"
        secs = time.perf_counter() - start
        n, wrong = compare(gold, got)
        extra = spurious(gold, got) if not err else []
        spurious_all.extend((src.name, p, v) for p, v in extra)
        ok = n - len(wrong)
        bad, nulls = split_wrong(wrong)
        total_ok += ok
        total_n += n
        total_bad += len(bad)
        total_null += len(nulls)
        if formats is not None:
            f = by_format.setdefault(formats.get(src.name, "?"), [0, 0, 0, 0, 0, 0])
            f[0] += ok
            f[1] += n
            f[2] += not wrong
            f[3] += 1
            f[4] += len(bad)
            f[5] += len(nulls)
        mark = "ok " if not wrong else "ERR" if err else "   "
        print(f"{mark} right {ok:4d} wrong {len(bad):3d} null {len(nulls):3d}  {secs:5.2f}s  {src.name}")
        if err:
            print(f"      读取失败：{err.splitlines()[0][:200]}")
        if wrong and not err:
            failures.append((src.name, wrong))
    if show_wrong and failures:
        print(f"   wrong cells ({sum(len(w) for _, w in failures)}):")
        for fname, wrong in failures:
            for path, exp, got in wrong:
                print(f"   {fname}  {path}  expected {exp!r}  got {got!r}")
    if by_format:
        print("   by format (files exact, cells exact):")
        for fmt, (ok, n, exact, files, bad, nulls) in sorted(by_format.items()):
            print(f"   {fmt:30s} {exact:3d}/{files:<3d} files  right {ok:6d}  wrong {bad:4d}  null {nulls:5d}  of {n:<6d}")
    print(f"   blank cells given a value by the reader (not counted above): {len(spurious_all)}")
    for fname, path, val in spurious_all:
        print(f"   {fname}  {path}  blank in the report, got {val!r}")
    pct = 100 * total_ok / total_n if total_n else 0.0
    print(f"   total {label}: {total_ok} right, {total_bad} wrong, {total_null} null of {total_n} cells "
          f"(+ {len(spurious_all)} blank cells given a value); {pct:.2f}% right")
    return total_ok, total_n


def main() -> None:
    try:
        import gongkai.reader  # noqa: F401
    except ImportError as e:
        print(f"gongkai.reader 不可用：{e}")
        return
    formats = {}
    index = CASES / "cases.json"
    if index.is_file():
        formats = {c["file"]: c["format"] for c in json.loads(index.read_text(encoding="utf-8"))}
    a = run_set("tests/reader_cases", case_pairs(), formats=formats)
    b = run_set("shared/corpus", corpus_pairs())
    ok, n = a[0] + b[0], a[1] + b[1]
    print(f"== overall (reader_cases + shared/corpus): {ok}/{n} cells right = {100 * ok / n if n else 0:.2f}%")
    print("-- tests/reader_gen/cases (issue #10 acceptance corpus)")
    from benchmarks.bench_reader_generated import run

    run(verbose=False)


if __name__ == "__main__":
    main()
    sys.exit(0)
