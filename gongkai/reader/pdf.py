"""PDF with a text layer, via pypdfium2: each page's characters with their
boxes and its ruling lines (path objects) become a ``types.Page``;
``layout.document_from_pages`` makes the lines and cells. A page without a
text layer (a scan) goes to the OCR front end (``gongkai.reader.scan``), page
by page, so a mixed PDF reads each page with its own front end; with
``ocr=False`` a PDF without text is refused as image-only."""

from __future__ import annotations

from gongkai.reader import limits
from gongkai.reader.errors import ReaderError
from gongkai.reader.layout import document_from_pages
from gongkai.reader.types import Document, Page, Ruling, Word

OCR_DPI = 200  # scanned pages are rendered at this resolution for OCR


def lines_from_pdf(data: bytes, *, ocr: bool = True) -> Document:
    limits.check_pdf(data)
    try:
        import pypdfium2 as pdfium
    except ImportError as err:  # pragma: no cover
        raise ReaderError("缺少 PDF 组件 pypdfium2，无法读取 PDF", "unsupported") from err
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        msg = str(err)
        if "password" in msg.lower():
            raise ReaderError("PDF 已加密（需要密码），无法读取", "encrypted") from None
        raise ReaderError(f"PDF 文件已损坏或不是有效的 PDF：{msg}", "unreadable") from None
    pages: list[Page] = []
    scanned: list[int] = []  # pages without a text layer (0-based)
    total_chars = garbled = cjk = 0
    try:
        for pno in range(len(pdf)):
            page = pdf[pno]
            try:
                width, height = page.get_size()
                rotation = page.get_rotation() % 360
                tp = page.get_textpage()
                chars = _chars(tp)
                rulings = _rulings(page, height) if chars and rotation == 0 else []
                if rotation in (90, 270):  # landscape pages: read as displayed
                    chars = [_rotate(c, rotation, width, height) for c in chars]
                    width, height = height, width
            finally:
                page.close()
            if len(chars) < 10:  # no text layer (a stamped page number at most)
                scanned.append(pno)
            if chars:
                total_chars += len(chars)
                garbled += sum(1 for c in chars if "\ue000" <= c[0] <= "\uf8ff" or c[0] == "\ufffd" or ord(c[0]) < 32)
                cjk += sum(1 for c in chars if "\u4e00" <= c[0] <= "\u9fff")
            words = [Word(ch, (x0, height - y1, x1, height - y0), pno + 1) for ch, x0, y0, x1, y1 in chars]
            pages.append(Page(pno + 1, width, height, words, rulings))
        undecodable = total_chars > 50 and garbled > 0.3 * total_chars and cjk < 0.1 * total_chars
        if not ocr or (not scanned and not undecodable):
            if not total_chars:
                raise ReaderError("PDF 没有文字层（扫描件或图片），需要 OCR 才能读取（OCR 已关闭）", "image_only")
            if undecodable:
                raise ReaderError("PDF 文字层无法解码（字体缺少编码映射，显示为乱码），需要 OCR 才能读取（OCR 已关闭）", "image_only")
            return document_from_pages(pages, source="pdf")
        if undecodable:
            scanned = list(range(len(pdf)))  # the text layer is noise: every page from its image
        from gongkai.reader import scan

        ocr_doc = Document(source="ocr")
        info = scan.ScanInfo(engine="")
        scan.ocr_pages([(p + 1, _renderer(pdf, p), None) for p in scanned], ocr_doc, info)
    except pdfium.PdfiumError as err:
        raise ReaderError(f"PDF 文件无法解析：{err}", "unreadable") from None
    finally:
        pdf.close()
    text_doc = document_from_pages([pg for pg in pages if pg.number - 1 not in scanned], source="pdf")
    doc = Document(source="ocr" if len(scanned) == len(pages) else "pdf", soft_wrap=True)
    # page by page: the text layer where a page has one, OCR where it has none
    doc.lines = sorted(text_doc.lines + ocr_doc.lines, key=lambda ln: ln.page or 0)
    doc.meta["scan"] = info
    if not ocr_doc.lines and not text_doc.lines:
        raise ReaderError("PDF 没有文字层，OCR 也没有识别出文字（空白页或不是文字图像）", "empty")
    return doc


def _renderer(pdf, pno: int):
    """A page rendered for OCR when it is its turn (one page in memory at a
    time), at OCR_DPI but never above the OCR front end's pixel cap."""

    def render():
        import math

        from gongkai.reader.scan.image import MAX_PIXELS

        page = pdf[pno]
        try:
            w, h = page.get_size()
            scale = min(OCR_DPI / 72, math.sqrt(MAX_PIXELS / max(w * h, 1.0)))
            img = page.render(scale=scale).to_pil()
        finally:
            page.close()
        img.info["dpi"] = (scale * 72, scale * 72)
        return img

    return render


def pdfium_error():
    import pypdfium2 as pdfium

    return pdfium.PdfiumError


def _rulings(page, height: float) -> list[Ruling]:
    """Table borders: thin path objects (lines, hairline rectangles) and the
    edges of cell rectangles, in top-left coordinates."""
    from pypdfium2 import raw

    out: list[Ruling] = []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=3):
        try:
            x0, y0, x1, y1 = obj.get_bounds()
        except Exception:
            continue
        top, bottom = height - y1, height - y0
        w, h = x1 - x0, bottom - top
        if w <= 2.5 or h <= 2.5:
            if max(w, h) >= 4:
                out.append(Ruling(x0, top, x1, bottom))
        elif raw.FPDFPath_CountSegments(obj.raw) <= 6 and w < 2000 and h < 2000:
            # a cell's rectangle: its four edges
            out += [Ruling(x0, top, x0 + 0.5, bottom), Ruling(x1 - 0.5, top, x1, bottom),
                    Ruling(x0, top, x1, top + 0.5), Ruling(x0, bottom - 0.5, x1, bottom)]
    return out


def _rotate(c, rotation: int, width: float, height: float):
    ch, x0, y0, x1, y1 = c
    """A page shown turned (/Rotate): character boxes in display
    coordinates. Turned clockwise (90) the page's left edge is the top and its
    bottom edge the left; turned 270 the other way round."""
    if rotation == 90:
        return (ch, y0, width - x1, y1, width - x0)
    return (ch, height - y1, x0, height - y0, x1)


def _chars(tp) -> list[tuple[str, float, float, float, float]]:
    out = []
    n = tp.count_chars()
    if n <= 0:
        return out
    text = tp.get_text_range(0, n)
    if len(text) != n:  # surrogate pairs etc.: fall back to one by one
        text = None
    for i in range(n):
        ch = text[i] if text is not None else tp.get_text_range(i, 1)
        if not ch or ch.isspace():
            continue
        x0, y0, x1, y1 = tp.get_charbox(i)
        if x1 <= x0 and y1 <= y0:
            continue
        out.append((ch, x0, y0, x1, y1))
    return out
