"""Round trip through the renderers (``gongkai.render``): every format the
platform writes reads back to every number, for the five gold reports and
the same reports in the 2019 template and with blank cells."""

from __future__ import annotations

import pytest

from gongkai.model import Report, load_report
from gongkai.reader import read_bytes

from .test_reader_layouts import GOLD, cells

render_mod = pytest.importorskip("gongkai.render")
FORMATS = ("txt", "md", "html", "docx", "pdf")


def rendered(report: Report, fmt: str) -> Report:
    out = render_mod.render(report, fmt)
    data = out.encode("utf-8") if isinstance(out, str) else out
    return read_bytes(data, name=f"report.{fmt}")


def mismatches(src: Report, got: Report) -> list[str]:
    want, have = cells(src), cells(got)
    bad = [f"{k}: 应为 {v}，读出 {have.get(k)}" for k, v in want.items() if v is not None and have.get(k) != v]
    if (got.agency, got.year) != (src.agency, src.year):
        bad.append(f"标题 {got.agency} {got.year}")
    return bad


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", GOLD)
def test_gold_reads_back(gold_dir, name, fmt):
    src = load_report(gold_dir / f"{name}.json")
    got = rendered(src, fmt)
    assert mismatches(src, got) == []
    assert got.template == src.template


@pytest.mark.parametrize("fmt", FORMATS)
def test_blank_cells_read_back_as_null(gold_dir, fmt):
    src = load_report(gold_dir / "pingtan_2022.json")
    src.requests.granted[3] = None
    src.requests.carried_forward[6] = None
    src.appeals.litigation_direct[2] = None
    got = rendered(src, fmt)
    assert mismatches(src, got) == []
    assert got.requests.granted[3] is None and got.requests.carried_forward[6] is None
