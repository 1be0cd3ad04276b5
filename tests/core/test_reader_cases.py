"""The reader against the generated corpus in tests/reader_cases/.

Every non-null gold cell (agency, year, template, tables 2, 3 and 4) must come
out of ``gongkai.reader.read(path)`` exactly, and a cell the report leaves blank
(null in the gold) must stay null. The cases and their gold are
made by ``tests/reader_cases/make_cases.py``; ``FINDINGS.md`` beside them
explains every case the reader gets wrong. ``XFAIL`` below is the honest
to-do list: each entry names the reader's precise fault; ``strict=True`` makes
a fixed case fail until it is taken off the list.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from benchmarks.bench_reader_accuracy import case_pairs, compare, gold_cells, lookup, same, spurious

CASES_DIR = Path(__file__).resolve().parent.parent / "reader_cases"

# case name -> the reader's fault (see tests/reader_cases/FINDINGS.md)
XFAIL: dict[str, str] = {}

HAVE_READER = importlib.util.find_spec("gongkai.reader") is not None


def _params():
    out = []
    for name, src, gold in case_pairs():
        marks = []
        if name in XFAIL:
            marks.append(pytest.mark.xfail(reason=f"reader: {XFAIL[name]}", strict=True))
        out.append(pytest.param(src, gold, id=name, marks=marks))
    return out


PARAMS = _params()


def test_corpus_is_there():
    assert len(PARAMS) >= 25, f"only {len(PARAMS)} reader cases in {CASES_DIR}"
    assert not set(XFAIL) - {p.id for p in PARAMS}, "XFAIL names a case that does not exist"


@pytest.mark.skipif(not HAVE_READER, reason="gongkai.reader 尚不存在")
@pytest.mark.parametrize("src,gold_path", PARAMS)
def test_reader_case(src: Path, gold_path: Path):
    from gongkai.reader import read

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    got = json.loads(read(src).to_json(indent=None, with_source=False))
    n, wrong = compare(gold, got)
    lines = [f"{path}: expected {exp!r}, got {val!r}" for path, exp, val in wrong]
    # a blank or “/” cell is null: the reader must not fill one in
    lines += [f"{path}: blank in the report, got {val!r}" for path, val in spurious(gold, got)]
    assert not lines, f"{src.name}: {n - len(wrong)}/{n} cells exact\n" + "\n".join(lines)


# ---------------------------------------------------------------- the yardstick itself


def test_gold_files_are_valid_reports():
    from gongkai.model import report_from_dict

    for _, _, gold_path in case_pairs():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        report = report_from_dict(gold)
        assert report.agency and report.year
        if gold["template"] == "2019":
            assert gold["active"] is None and set(gold["active_2019"]) == {
                "regulations", "normative_documents", "licensing", "other_services",
                "punishment", "coercion", "fees", "procurement"}
            assert gold["requests"]["other_processed"] is not None
            assert all(gold["requests"][k] is None for k in ("other_no_supplement", "other_fee_unpaid", "other_other"))


def _make_cases():
    spec = importlib.util.spec_from_file_location("reader_make_cases", CASES_DIR / "make_cases.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["reader_make_cases"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_committed_gold_matches_the_generator():
    mc = _make_cases()
    for case in mc.CASES:
        mc.settle(case)
        committed = (CASES_DIR / f"{case.name}.gold.json").read_text(encoding="utf-8")
        assert mc.gold_json(case) == committed, f"{case.name}: gold differs from make_cases.py; regenerate"
    by_name = {c.name: c for c in mc.CASES}
    for name, tool in mc.DERIVED:
        committed = (CASES_DIR / f"{name}_{tool}.gold.json").read_text(encoding="utf-8")
        assert mc.gold_json(by_name[name.split("_libreoffice")[0]]) == committed, f"{name}_{tool}: gold differs from its source case"
        assert (CASES_DIR / f"{name}_{tool}{mc.DERIVED_EXT[tool]}").stat().st_size > 1000


def test_text_cases_print_every_gold_number():
    """Each non-null gold number of a text case is somewhere in its file as printed."""
    mc = _make_cases()
    for case in mc.CASES:
        if case.ext not in (".txt", ".md", ".html"):
            continue
        mc.settle(case)
        text = (CASES_DIR / f"{case.name}{case.ext}").read_text(encoding=case.opts.get("encoding", "utf-8"))
        text = text.replace(",", "")  # thousands separators
        text = re.sub(r"<[^>]*>", "", text)  # markup between the runs of one number
        digits = "".join(ch for ch in text.translate(mc.UNFW) if ch.isdigit() or ch == ".")
        for path, val in gold_cells(json.loads(mc.gold_json(case))).items():
            if isinstance(val, (int, float)) and path not in ("year", "template"):
                assert str(val).lstrip("-") in digits, f"{case.name}: {path}={val} not printed"


def test_run_together_digits_are_settled_by_the_identities():
    mc = _make_cases()
    assert mc.settled_row([4, 1, 0, 0, 0, 0, 5])
    assert not mc.settled_row([1, 11, 0, 0, 0, 0, 12]) or not mc.settled_row([11, 1, 0, 0, 0, 0, 12])
    assert mc.settled_appeals([1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0])
    # rows ambiguous on their own (12|4|0|1|1|0|18 or 1|2|4|0|11|0|18 …) settled by the column identities
    z = [0] * 7
    table = {"new_received": [12, 4, 0, 1, 1, 0, 18], "carried_over": z, "granted": [10, 3, 0, 1, 0, 0, 14],
             "unavailable_not_held": [2, 1, 0, 0, 1, 0, 4], "total_processed": [12, 4, 0, 1, 1, 0, 18], "carried_forward": z}
    assert not mc.settled_row(table["new_received"]) and not mc.settled_row(table["granted"])
    assert mc.settled_table(table)
    # …but not when every row could be read the other way too
    assert not mc.settled_table({"new_received": [12, 4, 0, 1, 1, 0, 18], "carried_over": z,
                                 "granted": [12, 4, 0, 1, 1, 0, 18], "total_processed": [12, 4, 0, 1, 1, 0, 18],
                                 "carried_forward": z})
    for case in mc.CASES:
        if case.fmt in ("concat", "mixed"):
            mc.settle(case)
            if case.opts.get("joint_settle"):
                assert mc.settled_table(case.gold["requests"]), case.name
                continue
            for key, row in case.gold["requests"].items():
                if row is not None:
                    assert mc.settled_row(row), (case.name, key)


def test_compare_counts_wrong_cells():
    gold = {"agency": "某局", "year": 2023, "template": "2021", "active": {"fees_10k_yuan": 0.015, "licensing": None},
            "requests": {"granted": [1, 0, 0, 0, 0, 0, 1]}, "appeals": {"reconsideration": None}}
    got = {"agency": "某局", "year": 2023, "template": "2021", "active": {"fees_10k_yuan": "0.0150", "licensing": 3},
           "requests": {"granted": [1, 0, 0, 0, 0, 0, 2]}}
    n, wrong = compare(gold, got)
    assert n == 11
    assert wrong == [("requests.granted.6", 1, 2)]
    assert lookup({"a": None}, "a.b") is None and not same(1, None)
    assert spurious({"active": {"licensing": None}, "requests": {"carried_forward": [1, None]}},
                    {"active": {"licensing": 0}, "requests": {"carried_forward": [1, None]}}) == [("active.licensing", 0)]
