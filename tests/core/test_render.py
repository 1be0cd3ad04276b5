"""The renderers: national layout in HTML, markdown and text; the CLI."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from gongkai import standard
from gongkai.cli import main as cli_main
from gongkai.model import load_report, report_from_dict
from gongkai.render import FORMATS, layout, render
from gongkai.render.html import render_fragment


def make_report(**overrides):
    """A small consistent 2021 report with distinct numbers in every cell."""
    requests = {}
    for i, key in enumerate(standard.OUTCOME_KEYS):
        row = [i + 1, 0, 0, 0, 0, i % 3, 0]
        row[6] = sum(row[:6])
        requests[key] = row
    total = [sum(requests[k][c] for k in standard.OUTCOME_KEYS) for c in range(7)]
    requests["total_processed"] = total
    requests["carried_forward"] = [2, 0, 0, 0, 0, 1, 3]
    requests["carried_over"] = [1, 0, 0, 0, 0, 0, 1]
    requests["new_received"] = [
        total[c] + requests["carried_forward"][c] - requests["carried_over"][c] for c in range(7)
    ]
    data = {
        "agency": "延津县应急管理局",
        "year": 2023,
        "sections": {
            "overview": "（一）主动公开：全年主动公开信息 150 条。\n\n（二）依申请公开：收到申请 0 件。",
            "problems": "一是网上互动交流还不够。\n二是工作人员力量薄弱。",
            "other": "我单位没有产生信息公开处理费。",
        },
        "active": {
            "regulations": {"made": 1, "repealed": 2, "in_force": 3},
            "normative_documents": {"made": 4, "repealed": 5, "in_force": 6},
            "licensing": 4119,
            "punishment": 1234567,
            "coercion": 8,
            "fees_10k_yuan": 24252.311082,
        },
        "requests": requests,
        "appeals": {
            "reconsideration": [10, 1, 0, 2, 13],
            "litigation_direct": [3, 0, 0, 0, 3],
            "litigation_after_reconsideration": [5, 0, 1, 0, 6],
        },
    }
    data.update(overrides)
    return report_from_dict(data)


def soup_of(report):
    return BeautifulSoup(render(report, "html"), "html.parser")


def test_every_format_holds_the_report():
    """Each format is the report itself, not just a value of the right type:
    the title, a section heading and a table figure are in every one."""
    import io
    import zipfile

    report = make_report()
    title = standard.report_title("延津县应急管理局", 2023)
    figure = str(report.requests.row("new_received")[6])
    assert FORMATS == ("html", "docx", "pdf", "md", "txt")
    html = soup_of(report)
    assert html.find("h1").get_text(strip=True) == title
    assert html.find(attrs={"data-path": "requests.new_received.6"}).get_text(strip=True) == figure
    md, txt = render(report, "md"), render(report, "txt")
    assert md.startswith(f"# {title}") and f"| {figure} |" in md
    assert title in txt.splitlines()[0] and any(line.split("\t")[-1] == figure for line in txt.splitlines()
                                                 if line.startswith(standard.TABLE3_ROW_BY_KEY["new_received"].label[:6]))
    docx = render(report, "docx")
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    assert title in xml and standard.heading("overview") in xml
    import pypdfium2 as pdfium

    first_page = pdfium.PdfDocument(render(report, "pdf"))[0].get_textpage().get_text_range()
    assert title in "".join(first_page.split())
    with pytest.raises(ValueError, match="不支持"):
        render(report, "rtf")


def test_page_title_headings_in_order():
    report = make_report()
    soup = soup_of(report)
    assert soup.html["lang"] == "zh-CN"
    title = standard.report_title("延津县应急管理局", 2023)
    assert soup.title.string == title
    assert soup.h1.get_text() == title == "延津县应急管理局2023年政府信息公开工作年度报告"
    assert [h.get_text() for h in soup.find_all("h2")] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]


def test_narrative_paragraphs_split_on_newlines():
    soup = soup_of(make_report())
    overview = soup.find("section", class_="gk-section-overview")
    assert [p.get_text() for p in overview.find_all("p")] == [
        "（一）主动公开：全年主动公开信息 150 条。",
        "（二）依申请公开：收到申请 0 件。",
    ]
    problems = soup.find("section", class_="gk-section-problems")
    assert len(problems.find_all("p")) == 2


def test_fragment_is_embeddable_and_escaped():
    report = make_report(sections={"overview": "<script>alert(1)</script>", "problems": None, "other": None})
    frag = render_fragment(report)
    assert frag.startswith("<article") and "<html" not in frag and "<head" not in frag
    assert "<script>" not in frag and "&lt;script&gt;" in frag
    assert render(report, "html", fragment=True) == frag
    assert render_fragment(report, heading_level=2).count("<h3>") == 6


def test_every_number_cell_is_in_html_by_path():
    report = make_report()
    soup = soup_of(report)
    cells = {td["data-path"]: td.get_text() for td in soup.find_all("td", attrs={"data-path": True})}
    for key in standard.TABLE3_KEYS:
        for c, v in enumerate(report.requests.row(key)):
            assert cells[f"requests.{key}.{c}"] == str(v)
    for g in standard.APPEAL_GROUPS:
        for c, v in enumerate(getattr(report.appeals, g.key)):
            assert cells[f"appeals.{g.key}.{c}"] == str(v)
    assert cells["active.normative_documents.in_force"] == "6"
    assert cells["active.licensing"] == "4119"
    assert cells["active.punishment"] == "1234567"  # no thousands separator
    assert cells["active.fees_10k_yuan"] == "24252.311082"


def test_table3_header_merges_and_scopes():
    soup = soup_of(make_report())
    t3 = soup.find("table", class_="gk-table-requests")
    assert t3.caption.get_text() == "收到和处理政府信息公开申请情况"
    head = t3.thead.find_all("tr")
    assert len(head) == 3
    note = head[0].find("th")
    assert note.get_text() == standard.BALANCE_NOTE
    assert (note["rowspan"], note["colspan"]) == ("3", "3")
    applicant = head[0].find_all("th")[1]
    assert applicant.get_text() == "申请人情况" and applicant["colspan"] == "7"
    assert applicant["scope"] == "colgroup"
    second = [(th.get_text(), th.get("rowspan"), th.get("colspan"), th["scope"]) for th in head[1].find_all("th")]
    assert second == [("自然人", "2", None, "col"), ("法人或其他组织", None, "5", "colgroup"), ("总计", "2", None, "col")]
    assert [th.get_text() for th in head[2].find_all("th")] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert all(th["scope"] == "col" for th in head[2].find_all("th"))


def test_table3_row_groups_span_their_rows():
    soup = soup_of(make_report())
    t3 = soup.find("table", class_="gk-table-requests")
    rowgroups = {th.get_text(): int(th.get("rowspan", 1)) for th in t3.tbody.find_all("th", scope="rowgroup")}
    # 21 outcomes + （七）总计 under 三、本年度办理结果
    assert rowgroups == {
        "三、本年度办理结果": 22,
        "（三）不予公开": 8,
        "（四）无法提供": 3,
        "（五）不予处理": 5,
        "（六）其他处理": 3,
    }
    rows = t3.tbody.find_all("tr")
    assert len(rows) == len(standard.TABLE3_ROWS)
    for tr in rows:  # every body row has seven numbers
        assert len(tr.find_all("td")) == 7
    labels = [th.get_text() for th in t3.tbody.find_all("th", scope="row")]
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert labels[-1] == "四、结转下年度继续办理"
    assert "（七）总计" in labels and "5.要求行政机关确认或重新出具已获取信息" in labels


def test_table4_header():
    soup = soup_of(make_report())
    t4 = soup.find("table", class_="gk-table-appeals")
    head = t4.thead.find_all("tr")
    top = [(th.get_text(), th["colspan"]) for th in head[0].find_all("th")]
    assert top == [("行政复议", "5"), ("行政诉讼", "10")]
    second = [th.get_text() for th in head[1].find_all("th")]
    assert second == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]
    assert [th.get_text() for th in head[2].find_all("th")] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    values = [td.get_text() for td in t4.tbody.find_all("td")]
    assert values == ["10", "1", "0", "2", "13", "3", "0", "0", "0", "3", "5", "0", "1", "0", "6"]


def test_table2_2021_blocks():
    soup = soup_of(make_report())
    t2 = soup.find("table", class_="gk-table-active")
    blocks = t2.find_all("tbody")
    assert [b.find("th", scope="rowgroup").get_text() for b in blocks] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert [th.get_text() for th in blocks[0].find_all("th", scope="col")] == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert "本年收费金额（单位：万元）" in blocks[3].get_text()


def test_null_renders_blank_not_zero():
    report = make_report()
    report.requests.carried_forward[6] = None
    report.active.coercion = None
    soup = soup_of(report)
    assert soup.find("td", attrs={"data-path": "requests.carried_forward.6"}).get_text() == ""
    assert soup.find("td", attrs={"data-path": "active.coercion"}).get_text() == ""
    txt = render(report, "txt")
    line = next(x for x in txt.splitlines() if x.startswith("四、结转下年度继续办理"))
    assert line.split("\t")[-1] == "" and line.split("\t")[3:] == ["2", "0", "0", "0", "0", "1", ""]
    md = render(report, "md")
    assert "| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 1 |  |" in md


@pytest.mark.parametrize(
    "fee, printed",
    [("0", "0"), ("7730.28", "7730.28"), ("0.000001", "0.000001"), ("5.10", "5.10"), ("1E+3", "1000"), ("123456.654321", "123456.654321")],
)
def test_fee_decimals_exact(fee, printed):
    report = make_report()
    report.active.fees_10k_yuan = Decimal(fee)
    soup = soup_of(report)
    assert soup.find("td", attrs={"data-path": "active.fees_10k_yuan"}).get_text() == printed
    assert f"| 行政事业性收费 | {printed} |" in render(report, "md")
    assert f"行政事业性收费\t{printed}" in render(report, "txt")


def test_fee_from_json_float_keeps_digits(gold_dir):
    report = load_report(gold_dir / "pingtan_2021.json")
    assert "24252.311082" in render(report, "txt")
    report = load_report(gold_dir / "hongze_district_gov_2023.json")
    assert "\t7730.28" in render(report, "txt")


def test_other_processed_single_row_when_subrows_missing(gold_dir):
    report = load_report(gold_dir / "hongze_district_gov_2023.json")
    assert layout.prints_other_as_one_row(report)
    soup = soup_of(report)
    t3 = soup.find("table", class_="gk-table-requests")
    labels = [th.get_text() for th in t3.tbody.find_all("th")]
    assert "（六）其他处理" in labels
    assert not any(label.startswith("1.申请人无正当理由") for label in labels)
    assert len(t3.tbody.find_all("tr")) == len(standard.TABLE3_ROWS) - 2
    assert soup.find("td", attrs={"data-path": "requests.other_processed.0"}) is not None
    assert "三、本年度办理结果 （六）其他处理 |" in render(report, "md")


def test_2019_template_layout():
    report = make_report(
        template="2019",
        active=None,
        active_2019={
            "regulations": {"new_made": 1, "new_published": 2, "total_published": 3},
            "normative_documents": {"new_made": 4, "new_published": 5, "total_published": 60},
            "licensing": {"previous": 7, "change": -1, "decisions": 800},
            "fees": {"previous": 2, "change": 0},
            "procurement": {"count": 3, "amount_10k_yuan": Decimal("12.345")},
        },
    )
    soup = soup_of(report)
    t2 = soup.find("table", class_="gk-table-active")
    text = t2.get_text()
    for block in standard.TABLE2_2019_BLOCKS:
        assert block.item in text
        for _, label in block.columns:
            assert label in text
    assert "第二十条第（九）项" in text and "政府集中采购" in text
    cells = {td["data-path"]: td.get_text() for td in t2.find_all("td")}
    assert cells["active_2019.normative_documents.total_published"] == "60"
    assert cells["active_2019.licensing.change"] == "-1"
    assert cells["active_2019.procurement.amount_10k_yuan"] == "12.345"
    assert cells["active_2019.punishment.decisions"] == ""  # absent → blank
    t3 = soup.find("table", class_="gk-table-requests")
    labels = [th.get_text() for th in t3.tbody.find_all("th")]
    assert "（六）其他处理" in labels and "3.其他" not in labels
    # other_processed is the sum of the three rows given
    expected = [sum(report.requests.row(k)[c] for k in standard.OTHER_SUBROWS) for c in range(7)]
    got = [t3.find("td", attrs={"data-path": f"requests.other_processed.{c}"}).get_text() for c in range(7)]
    assert got == [str(v) for v in expected]


def test_markdown_full_labels():
    report = make_report()
    md = render(report, "md")
    assert md.startswith("# 延津县应急管理局2023年政府信息公开工作年度报告\n")
    assert md.count("\n## ") == 6
    for row in standard.TABLE3_ROWS:
        assert row.label in md
    assert "| 三、本年度办理结果 （三）不予公开 1.属于国家秘密 | 3 |" in md
    assert "| 行政诉讼 未经复议直接起诉 | 3 | 0 | 0 | 0 | 3 |" in md
    assert "法人或其他组织（法律服务机构）" in md
    assert standard.BALANCE_NOTE in md
    # every pipe-table row has the same number of cells as its header
    for block in md.split("\n\n"):
        lines = [x for x in block.splitlines() if x.startswith("|")]
        if lines:
            assert len({x.count(" | ") for x in lines if not x.startswith("|:")}) == 1


def test_text_is_tab_separated_like_the_seed():
    report = make_report()
    txt = render(report, "txt")
    lines = txt.splitlines()
    assert lines[0] == "延津县应急管理局2023年政府信息公开工作年度报告"
    row = next(x for x in lines if x.startswith("一、本年新收政府信息公开申请数量"))
    assert [c for c in row.split("\t") if c] == ["一、本年新收政府信息公开申请数量"] + [
        str(v) for v in report.requests.new_received
    ]
    # table 4: 15 numbers on one line
    numbers = ["10", "1", "0", "2", "13", "3", "0", "0", "0", "3", "5", "0", "1", "0", "6"]
    assert "\t".join(numbers) in lines
    secret = next(x for x in lines if "1.属于国家秘密" in x)
    assert secret.split("\t")[:3] == ["", "（三）不予公开", "1.属于国家秘密"]
    assert "行政许可\t4119" in lines


def test_every_format_prints_every_label():
    report = make_report()
    for fmt in ("html", "md", "txt"):
        out = render(report, fmt)
        for label in (
            standard.BALANCE_NOTE,
            standard.RESULTS_HEADER,
            "法人或其他组织",
            "未经复议直接起诉",
            "复议后起诉",
            "第二十条第（八）项",
        ):
            assert label in out, (fmt, label)
        if fmt != "md":  # markdown names the applicant in each column header instead
            assert "申请人情况" in out


# ---------------------------------------------------------------- CLI


def test_cli_writes_each_format(tmp_path, gold_dir):
    src = gold_dir / "000_04d0c90127c5455c.json"
    for fmt in ("html", "md", "txt", "docx"):
        out = tmp_path / f"r.{fmt}"
        assert cli_main(["render", str(src), "--to", fmt, "-o", str(out)]) == 0
        assert out.stat().st_size > 500
    assert out.read_bytes()[:2] == b"PK"
    assert "延津县应急管理局2023年" in (tmp_path / "r.html").read_text("utf-8")


def test_cli_fragment_to_stdout(capsys, gold_dir):
    assert cli_main(["render", str(gold_dir / "pingtan_2022.json"), "--to", "html", "--fragment"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('<article class="gk-report"') and "<!DOCTYPE" not in out


@pytest.mark.parametrize(
    "content, expected",
    [
        ("{not json", "不是有效的 JSON"),
        (json.dumps({"agency": "某局", "year": 2023, "requests": {"granted": [1, 2, 3]}}), "requests.granted"),
        (json.dumps({"agency": "某局", "year": 2023, "active": {"licensing": "许多"}}), "active.licensing"),
        (json.dumps([1, 2]), "顶层应为 JSON 对象"),
    ],
)
def test_cli_bad_input_exits_2_in_chinese(tmp_path, capsys, content, expected):
    src = tmp_path / "bad.json"
    src.write_text(content, "utf-8")
    out = tmp_path / "x.pdf"
    assert cli_main(["render", str(src), "--to", "pdf", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and expected in err and "Traceback" not in err
    assert not out.exists()


def test_cli_usage_errors(tmp_path, capsys, gold_dir):
    src = str(gold_dir / "pingtan_2022.json")
    assert cli_main(["render", src, "--to", "docx"]) == 2
    assert "-o" in capsys.readouterr().err
    assert cli_main(["render", src, "--to", "md", "--fragment"]) == 2
    assert cli_main(["render", str(tmp_path / "missing.json"), "--to", "md"]) == 2
    assert "无法读取文件" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli_main(["render", src, "--to", "rtf"])
    assert exc.value.code == 2
