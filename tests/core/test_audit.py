"""``gongkai audit``: a directory of reports in, one row per report out
(xlsx with 报告/发现/汇总 sheets, or csv); bad files get a row that says why;
exit 1 when any report has an error finding."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from gongkai.cli import main

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture()
def batch(tmp_path, corpus_dir):
    d = tmp_path / "reports"
    (d / "sub").mkdir(parents=True)
    for name in ("000_04d0c90127c5455c.txt", "pingtan_2021_page.txt", "pingtan_2022_page.txt"):
        shutil.copy(corpus_dir / name, d / name)
    shutil.copy(corpus_dir / "shanghai_stcsm_2024_pdf2md.md", d / "sub" / "sh.md")
    (d / "empty.txt").write_bytes(b"")
    (d / "letter.txt").write_text("领导：您好。此致敬礼。", encoding="utf-8")
    (d / "ignored.png").write_bytes(b"\x89PNG")
    return d


def test_audit_csv_clean_batch_exits_0(batch, tmp_path, capsys):
    out = tmp_path / "r.csv"
    code = main(["audit", str(batch), "-o", str(out), "-j", "1", "-q"])
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 6  # the .png is not a report file
    by_file = {r["文件"].rsplit("/", 1)[-1]: r for r in rows}
    assert by_file["pingtan_2022_page.txt"]["状态"] == "通过"
    assert by_file["pingtan_2022_page.txt"]["机关"] == "平潭综合实验区管委会"
    assert by_file["empty.txt"]["状态"] == "无法读取" and "空" in by_file["empty.txt"]["发现"]
    assert by_file["letter.txt"]["状态"] == "无法读取" and "不是" in by_file["letter.txt"]["发现"]
    assert by_file["sh.md"]["年度"] == "2024"


def test_audit_xlsx_in_parallel_with_an_error_exits_1(batch, tmp_path, corpus_dir, capsys):
    shutil.copy(corpus_dir / "hongze_district_gov_2023.pdf", batch / "hongze.pdf")
    out = tmp_path / "r.xlsx"
    code = main(["audit", str(batch), "-o", str(out), "-j", "2", "-q"])
    assert code == 1
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["报告", "发现", "汇总"]
    rows = list(wb["报告"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:4] == ("文件", "机关", "年度", "状态")
    hz = next(r for r in body if r[0].endswith("hongze.pdf"))
    assert hz[3] == "未通过" and "T4.SUM" in hz[7]
    findings = list(wb["发现"].iter_rows(values_only=True))
    assert sum(1 for r in findings[1:] if r[3] == "T4.SUM" and r[0].endswith("hongze.pdf")) == 2
    summary = {r[0]: r[1] for r in wb["汇总"].iter_rows(values_only=True)}
    assert summary["报告文件数"] == 7 and summary["无法读取"] == 2 and summary["未通过（有错误）"] == 1


def test_audit_cross_year_rules_run(tmp_path, corpus_dir, capsys):
    """Two consecutive years of one agency: X.CARRY/X.INFORCE are applied."""
    from gongkai import rules
    from gongkai.cli import audit
    from gongkai.reader import read

    reports = [read(corpus_dir / "pingtan_2021_page.txt"), read(corpus_dir / "pingtan_2022_page.txt")]
    reports[1].requests.carried_over[0] = 5  # 2021 carried forward 1
    findings = rules.check_reports(reports)
    assert any(f.rule == "X.CARRY" for f in findings[1])
    # the audit command uses check_reports over the whole batch
    assert "check_reports" in Path(audit.__file__).read_text(encoding="utf-8")


def test_audit_bad_usage(tmp_path, capsys):
    assert main(["audit", str(tmp_path / "missing")]) == 2
    assert "路径不存在" in capsys.readouterr().err
    (tmp_path / "x.png").write_bytes(b"x")
    assert main(["audit", str(tmp_path)]) == 2
    assert "没有找到" in capsys.readouterr().err
    (tmp_path / "r.txt").write_text("x", encoding="utf-8")
    assert main(["audit", str(tmp_path), "-o", str(tmp_path / "a.doc")]) == 2
    assert ".xlsx" in capsys.readouterr().err


# ---------------------------------------------------------------- at scale: dask, cache, limits


def _sheet_cells(path):
    wb = openpyxl.load_workbook(path)
    return {name: [list(r) for r in wb[name].iter_rows(values_only=True)] for name in wb.sheetnames}


@pytest.mark.slow
def test_dask_local_cluster_gives_the_process_pool_output_cell_by_cell(batch, tmp_path, corpus_dir, capsys):
    shutil.copy(corpus_dir / "hongze_district_gov_2023.pdf", batch / "hongze.pdf")
    pool, dask = tmp_path / "pool.xlsx", tmp_path / "dask.xlsx"
    assert main(["audit", str(batch), "-o", str(pool), "-j", "2", "-q", "--no-cache"]) == 1
    assert main(["audit", str(batch), "-o", str(dask), "--dask", "local:2", "-q", "--no-cache"]) == 1
    a, b = _sheet_cells(pool), _sheet_cells(dask)
    assert list(a) == list(b) == ["报告", "发现", "汇总"]
    for sheet in a:
        assert len(a[sheet]) == len(b[sheet]), sheet
        for i, (ra, rb) in enumerate(zip(a[sheet], b[sheet])):
            assert ra == rb, (sheet, i)
    assert len(a["报告"]) == 8 and any(r[3] == "未通过" for r in a["报告"][1:])


def test_dask_bad_address_is_a_usage_error(batch, capsys):
    assert main(["audit", str(batch), "--dask", "local:x", "-q", "--no-cache"]) == 2
    assert "local:N" in capsys.readouterr().err


def test_rerun_reads_only_files_not_read_before(batch, tmp_path, monkeypatch, capsys):
    from gongkai.reader import guard

    cache = tmp_path / "cache"
    first = tmp_path / "1.csv"
    assert main(["audit", str(batch), "-o", str(first), "-j", "1", "-q", "--cache", str(cache)]) == 0
    (batch / "copy.txt").write_bytes((batch / "pingtan_2021_page.txt").read_bytes())  # same bytes: a cache hit
    (batch / "new.txt").write_text("新文件", encoding="utf-8")
    read = []
    real = guard.read_many

    def spy(paths, **kw):
        paths = list(paths)
        read.extend(paths)
        return real(paths, **kw)

    monkeypatch.setattr(guard, "read_many", spy)
    second = tmp_path / "2.csv"
    assert main(["audit", str(batch), "-o", str(second), "-j", "1", "-q", "--cache", str(cache)]) == 0
    assert [p.rsplit("/", 1)[-1] for p in read] == ["new.txt"]
    rows = {r["文件"].rsplit("/", 1)[-1]: r for r in csv.DictReader(second.open(encoding="utf-8-sig"))}
    assert rows["copy.txt"]["机关"] == rows["pingtan_2021_page.txt"]["机关"] == "平潭综合实验区管委会"
    old = {r["文件"]: r for r in csv.DictReader(first.open(encoding="utf-8-sig"))}
    assert all(rows[k.rsplit("/", 1)[-1]] == v for k, v in old.items())


def test_spreadsheet_cells_that_look_like_formulas_are_inert(tmp_path, capsys):
    import json

    data = {"agency": "=HYPERLINK(\"http://x\",\"点我\")", "year": 2023}
    (tmp_path / "r.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    main(["audit", str(tmp_path / "r.json"), "-o", str(tmp_path / "r.csv"), "-q", "--no-cache"])
    main(["audit", str(tmp_path / "r.json"), "-o", str(tmp_path / "r.xlsx"), "-q", "--no-cache"])
    row = next(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    assert row["机关"] == "'" + data["agency"]
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["报告"]
    assert ws.cell(2, 2).value == "'" + data["agency"] and ws.cell(2, 2).data_type == "s"


# A reader that hangs on files named slow*: injected into the reading
# children through sitecustomize, so the guard is tested on a real hang.
_SLOW_READER = '''
import os, time
if os.environ.get("GONGKAI_TEST_SLOW"):
    import gongkai.reader as _r
    _real = _r.read
    def read(path, *a, **kw):
        if "slow" in os.path.basename(str(path)):
            open(os.environ["GONGKAI_TEST_SLOW"], "w").write(str(os.getpid()))
            time.sleep(600)
        return _real(path, *a, **kw)
    _r.read = read
'''


@pytest.fixture()
def slow_env(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_SLOW_READER, encoding="utf-8")
    marker = tmp_path / "slow.pid"
    monkeypatch.setenv("PYTHONPATH", f"{site}:{__import__('os').environ.get('PYTHONPATH', '')}")
    monkeypatch.setenv("GONGKAI_TEST_SLOW", str(marker))
    return marker


def test_one_hanging_file_never_stalls_the_batch(batch, tmp_path, slow_env, capsys):
    (batch / "slow.txt").write_text("随便", encoding="utf-8")
    out = tmp_path / "r.csv"
    assert main(["audit", str(batch), "-o", str(out), "-j", "2", "-q", "--no-cache", "--timeout", "3"]) == 0
    rows = {r["文件"].rsplit("/", 1)[-1]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert rows["slow.txt"]["状态"] == "无法读取" and "超过 3 秒" in rows["slow.txt"]["发现"]
    assert rows["pingtan_2022_page.txt"]["状态"] == "通过"
    _gone(int(slow_env.read_text()))


def _gone(pid, wait=10.0):
    import os
    import time

    end = time.monotonic() + wait
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError(f"reading child {pid} still runs")


@pytest.mark.slow
def test_sigterm_stops_the_workers_prints_one_line_and_keeps_what_was_read(batch, tmp_path, slow_env):
    import os
    import signal
    import subprocess
    import sys
    import time

    (batch / "zz_slow.txt").write_text("随便", encoding="utf-8")
    cache, out = tmp_path / "cache", tmp_path / "r.xlsx"
    proc = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "audit", str(batch), "-o", str(out), "-j", "1", "-q",
                             "--cache", str(cache)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    end = time.monotonic() + 60
    while not slow_env.exists() and time.monotonic() < end:
        time.sleep(0.1)
    assert slow_env.exists(), "the slow file was never reached"
    proc.send_signal(signal.SIGTERM)
    _stdout, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert stderr.strip().count("\n") == 0 and stderr.startswith("已中断") and "6/7" in stderr, stderr
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    _gone(int(slow_env.read_text()))
    assert len(list(cache.rglob("*.json"))) == 6  # every file read before the signal is kept
    os.remove(batch / "zz_slow.txt")
    rerun = subprocess.run([sys.executable, "-m", "gongkai.cli", "audit", str(batch), "-o", str(out), "-j", "1", "-q",
                            "--cache", str(cache)], capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0 and out.exists()
