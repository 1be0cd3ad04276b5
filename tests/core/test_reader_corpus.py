"""Acceptance on the corpus: ``gongkai parse FILE --json`` equals every
non-null gold cell of the five real reports; ``gongkai check`` on the hongze
PDF exits 1 naming T4.SUM; provenance and notes are filled."""

from __future__ import annotations

import json

import pytest

from gongkai.cli import main

PAIRS = [
    ("000_04d0c90127c5455c.txt", "000_04d0c90127c5455c.json"),
    ("hongze_district_gov_2023.pdf", "hongze_district_gov_2023.json"),
    ("pingtan_2021_page.txt", "pingtan_2021.json"),
    ("pingtan_2022_page.txt", "pingtan_2022.json"),
    ("shanghai_stcsm_2024_pdf2md.md", "shanghai_stcsm_2024.json"),
]


def gold_cells(node, path=()):
    """(path, value) for every non-null leaf of a gold file."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from gold_cells(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from gold_cells(v, path + (i,))
    elif node is not None:
        yield path, node


def at(data, path):
    for p in path:
        if isinstance(data, dict):
            data = data.get(p)
        elif isinstance(data, list) and isinstance(p, int) and p < len(data):
            data = data[p]
        else:
            return None
    return data


def parse_json(capsys, *paths) -> list[dict]:
    code = main(["parse", "--json", *map(str, paths)])
    out = capsys.readouterr().out
    assert code == 0
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("source,gold", PAIRS, ids=[p[0] for p in PAIRS])
def test_parse_equals_gold(corpus_dir, gold_dir, capsys, source, gold):
    (got,) = parse_json(capsys, corpus_dir / source)
    expected = json.loads((gold_dir / gold).read_text(encoding="utf-8"))
    wrong = [(".".join(map(str, p)), v, at(got, p)) for p, v in gold_cells(expected) if at(got, p) != v]
    assert not wrong, wrong
    # every gold value has a provenance entry
    for p, _v in gold_cells(expected):
        if p[0] in ("requests", "appeals", "active") and len(p) >= 2:
            key = ".".join(map(str, p))
            assert key in got["provenance"], key


def test_json_lines_in_input_order(corpus_dir, capsys):
    files = [corpus_dir / s for s, _g in PAIRS]
    rows = parse_json(capsys, *reversed(files))
    assert [r["year"] for r in rows] == [2024, 2022, 2021, 2023, 2023]
    assert rows[0]["agency"] == "上海市科学技术委员会"


def test_all_six_sections_found(corpus_dir):
    from gongkai.reader import read

    for source, _g in PAIRS:
        r = read(corpus_dir / source)
        assert r.section_order == ["overview", "active", "requests", "appeals", "problems", "other"], source
        assert r.sections.overview and r.sections.other
    r = read(corpus_dir / "hongze_district_gov_2023.pdf")
    assert "0元" in r.sections.other and r.sections.problems.startswith("2023")


def test_check_hongze_pdf_names_t4_sum(corpus_dir, capsys):
    code = main(["check", str(corpus_dir / "hongze_district_gov_2023.pdf")])
    out = capsys.readouterr().out
    assert code == 1
    assert "T4.SUM" in out


def test_decisions_are_noted(corpus_dir):
    from gongkai.reader import read

    r = read(corpus_dir / "pingtan_2021_page.txt")
    text = "\n".join(r.notes)
    assert "693665" in text and "10203120001200000" in text
    assert r.provenance["requests.granted.0"].note.startswith("数字连写")
    r = read(corpus_dir / "shanghai_stcsm_2024_pdf2md.md")
    assert any("没有行标题" in n for n in r.notes)
    assert r.requests.carried_forward[6] is None
    r = read(corpus_dir / "hongze_district_gov_2023.pdf")
    assert r.provenance["appeals.reconsideration.0"].page == 4
    assert r.requests.other_no_supplement is None and r.requests.other_processed == [0] * 7


def test_summary_and_explain(corpus_dir, capsys):
    assert main(["parse", "--explain", str(corpus_dir / "pingtan_2022_page.txt")]) == 0
    out = capsys.readouterr().out
    assert "机关：平潭综合实验区管委会" in out and "年度：2022" in out
    assert "requests.new_received.0 = 71" in out
    assert "原文：" in out


def test_published_on_from_crawled_header(corpus_dir):
    from gongkai.reader import read

    assert str(read(corpus_dir / "pingtan_2022_page.txt").published_on) == "2023-02-20"
