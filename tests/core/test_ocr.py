"""OCR of scanned reports (``gongkai.reader.scan``): the pieces on images
drawn here, then the acceptance on the generated scan corpus
(``tests/scan_gen``): gold reports rendered, scanned at 200 and 150 dpi with
realistic damage (turned, perspective, greyscale, JPEG, a red seal over
table 3) and read back — never a wrong number, nulls allowed at 150 dpi.

These run Tesseract (Debian ``tesseract-ocr`` + ``tesseract-ocr-chi-sim``,
installed by ``.ci/run``); they are not skipped when it is missing — a
missing engine is a failure. The full sweep (both engines, 150/200/300 dpi,
more reports) is ``python -m benchmarks ocr``."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from gongkai.cli import main
from gongkai.model import Provenance, load_report
from gongkai.reader import ReaderError, read_bytes, read_pages
from gongkai.reader import scan as S
from gongkai.reader.scan import confirm
from gongkai.reader.scan.image import MAX_PIXELS, prepare, rotate, skew_angle
from gongkai.reader.scan.layout import find_layout
from gongkai.reader.scan.page import _cell_lines

from ..scan_gen import scans

FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def font(size: int):
    return ImageFont.truetype(FONT, size)


def text_page(dpi: int = 150) -> Image.Image:
    """An A4 page of lines of Chinese text (no table)."""
    w, h = int(8.27 * dpi), int(11.69 * dpi)
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    f = font(dpi // 6)
    for i in range(20):
        d.text((dpi, dpi + i * dpi // 3), "本机关按照条例规定做好政府信息公开工作，主动公开政府信息。", fill=0, font=f)
    return img


def grid_page(dpi: int = 150):
    """A ruled table of 3 rows × 4 columns; the cells of the diagonal blank."""
    w, h = int(8.27 * dpi), int(5 * dpi)
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    x0, y0, cw, ch = dpi, dpi, dpi, dpi // 3
    for r in range(4):
        d.line([(x0, y0 + r * ch), (x0 + 4 * cw, y0 + r * ch)], fill=0, width=2)
    for c in range(5):
        d.line([(x0 + c * cw, y0), (x0 + c * cw, y0 + 3 * ch)], fill=0, width=2)
    f = font(dpi // 7)
    for r in range(3):
        for c in range(4):
            if r != c:
                d.text((x0 + c * cw + cw // 3, y0 + r * ch + ch // 5), str(10 * r + c), fill=0, font=f)
    return img


# ---------------------------------------------------------------- pieces


@pytest.mark.parametrize("angle", [1.4, -0.8, 0.3])
def test_deskew_finds_the_rotation(angle):
    gray = np.asarray(text_page())
    turned = rotate(gray, -angle)  # the page turned counter-clockwise by angle
    assert abs(skew_angle(turned) - angle) <= 0.1
    # and prepare() straightens it: no rotation left
    page = prepare(Image.fromarray(turned), 150)
    assert abs(page.angle - angle) <= 0.1
    assert abs(skew_angle(page.gray)) <= 0.1


def test_blank_page_has_no_skew():
    assert skew_angle(np.full((1200, 900), 255, np.uint8)) == 0.0


def test_cells_from_ruling_lines_blank_cells_stay_blank():
    gray = np.asarray(grid_page())
    layout = find_layout(gray, 150)
    assert len(layout.tables) == 1
    t = layout.tables[0]
    assert len(t.cells) == 12
    assert [len(r) for r in t.rows] == [4, 4, 4]
    clean = gray.copy()
    clean[layout.rules > 0] = 255
    for r, row in enumerate(t.rows):
        for c, cell in enumerate(row):
            lines = _cell_lines(clean, cell.box, 150)
            assert (lines == []) == (r == c), (r, c)


def test_a_heading_is_not_a_table_rule():
    """Long vertical strokes of a large bold heading stay print: only the
    rules of a table are whited out before OCR."""
    dpi = 200
    img = Image.new("L", (1600, 500), 255)
    ImageDraw.Draw(img).text((100, 100), "淮安市洪泽区人民政府", fill=0, font=ImageFont.truetype(FONT.replace("Regular", "Bold"), 90))
    layout = find_layout(np.asarray(img), dpi)
    assert layout.tables == []
    assert not layout.rules.any()


def test_pixels_are_capped():
    """A 400-dpi A4 page (15 Mpx) is scaled to at most MAX_PIXELS before
    anything else; its effective resolution says so."""
    img = Image.new("L", (3308, 4678), 255)
    ImageDraw.Draw(img).text((400, 400), "政府信息公开", fill=0, font=font(80))
    page = prepare(img, 400)
    assert page.gray.size <= MAX_PIXELS
    assert page.dpi == pytest.approx(400 * math.sqrt(MAX_PIXELS / (3308 * 4678)), rel=0.01)


# ---------------------------------------------------------------- bad input


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_blank_page_is_a_clear_error():
    with pytest.raises(ReaderError) as exc:
        read_bytes(png(Image.new("L", (1240, 1754), 255)), name="blank.png")
    assert exc.value.kind == "empty"
    assert "空白" in str(exc.value) or "没有" in str(exc.value)


def test_a_photo_is_not_a_report():
    rng = np.random.default_rng(3)
    yy, xx = np.mgrid[0:900, 0:1200]
    photo = np.stack([(xx / 5) % 255, (yy / 4) % 255, (xx + yy) / 9 % 255], axis=-1)
    photo = (photo + rng.normal(0, 20, photo.shape)).clip(0, 255).astype(np.uint8)
    with pytest.raises(ReaderError) as exc:
        read_bytes(png(Image.fromarray(photo)), name="photo.png")
    assert exc.value.kind in ("empty", "not_report")


def test_not_an_image():
    with pytest.raises(ReaderError) as exc:
        read_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, name="broken.png")
    assert exc.value.kind == "unreadable"


# ---------------------------------------------------------------- confidence


def test_low_confidence_values_need_an_equation():
    """A low-confidence value stays when its row equation (every other term
    sure) confirms it; otherwise it is null with a note naming why."""
    from gongkai.reader.doc import Document, Line
    from gongkai.reader.scan.page import CellScan

    report = load_report(scans.GOLD_DIR / "pingtan_2022.json")
    row = report.requests.new_received
    assert row[6] == sum(row[:6])
    cells = ["一、本年新收政府信息公开申请数量", *map(str, row)]
    confs = [0.9, 0.3, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95]  # the first number unsure
    line = Line(cells, 2, 5, table=True, xs=list(range(8)))
    line.scan = [CellScan((i * 10, 0, i * 10 + 9, 9), c, []) for i, c in enumerate(confs)]
    t2 = Line(["行政许可", "550"], 1, 3, table=True, xs=[0, 1])
    t2.scan = [CellScan((0, 0, 9, 9), 0.9, []), CellScan((10, 0, 19, 9), 0.2, [])]
    doc = Document([line, t2], source="scan")
    report.active.licensing = 550
    report.provenance = {f"requests.new_received.{i}": Provenance(page=2, line=5, cell=f"表三 一 第{i + 1}列", text=f"{row[i]} ← …") for i in range(7)}
    report.provenance["active.licensing"] = Provenance(page=1, line=3, cell="表二 行政许可", text="550 ← 行政许可 550")
    report.notes = []
    nulled = confirm.apply(report, doc)
    assert nulled == ["active.licensing"]  # table 2 has no equation to confirm it
    assert report.active.licensing is None
    assert "置为空" in report.provenance["active.licensing"].note
    assert report.requests.new_received[0] == row[0]  # confirmed by its row total
    assert "确认" in report.provenance["requests.new_received.0"].note
    p = report.provenance["requests.new_received.0"]
    assert p.box == [10, 0, 19, 9] and p.confidence == 0.3
    assert any("置为空" in n for n in report.notes)


# ---------------------------------------------------------------- acceptance


@pytest.fixture(scope="module")
def corpus():
    gold = scans.gold_reports()
    assert gold, "../shared/corpus/gold 不存在"
    return gold


def check(gold, got, *, exact: float | None) -> scans.Score:
    s = scans.score(gold, got)
    assert s.wrongs == [], s.wrongs  # never a wrong number, never a filled blank
    if exact is not None:
        assert s.exact >= exact, (s.right, s.null)
    return s


def test_scanned_pdfs_at_200_dpi(corpus):
    """Two gold reports as image-only PDFs at 200 dpi, one in colour with
    JPEG artefacts, one greyscale (its seal grey), both turned and in
    perspective: every cell right or null — never a wrong number — and at
    least 90% right over both (the cells under a grey seal are the nulls;
    issue #12's goal of 98% is not reached yet: ``python -m benchmarks ocr``)."""
    total = scans.Score(wrongs=[])
    for name, seed in (("pingtan_2021", 1), ("shanghai_stcsm_2024", 2)):
        gold = corpus[name]
        dmg = scans.damage_for(seed)
        pages = scans.scan_pages(gold, 200, seed)
        got = read_bytes(scans.as_pdf(pages, 200), name=f"{name}.pdf")
        total.add(check(gold, got, exact=None))
        assert got.agency == gold.agency and got.year == gold.year
        assert any("OCR" in n for n in got.notes)
        if abs(dmg.angle) >= 0.3:
            assert any("纠正倾斜" in n for n in got.notes)
        # provenance of a scanned value: page, box, confidence
        prov = got.provenance["requests.new_received.6"]
        assert prov.page and prov.box and prov.confidence is not None
    assert total.exact >= 0.90, (total.right, total.null)


def test_page_images_at_150_dpi_cli(corpus, tmp_path, capsys):
    """A report given as page images at 150 dpi (``--pages``): 0 wrong;
    ``--explain`` shows each value's box and confidence."""
    gold = corpus["hongze_district_gov_2023"]
    paths = []
    for data, name in scans.as_files(scans.scan_pages(gold, 150, 5)):
        p = tmp_path / name
        p.write_bytes(data)
        paths.append(str(p))
    rc = main(["parse", "--json", "--explain", "--pages", *paths])
    out, err = capsys.readouterr()
    assert rc == 0, err
    from gongkai.model import report_from_json

    got = report_from_json(out.strip().splitlines()[0].encode())
    got.provenance = None
    check(gold, got, exact=None)
    assert "置信度" in err and "扫描框" in err


def test_mixed_pdf_reads_each_page_with_its_front_end(corpus):
    """Text pages plus a scanned table page: the text layer where there is
    one, OCR on the scanned page only."""
    import pypdfium2 as pdfium

    gold = corpus["pingtan_2022"]
    text_pdf = pdfium.PdfDocument(scans.rendered_pdf(gold.model_dump_json()))
    scan_pdf = pdfium.PdfDocument(scans.as_pdf(scans.scan_pages(gold, 200, 3), 200))
    mixed = pdfium.PdfDocument.new()
    n = len(text_pdf)
    for i in range(n):
        src = scan_pdf if i == 1 else text_pdf
        mixed.import_pages(src, [i])
    buf = io.BytesIO()
    mixed.save(buf)
    got = read_bytes(buf.getvalue(), name="mixed.pdf")
    check(gold, got, exact=0.90)
    pages = {p.page: p.confidence is not None for p in got.provenance.values() if p.page}
    assert pages.get(1) is False  # page 1: text layer, no OCR confidence
    assert pages.get(2) is True  # page 2: scanned
    assert any("第2页为扫描图像" in n for n in got.notes)


def test_no_ocr_refuses_scans(corpus, tmp_path, capsys):
    gold = corpus["pingtan_2021"]
    pages = scans.scan_pages(gold, 150, 1)[:1]
    pdf = scans.as_pdf(pages, 150)
    with pytest.raises(ReaderError, match="需要 OCR") as exc:
        read_bytes(pdf, name="scan.pdf", ocr=False)
    assert exc.value.kind == "image_only"
    p = tmp_path / "scan.png"
    p.write_bytes(png(pages[0]))
    assert main(["parse", "--no-ocr", str(p)]) == 2
    assert "需要 OCR" in capsys.readouterr().err


def test_page_cap_is_noted(corpus, monkeypatch, tmp_path):
    """More pages than MAX_PAGES: the first are read, the rest named in a
    note (here the cap is lowered to keep the test short)."""
    monkeypatch.setattr(S, "MAX_PAGES", 2)
    gold = corpus["pingtan_2021"]
    pages = scans.scan_pages(gold, 150, 4)
    blank = Image.new("L", pages[0].size, 255)
    tiff = io.BytesIO()
    pages[0].convert("L").save(tiff, "TIFF", save_all=True, append_images=[p.convert("L") for p in pages[1:2]] + [blank] * 3)
    path = tmp_path / "scan.tif"
    path.write_bytes(tiff.getvalue())
    got = read_pages([path])
    assert any("只识别了前 2 页" in n and "第3–5页" in n for n in got.notes)
    check(gold, got, exact=None)



def test_progress_bar_on_stderr_for_several_pages(monkeypatch, capsys):
    monkeypatch.setenv("GONGKAI_PROGRESS", "1")
    bar = S.progress_bar(3, "OCR")
    assert bar is not None
    for _ in range(3):
        bar.update(1)
    bar.close()
    err = capsys.readouterr().err
    assert "OCR" in err and "/3" in err and "页" in err
    assert S.progress_bar(1, "OCR") is None  # one page: no bar


def test_pages_takes_only_images(tmp_path):
    a, b = tmp_path / "1.png", tmp_path / "2.txt"
    a.write_bytes(png(Image.new("L", (800, 1100), 255)))
    b.write_text("某局2023年政府信息公开工作年度报告")
    with pytest.raises(ReaderError, match="不是图片") as exc:
        read_pages([a, b])
    assert exc.value.kind == "unsupported"
