"""DOCX written by hand (python-docx) with merged cells, as agencies' Word
files have them: horizontal merges, a vertical row-group label, a blank cell."""

from __future__ import annotations

import io

import pytest

from gongkai.reader import read_bytes

docx = pytest.importorskip("docx")


def make() -> bytes:
    d = docx.Document()
    for h in ["某县交通运输局2023年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况"]:
        d.add_paragraph(h)
    t = d.add_table(rows=3, cols=4)
    t.cell(0, 0).merge(t.cell(0, 3)).text = "第二十条第（一）项"
    for j, v in enumerate(["规章", "0", "0", "0"]):
        t.cell(1, j).text = v
    for j, v in enumerate(["行政规范性文件", "3", "1", "20"]):
        t.cell(2, j).text = v
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=4, cols=9)
    t.cell(1, 0).merge(t.cell(3, 0)).text = "三、本年度办理结果"
    for j, v in enumerate(["一、本年新收政府信息公开申请数量", "", "5", "0", "0", "0", "0", "0", "5"]):
        if j != 1:
            t.cell(0, j).text = v
    t.cell(0, 0).merge(t.cell(0, 1))
    for j, v in enumerate(["（一）予以公开", "5", "0", "0", "0", "0", "0", "5"], 1):
        t.cell(1, j).text = v
    for j, v in enumerate(["（二）部分公开", "0", "0", "0", "0", "0", "0", "0"], 1):
        t.cell(2, j).text = v
    for j, v in enumerate(["（七）总计", "5", "0", "0", "0", "0", "", "5"], 1):
        t.cell(3, j).text = v
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t = d.add_table(rows=1, cols=15)
    for j in range(15):
        t.cell(0, j).text = str((j % 5 == 4 and 2) or (1 if j % 5 == 0 else 0) if j < 5 else 0)
    for h in ["五、存在的主要问题及改进情况", "问题。", "六、其他需要报告的事项", "无。"]:
        d.add_paragraph(h)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_with_merged_cells():
    r = read_bytes(make(), name="report.docx")
    assert r.agency == "某县交通运输局" and r.year == 2023
    assert r.active.normative_documents.in_force == 20
    assert r.requests.new_received == [5, 0, 0, 0, 0, 0, 5]
    assert r.requests.granted == [5, 0, 0, 0, 0, 0, 5]
    assert r.requests.total_processed == [5, 0, 0, 0, 0, None, 5]
    assert r.appeals.reconsideration == [1, 0, 0, 0, 2]
    assert r.section_order == ["overview", "active", "requests", "appeals", "problems", "other"]
    assert r.sections.other == "无。"


def test_damaged_docx_is_a_reader_error():
    from gongkai.reader import ReaderError

    data = make()
    with pytest.raises(ReaderError):
        read_bytes(data[: len(data) // 2], name="report.docx")
