import json
import subprocess
import sys

import pytest


def gongkai(*args):
    return subprocess.run([sys.executable, "-m", "gongkai.cli", *args], capture_output=True, text=True)


def test_seed_gold_passes(gold_dir):
    r = gongkai("check", str(gold_dir / "000_04d0c90127c5455c.json"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "通过" in r.stdout


@pytest.mark.parametrize(
    "row,col,rule",
    [
        ("new_received", 0, "T3.BALANCE"),
        ("granted", 3, "T3.ROWTOTAL"),
        ("total_processed", 6, "T3.SUM"),
    ],
)
def test_one_changed_cell_exits_1_and_names_the_rule(gold_dir, tmp_path, row, col, rule):
    data = json.loads((gold_dir / "000_04d0c90127c5455c.json").read_text())
    data["requests"][row][col] += 1
    f = tmp_path / "changed.json"
    f.write_text(json.dumps(data, ensure_ascii=False))
    r = gongkai("check", str(f))
    assert r.returncode == 1
    assert rule in r.stdout


def test_changed_table4_cell_names_t4_sum(gold_dir, tmp_path):
    data = json.loads((gold_dir / "000_04d0c90127c5455c.json").read_text())
    data["appeals"]["litigation_direct"][1] = 2
    f = tmp_path / "changed.json"
    f.write_text(json.dumps(data))
    r = gongkai("check", "--json", str(f))
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert [x["rule"] for x in out[0]["findings"] if x["severity"] == "error"] == ["T4.SUM"]


def test_random_bytes_exit_2_with_readable_message(tmp_path):
    for name in ("noise.json", "noise.pdf", "noise.txt"):
        f = tmp_path / name
        f.write_bytes(bytes(range(256)) * 3)
        r = gongkai("check", str(f))
        assert r.returncode == 2, name
        assert "Traceback" not in r.stderr
        assert "无法读取" in r.stderr


def test_missing_file_exit_2(tmp_path):
    r = gongkai("check", str(tmp_path / "nope.json"))
    assert r.returncode == 2 and "不存在" in r.stderr


def test_cross_year_findings_across_files(gold_dir, tmp_path):
    data = json.loads((gold_dir / "pingtan_2022.json").read_text())
    data["requests"]["carried_over"] = [0] * 7
    data["requests"]["new_received"][0] += 1
    data["requests"]["new_received"][6] += 1
    f = tmp_path / "pingtan_2022.json"
    f.write_text(json.dumps(data, ensure_ascii=False))
    r = gongkai("check", str(gold_dir / "pingtan_2021.json"), str(f))
    assert r.returncode == 1
    assert "X.CARRY" in r.stdout
    assert "已与 2021 年度报告做跨年度核对" in r.stdout


def test_schema_is_json():
    r = gongkai("schema")
    assert r.returncode == 0
    assert json.loads(r.stdout)["title"].startswith("gongkai.annual-report/1")
