"""Published annual reports (PDF, HTML, DOCX, text, markdown; scanned PDFs
and page images through OCR, ``scan``) into the exchange model.

``read(path)`` and ``read_text(text, name=...)`` return a
``gongkai.model.Report`` whose ``provenance`` says where every value came
from and whose ``notes`` say what the reader had to decide. Anything that is
not a readable report raises ``ReaderError`` (a ``ReportError``) with a
Chinese message and a ``kind``. The front-ends (``pdf``, ``html``, ``docx``,
``text``; ``layout`` for geometry) turn a file into a ``types.Document`` of
lines of cells; ``interpret`` runs the stages that read the report. Only known
conditions (a damaged, encrypted, empty or non-report file) raise
``ReaderError``; a fault in the reader's own code propagates.
"""

from __future__ import annotations

from pathlib import Path

from gongkai.model import Report
from gongkai.reader.errors import KINDS, ReaderError
from gongkai.reader.repairs import repair

__all__ = ["IMAGE_SUFFIXES", "KINDS", "SUFFIXES", "ReaderError", "read", "read_bytes", "read_pages", "read_text"]

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")  # scanned pages (OCR)
SUFFIXES = (".pdf", ".html", ".htm", ".xhtml", ".shtml", ".docx", ".txt", ".md", ".markdown", ".text", *IMAGE_SUFFIXES)
MAX_BYTES = 200 * 1024 * 1024


def read(path: str | Path, *, ocr: bool = True) -> Report:
    """``ocr``: recognise scanned PDF pages and page images (Tesseract);
    False refuses them as image-only ("需要 OCR")."""
    return read_bytes(_file_bytes(path), name=Path(path).name, ocr=ocr)


def read_pages(paths: list, *, ocr: bool = True) -> Report:
    """Several page images (PNG/JPEG/TIFF) of one report, in page order."""
    if len(paths) == 1:
        return read(paths[0], ocr=ocr)
    from gongkai.reader import scan

    parts = [(_file_bytes(p), Path(p).name) for p in paths]
    name = Path(paths[0]).name
    bad = [n for d, n in parts if not scan.is_image(d)]
    if bad:
        raise ReaderError(f"多页报告只接受页面图片（PNG、JPEG、TIFF）：{bad[0]} 不是图片", "unsupported")
    if not ocr:
        raise ReaderError(f"{name} 等是扫描页面图片，需要 OCR 才能读取（OCR 已关闭）", "image_only")
    try:
        doc, info = scan.lines_from_images(parts)
    except ReaderError:
        raise
    except Exception as err:
        if not _library_failure(err):
            raise
        raise ReaderError(f"{name}无法读取：{type(err).__name__}: {err}", "unreadable") from None
    return _scanned(doc, info, name=name)


def _file_bytes(path) -> bytes:
    p = Path(path)
    try:
        if p.is_dir():
            raise ReaderError(f"{p} 是目录，不是文件", "unreadable")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReaderError(f"文件过大（{size} 字节）", "unsupported")
        data = p.read_bytes()
    except ReaderError:
        raise
    except OSError as err:
        raise ReaderError(f"无法读取文件 {p}：{err.strerror or err}", "unreadable") from None
    return data


def _scanned(doc, info, *, name: str) -> Report:
    """A document with scanned pages read by the same stages; then each OCR
    value gets its box and confidence, and a low-confidence value the table
    equations do not confirm becomes null (``scan.confirm``)."""
    from gongkai.reader.interpret import interpret
    from gongkai.reader.scan import confirm

    if not any(line.cells for line in doc.lines):
        raise ReaderError(f"{name or '文件'}中没有识别出文字（空白页或不是文字图像）", "empty")
    report = interpret(doc, name=name)
    confirm.apply(report, doc)
    report.notes = [*info.notes(), *report.notes]
    return report


def read_bytes(data: bytes, *, name: str = "", ocr: bool = True) -> Report:
    from gongkai.reader.interpret import interpret

    if not data or not data.strip():
        raise ReaderError(f"{name or '文件'}是空文件", "empty")
    suffix = Path(name).suffix.lower()
    head = data[:1024].lstrip()
    scanned = None  # scan.ScanInfo where pages were recognised by OCR
    try:
        if head.startswith(b"%PDF") or (suffix == ".pdf" and b"%PDF" in data[:4096]):
            from gongkai.reader.pdf import lines_from_pdf

            doc = lines_from_pdf(data, ocr=ocr)
            if doc.meta.get("scan") is not None:
                scanned = doc.meta["scan"]
        elif _is_image(data):
            if not ocr:
                raise ReaderError(f"{name or '文件'}是图片（扫描页），需要 OCR 才能读取（OCR 已关闭）", "image_only")
            from gongkai.reader import scan

            doc, scanned = scan.lines_from_images([(data, name)])
        elif data[:4] == b"PK\x03\x04":
            from gongkai.reader.docx import lines_from_docx

            doc = lines_from_docx(data)
        elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ReaderError("不支持旧版 Word（.doc）或其他 OLE 文件，请另存为 .docx 或 PDF", "unsupported")
        elif suffix == ".pdf":
            raise ReaderError(f"{name} 不是有效的 PDF 文件", "unreadable")
        else:
            text, cut = _decode(data, name)
            low = text[:4096].lower()
            if suffix in (".html", ".htm", ".xhtml", ".shtml") or "<html" in low or "<table" in low or "<body" in low or "<!doctype html" in low:
                from gongkai.reader.html import lines_from_html

                doc = lines_from_html(text)
            else:
                from gongkai.reader.text import lines_from_text

                doc = lines_from_text(text, markdown=True if suffix in (".md", ".markdown") else None)
            if cut:
                doc.meta["cut"] = True
    except ReaderError:
        raise
    except RecursionError:
        raise ReaderError(f"{name or '文件'}结构过深，无法读取", "unreadable") from None
    except Exception as err:
        if not _library_failure(err):
            raise  # a reader bug: it must crash in tests, not pass for a damaged file
        raise ReaderError(f"{name or '文件'}无法读取：{type(err).__name__}: {err}", "unreadable") from None
    if scanned is not None:
        return _scanned(doc, scanned, name=name)
    return interpret(doc, name=name)


def _is_image(data: bytes) -> bool:
    return data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff" or data[:4] in (b"II*\x00", b"MM\x00*")


def read_text(text: str, *, name: str = "") -> Report:
    """A report given as text (plain, markdown, or HTML source)."""
    from gongkai.reader.interpret import interpret

    if not isinstance(text, str):
        raise ReaderError("应为文本", "unreadable")
    if not text.strip():
        raise ReaderError(f"{name or '文本'}为空", "empty")
    try:
        low = text[:4096].lower()
        if "<html" in low or "<table" in low or "<body" in low:
            from gongkai.reader.html import lines_from_html

            doc = lines_from_html(text)
        else:
            from gongkai.reader.text import lines_from_text

            doc = lines_from_text(text, markdown=True if name.lower().endswith((".md", ".markdown")) else None)
    except ReaderError:
        raise
    except RecursionError:
        raise ReaderError(f"{name or '文本'}结构过深，无法读取", "unreadable") from None
    except Exception as err:
        if not _library_failure(err):
            raise
        raise ReaderError(f"{name or '文本'}无法读取：{type(err).__name__}: {err}", "unreadable") from None
    return interpret(doc, name=name)


def read_document(doc, *, name: str = "") -> Report:
    """A ``types.Document`` made by another front end (e.g. OCR words through
    ``layout.document_from_pages``) read by the same stages as every file."""
    from gongkai.reader.interpret import interpret

    if not doc.lines:
        raise ReaderError(f"{name or '文件'}中没有文字内容", "empty")
    return interpret(doc, name=name)


def _library_failure(err: BaseException) -> bool:
    """The exception was raised inside a third-party library (a parser failing
    on damaged input: a known condition), not in the reader's own code."""
    tb = err.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return last is not None and ("site-packages" in last or "dist-packages" in last)


_BINARY = __import__("re").compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def decode(data: bytes, name: str = "") -> str:
    return _decode(data, name)[0]


@repair("crawl.cut_mid_char", "a page cut inside its last UTF-8 character: the text before it is read")
def _decode(data: bytes, name: str = "") -> tuple[str, bool]:
    """The text, and whether the file was cut short inside its last character."""
    cut = False
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), cut
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), cut
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError as err:
            if enc == "utf-8" and err.reason == "unexpected end of data" and err.start >= len(data) - 3:
                # a page cut short inside its last character: read what is there
                text = data[: err.start].decode("utf-8")
                cut = True
                break
            continue
    else:
        raise ReaderError(f"{name or '文件'}不是可识别的文本或文档格式（无法解码）", "unreadable")
    bad = len(_BINARY.findall(text, 0, 20000))
    if bad > max(8, len(text[:20000]) // 50):
        raise ReaderError(f"{name or '文件'}不是可识别的文本或文档格式（二进制内容）", "unreadable")
    return text, cut
