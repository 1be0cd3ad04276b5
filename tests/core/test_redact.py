"""Redaction removes what is under a mark: text extraction (pypdfium2 and
pdfplumber) finds none of the marked strings, the boxes render black, and no
annotation, form field, layer, metadata or bookmark holds them. Both methods
(``apply`` and ``rasterize``) are held to the same tests."""

from __future__ import annotations

import io

import pdfplumber
import pymupdf
import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import redact
from tests.core.redact_samples import build, weasy_sample

METHODS = ("apply", "rasterize")


def pdfium_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def plumber_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join((p.extract_text() or "") for p in doc.pages)


BINARY = ("/Subtype/Image", "/Length1", "/Length2", "/Subtype/CIDFontType0C", "/Subtype/Type1C",
          "/Subtype/OpenType", "/Type/XRef", "/Type/ObjStm")


def raw_strings(pdf: bytes) -> bytes:
    """Every object of the file, with every stream that is not font or image
    data inflated: where a string in a dictionary, an annotation, a form
    field, a content stream or metadata would show. (Font and image bytes are
    left out: a 4-byte UTF-16 name turns up in them by chance.)"""
    doc = pymupdf.open(stream=pdf)
    out = []
    for xref in range(1, doc.xref_length()):
        try:
            obj = doc.xref_object(xref, compressed=True)
        except Exception:
            continue
        out.append(obj.encode())
        if doc.xref_is_stream(xref) and not any(b in obj.replace(" ", "") for b in BINARY):
            out.append(doc.xref_stream(xref) or b"")
    doc.close()
    return b"\n".join(out)


def encodings(s: str) -> list[bytes]:
    return [s.encode("utf-8"), s.encode("utf-16-be"), s.encode("utf-16-be").hex().upper().encode(),
            s.encode("utf-16-be").hex().encode()]


def assert_gone(out: bytes, strings, marks):
    t1, t2 = pdfium_text(out), plumber_text(out)
    raw = raw_strings(out)
    for s in strings:
        assert s not in t1, f"pypdfium2 still reads {s}"
        assert s not in t2, f"pdfplumber still reads {s}"
        for enc in encodings(s):
            assert enc not in raw, f"{s} still in the file's objects"
    doc = pymupdf.open(stream=out)
    assert not doc.get_ocgs() and not doc.get_toc() and doc.embfile_count() == 0
    assert not any(v for k, v in doc.metadata.items() if k not in ("format", "encryption"))
    for page in doc:
        assert not list(page.annots()) and not list(page.widgets())
    for m in marks:  # black where marked
        inner = (m.rect + (2, 2, -2, -2)) & doc[m.page].rect
        pix = doc[m.page].get_pixmap(clip=inner, dpi=100, colorspace=pymupdf.csGRAY)
        assert max(pix.samples) <= 40, f"mark on page {m.page + 1} is not black"
    doc.close()


def marks_for(sample, wc):
    marks = redact.find(wc, terms=sample.text_strings, reason="privacy")
    for page, box, _s in sample.image_boxes:
        marks.append(redact.Mark(page, *box, reason="privacy"))
    return marks


EVERYWHERE = [("text", "张三丰"), ("xobject", "13912345678"), ("image", "李四 13800001111"),
              ("widget", "410726199001011234"), ("freetext", "13700002222"), ("note", "王五住址"),
              ("layer", "13600003333"), ("metadata", "赵六"), ("toc", "孙七的材料")]


def test_the_samples_do_hold_the_strings():
    """Without redaction the strings are there: the tests below can fail."""
    sample = build(EVERYWHERE)
    raw = raw_strings(sample.pdf)
    for s in ("王五住址", "赵六", "孙七的材料", "410726199001011234"):
        assert any(enc in raw for enc in encodings(s)), s
    assert "张三丰" in pdfium_text(sample.pdf) and "13912345678" in plumber_text(sample.pdf)
    wc = redact.working_copy(sample.pdf)
    assert {"13600003333", "410726199001011234", "13700002222"} <= {
        m.text for m in redact.find(wc, patterns=("phone", "id_number"))}


@pytest.mark.parametrize("method", METHODS)
def test_everything_under_the_marks_is_removed(method):
    sample = build(EVERYWHERE)
    wc = redact.working_copy(sample.pdf)
    marks = marks_for(sample, wc)
    assert len(marks) >= len(sample.text_strings) + len(sample.image_boxes)
    assert "410726199001011234" in redact.text_of(wc)  # the field's value is page text once baked
    out = redact.redact(wc, marks, method=method)
    assert_gone(out, sample.text_strings + sample.hidden_strings, marks)
    # image pixels under the box are blanked too, not only painted over
    for img in pymupdf.open(stream=out)[0].get_images():
        pix = pymupdf.Pixmap(pymupdf.open(stream=out), img[0])
        assert pix.width > 0


def test_weasyprint_record(tmp_path):
    names = ["张三丰", "李四光", "13912345678", "410726199001011234"]
    sample = weasy_sample(names)
    wc = redact.working_copy(sample.pdf)
    marks = redact.find(wc, patterns=("phone", "id_number"), terms=["张三丰", "李四光"])
    assert {m.text for m in marks} >= set(names)
    out = redact.redact(wc, marks)
    assert_gone(out, names, marks)
    assert "检查结论" in pdfium_text(out) or pymupdf.open(stream=out)[0].get_images()


def test_unmarked_strings_survive_and_marks_are_checked():
    sample = build([("text", "张三丰"), ("text", "可以公开的名称")])
    wc = redact.working_copy(sample.pdf)
    marks = redact.find(wc, terms=["张三丰"])
    out = redact.redact(wc, marks)
    assert "可以公开的名称" in pdfium_text(out)
    assert redact.verify(wc, marks)  # the unredacted copy fails verification: the check can fail


def test_search_patterns():
    sample = build([("text", "身份证号41072619900101123X"), ("text", "电话138 1234 5678"),
                    ("text", "编号410726199013011234"), ("text", "座机03737622345")])
    wc = redact.working_copy(sample.pdf)
    found = {m.text for m in redact.find(wc, patterns=("id_number", "phone"))}
    assert "41072619900101123X" in found and "138 1234 5678" in found
    assert not any("410726199013011234" in f for f in found)  # month 13: not an ID number
    assert not any("03737622345" in f for f in found)


def test_marks_need_a_reason_and_a_page():
    with pytest.raises(redact.RedactionError, match="理由"):
        redact.Mark.from_dict({"page": 0, "x0": 1, "y0": 1, "x1": 5, "y1": 5, "reason": "because"})
    wc = redact.working_copy(build([("text", "甲")]).pdf)
    with pytest.raises(redact.RedactionError, match="第 3 页"):
        redact.redact(wc, [redact.Mark(2, 1, 1, 5, 5)])


def test_images_and_office_files_become_pdf():
    from tests.core.redact_samples import text_image

    pdf = redact.to_pdf(text_image("王五"), "scan.png")
    assert pymupdf.open(stream=pdf).page_count == 1
    with pytest.raises(redact.RedactionError, match="不支持"):
        redact.to_pdf(b"hello", "notes.exe")


def test_docx_converted_by_libreoffice():
    import shutil

    if not shutil.which("soffice"):
        pytest.skip("没有安装 LibreOffice")
    import docx

    d = docx.Document()
    d.add_paragraph("检查对象联系人张三丰，电话13912345678。")
    buf = io.BytesIO()
    d.save(buf)
    pdf = redact.to_pdf(buf.getvalue(), "record.docx")
    wc = redact.working_copy(pdf)
    marks = redact.find(wc, patterns=("phone",), terms=["张三丰"])
    assert len(marks) == 2
    out = redact.redact(wc, marks)
    assert_gone(out, ["张三丰", "13912345678"], marks)


# ------------------------------------------------------------ property test

WHERE = st.sampled_from(["text", "xobject", "image", "widget", "freetext", "note", "layer", "metadata", "toc"])
DIGITS = st.text("0123456789", min_size=6, max_size=11).map(lambda d: "1" + d)
NAMES = st.text("张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程", min_size=2, max_size=4)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(WHERE, st.one_of(DIGITS, NAMES)), min_size=1, max_size=6,
                unique_by=lambda p: p[1]),
       st.integers(1, 2), st.sampled_from(METHODS))
def test_property_nothing_marked_is_extractable(placements, pages, method):
    # a string must not be contained in another one, or in the text that stays
    strings = [s for _w, s in placements]
    placements = [(w, s) for w, s in placements
                  if not any(s != o and s in o for o in strings) and s not in "本段文字可以公开"]
    if not placements:
        return
    sample = build(placements, pages=pages)
    wc = redact.working_copy(sample.pdf)
    marks = marks_for(sample, wc)
    out = redact.redact(wc, marks, method=method)
    assert_gone(out, sample.text_strings + sample.hidden_strings, marks)


@pytest.mark.parametrize("make", [lambda: build([("text", "张三丰"), ("text", "13912345678")]),
                                  lambda: weasy_sample(["张三丰", "13912345678"])])
def test_apply_keeps_the_layout(make):
    """``apply`` removes the marked glyphs and leaves every other character
    where it was, as selectable text (no page falls back to an image)."""
    sample = make()
    wc = redact.working_copy(sample.pdf)
    marks = redact.find(wc, terms=sample.text_strings)
    out = redact.redact(wc, marks, method="apply")
    before, after = pymupdf.open(stream=wc), pymupdf.open(stream=out)
    for pno in range(before.page_count):
        page_marks = [m for m in marks if m.page == pno]
        assert redact._layout(before[pno], page_marks) == redact._layout(after[pno], page_marks)
        assert not after[pno].get_images()
    for keep in sample.keep:
        assert keep in pdfium_text(out)


def test_text_mupdf_cannot_decode_is_removed_too():
    """A form field drawn in a non-embedded CJK font (predefined CMap): MuPDF
    does not decode those glyphs, so its redaction alone would leave them;
    pdfium reads them, and the page is rebuilt as an image."""
    sample = build([("widget", "孙萧")])
    wc = redact.working_copy(sample.pdf)
    assert "孙萧" not in redact.text_of(wc) and "孙萧" in pdfium_text(wc)
    marks = marks_for(sample, wc)
    out = redact.redact(wc, marks, method="apply")
    assert_gone(out, ["孙萧"], marks)
