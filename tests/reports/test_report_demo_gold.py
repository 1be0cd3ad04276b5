"""Acceptance: the demo population reproduces the seed report's gold values
through ``gongkai report --json``."""

import io
import json

import pytest

from gongkai.cli import main
from gongkai.reports import demo

pytestmark = pytest.mark.django_db(transaction=False)


def _cli_json(capsys, *args):
    capsys.readouterr()
    rc = main(["report", *args, "--json"])
    out = capsys.readouterr().out
    return rc, json.loads(out)


def _cells(data, prefix=""):
    """Every leaf of a JSON value as (path, value)."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _cells(v, f"{prefix}{k}.")
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _cells(v, f"{prefix}{i}.")
    else:
        yield prefix.rstrip("."), data


def test_demo_2023_equals_gold_in_every_cell(capsys, gold_dir):
    demo.populate(io.StringIO())
    rc, got = _cli_json(capsys, "--agency", "延津县应急管理局", "--year", "2023")
    assert rc == 0
    gold = json.loads((gold_dir / "000_04d0c90127c5455c.json").read_text(encoding="utf-8"))
    got_cells = dict(_cells(got))
    gold_cells = list(_cells(gold))
    assert len(gold_cells) > 180
    mismatches = [(p, v, got_cells.get(p, "<缺>")) for p, v in gold_cells if got_cells.get(p, "<缺>") != v]
    assert mismatches == []
    # the live computation agrees with the published version
    rc, live = _cli_json(capsys, "--agency", "延津县应急管理局", "--year", "2023", "--live")
    assert {p: v for p, v in _cells(live) if p.split(".")[0] in ("active", "requests", "appeals")} == {
        p: v for p, v in got_cells.items() if p.split(".")[0] in ("active", "requests", "appeals")
    }


def test_demo_narrative_is_the_seed_text(corpus_dir):
    from gongkai.reports.models import AnnualReport

    demo.populate(io.StringIO())
    text = (corpus_dir / "000_04d0c90127c5455c.txt").read_text(encoding="utf-8")
    obj = AnnualReport.objects.get(agency__name=demo.AGENCY, year=2023)
    v = obj.latest_version
    assert v.number == 1
    for key in ("overview", "problems", "other"):
        assert v.exchange["sections"][key] and v.exchange["sections"][key] in text
    assert "我局收到 0 件政府信息公开申请" in v.exchange["sections"]["overview"]


def test_demo_2024_2025_every_row_counts_something():
    from gongkai import standard
    from gongkai.reports import compute

    demo.populate(io.StringIO())
    demo.populate(io.StringIO())  # idempotent
    from gongkai.agencies.models import Agency

    agency = Agency.objects.get(name=demo.AGENCY)
    for year in (2024, 2025):
        r = compute.compute_report(agency, year)
        for kind in standard.DOCUMENT_KINDS:
            d = getattr(r.active, kind)
            assert d.made > 0 and d.in_force > 0, (year, kind)
        assert r.active.regulations.repealed + r.active.normative_documents.repealed > 0
        assert all(getattr(r.active, k) > 0 for k in standard.DECISION_KINDS)
        assert r.active.fees_10k_yuan > 0
        for key in standard.TABLE3_KEYS:
            if key != "carried_over" or year == 2025:
                assert r.requests.row(key)[6] > 0, (year, key)
        for g in standard.APPEAL_GROUPS:
            assert getattr(r.appeals, g.key)[4] > 0
        cols = [sum(getattr(r.appeals, g.key)[i] for g in standard.APPEAL_GROUPS) for i in range(4)]
        assert all(c > 0 for c in cols), (year, cols)
    from gongkai.reports.models import AnnualReport

    assert AnnualReport.objects.get(agency=agency, year=2024).versions.count() == 1
    assert not AnnualReport.objects.get(agency=agency, year=2025).versions.exists()


def test_platform_demo_then_report_equals_gold(capsys, gold_dir):
    """The acceptance flow: ``gongkai demo`` (the platform's, which calls ours), then ``gongkai report``."""
    assert main(["demo"]) == 0
    rc, got = _cli_json(capsys, "--agency", "延津县应急管理局", "--year", "2023")
    gold = json.loads((gold_dir / "000_04d0c90127c5455c.json").read_text(encoding="utf-8"))
    got_cells = dict(_cells(got))
    assert [(p, v) for p, v in _cells(gold) if got_cells.get(p, "<缺>") != v] == []
    assert rc == 0
