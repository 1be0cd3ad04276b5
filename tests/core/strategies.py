"""Hypothesis strategies for reports that satisfy every identity of the format."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from gongkai import standard
from gongkai.model import Report


def _row(values: list[int]) -> list[int]:
    return values + [sum(values)]


@st.composite
def consistent_reports(draw, max_count: int = 50, split_other: bool | None = None) -> Report:
    """A 2021-template report whose tables 3 and 4 satisfy T3.*, T4.SUM.

    Outcomes are drawn per column; carried over is drawn; new received is then
    what makes the balance hold (outcomes + carried forward − carried over,
    made non-negative by raising carried forward)."""
    count = st.integers(0, max_count)
    requests: dict[str, list[int]] = {}
    for key in standard.OUTCOME_KEYS:
        requests[key] = [draw(count) for _ in range(6)]
    carried_over = [draw(count) for _ in range(6)]
    carried_forward = [draw(count) for _ in range(6)]
    total = [sum(requests[k][c] for k in standard.OUTCOME_KEYS) for c in range(6)]
    new = []
    for c in range(6):
        n = total[c] + carried_forward[c] - carried_over[c]
        if n < 0:
            carried_forward[c] -= n
            n = 0
        new.append(n)
    data = {k: _row(v) for k, v in requests.items()}
    data |= {
        "new_received": _row(new),
        "carried_over": _row(carried_over),
        "total_processed": _row(total),
        "carried_forward": _row(carried_forward),
    }
    if split_other is None:
        split_other = draw(st.booleans())
    if not split_other:
        data["other_processed"] = [sum(data[k][c] for k in standard.OTHER_SUBROWS) for c in range(7)]
        for k in standard.OTHER_SUBROWS:
            data[k] = None
    appeals = {}
    for g in standard.APPEAL_GROUPS:
        parts = [draw(count) for _ in range(4)]
        appeals[g.key] = parts + [sum(parts)]
    made, repealed = draw(count), draw(count)
    active = {
        "regulations": {"made": draw(count), "repealed": draw(count), "in_force": draw(count)},
        "normative_documents": {"made": made, "repealed": repealed, "in_force": made + draw(count)},
        "licensing": draw(st.integers(0, 10**6)),
        "punishment": draw(st.integers(0, 10**6)),
        "coercion": draw(st.integers(0, 10**6)),
        "fees_10k_yuan": draw(
            st.decimals(min_value=0, max_value=10**6, places=draw(st.integers(0, 6)), allow_nan=False)
        ),
    }
    sections = {
        "overview": "（一）主动公开……",
        "problems": "存在的主要问题……",
        "other": "本年度未收取信息处理费。",
    }
    return Report.model_validate({
        "agency": draw(st.sampled_from(["延津县应急管理局", "某市交通运输局", "某县人民政府"])),
        "year": draw(st.integers(2021, 2030)),
        "sections": sections,
        "active": active,
        "requests": data,
        "appeals": appeals,
    })


def fee(value: str) -> Decimal:
    return Decimal(value)


@st.composite
def random_reports(draw, template: str | None = None) -> Report:
    """Reports of either template with realistic magnitudes, a narrative that
    states figures, every value known (``tests/reader_gen/reports.py``; the
    seed is drawn, so Hypothesis can replay and report it)."""
    import random

    from tests.reader_gen.reports import random_report

    seed = draw(st.integers(0, 2**32 - 1))
    return random_report(random.Random(seed), template=template)
