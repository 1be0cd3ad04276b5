"""Named repairs: every deviation from the national format the reader knows
how to undo is a registered function with a quirk id. The generated test
cases (``tests/reader_gen/cases/cases.json``) carry the same ids, and a note
in ``Report.notes`` names the repair that was applied.

``REPAIRS`` is filled by the ``@repair(...)`` decorator where each function
lives (the stage that applies it); ``known()`` imports every stage and returns
the full list. ``LAYOUTS`` lists the layouts the reader reads without a
repair (the front ends handle them), with the ids the test cases use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Repair:
    id: str
    stage: str  # the module that applies it
    what: str  # the quirk, in one line
    fn: Callable


REPAIRS: dict[str, Repair] = {}


def repair(quirk: str, what: str) -> Callable:
    """Register ``fn`` as the repair for ``quirk``."""

    def deco(fn: Callable) -> Callable:
        REPAIRS[quirk] = Repair(quirk, fn.__module__.rsplit(".", 1)[-1], what, fn)
        fn.quirk = quirk  # type: ignore[attr-defined]
        return fn

    return deco


def also(quirk: str, what: str, fn: Callable) -> None:
    """Register ``fn`` (already a repair) for a second quirk it also undoes."""
    REPAIRS[quirk] = Repair(quirk, fn.__module__.rsplit(".", 1)[-1], what, fn)


# layouts read as they are (no repair needed): id → what
LAYOUTS: dict[str, str] = {
    "md.per_row_tables": "markdown: table 3 as one small table per row (each row read by its label)",
    "pdf.chromium_print": "PDF printed by Chromium: cells from the ruling lines (layout.py)",
    "pdf.libreoffice_export": "PDF exported by LibreOffice/Word/WPS: cells from the ruling lines (layout.py)",
    "pdf.blank_cells": "PDF: a blank cell between ruling lines is a blank cell (layout.py)",
    "pdf.merged_cells": "PDF: merged label cells (rowspan) leave blank label cells in value rows (layout.py)",
    "pdf.sparse_row": "PDF: rows with few multi-digit numbers placed by their ruled column (layout.py)",
    "text.layout_columns": "pdftotext -layout: values placed by their text column",
    "text.raw_order": "pdftotext -raw: blank positions lost; a row short of values is settled by the equations or left null",
    "title.agency_after_year": "title 2023年政府信息公开工作年度报告××镇人民政府",
    "title.bracket_year": "title ××政府信息公开工作年度报告（2023年度）",
    "title.year_first": "title 2023年××政府信息公开工作年度报告",
    "narrative.t2_figures": "the narrative states table-2 figures (制发/废止/现行有效 N 件): evidence for the decoder",
    "crawl.cut": "a page cut short: what is there is read, the rest is null with a note",
}


def known() -> dict[str, Repair]:
    """Every registered repair (imports the stages that register them)."""
    import gongkai.reader  # noqa: F401
    from gongkai.reader import grid, normalize, ocr, solve, split, table2, table3, table4, text, title  # noqa: F401

    return dict(sorted(REPAIRS.items()))


# ---------------------------------------------------------------- repairs that belong to no single stage

_GENERIC = re.compile(r"(?:数据|数值|列|栏|栏目|字段|Col|Column|col|column|Data|data)\s*\d{1,2}|第\s*\d{1,2}\s*列")


@repair("md.generic_header", "converters name unnamed columns 数据1…数据6 / Col1… / 第1列: a label, never a value")
def generic_header(cells: list[str]) -> list[str]:
    return ["" if _GENERIC.fullmatch(c.strip()) else c for c in cells]
