"""The reader against the acceptance corpus of issue #10 (tests/reader_gen/cases/).

Each case is a random report (truth known) printed the way unseen reports
broke the reader: per-row markdown tables under generic headers, markdown
with an empty column dropped, table-2 digits run together, Chromium- and
LibreOffice-printed PDFs with blank and merged cells, sparse rows, one blank
cell, title variants, pages cut short, a crawler's capture time. Every cell of
``<name>.gold.json`` must come out exactly; a blank or cut-off cell must stay
null (or, where cut off, be the true value from ``<name>.truth.json``). Cases
marked ``never_wrong_only`` in ``cases.json`` (pdftotext text of the PDFs: the
blank positions are lost or only in the spacing) allow nulls but no wrong value.
Regenerate with ``.venv/bin/python -m tests.reader_gen.make_gen [--pdf]``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reader_gen.compare import emitted_cells, gold_cells, judge

CASES_DIR = Path(__file__).resolve().parent.parent / "reader_gen" / "cases"
INDEX = json.loads((CASES_DIR / "cases.json").read_text(encoding="utf-8"))
CATEGORIES = {"per_row_markdown", "dropped_empty_column", "fused_table2_digits", "pdf_blank_cells", "sparse_rows",
              "one_blank_cell", "title_variants", "cut_pages", "capture_time"}


def test_every_category_has_cases():
    have = {c["category"] for c in INDEX}
    assert have >= CATEGORIES, f"categories without cases: {CATEGORIES - have}"
    for c in INDEX:
        assert (CASES_DIR / c["file"]).is_file() and (CASES_DIR / f"{c['name']}.gold.json").is_file(), c["name"]
        assert c["quirks"], f"{c['name']}: no quirk id"


@pytest.mark.parametrize("case", INDEX, ids=[c["name"] for c in INDEX])
def test_generated_case(case):
    from gongkai.reader import read

    gold = json.loads((CASES_DIR / f"{case['name']}.gold.json").read_text(encoding="utf-8"))
    truth_path = CASES_DIR / f"{case['name']}.truth.json"
    truth = gold_cells(json.loads(truth_path.read_text(encoding="utf-8"))) if truth_path.exists() else None
    expected = gold_cells(gold)
    got = read(CASES_DIR / case["file"])
    v = judge(expected, emitted_cells(got), truth)
    lines = [f"  WRONG {path}: emitted {g!r}, truth {t!r}" for path, g, t in v.wrongs]
    if not case.get("never_wrong_only"):  # else: blank positions lost in the text; nulls allowed
        lines += [f"  null  {path}: emitted null, expected {e!r}" for path, e in v.nulls]
    assert not lines, (f"{case['file']} [{case['category']}; quirks {', '.join(case['quirks'])}]: "
                       f"{v.right} right, {v.wrong} wrong, {v.null} null\n" + "\n".join(lines))


def test_quirk_ids_are_the_readers():
    """Every quirk id a case carries names a repair the reader registered (``gongkai.reader.repairs``:
    ``known()`` or ``LAYOUTS``), so a failing case points at the code that handles it."""
    from gongkai.reader import repairs

    ids = set(repairs.known()) | set(repairs.LAYOUTS)
    missing = sorted({q for c in INDEX for q in c["quirks"]} - ids)
    assert not missing, f"quirk ids of tests/reader_gen/cases not registered in gongkai/reader/repairs: {missing}"
