"""Redaction of released records (部分公开, 《条例》第三十七条): the content
under each mark is removed from the PDF, not covered.

No Django here. The pipeline, for one document:

1. ``to_pdf`` — PDFs as they are; images through PyMuPDF; DOCX/XLSX (and
   DOC/XLS/ODT/ODS) through LibreOffice headless, with a timeout.
2. ``working_copy`` — what staff look at and mark: annotations and form
   fields baked into the page content (their values become ordinary page
   text, so a mark removes them like any other text), every optional-content
   layer switched on (nothing hidden from the person marking), invisible text,
   metadata, XMP, bookmarks, embedded files, JavaScript and links removed.
3. ``find`` — search-and-mark: 身份证号, 手机号 and typed terms, as rectangles
   over the characters' boxes.
4. ``redact`` — ``method="apply"`` (default): PyMuPDF redaction annotations
   applied with text removal, image pixels under the box blanked and vector
   graphics touching the box removed, then the file is scrubbed and rewritten
   with garbage collection (no old object survives); ``method="rasterize"``:
   every page re-drawn as an image with the boxes painted black (no text layer
   at all). ``tests/core/test_redact*.py`` run both against PDFs holding the
   strings in text, inside form XObjects, in images, in form fields, in
   annotations, in hidden layers and in metadata; both leave nothing
   extractable, and ``apply`` keeps the unmarked text selectable, so it is the
   default. Two cases make ``apply`` rebuild a page as an image: text MuPDF
   cannot decode (a non-embedded CJK font with a predefined CMap — pdfium,
   a second extractor, still reads it under the mark), and a line whose other
   characters moved (checked character by character; PyMuPDF 1.27+ shifted
   them, hence the version pin).
5. ``verify`` — after redaction, every marked box must hold no extractable
   text and render black; ``redact`` raises ``RedactionError`` otherwise.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

import pymupdf

# The grounds on which part of a record may be withheld (条例第十四、十五、十六条).
GROUNDS: dict[str, tuple[str, str]] = {
    "state_secret": ("第十四条", "依法确定为国家秘密的政府信息"),
    "law_prohibited": ("第十四条", "法律、行政法规禁止公开的政府信息"),
    "security": ("第十四条", "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息"),
    "trade_secret": ("第十五条", "涉及商业秘密，公开会对第三方合法权益造成损害"),
    "privacy": ("第十五条", "涉及个人隐私，公开会对第三方合法权益造成损害"),
    "internal": ("第十六条第一款", "行政机关的内部事务信息"),
    "process": ("第十六条第二款", "行政机关在履行行政管理职能过程中形成的过程性信息"),
    "enforcement": ("第十六条第二款", "行政执法案卷信息"),
}

# Search-and-mark patterns: (label, regular expression, default ground).
PATTERNS: dict[str, tuple[str, str, str]] = {
    "id_number": ("身份证号",
                  r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
                  r"(?![0-9A-Za-z])", "privacy"),
    "phone": ("手机号", r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)", "privacy"),
}

CONVERTIBLE = (".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".rtf")
IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif")
SOFFICE_TIMEOUT = int(os.environ.get("GONGKAI_SOFFICE_TIMEOUT", "120"))
RASTER_DPI = 200


class RedactionError(Exception):
    """The document cannot be converted, read or redacted; Chinese message."""


@dataclass(frozen=True)
class Mark:
    """A box to remove, in PDF points with the origin at the page's top left
    (PyMuPDF's coordinates); ``page`` counts from 0."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    reason: str = "privacy"
    text: str = ""  # what a search found there (shown to staff, never released)
    source: str = "manual"  # manual | id_number | phone | term

    @property
    def rect(self) -> pymupdf.Rect:
        return pymupdf.Rect(self.x0, self.y0, self.x1, self.y1)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Mark:
        try:
            x0, x1 = sorted((float(d["x0"]), float(d["x1"])))
            y0, y1 = sorted((float(d["y0"]), float(d["y1"])))
            page = int(d["page"])
        except (KeyError, TypeError, ValueError):
            raise RedactionError("标记的位置不完整") from None
        reason = str(d.get("reason") or "")
        if reason not in GROUNDS:
            raise RedactionError("每处遮盖都须选择《条例》第十四、十五或十六条中的理由")
        return cls(page, x0, y0, x1, y1, reason, str(d.get("text") or "")[:200], str(d.get("source") or "manual"))


def ground_label(key: str) -> str:
    article, label = GROUNDS[key]
    return f"《条例》{article}：{label}"


# ------------------------------------------------------------------ input


def _open(pdf: bytes) -> pymupdf.Document:
    try:
        doc = pymupdf.open(stream=pdf, filetype="pdf")
    except Exception:
        raise RedactionError("文件不是可读取的 PDF") from None
    if doc.needs_pass or doc.is_encrypted:
        raise RedactionError("PDF 已加密，请先取得未加密的文件")
    if doc.page_count == 0:
        raise RedactionError("PDF 没有页面")
    return doc


def to_pdf(data: bytes, filename: str, timeout: int = SOFFICE_TIMEOUT) -> bytes:
    """The document as PDF: PDFs unchanged, images embedded one per page,
    office files converted by LibreOffice (``soffice --headless``)."""
    ext = Path(filename).suffix.lower()
    if ext == ".pdf" or data[:4] == b"%PDF":
        _open(data).close()
        return data
    if ext in IMAGES:
        try:
            img = pymupdf.open(stream=data, filetype=ext.lstrip("."))
            out = img.convert_to_pdf()
        except Exception:
            raise RedactionError(f"图片无法读取：{filename}") from None
        return out
    if ext in CONVERTIBLE:
        return _soffice(data, ext, timeout)
    raise RedactionError(f"不支持的文件类型：{filename}（可用 PDF、图片、DOCX、XLSX）")


def _soffice(data: bytes, ext: str, timeout: int) -> bytes:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if not binary:
        raise RedactionError("服务器未安装 LibreOffice，无法把该文件转换为 PDF")
    with tempfile.TemporaryDirectory(prefix="gongkai-soffice-") as tmp:
        src = Path(tmp) / f"input{ext}"
        src.write_bytes(data)
        # A private profile: concurrent conversions must not share (and lock) one.
        profile = Path(tmp) / "profile"
        cmd = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", tmp, str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, start_new_session=True)
        except subprocess.TimeoutExpired:
            raise RedactionError(f"转换为 PDF 超时（{timeout} 秒）") from None
        out = Path(tmp) / "input.pdf"
        if proc.returncode != 0 or not out.exists():
            raise RedactionError("LibreOffice 无法把该文件转换为 PDF")
        return out.read_bytes()


def working_copy(pdf: bytes) -> bytes:
    """What staff see and mark (see the module docstring, step 2)."""
    doc = _open(pdf)
    _show_all_layers(doc)
    doc.bake(annots=True, widgets=True)
    _scrub(doc)
    return _save(doc)


def _show_all_layers(doc: pymupdf.Document) -> None:
    ocgs = doc.get_ocgs() or {}
    if ocgs:
        doc.set_layer(-1, on=list(ocgs), off=[], locked=[])


def _scrub(doc: pymupdf.Document) -> None:
    doc.scrub(attached_files=True, clean_pages=True, embedded_files=True, hidden_text=True, javascript=True,
              metadata=True, redactions=True, remove_links=True, reset_fields=False, reset_responses=True,
              thumbnails=True, xml_metadata=True)
    doc.set_metadata({})
    doc.del_xml_metadata()
    doc.set_toc([])
    for name in list(doc.embfile_names()):
        doc.embfile_del(name)
    # No optional content at all: every layer was switched on and baked in.
    root = doc.pdf_catalog()
    if doc.xref_get_key(root, "OCProperties")[0] != "null":
        doc.xref_set_key(root, "OCProperties", "null")
    if doc.xref_get_key(root, "AcroForm")[0] != "null":
        doc.xref_set_key(root, "AcroForm", "null")
    if doc.xref_get_key(root, "PageLabels")[0] != "null":
        doc.xref_set_key(root, "PageLabels", "null")


def _save(doc: pymupdf.Document) -> bytes:
    out = doc.tobytes(garbage=4, deflate=True, clean=True, no_new_id=True)
    doc.close()
    return out


# ------------------------------------------------------------------ looking


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    doc = _open(pdf)
    sizes = [(p.rect.width, p.rect.height) for p in doc]
    doc.close()
    return sizes


def render_page(pdf: bytes, page: int, dpi: int = 96) -> bytes:
    """Page ``page`` (from 0) as PNG."""
    doc = _open(pdf)
    if not 0 <= page < doc.page_count:
        raise RedactionError("没有这一页")
    png = doc[page].get_pixmap(dpi=dpi, alpha=False).tobytes("png")
    doc.close()
    return png


def _lines(page: pymupdf.Page):
    """Each text line as (text, [char bbox, …]) with one box per character."""
    raw = page.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP)
    for block in raw.get("blocks", []):
        for line in block.get("lines", []):
            chars = [c for span in line.get("spans", []) for c in span.get("chars", [])]
            if chars:
                yield "".join(_norm(c["c"]) for c in chars), [pymupdf.Rect(c["bbox"]) for c in chars]


def _norm(ch: str) -> str:
    """One character, NFKC-normalized when that stays one character: fonts
    often map a glyph back to a CJK compatibility ideograph (U+F9E1 for 李)."""
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


def find(pdf: bytes, patterns=(), terms=(), reason: str | None = None) -> list[Mark]:
    """Marks over every match of the named ``patterns`` (keys of PATTERNS)
    and of the literal ``terms`` (e.g. names), line by line."""
    regexes = []
    for key in patterns:
        if key not in PATTERNS:
            raise RedactionError(f"没有“{key}”这种查找方式")
        _label, rx, ground = PATTERNS[key]
        regexes.append((key, re.compile(rx), reason or ground))
    for term in terms:
        term = (term or "").strip()
        if term:
            # Tolerate spaces the producer put between the characters.
            rx = r"\s*".join(re.escape(ch) for ch in term if not ch.isspace())
            regexes.append(("term", re.compile(rx), reason or "privacy"))
    marks: list[Mark] = []
    doc = _open(pdf)
    for pno, page in enumerate(doc):
        for text, boxes in _lines(page):
            for source, rx, ground in regexes:
                for m in rx.finditer(text):
                    if m.end() == m.start():
                        continue
                    r = pymupdf.Rect(boxes[m.start()])
                    for b in boxes[m.start() + 1:m.end()]:
                        r |= b
                    r = (r + (-0.2, -0.5, 0.2, 0.5)) & page.rect
                    marks.append(Mark(pno, round(r.x0, 2), round(r.y0, 2), round(r.x1, 2), round(r.y1, 2),
                                      ground, m.group(0), source))
    doc.close()
    return _dedupe(marks)


def _dedupe(marks: list[Mark]) -> list[Mark]:
    seen, out = set(), []
    for m in marks:
        key = (m.page, m.x0, m.y0, m.x1, m.y1)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


# ------------------------------------------------------------------ removing


def redact(pdf: bytes, marks, method: str = "apply") -> bytes:
    """The redacted document (see the module docstring, steps 4–5). ``pdf``
    should be a ``working_copy``; marks outside the pages are refused."""
    marks = list(marks)
    doc = _open(pdf)
    for m in marks:
        if not 0 <= m.page < doc.page_count:
            raise RedactionError(f"标记所在的第 {m.page + 1} 页不存在")
        if m.rect.is_empty or not m.rect.intersects(doc[m.page].rect):
            raise RedactionError(f"第 {m.page + 1} 页有一处标记不在页面内")
    doc.close()
    if method == "apply":
        out = _apply(pdf, marks)
    elif method == "rasterize":
        out = _rasterize(pdf, marks)
    else:
        raise ValueError(method)
    problems = verify(out, marks)
    if problems:
        raise RedactionError("遮盖后核验未通过：" + "；".join(problems))
    return out


def _apply(pdf: bytes, marks: list[Mark]) -> bytes:
    src = _open(pdf)
    doc = _open(pdf)
    _show_all_layers(doc)
    doc.bake(annots=True, widgets=True)
    by_page: dict[int, list[Mark]] = {}
    for m in marks:
        by_page.setdefault(m.page, []).append(m)
    shifted = []
    for pno, ms in by_page.items():
        page = doc[pno]
        for m in ms:
            page.add_redact_annot(m.rect & page.rect, fill=(0, 0, 0))
        page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                              graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED,
                              text=pymupdf.PDF_REDACT_TEXT_REMOVE)
        if _layout(src[pno], ms) != _layout(page, ms) or page.rotation:
            shifted.append(pno)
    # MuPDF removes only the glyphs it can decode: text in a font it cannot
    # map (a non-embedded CJK font with a predefined CMap, say) stays in the
    # content. A second, independent extractor (pdfium) looks under every
    # mark; a page where it still reads something is rasterized.
    leaking = _pdfium_inside(doc.tobytes(), marks)
    shifted = sorted(set(shifted) | leaking)
    # MuPDF sometimes re-positions the rest of a line after removing glyphs
    # (font widths that disagree with the producer's spacing): such a page
    # is re-drawn as an image of the working copy with the boxes painted
    # black, so the released page always looks as the marked page did.
    for pno in shifted:
        w, h = doc[pno].rect.width, doc[pno].rect.height
        png = _raster_page(src[pno], by_page[pno])
        doc.delete_page(pno)
        page = doc.new_page(pno, width=w, height=h)
        page.insert_image(page.rect, stream=png)
    src.close()
    _scrub(doc)
    return _save(doc)


def _pdfium_inside(pdf: bytes, marks: list[Mark]) -> set[int]:
    """Pages where pdfium reads a character whose centre lies inside a mark."""
    import pypdfium2 as pdfium

    pages = set()
    doc = pdfium.PdfDocument(pdf)
    try:
        for pno in sorted({m.page for m in marks}):
            page = doc[pno]
            height = page.get_height()
            left, bottom, _r, _t = page.get_cropbox()
            tp = page.get_textpage()
            rects = [m.rect for m in marks if m.page == pno]
            for i in range(tp.count_chars()):
                if not tp.get_text_range(i, 1).strip():
                    continue
                x0, y0, x1, y1 = tp.get_charbox(i)
                centre = pymupdf.Point((x0 + x1) / 2 - left, height - ((y0 + y1) / 2 - bottom))
                if any(centre in r for r in rects):
                    pages.add(pno)
                    break
    finally:
        doc.close()
    return pages


def _layout(page: pymupdf.Page, marks: list[Mark]) -> list:
    """The characters outside every mark, with positions rounded to 1 pt."""
    rects = [m.rect for m in marks]
    out = []
    for _none, chars in _chars(page):
        for ch, box in chars:
            centre = pymupdf.Point((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
            if ch.strip() and not any(centre in r or box.intersects(r) for r in rects):
                out.append((ch, round(box.x0), round(box.y0)))
    return sorted(out)


def _raster_page(page: pymupdf.Page, marks: list[Mark]) -> bytes:
    zoom = RASTER_DPI / 72
    pix = page.get_pixmap(dpi=RASTER_DPI, alpha=False)
    for m in marks:
        r = (m.rect & page.rect) * pymupdf.Matrix(zoom, zoom)
        pix.set_rect(pymupdf.IRect(r.x0 - 1, r.y0 - 1, r.x1 + 1, r.y1 + 1) & pix.irect, (0, 0, 0))
    return pix.tobytes("png")


def _rasterize(pdf: bytes, marks: list[Mark]) -> bytes:
    src = _open(pdf)
    out = pymupdf.open()
    for pno, page in enumerate(src):
        png = _raster_page(page, [m for m in marks if m.page == pno])
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=png)
    src.close()
    return _save(out)


def verify(pdf: bytes, marks) -> list[str]:
    """Problems with a redacted document: text still extractable inside a
    mark, a mark not black when rendered, or leftovers a reader could hold
    (annotations, form fields, layers, metadata, embedded files)."""
    problems = []
    doc = _open(pdf)
    for m in marks:
        page = doc[m.page]
        inner = (m.rect + (1.5, 1.5, -1.5, -1.5)) & page.rect
        if inner.is_empty:
            continue
        if _chars_inside(page, m.rect):
            problems.append(f"第 {m.page + 1} 页标记内仍有文字")
        pix = page.get_pixmap(clip=inner, dpi=72, alpha=False, colorspace=pymupdf.csGRAY)
        if pix.samples and max(pix.samples) > 40:
            problems.append(f"第 {m.page + 1} 页标记内未完全涂黑")
    for pno in sorted(_pdfium_inside(pdf, marks)):
        problems.append(f"第 {pno + 1} 页标记内仍有文字（pdfium）")
    for page in doc:
        if list(page.annots()) or list(page.widgets()):
            problems.append(f"第 {page.number + 1} 页仍有批注或表单域")
    if doc.get_ocgs():
        problems.append("文件仍有图层")
    if any(v for k, v in (doc.metadata or {}).items() if k not in ("format", "encryption")):
        problems.append("文件仍有元数据")
    if doc.get_xml_metadata():
        problems.append("文件仍有 XMP 元数据")
    if doc.embfile_count():
        problems.append("文件仍有嵌入文件")
    doc.close()
    return problems


def _chars_inside(page: pymupdf.Page, rect: pymupdf.Rect) -> str:
    """The non-blank characters whose box's centre lies inside ``rect``."""
    found = []
    for _text, boxes_chars in _chars(page):
        for ch, box in boxes_chars:
            centre = pymupdf.Point((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
            if ch.strip() and centre in rect:
                found.append(ch)
    return "".join(found)


def _chars(page: pymupdf.Page):
    raw = page.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE)
    for block in raw.get("blocks", []):
        for line in block.get("lines", []):
            yield None, [(c["c"], pymupdf.Rect(c["bbox"])) for span in line.get("spans", [])
                         for c in span.get("chars", [])]


def text_of(pdf: bytes) -> str:
    """All extractable text (PyMuPDF), for checks."""
    doc = _open(pdf)
    text = "\n".join(p.get_text() for p in doc)
    doc.close()
    return text
