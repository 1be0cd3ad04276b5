import json

import pytest

from gongkai.cli import main

pytestmark = pytest.mark.django_db


def test_unknown_agency_exits_2_in_chinese(capsys):
    assert main(["report", "--agency", "没有这个局", "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert "没有名为“没有这个局”的机关" in err and "Traceback" not in err


def test_to_without_output_is_usage_error(capsys, agency):
    assert main(["report", "--agency", agency.name, "--year", "2024", "--to", "html"]) == 2
    assert "-o" in capsys.readouterr().err


def test_json_of_draft_and_error_exit(capsys, agency, make_app):
    import datetime as dt

    make_app(agency, "commercial", dt.date(2024, 3, 1), dt.date(2024, 3, 5), "granted")
    rc = main(["report", "--agency", agency.name, "--year", "2024", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["requests"]["granted"] == [0, 1, 0, 0, 0, 0, 1]
    assert data["agency"] == agency.name and data["year"] == 2024
    assert rc == 1  # the narrative sections are empty: S.SECTIONS is an error


def test_render_html_to_file(tmp_path, capsys, agency):
    out = tmp_path / "r.html"
    main(["report", "--agency", agency.name, "--year", "2024", "--to", "html", "-o", str(out)])
    text = out.read_text(encoding="utf-8")
    assert f"{agency.name}2024年政府信息公开工作年度报告" in text
