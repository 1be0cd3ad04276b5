"""Acceptance: every rendered format reads back (``gongkai.reader``) to every
number of the input — the gold reports, and generated consistent reports
with large values (up to 10^6) and fees with up to six decimals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import reader, standard
from gongkai.model import Report, load_report
from gongkai.render import FORMATS, SUFFIXES, layout, render


def printed_numbers(report: Report) -> dict[str, object]:
    """Every number the rendered report prints, by cell path."""
    out: dict[str, object] = {}
    if report.template == "2021" and report.active is not None:
        a = report.active
        for kind in standard.DOCUMENT_KINDS:
            for col in standard.DOCUMENT_COLUMNS:
                out[f"active.{kind}.{col}"] = getattr(getattr(a, kind), col)
        for kind in standard.DECISION_KINDS:
            out[f"active.{kind}"] = getattr(a, kind)
        out["active.fees_10k_yuan"] = a.fees_10k_yuan
    if report.template == "2019":
        data = report.active_2019 or {}
        for block in standard.TABLE2_2019_BLOCKS:
            for row, _ in block.rows:
                for col, _ in block.columns:
                    out[f"active_2019.{row}.{col}"] = (data.get(row) or {}).get(col)
    for row in layout.table3_rows(report):
        values = report.requests.row(row.key) or [None] * 7
        for c, v in enumerate(values):
            out[f"requests.{row.key}.{c}"] = v
    for g in standard.APPEAL_GROUPS:
        values = getattr(report.appeals, g.key) or [None] * 5
        for c, v in enumerate(values):
            out[f"appeals.{g.key}.{c}"] = v
    return out


def value_at(report: Report, path: str):
    obj: object = report
    for part in path.split("."):
        if obj is None:
            return None
        if isinstance(obj, dict):
            obj = obj.get(part)
        else:
            obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
    return obj


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(str(a)) == Decimal(str(b))


def assert_round_trip(report: Report, fmt: str, tmp: Path) -> None:
    path = tmp / f"report{SUFFIXES[fmt]}"
    data = render(report, fmt)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    back = reader.read(path)
    assert back.agency == report.agency, (fmt, back.agency)
    assert back.year == report.year, (fmt, back.year)
    wrong = []
    for cell, expected in printed_numbers(report).items():
        got = value_at(back, cell)
        if not same(expected, got):
            wrong.append(f"{cell}: 应为 {expected!r}，读回 {got!r}")
    assert not wrong, f"{fmt}: {len(wrong)} 处不符\n" + "\n".join(wrong[:30])


GOLD = sorted((Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "gold").glob("*.json"))


def _gold_params():
    for gold in GOLD:
        for fmt in FORMATS:
            yield pytest.param(gold, fmt, id=f"{gold.stem}-{fmt}")


@pytest.mark.parametrize("gold, fmt", list(_gold_params()))
def test_gold_round_trip(gold, fmt, tmp_path):
    assert_round_trip(load_report(gold), fmt, tmp_path)


# ---------------------------------------------------------------- generated reports

count = st.one_of(st.integers(0, 9), st.integers(0, 999), st.integers(0, 10**6))
fee = st.integers(0, 6).flatmap(
    lambda places: st.decimals(min_value=0, max_value=10**6, places=places, allow_nan=False, allow_infinity=False)
)
agency = st.sampled_from(
    ["延津县应急管理局", "淮安市洪泽区人民政府", "上海市科学技术委员会", "平潭综合实验区管委会", "某某省人力资源和社会保障厅"]
)


@st.composite
def reports(draw) -> Report:
    """A consistent report (2021 or 2019 template): 勾稽关系, column and row totals hold."""
    req: dict[str, list[int]] = {}
    template = draw(st.sampled_from(["2021", "2021", "2019"]))
    single_other = template == "2019" or draw(st.booleans())
    keys = [k for k in standard.OUTCOME_KEYS if not (single_other and k in standard.OTHER_SUBROWS)]
    if single_other:
        keys.append(standard.OTHER_PROCESSED.key)
    for key in keys:
        row = [draw(count) for _ in range(6)]
        req[key] = row + [sum(row)]
    total = [sum(req[k][c] for k in keys) for c in range(7)]
    fwd = [draw(count) for _ in range(6)]
    over = [min(draw(count), total[c] + fwd[c]) for c in range(6)]
    fwd.append(sum(fwd))
    over.append(sum(over))
    req.update(total_processed=total, carried_forward=fwd, carried_over=over)
    req["new_received"] = [total[c] + fwd[c] - over[c] for c in range(7)]
    appeals = {}
    for g in standard.APPEAL_GROUPS:
        row = [draw(count) for _ in range(4)]
        appeals[g.key] = row + [sum(row)]
    data = {
        "template": template,
        "agency": draw(agency),
        "year": draw(st.integers(2021, 2026)),
        "sections": {
            "overview": "（一）主动公开。本年度主动公开政府信息。\n（二）依申请公开。",
            "problems": "一是公开内容不够全面。",
            "other": "本年度未收取信息处理费。",
        },
        "active": {
            "regulations": {c: draw(count) for c in standard.DOCUMENT_COLUMNS},
            "normative_documents": {c: draw(count) for c in standard.DOCUMENT_COLUMNS},
            **{k: draw(count) for k in standard.DECISION_KINDS},
            "fees_10k_yuan": draw(fee),
        },
        "requests": req,
        "appeals": appeals,
    }
    if template == "2019":
        data["active"] = None
        data["active_2019"] = {
            row: {
                col: draw(fee) if col == "amount_10k_yuan" else draw(st.integers(-999, 999) if col == "change" else count)
                for col, _ in block.columns
            }
            for block in standard.TABLE2_2019_BLOCKS
            for row, _ in block.rows
        }
    return Report.model_validate(data)


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(report=reports())
def test_generated_round_trip_text(report, fmt, tmp_path):
    assert_round_trip(report, fmt, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(report=reports())
def test_generated_round_trip_print(report, fmt, tmp_path):
    assert_round_trip(report, fmt, tmp_path)


# ---------------------------------------------------------------- blank (null) cells

BLANK_CELLS = [
    "requests.granted.0",
    "requests.withheld_process_info.3",
    "requests.carried_forward.6",
    "appeals.reconsideration.0",
    "appeals.litigation_direct.2",
    "appeals.litigation_after_reconsideration.4",
    "active.licensing",
    "active.normative_documents.repealed",
]
# This test found that a blank cell could null a whole table-4 group or shift
# table 2's columns in the reader; it keeps those fixed.
def _blank_params():
    for cell in BLANK_CELLS:
        for fmt in FORMATS:
            yield pytest.param(cell, fmt, id=f"{cell}-{fmt}")


@pytest.mark.parametrize("cell, fmt", list(_blank_params()))
def test_blank_cell_round_trip(cell, fmt, tmp_path, gold_dir):
    """A null cell prints blank and reads back as null; its neighbours keep their numbers."""
    report = load_report(gold_dir / "pingtan_2021.json")
    *parents, last = cell.split(".")
    owner = report
    for part in parents:
        owner = getattr(owner, part)
    if last.isdigit():
        owner[int(last)] = None
    else:
        setattr(owner, last, None)
    assert_round_trip(report, fmt, tmp_path)
