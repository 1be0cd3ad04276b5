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
