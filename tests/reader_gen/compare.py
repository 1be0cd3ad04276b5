"""Judging what the reader emitted, cell by cell.

A cell is *right* when the reader gives the expected value (a blank cell
staying null counts as right), *null* when it gives nothing where a value is
expected, and *wrong* when it gives a value that is not the truth. Where a
value is not printed (cut off, deleted by the damage) the expected value is
null but the truth is known: the reader giving the true value (derived from
the report's equations) is right, any other value is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gongkai import standard

from .reports import truth_cells


def same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    if (isinstance(a, str) and not _num(a)) or (isinstance(b, str) and not _num(b)):
        return str(a) == str(b)
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except InvalidOperation:
        return False


def _num(s: str) -> bool:
    try:
        Decimal(s)
        return True
    except InvalidOperation:
        return False


@dataclass
class Verdict:
    right: int = 0
    wrong: int = 0
    null: int = 0
    wrongs: list[tuple[str, object, object]] = field(default_factory=list)  # (cell, emitted, truth)
    nulls: list[tuple[str, object]] = field(default_factory=list)  # (cell, expected)

    def add(self, other: Verdict) -> None:
        self.right += other.right
        self.wrong += other.wrong
        self.null += other.null
        self.wrongs += other.wrongs
        self.nulls += other.nulls


def _derived_other(path: str) -> bool:
    return path.startswith("requests.other_processed.")


# The reader's agency when it found none (the model requires a string; a note says so): not a value.
UNKNOWN_AGENCY = "（未识别）"


def emitted_cells(got) -> dict[str, object]:
    """The reader's ``Report`` (or its JSON dict) flattened like ``truth_cells``."""
    from gongkai.model import Report

    if isinstance(got, dict):
        got = Report.model_validate(got)
    cells = truth_cells(got, fill=False)
    if cells.get("agency") == UNKNOWN_AGENCY:
        cells["agency"] = None
    return cells


def judge(expected: dict[str, object], emitted: dict[str, object], truth: dict[str, object] | None = None,
          *, subrows_printed: bool = True) -> Verdict:
    """``expected``/``truth``: ``{path: value}`` from ``truth_cells``; ``truth``
    defaults to ``expected``."""
    truth = truth or expected
    v = Verdict()
    for path, exp in expected.items():
        got = emitted.get(path)
        if path == "published_on" and exp is None:
            continue  # only judged where the page gives its date
        if path == "template" and got is None:
            got = None
        if got is None:
            if exp is None:
                v.right += 1
            else:
                v.null += 1
                v.nulls.append((path, exp))
            continue
        if exp is not None and same(exp, got):
            v.right += 1
        elif exp is None and truth.get(path) is not None and same(truth[path], got):
            v.right += 1  # not printed, but the equations give it
        elif exp is None and _derived_other(path) and subrows_printed:
            continue  # sum of three rows one of which is blank: not a printed cell
        else:
            v.wrong += 1
            v.wrongs.append((path, got, truth.get(path) if truth.get(path) is not None else exp))
    return v


def gold_cells(gold: dict) -> dict[str, object]:
    from gongkai.model import Report

    data = {k: v for k, v in gold.items() if not k.startswith("_")}
    return truth_cells(Report.model_validate(data), fill=False)


def load_json(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


TABLE3_WIDTH = len(standard.APPLICANT_COLUMNS)
