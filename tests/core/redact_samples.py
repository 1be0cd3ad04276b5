"""PDFs that hide strings everywhere a real record can: page text (two
producers: PyMuPDF and WeasyPrint), a form XObject, an image, a form field,
a free-text annotation, a note's popup text, a hidden layer, metadata and
bookmarks. Used by the redaction tests."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pymupdf
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


@dataclass
class Sample:
    pdf: bytes
    text_strings: list[str] = field(default_factory=list)  # findable by text search once baked
    # boxes staff draw by hand (images, form fields, free-text annotations)
    image_boxes: list[tuple[int, tuple[float, float, float, float], str]] = field(default_factory=list)
    hidden_strings: list[str] = field(default_factory=list)  # metadata, notes: removed whatever is marked
    keep: list[str] = field(default_factory=list)  # strings that are not marked and must survive


def text_image(text: str, size=(640, 80)) -> bytes:
    font = ImageFont.truetype(FONT, 40)
    im = Image.new("RGB", size, "white")
    ImageDraw.Draw(im).text((10, 12), text, font=font, fill="black")
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def build(placements: list[tuple[str, str]], keep: str = "本段文字可以公开", pages: int = 1) -> Sample:
    """``placements``: (where, string) with where in text / xobject / image /
    widget / freetext / note / layer / metadata / toc."""
    doc = pymupdf.open()
    for _ in range(pages):
        p = doc.new_page()
        p.insert_font(fontname="cjk", fontfile=FONT)
    sample = Sample(b"", keep=[keep])
    doc[0].insert_text((72, 60), keep, fontname="cjk", fontsize=11)
    y = 90.0
    toc, meta = [], {}
    for i, (where, s) in enumerate(placements):
        page = doc[i % pages]
        if i % pages and "cjk" not in [f[3] for f in page.get_fonts()]:
            page.insert_font(fontname="cjk", fontfile=FONT)
        if where == "text":
            page.insert_text((72, y), f"第{i}项 {s} 其后文字", fontname="cjk", fontsize=11)
            sample.text_strings.append(s)
        elif where == "xobject":
            src = pymupdf.open()
            sp = src.new_page(width=400, height=30)
            sp.insert_font(fontname="cjk", fontfile=FONT)
            sp.insert_text((4, 20), f"嵌套 {s}", fontname="cjk", fontsize=11)
            page.show_pdf_page(pymupdf.Rect(72, y - 20, 472, y + 10), src, 0)
            sample.text_strings.append(s)
        elif where == "image":
            r = (72, y - 20, 392, y + 20)
            page.insert_image(pymupdf.Rect(*r), stream=text_image(s))
            sample.image_boxes.append((page.number, r, s))
        elif where == "widget":
            w = pymupdf.Widget()
            w.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
            w.field_name = f"field{i}"
            w.field_value = s
            w.rect = pymupdf.Rect(72, y - 14, 372, y + 4)
            page.add_widget(w)
            # staff mark the field where they see it (MuPDF's extraction of a
            # baked field may miss CJK glyphs that pdfium still maps)
            sample.image_boxes.append((page.number, (72, y - 14, 372, y + 4), s))
            sample.hidden_strings.append(s)
        elif where == "freetext":
            page.add_freetext_annot(pymupdf.Rect(72, y - 14, 372, y + 6), s, fontsize=10)
            sample.image_boxes.append((page.number, (72, y - 14, 372, y + 6), s))
            sample.hidden_strings.append(s)
        elif where == "note":
            page.add_text_annot((450, y), s)  # only an icon on the page; the text sits in the popup
            sample.hidden_strings.append(s)
        elif where == "layer":
            ocg = doc.add_ocg(f"隐藏图层{i}", on=False)
            page.insert_text((72, y), f"图层 {s}", fontname="cjk", fontsize=11, oc=ocg)
            sample.text_strings.append(s)
        elif where == "metadata":
            meta = {"title": s, "author": s, "subject": s, "keywords": s}
            sample.hidden_strings.append(s)
        elif where == "toc":
            toc.append([1, s, page.number + 1])
            sample.hidden_strings.append(s)
        else:
            raise ValueError(where)
        y += 40 if y < 760 else -660
    if meta:
        doc.set_metadata(meta)
        doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc>{meta['title']}</dc></x:xmpmeta>")
    if toc:
        doc.set_toc(toc)
    sample.pdf = doc.tobytes()
    doc.close()
    return sample


def weasy_sample(strings: list[str]) -> Sample:
    """A record as the platform itself prints one (WeasyPrint, Noto CJK)."""
    from gongkai.render.pdf import html_to_pdf

    rows = "".join(f"<tr><td>{i}</td><td>当事人 {s}</td><td>已核查</td></tr>" for i, s in enumerate(strings))
    html = (
        "<html><head><meta charset='utf-8'><title>" + strings[0] + "</title></head>"
        "<body style='font-family: \"Noto Serif CJK SC\"'><h1>行政执法检查记录</h1>"
        f"<p>本段文字可以公开。检查对象联系人{strings[0]}，检查结论：合格。</p>"
        f"<table border='1'>{rows}</table></body></html>"
    )
    return Sample(html_to_pdf(html), text_strings=list(strings), keep=["本段文字可以公开", "行政执法检查记录"])
