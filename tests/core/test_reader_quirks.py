"""One test per quirk seen in real reports, on small synthetic snippets
derived from real layouts. Each starts from a clean tab-separated report and
damages it the way the quirk does."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai import standard
from gongkai.model import Report
from gongkai.reader import read_bytes, read_text

from .test_reader_layouts import layout_concat, layout_lines, layout_tabs


def base(**requests) -> Report:
    rows = {k: [0] * 7 for k in standard.TABLE3_KEYS}
    rows.update(requests)
    return Report.model_validate({
        "agency": "某县交通运输局", "year": 2023,
        "sections": {"overview": "（一）主动公开。", "problems": "问题。", "other": "未收费。"},
        "active": {
            "regulations": {"made": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"made": 3, "repealed": 1, "in_force": 20},
            "licensing": 6, "punishment": 11, "coercion": 0, "fees_10k_yuan": "0",
        },
        "requests": rows,
        "appeals": {"reconsideration": [1, 0, 0, 0, 1], "litigation_direct": [0] * 5, "litigation_after_reconsideration": [0] * 5},
    })


CONSISTENT = {
    "new_received": [80, 1, 0, 0, 0, 0, 81],
    "granted": [40, 1, 0, 0, 0, 0, 41],
    "withheld_internal_affairs": [32, 0, 0, 0, 0, 0, 32],
    "unavailable_not_held": [8, 0, 0, 0, 0, 0, 8],
    "total_processed": [80, 1, 0, 0, 0, 0, 81],
}


def read(text: str, name: str = "r.txt") -> Report:
    return read_bytes(text.encode("utf-8"), name=name)


def test_cells_run_together():
    r = read(layout_concat(base(**CONSISTENT)))
    assert r.requests.new_received == [80, 1, 0, 0, 0, 0, 81]
    assert r.provenance["requests.new_received.0"].note.startswith("数字连写")
    assert any("数字连写" in n for n in r.notes)


def test_sub_item_number_fused_to_previous_value():
    text = layout_concat(base(**CONSISTENT))
    assert "内部事务信息3200000326.属于四类" in text
    r = read(text)
    assert r.requests.withheld_internal_affairs == [32, 0, 0, 0, 0, 0, 32]
    assert r.requests.withheld_process_info == [0] * 7


def test_random_spaces_inside_digit_runs():
    text = layout_concat(base(**CONSISTENT)).replace("一、本年新收政府信息公开申请数量801000081", "一、本年新收政府信息公开申请数量80 1000081")
    r = read(text)
    assert r.requests.new_received == [80, 1, 0, 0, 0, 0, 81]
    text = layout_tabs(base(new_received=[20, 0, 0, 0, 0, 1, 21], total_processed=[20, 0, 0, 0, 0, 1, 21], granted=[20, 0, 0, 0, 0, 1, 21]))
    line = "一、本年新收政府信息公开申请数量\t\t200 000121"
    text = "\n".join(line if l.startswith("一、本年新收") else l for l in text.splitlines())
    assert read(text).requests.new_received == [20, 0, 0, 0, 0, 1, 21]


def test_one_value_per_line():
    r = read(layout_lines(base(**CONSISTENT)))
    assert r.requests.granted == [40, 1, 0, 0, 0, 0, 41]
    assert r.active.licensing == 6 and r.appeals.reconsideration == [1, 0, 0, 0, 1]


def test_labels_broken_across_lines_and_pages_with_footers():
    text = layout_tabs(base(**CONSISTENT))
    text = text.replace("（四）无法提供\t1.本机关不掌握相关政府信息", "（四）无\n— 5 —\n法提供\t1.本机关不掌握相关政\n府信息")
    text = text.replace("\t5.属于三类内部事务信息\t", "\t5.属于三类内部事务信\n- 6 -\n第7页\n息\t")
    r = read(text)
    assert r.requests.unavailable_not_held == [8, 0, 0, 0, 0, 0, 8]
    assert r.requests.withheld_internal_affairs == [32, 0, 0, 0, 0, 0, 32]
    assert not any("无法对应" in n for n in r.notes)


def test_vertical_label_split_into_characters():
    text = layout_tabs(base(**CONSISTENT))
    lines = text.splitlines()
    out = []
    chars = iter("三、本年度办理结果")
    for line in lines:
        out.append(line)
        if line.startswith(("（一）", "\t（二）", "（三）", "\t2.", "\t3.")):
            out.append(next(chars, ""))
    r = read("\n".join(out))
    assert r.requests.granted == [40, 1, 0, 0, 0, 0, 41]
    assert r.requests.partially_granted == [0] * 7


def test_notes_inside_tables_and_cells():
    text = layout_tabs(base(**CONSISTENT))
    text = text.replace("行政规范性文件\t3\t1\t20", "行政规范性文件\t3（其中修订1件）\t1\t20")
    text = text.replace("四、结转下年度继续办理", "注：本表数据截至2023年12月31日。\n四、结转下年度继续办理")
    r = read(text)
    assert r.active.normative_documents.made == 3
    assert r.requests.carried_forward == [0] * 7


@pytest.mark.parametrize(
    "old,new",
    [
        ("本年废止件数", "本年度止件数"),
        ("行政规范性文件\t", "规范性文件\t"),
        ("2.其他法律行政法规禁止公开", "2.其他法律行政止公开"),
        ("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政法复议、行政诉讼情况"),
        ("1.属于国家秘密", "1、属于国家秘密"),
        ("（七）总计", "（七）总 计"),
        ("结果维持", "结 果维持"),
        ("（一）予以公开", "(一)予以公开"),
    ],
)
def test_typos_variants_and_spaced_labels(old, new):
    src = base(**CONSISTENT, withheld_law_prohibited=[2, 0, 0, 0, 0, 0, 2], withheld_state_secret=[1, 0, 0, 0, 0, 0, 1])
    src.requests.total_processed = [83, 1, 0, 0, 0, 0, 84]
    text = layout_tabs(src)
    assert old in text
    r = read(text.replace(old, new))
    assert r.requests.withheld_law_prohibited == [2, 0, 0, 0, 0, 0, 2]
    assert r.requests.withheld_state_secret == [1, 0, 0, 0, 0, 0, 1]
    assert r.requests.granted == [40, 1, 0, 0, 0, 0, 41]
    assert r.requests.total_processed == [83, 1, 0, 0, 0, 0, 84]
    assert r.active.normative_documents.in_force == 20
    assert r.appeals.reconsideration == [1, 0, 0, 0, 1]
    assert r.section_order == [s.key for s in standard.SECTIONS]


def test_full_width_digits_and_brackets_mixed():
    text = layout_tabs(base(**CONSISTENT))
    text = text.replace("（一）予以公开\t\t40\t1", "(一)予以公开\t\t４０\t１").replace("行政处罚\t11", "行政处罚\t１１")
    r = read(text)
    assert r.requests.granted == [40, 1, 0, 0, 0, 0, 41]
    assert r.active.punishment == 11


def test_slash_and_dash_are_null_with_a_note():
    text = layout_tabs(base(**CONSISTENT))
    text = text.replace("行政强制\t0", "行政强制\t/").replace("2.重复申请\t0\t0\t0\t0\t0\t0\t0", "2.重复申请\t0\t—\t-\t0\t0\t0\t0")
    r = read(text)
    assert r.active.coercion is None
    assert r.requests.not_processed_duplicate == [0, None, None, 0, 0, 0, 0]
    assert any("按空值处理" in n for n in r.notes)
    assert "原文为" in r.provenance["requests.not_processed_duplicate.1"].note


def test_blank_cell_is_null():
    text = layout_tabs(base(**CONSISTENT))
    text = text.replace("四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0", "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t")
    r = read(text)
    assert r.requests.carried_forward == [0, 0, 0, 0, 0, 0, None]


def test_other_processed_single_row_in_2021_template():
    src = base(**CONSISTENT)
    src.requests.other_processed = [0] * 7
    for k in standard.OTHER_SUBROWS:
        setattr(src.requests, k, None)
    r = read(layout_tabs(src))
    assert r.template == "2021"
    assert r.requests.other_processed == [0] * 7
    assert all(r.requests.row(k) is None for k in standard.OTHER_SUBROWS)
    assert any("只印了一行" in n for n in r.notes)


def test_non_standard_section_numbering():
    text = layout_tabs(base(**CONSISTENT))
    text = (
        text.replace("二、主动公开政府信息情况", "二、工作机制保障\n机制。\n一、主动公开政府信息情况")
        .replace("三、收到和处理政府信息公开申请情况", "二、收到和处理政府信息公开申请情况")
        .replace("四、政府信息公开行政复议、行政诉讼情况", "三、政府信息公开行政复议、行政诉讼情况")
        .replace("五、存在的主要问题及改进情况", "四、存在的主要问题及改进情况")
        .replace("六、其他需要报告的事项", "五、其他需要报告的事项")
    )
    r = read(text)
    assert r.section_order == [s.key for s in standard.SECTIONS]
    assert "工作机制保障" in r.sections.overview
    assert r.requests.granted == [40, 1, 0, 0, 0, 0, 41]


def test_fee_with_six_decimals_kept_exact():
    src = base(**CONSISTENT)
    src.active.fees_10k_yuan = Decimal("24252.311082")
    r = read(layout_tabs(src))
    assert r.active.fees_10k_yuan == Decimal("24252.311082")
    assert '"fees_10k_yuan":24252.311082' in r.model_dump_json()


def test_crawled_page_clutter_and_published_date():
    text = layout_concat(base(**CONSISTENT))
    r = read(text)
    assert r.agency == "某县交通运输局" and r.year == 2023
    assert str(r.published_on) == "2024-01-20"
    assert "附件下载" not in r.sections.other and "分享" not in r.sections.other


def test_title_forms():
    body = layout_tabs(base(**CONSISTENT)).split("\n", 1)[1]
    for head, agency, year in [
        ("某县交通运输局 2023 年政府信息公开工作年度 报告", "某县交通运输局", 2023),
        ("某县交通运输局2023年度政府信息公开工作年度报告", "某县交通运输局", 2023),
        ("正文\n2023 年某县交通运输局政府信息公开工作\n年度报告", "某县交通运输局", 2023),
        ("某县交通运输局\n2023年政府信息公开工作年度报告", "某县交通运输局", 2023),
        ("标题: 某县交通运输局关于2023年政府信息公开工作年度报告\n发布时间: 2024-01-05", "某县交通运输局", 2023),
    ]:
        r = read(head + "\n" + body)
        assert (r.agency, r.year) == (agency, year), head


def test_agency_completed_from_text():
    body = layout_tabs(base(**CONSISTENT)).split("\n", 1)[1]
    r = read("2024 年上海市科委政府信息公开工作\n年度报告\n" + body)
    assert r.agency == "上海市科学技术委员会"
    r = read("洪泽区人民政府\n2023 年政府信息公开工作年度报告\n本报告由淮安市洪泽区人民政府办公室编制。\n" + body)
    assert r.agency == "淮安市洪泽区人民政府"
    r = read("平潭综合实验区2021年度政府信息公开工作年度报告\n请与平潭综合实验区管委会办公室联系。\n" + body)
    assert r.agency == "平潭综合实验区管委会"
    assert any("全称" in n for n in r.notes)


def test_html_with_real_table_cells_and_rowspans():
    html = """<html><body><h1>某县交通运输局2023年政府信息公开工作年度报告</h1>
    <p>一、总体情况</p><p>概述。</p><p>二、主动公开政府信息情况</p>
    <table><tr><td colspan=4>第二十条第（一）项</td></tr>
    <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
    <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>行政规范性文件</td><td>3</td><td>1</td><td>20</td></tr>
    <tr><td>行政许可</td><td>6</td></tr><tr><td>行政处罚</td><td>11</td></tr><tr><td>行政强制</td><td>0</td></tr>
    <tr><td>行政事业性收费</td><td>1.5</td></tr></table>
    <p>三、收到和处理政府信息公开申请情况</p><table>
    <tr><td colspan=2 rowspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=7>申请人情况</td></tr>
    <tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>
    <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
    <tr><td colspan=2>一、本年新收政府信息公开申请数量</td><td>5</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>5</td></tr>
    <tr><td colspan=2>二、上年结转政府信息公开申请数量</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
    <tr><td rowspan=22>三、本年度办理结果</td><td>（一）予以公开</td><td>5</td><td>0</td><td>0</td><td>0</td><td>0</td><td></td><td>5</td></tr>
    <tr><td>（七）总计</td><td>5</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>5</td></tr>
    <tr><td colspan=2>四、结转下年度继续办理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table>
    <p>四、政府信息公开行政复议、行政诉讼情况</p><table><tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>
    <tr>""" + "<td>0</td>" * 15 + """</tr></table><p>五、存在的主要问题及改进情况</p><p>问题。</p>
    <p>六、其他需要报告的事项</p><p>无。</p><script>var x = 1;</script></body></html>"""
    r = read(html, "page.html")
    assert r.active.fees_10k_yuan == Decimal("1.5") and r.active.normative_documents.in_force == 20
    assert r.requests.new_received == [5, 0, 0, 0, 0, 0, 5]
    assert r.requests.granted == [5, 0, 0, 0, 0, None, 5]
    assert r.requests.total_processed == [5, 0, 0, 0, 0, 0, 5]
    assert r.appeals.litigation_direct == [0] * 5
    assert r.sections.other == "无。"
    assert any("表三未找到" in n for n in r.notes)  # rows not printed stay null


def test_read_text_accepts_html_source():
    r = read_text("<html><body><p>某县交通运输局2023年政府信息公开工作年度报告</p>" + "".join(
        f"<p>{standard.heading(s.key)}</p><p>x</p>" for s in standard.SECTIONS) + "</body></html>")
    assert r.agency == "某县交通运输局" and r.requests.new_received is None


def test_prose_inside_table_regions_is_not_a_row():
    text = layout_tabs(base(**CONSISTENT))
    text = text.replace("第二十条第（一）项", "本年度主动公开行政许可信息2293条，行政处罚信息15条。\n第二十条第（一）项", 1)
    text = text.replace(standard.BALANCE_NOTE, "本年度予以公开41件，不予公开32件。\n" + standard.BALANCE_NOTE, 1)
    text = text.replace("行政复议\t\t\t\t\t行政诉讼", "本年度发生行政复议1件，维持1件。\n行政复议\t\t\t\t\t行政诉讼", 1)
    r = read(text)
    assert r.active.licensing == 6 and r.active.punishment == 11
    assert r.requests.granted == [40, 1, 0, 0, 0, 0, 41]
    assert r.appeals.reconsideration == [1, 0, 0, 0, 1]


def test_thousands_separators_and_markdown_breaks():
    src = base(**CONSISTENT)
    src.active.licensing = 10690
    text = layout_tabs(src).replace("行政许可\t10690", "行政许可\t10,690")
    assert read(text).active.licensing == 10690
    md = "\n".join(
        "| 三、本年度办理结果<br>（一）予以公开 | 40 | 1 | 0 | 0 | 0 | 0 | 41 |" if l.startswith(("| （一）予以公开", "|  | （一）予以公开")) else l
        for l in __import__("tests.core.test_reader_layouts", fromlist=["layout_md"]).layout_md(src).splitlines()
    )
    assert "<br>" in md
    assert read(md, "r.md").requests.granted == [40, 1, 0, 0, 0, 0, 41]


def test_title_with_year_in_brackets_and_part_headings():
    body = layout_tabs(base(**CONSISTENT)).split("\n", 1)[1]
    body = body.replace("一、总体情况", "第一部分 总体情况")
    r = read("某县交通运输局政府信息公开工作年度报告（2023年度）\n" + body)
    assert (r.agency, r.year) == ("某县交通运输局", 2023)
    assert r.section_order[0] == "overview"


def test_agency_from_text_when_title_has_none():
    body = layout_tabs(base(**CONSISTENT)).split("\n", 1)[1]
    r = read("2023年政府信息公开工作年度报告\n" + body + "某县交通运输局\n2024年1月20日\n")
    assert (r.agency, r.year) == ("某县交通运输局", 2023)
    r = read("2023年度政府信息公开工作年度报告\n本报告由某县交通运输局根据《条例》编制。\n" + body)
    assert r.agency == "某县交通运输局"


def test_gbk_text_and_html_site_heading():
    text = layout_tabs(base(**CONSISTENT))
    r = read_bytes(text.encode("gb18030"), name="r.txt")
    assert r.agency == "某县交通运输局" and r.requests.granted == [40, 1, 0, 0, 0, 0, 41]
    from .test_reader_layouts import layout_html

    page = layout_html(base(**CONSISTENT)).replace("<h1>", "<h1>某县人民政府门户网站</h1><h2>", 1).replace("</h1>", "</h2>", 1)
    r = read(page, "p.html")
    assert (r.agency, r.year) == ("某县交通运输局", 2023)


def test_pymupdf4llm_placeholder_headers_and_repeated_merged_cells():
    from .test_reader_layouts import layout_md

    src = base(**CONSISTENT)
    src.active.licensing = 2100
    md = layout_md(src)
    md = md.replace("| 行政许可 | 2100 |", "| 行政许可 | 2,100 | 2,100 | 2,100 |")
    md = md.replace("| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持", "| 行政复议 | Col2 | Col3 | Col4 | Col5 | 行政诉讼 | Col7", 1)
    r = read(md, "r.md")
    assert r.active.licensing == 2100
    assert r.appeals.reconsideration == [1, 0, 0, 0, 1]


def test_text_browser_spaces_inside_numbers():
    text = layout_tabs(base(**CONSISTENT))
    text = text.replace("一、本年新收政府信息公开申请数量\t\t80\t1\t0\t0\t0\t0\t81", "一、本年新收政府信息公开申请数量    8 0   1   0   0   0   0   8 1")
    text = text.replace("行政处罚\t11", "行政处罚     1 1    ")
    r = read(text)
    assert r.requests.new_received == [80, 1, 0, 0, 0, 0, 81]
    assert r.active.punishment == 11


def test_report_inside_a_layout_table():
    from .test_reader_layouts import layout_html

    page = layout_html(base(**CONSISTENT))
    page = page.replace("<body>", '<body><table width="1000"><tr><td>', 1).replace("</body>", "</td><td>相关链接 2022年报 3 5 7</td></tr></table></body>", 1)
    r = read(page, "p.html")
    assert r.active.normative_documents.made == 3 and r.active.normative_documents.in_force == 20
    assert r.requests.new_received == [80, 1, 0, 0, 0, 0, 81]
    assert r.requests.carried_forward == [0] * 7


def test_bold_headings_extracted_twice():
    text = layout_tabs(base(**CONSISTENT))
    for s in standard.SECTIONS:
        h = standard.heading(s.key)
        text = text.replace(h, "".join(ch * 2 for ch in h))
    r = read(text)
    assert r.section_order == [s.key for s in standard.SECTIONS]
    assert r.appeals.reconsideration == [1, 0, 0, 0, 1]
    assert r.requests.withheld_internal_affairs == [32, 0, 0, 0, 0, 0, 32]  # numbers are never undoubled


def test_agency_abbreviated_without_place():
    body = layout_tabs(base(**CONSISTENT)).split("\n", 1)[1]
    r = read("正文\n2023年市卫健委政府信息公开工作年度报告\n根据要求，上海市卫生健康委员会（以下简称“市卫健委”）编制了本报告。\n" + body)
    assert r.agency == "上海市卫生健康委员会"


def test_blank_first_cell_of_table_4():
    text = layout_tabs(base(**CONSISTENT))
    text = text.replace("\n1\t0\t0\t0\t1\t0\t0", "\n\t0\t0\t0\t1\t0\t0", 1)
    r = read(text)
    assert r.appeals.reconsideration == [None, 0, 0, 0, 1]
    assert r.appeals.litigation_direct == [0] * 5


def test_list_of_contents_is_not_the_headings():
    text = layout_tabs(base(**CONSISTENT))
    head, body = text.split("\n", 1)
    toc = "本报告分为" + "；".join(standard.heading(s.key) for s in standard.SECTIONS) + "六个部分。"
    r = read(head + "\n" + toc + "\n" + body)
    assert r.section_order == [s.key for s in standard.SECTIONS]
    assert r.sections.overview.startswith("（一）主动公开") and r.requests.granted == [40, 1, 0, 0, 0, 0, 41]
