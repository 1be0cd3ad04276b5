"""OCR front end: scanned pages (image-only PDF pages, PNG/JPEG/TIFF page
images) → the same lines of cells as the text front ends, each cell with its
box and confidence.

Per page: greyscale with red ink dropped (a seal), scaled to at most
``image.MAX_PIXELS``, deskewed (``image.skew_angle``); table cells from the
ruling lines (``layout``); the rules whited out; one OCR pass
(``engines``); words put into the cells they stand in (``page``). After
interpretation, ``confirm`` nulls every low-confidence value the table
equations do not confirm.

Bounds: at most ``MAX_PAGES`` pages are recognised (a note says which were
left out), each page at most ``image.MAX_PIXELS``."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from gongkai.reader.errors import ReaderError
from gongkai.reader.types import Document

MAX_PAGES = 30
# a scanned page below this share of dark pixels holds no text
BLANK_INK = 0.0005


@dataclass
class ScanInfo:
    """What the OCR front end did, for the report's notes."""

    engine: str
    pages: list[int] = field(default_factory=list)  # pages recognised (1-based)
    skipped: list[int] = field(default_factory=list)  # beyond MAX_PAGES
    blank: list[int] = field(default_factory=list)
    angles: dict[int, float] = field(default_factory=dict)
    dpi: dict[int, float] = field(default_factory=dict)
    garbled: dict[int, list[str]] = field(default_factory=dict)

    def notes(self) -> list[str]:
        out = []
        if self.pages:
            pages = "、".join(str(p) for p in self.pages)
            out.append(f"第{pages}页为扫描图像，经 OCR（{self.engine}）识别；低置信度且无法由表内勾稽关系确认的数值置为空")
        turned = {p: a for p, a in self.angles.items() if abs(a) >= 0.05}
        if turned:
            out.append("扫描页已纠正倾斜：" + "，".join(f"第{p}页 {a:+.2f}°" for p, a in turned.items()))
        if self.garbled:
            out.append("扫描件中无法识别为数字的表格单元格按空值处理：" + "；".join(
                f"第{p}页 " + "、".join(f"“{c}”" for c in cs[:6]) + ("等" if len(cs) > 6 else "") for p, cs in self.garbled.items()))
        if self.blank:
            out.append("空白页（无文字）：第" + "、".join(str(p) for p in self.blank) + "页")
        if self.skipped:
            out.append(
                f"扫描页过多，只识别了前 {MAX_PAGES} 页，未识别：第{self.skipped[0]}–{self.skipped[-1]}页"
            )
        return out


def available(engine: str | None = None) -> bool:
    from gongkai.reader.scan.engines import get_engine

    return get_engine(engine).available()


def is_image(data: bytes) -> bool:
    return data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff" or data[:4] in (b"II*\x00", b"MM\x00*")


def progress_bar(total: int, desc: str):
    """tqdm on stderr for more than one page, where stderr is a terminal or
    the caller asked for it (``GONGKAI_PROGRESS=1``); otherwise nothing."""
    import os

    if total < 2 or not (sys.stderr.isatty() or os.environ.get("GONGKAI_PROGRESS") == "1"):
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="页", file=sys.stderr, leave=False)


def ocr_pages(pages, doc: Document, info: ScanInfo, engine=None, desc: str = "OCR") -> None:
    """Recognise ``pages`` — (page number, PIL image or callable giving one,
    dpi or None) — appending their lines to ``doc``."""
    from gongkai.reader.scan.engines import get_engine
    from gongkai.reader.scan.image import prepare
    from gongkai.reader.scan.page import read_page

    eng = engine if engine is not None and not isinstance(engine, str) else get_engine(engine)
    if not eng.available():
        raise ReaderError(
            f"扫描件需要 OCR，但 OCR 引擎 {eng.name} 不可用（请安装 tesseract-ocr 和 tesseract-ocr-chi-sim）", "unsupported"
        )
    info.engine = eng.name
    pages = list(pages)
    todo, skipped = pages[:MAX_PAGES], pages[MAX_PAGES:]
    info.skipped.extend(p for p, _img, _dpi in skipped)
    bar = progress_bar(len(todo), desc)
    try:
        for pno, img, dpi in todo:
            if callable(img):
                img = img()
            page = prepare(img, dpi)
            del img
            scan = read_page(page, eng, pno)
            info.pages.append(pno)
            info.angles[pno] = page.angle
            info.dpi[pno] = page.dpi
            if scan.garbled:
                info.garbled[pno] = scan.garbled
            if scan.ink < BLANK_INK or not scan.lines:
                info.blank.append(pno)
            doc.lines.extend(scan.lines)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()


def lines_from_images(images: list[tuple[bytes, str]], engine=None) -> tuple[Document, ScanInfo]:
    """Page images (PNG/JPEG/TIFF bytes with their names, in page order;
    a multi-page TIFF gives several pages) as one document."""
    from gongkai.reader.scan.image import images_from_bytes

    doc = Document(source="ocr", soft_wrap=True)
    info = ScanInfo(engine="")
    pages = []
    for data, name in images:
        for img in images_from_bytes(data, name):
            pages.append((len(pages) + 1, img, None))
    ocr_pages(pages, doc, info, engine)
    if not any(line.cells for line in doc.lines):
        raise ReaderError("图片中没有识别出文字（空白页或不是文字图像）", "empty")
    return doc, info
