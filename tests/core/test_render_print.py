"""DOCX and PDF as agencies publish them: page setup, fonts, merged cells,
opened by real clients (LibreOffice, poppler) and checked on page images."""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from gongkai import standard
from gongkai.model import Report, load_report
from gongkai.render import docx as docx_render
from gongkai.render import render
from gongkai.render.pdf import html_to_pdf

MM = 72 / 25.4  # points (= pixels at 72 dpi) per millimetre
A4 = (595.28, 841.89)
MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # GB/T 9704, mm


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} 未安装（CI 会安装 poppler-utils 与 libreoffice-writer-nogui）")
    return path


def big_report(seed: int = 7, high: int = 10**6) -> Report:
    """A consistent report with large numbers (up to ``high`` per cell)."""
    rnd = random.Random(seed)
    req: dict[str, list[int]] = {}
    for key in standard.OUTCOME_KEYS:
        row = [rnd.choice([0, rnd.randint(0, 99), rnd.randint(0, high)]) for _ in range(6)]
        req[key] = row + [sum(row)]
    total = [sum(req[k][c] for k in standard.OUTCOME_KEYS) for c in range(7)]
    fwd = [rnd.randint(0, high) for _ in range(6)]
    fwd.append(sum(fwd))
    over = [min(rnd.randint(0, high), total[c] + fwd[c]) for c in range(6)]
    over.append(sum(over))
    req["total_processed"], req["carried_forward"], req["carried_over"] = total, fwd, over
    req["new_received"] = [total[c] + fwd[c] - over[c] for c in range(7)]
    appeals = {}
    for g in standard.APPEAL_GROUPS:
        row = [rnd.randint(0, high) for _ in range(4)]
        appeals[g.key] = row + [sum(row)]
    return Report.model_validate(
        {
            "agency": "某某省某某市人力资源和社会保障局",
            "year": 2024,
            "sections": {
                "overview": "（一）主动公开。\n" + "全年主动公开政府信息，依法做好公开工作。" * 30,
                "problems": "一是公开内容不够全面。\n二是解读形式单一。",
                "other": "本年度未收取信息处理费。",
            },
            "active": {
                "regulations": {"made": high, "repealed": 0, "in_force": high},
                "normative_documents": {"made": 12, "repealed": 3, "in_force": 456},
                "licensing": high,
                "punishment": 4119,
                "coercion": 195,
                "fees_10k_yuan": Decimal("123456.123456"),
            },
            "requests": req,
            "appeals": appeals,
        }
    )


# ---------------------------------------------------------------- poppler helpers


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run([need("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def page_text(pdf: Path, page: int | None = None) -> str:
    args = [need("pdftotext"), "-layout"]
    if page:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run(args + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def table3_page(pdf: Path) -> int:
    for page in range(1, pdf_pages(pdf) + 1):
        if "申请人情况" in page_text(pdf, page):
            return page
    raise AssertionError("table 3 not found in the PDF")


def ink_boxes(pdf: Path, page: int, tmp: Path, from_y: float = 0.0):
    """Non-white pixel bounding boxes (in points, 72 dpi) of the text block
    below ``from_y`` and of the footer band (below the bottom margin) of one page."""
    from PIL import Image

    stem = tmp / f"page{page}"
    subprocess.run(
        [need("pdftoppm"), "-r", "72", "-f", str(page), "-l", str(page), "-singlefile", "-png", str(pdf), str(stem)],
        check=True,
    )
    img = Image.open(f"{stem}.png").convert("L")
    w, h = img.size
    assert abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2, "A4 portrait"
    ink = img.point(lambda p: 255 if p < 200 else 0)
    split = int(h - MARGINS["bottom"] * MM) + 2
    return ink.crop((0, int(from_y), w, split)).getbbox(), ink.crop((0, split, w, h)).getbbox(), (w, h)


def assert_table3_within_margins(pdf: Path, tmp: Path, tol_mm: float = 1.0) -> None:
    """The ink of table 3 (from 4 mm above its header 申请人情况 to the bottom
    of the text block) lies inside the GB/T 9704 margins; below the text
    block there is only the page number. (The narrative above the table is
    left out: CJK punctuation may hang into the margin, as in Word.)"""
    page = table3_page(pdf)
    top_word = min(y0 for text, _, y0, _, _ in word_boxes(pdf, page) if "申请人情况" in text)
    from_y = top_word - 4 * MM
    body, footer, (w, _h) = ink_boxes(pdf, page, tmp, from_y)
    tol = tol_mm * MM
    left, top, right, _bottom = body
    assert left >= MARGINS["left"] * MM - tol, f"left edge {left / MM:.1f} mm"
    assert right <= w - MARGINS["right"] * MM + tol, f"right edge {(w - right) / MM:.1f} mm from the edge"
    assert from_y + top >= MARGINS["top"] * MM - tol, "table above the top margin"
    # the table is as wide as the text block: its borders are near both margins
    assert left <= MARGINS["left"] * MM + 4 * MM and right >= w - MARGINS["right"] * MM - 4 * MM
    if footer is not None:  # only the page number sits below the text block
        assert footer[2] - footer[0] < 40 * MM


def word_boxes(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    out = subprocess.run(
        [need("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rx = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
    return [(m[5], float(m[1]), float(m[2]), float(m[3]), float(m[4])) for m in rx.finditer(out)]


# ---------------------------------------------------------------- PDF (WeasyPrint)


@pytest.fixture(scope="module")
def pdf_files(tmp_path_factory, gold_dir):
    d = tmp_path_factory.mktemp("pdf")
    files = {}
    for name, report in (
        ("big", big_report()),
        ("hongze", load_report(gold_dir / "hongze_district_gov_2023.json")),
    ):
        path = d / f"{name}.pdf"
        path.write_bytes(render(report, "pdf"))
        files[name] = path
    return files


def test_pdf_embeds_noto_cjk(pdf_files):
    out = subprocess.run([need("pdffonts"), str(pdf_files["big"])], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    names = [r[0] for r in rows]
    assert any("Noto-Serif-CJK-SC" in n for n in names), names
    assert any("Noto-Sans-CJK-SC" in n for n in names), names  # 黑体-style headings
    # the "emb" column: every font embedded
    for line in out.splitlines()[2:]:
        assert re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line), line


def test_pdf_text_title_headings_numbers(pdf_files):
    report = big_report()
    text = page_text(pdf_files["big"])
    flat = squash(text)
    assert squash(standard.report_title(report.agency, report.year)) in flat
    positions = [flat.index(standard.heading(s.key)) for s in standard.SECTIONS]
    assert positions == sorted(positions)
    assert "123456.123456" in text
    assert "1000000" in text and "1,000,000" not in text
    for label in ("申请人情况", "法人或其他组织", "未经复议直接起诉", "复议后起诉", "勾稽关系"):
        assert label in flat


def test_pdf_page_numbers(pdf_files):
    pdf = pdf_files["big"]
    n = pdf_pages(pdf)
    assert n >= 2
    for page in range(1, n + 1):
        assert re.search(rf"—\s*{page}\s*—", page_text(pdf, page))


def test_pdf_table3_fits_page(pdf_files, tmp_path):
    for pdf in pdf_files.values():
        assert_table3_within_margins(pdf, tmp_path)


def test_pdf_large_numbers_not_wrapped(pdf_files):
    """Every number of table 3 and 4 is one word on the page (not broken
    over two lines) and lies inside the text block."""
    report = big_report()
    pdf = pdf_files["big"]
    words = []
    for page in range(1, pdf_pages(pdf) + 1):
        words += word_boxes(pdf, page)
    texts = {w[0] for w in words}
    for key in standard.TABLE3_KEYS:
        for v in report.requests.row(key):
            assert str(v) in texts, (key, v)
    for g in standard.APPEAL_GROUPS:
        for v in getattr(report.appeals, g.key):
            assert str(v) in texts, (g.key, v)
    for text, x0, _, x1, _ in words:
        assert x0 >= MARGINS["left"] * MM - 1 and x1 <= A4[0] - MARGINS["right"] * MM + 1, text


def test_html_to_pdf_reusable():
    pdf = html_to_pdf('<html lang="zh-CN"><body style="font-family: \'Noto Serif CJK SC\'"><p>答复书</p></body></html>')
    assert pdf.startswith(b"%PDF-")


# ---------------------------------------------------------------- DOCX


def test_docx_page_setup_and_styles():
    doc = Document(io.BytesIO(render(big_report(), "docx")))
    s = doc.sections[0]
    assert round(s.page_width.mm) == 210 and round(s.page_height.mm) == 297
    assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]

    def east_asia(style_name):
        return doc.styles[style_name].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))

    assert east_asia("Normal") == "仿宋_GB2312"
    assert east_asia("Title") == "方正小标宋简体"
    assert east_asia("Heading 1") == "黑体"
    assert doc.styles["Normal"].font.size.pt == 16
    assert doc.styles["Title"].font.size.pt == 22
    font_table = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    blob = font_table.blob.decode("utf-8")
    for name in ("方正小标宋简体", "黑体", "仿宋_GB2312"):
        assert re.search(rf'w:name="{name}"><w:altName w:val="Noto (Serif|Sans) CJK SC"', blob), name


def test_docx_content_and_merges():
    report = big_report()
    doc = Document(io.BytesIO(render(report, "docx")))
    paras = [p.text for p in doc.paragraphs]
    assert paras[0] == standard.report_title(report.agency, report.year)
    assert doc.paragraphs[0].style.name == "Title"
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [standard.heading(s.key) for s in standard.SECTIONS]
    assert "二是解读形式单一。" in paras
    t2, t3, t4 = doc.tables
    # table 3: the note spans three rows and three columns; 申请人情况 seven columns
    assert t3.cell(0, 0).text == standard.BALANCE_NOTE
    assert t3.cell(0, 0)._tc is t3.cell(2, 2)._tc
    assert t3.cell(0, 3).text == "申请人情况" and t3.cell(0, 3)._tc is t3.cell(0, 9)._tc
    assert t3.cell(1, 4).text == "法人或其他组织" and t3.cell(1, 4)._tc is t3.cell(1, 8)._tc
    assert t3.cell(1, 9).text == "总计" and t3.cell(1, 9)._tc is t3.cell(2, 9)._tc
    # 三、本年度办理结果 spans the 21 outcome rows and （七）总计
    first = 5
    assert t3.cell(first, 0).text == standard.RESULTS_HEADER
    assert t3.cell(first, 0)._tc is t3.cell(first + 21, 0)._tc
    assert t3.cell(first + 22, 0).text == "四、结转下年度继续办理"
    assert t3.cell(first + 2, 1).text == "（三）不予公开" and t3.cell(first + 2, 1)._tc is t3.cell(first + 9, 1)._tc
    for r, key in enumerate(standard.TABLE3_KEYS):
        assert [t3.cell(3 + r, 3 + c).text for c in range(7)] == [str(v) for v in report.requests.row(key)]
    # table 4: 行政复议 over five columns, 行政诉讼 over ten
    assert t4.cell(0, 0).text == "行政复议" and t4.cell(0, 0)._tc is t4.cell(0, 4)._tc
    assert t4.cell(0, 5).text == "行政诉讼" and t4.cell(0, 5)._tc is t4.cell(0, 14)._tc
    assert t4.cell(1, 5).text == "未经复议直接起诉" and t4.cell(1, 10).text == "复议后起诉"
    assert t4.cell(1, 0)._tc is t4.cell(2, 0)._tc  # 结果维持 over two header rows
    values = [t4.cell(3, c).text for c in range(15)]
    assert values == [str(v) for g in standard.APPEAL_GROUPS for v in getattr(report.appeals, g.key)]
    t2_text = [c.text for row in t2.rows for c in row.cells]
    assert "123456.123456" in t2_text and "1000000" in t2_text
    # table 3 in 小五 or smaller, so that seven number columns fit
    run = t3.cell(3, 3).paragraphs[0].runs[0]
    assert run.font.size.pt <= 9


def test_docx_null_is_blank(gold_dir):
    report = load_report(gold_dir / "shanghai_stcsm_2024.json")
    assert report.requests.carried_forward[6] is None
    doc = Document(io.BytesIO(render(report, "docx")))
    t3 = doc.tables[1]
    last = t3.rows[-1].cells
    assert last[0].text == "四、结转下年度继续办理"
    assert [c.text for c in last[3:]] == ["1", "0", "0", "0", "0", "0", ""]


def test_docx_footer_page_field():
    doc = Document(io.BytesIO(render(big_report(), "docx")))
    for footer in (doc.sections[0].footer, doc.sections[0].even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "— " in xml and " —" in xml


def test_new_document_for_letters():
    doc = docx_render.new_document()
    docx_render.add_title(doc, "关于政府信息公开申请的答复")
    docx_render.add_paragraphs(doc, "张三：\n\n你于2026年9月28日提出的申请收悉。")
    data = docx_render.document_bytes(doc)
    again = Document(io.BytesIO(data))
    assert [p.text for p in again.paragraphs] == ["关于政府信息公开申请的答复", "张三：", "你于2026年9月28日提出的申请收悉。"]
    assert again.paragraphs[1].style.name == "Normal"


# ---------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="module")
def docx_as_pdf(tmp_path_factory, gold_dir):
    """DOCX files converted by LibreOffice headless, as a reader would open them."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("soffice 未安装（CI 安装 libreoffice-writer-nogui）")
    d = tmp_path_factory.mktemp("lo")
    reports = {"big": big_report(), "hongze": load_report(gold_dir / "hongze_district_gov_2023.json")}
    for name, report in reports.items():
        (d / f"{name}.docx").write_bytes(render(report, "docx"))
    profile = d / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(d),
            *[str(d / f"{n}.docx") for n in reports],
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {n: (d / f"{n}.pdf", r) for n, r in reports.items()}


def test_libreoffice_opens_docx(docx_as_pdf):
    for name, (pdf, report) in docx_as_pdf.items():
        assert pdf.exists(), name
        pages = pdf_pages(pdf)
        # gold report without narrative: the three tables on 2–3 pages;
        # the big one adds a page of narrative
        assert (2 <= pages <= 3) if name == "hongze" else (3 <= pages <= 5), (name, pages)
        text = page_text(pdf)
        flat = squash(text)
        assert squash(standard.report_title(report.agency, report.year)) in flat
        for s in standard.SECTIONS:
            assert standard.heading(s.key) in flat
        for label in ("第二十条第（一）项", "申请人情况", "法人或其他组织", "未经复议直接起诉", "复议后起诉"):
            assert label in flat, (name, label)
        assert "1.属于国家秘密" in flat
        if name == "hongze":
            assert "7730.28" in text and "4119" in text


def test_libreoffice_table3_fits_page(docx_as_pdf, tmp_path):
    for pdf, _ in docx_as_pdf.values():
        assert_table3_within_margins(pdf, tmp_path)


def test_libreoffice_page_numbers(docx_as_pdf):
    pdf, _ = docx_as_pdf["big"]
    for page in range(1, pdf_pages(pdf) + 1):
        assert re.search(rf"—\s*{page}\s*—", page_text(pdf, page))


# ---------------------------------------------------------------- page breaks


def _heading_rows(report: Report) -> set[str]:
    """The text of every table row made of headings only (第二十条第（五）项,
    信息内容 本年处理决定数量 …), as pdfium prints a row."""
    from gongkai.render import layout

    out = set()
    for table in layout.tables(report).values():
        for row in table.body:
            if row and all(c.header for c in row):
                out.add(" ".join(c.text for c in row))
    return out


@pytest.mark.parametrize("extra_lines", range(0, 22, 3))
def test_pdf_never_leaves_a_table_heading_alone_at_the_foot_of_a_page(extra_lines):
    """Issue 11 item 6: wherever the page break falls in table 2 (the overview
    grows line by line to move it), a heading row goes to the next page with
    the row it heads."""
    import pypdfium2

    report = big_report()
    report.sections.overview = "（一）主动公开。\n" + "\n".join(["全年主动公开政府信息，依法做好公开工作。"] * (3 + extra_lines))
    headings = _heading_rows(report) | {"二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                        "四、政府信息公开行政复议、行政诉讼情况"}
    pdf = pypdfium2.PdfDocument(render(report, "pdf"))
    for i in range(len(pdf) - 1):
        lines = [line.strip() for line in pdf[i].get_textpage().get_text_range().splitlines() if line.strip()]
        last = [line for line in lines if not re.fullmatch(r"— \d+ —", line)][-1]
        assert last not in headings, (i + 1, last)
