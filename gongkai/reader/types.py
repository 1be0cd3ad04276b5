"""The types passed between the reader's stages.

The reader is a pipeline; each stage is its own module and hands the next one
of the types below::

    bytes ──front end──▶ Document ──normalize──▶ [Piece] ──regions──▶ Regions
          (pdf, html, docx, text;                 (title, sections, table regions)
           geometry: layout.py)
    Regions ──table2/3/4 (grid)──▶ [RowReading] ──decode──▶ values ──interpret──▶ Report

How a front end plugs in
------------------------
A front end turns a file into a ``Document``: lines of cells, each line with
its page and line number (the provenance every value keeps) and, when the
source has geometry, the box of each cell.

* Sources with structure (HTML/DOCX/markdown tables) make ``Line(cells,
  table=True, grid=True)`` directly: a blank cell is the empty string ``""``
  and stays in its place.
* Sources with geometry only (a PDF text layer, OCR output) give one ``Page``
  per page: its size, its ``Word`` s (a single character or a word, with its
  box in points, origin top-left, as the page is displayed) and its
  ``Ruling`` s (table borders: line segments, or the edges of filled
  rectangles). ``gongkai.reader.layout.document_from_pages(pages, source=...)``
  groups the words into visual lines, and into cells by the ruling lines where
  the table has them (so a blank cell is a blank cell) and by the gaps between
  words where it has none. An OCR front end (``gongkai.reader.scan``) builds
  ``Page`` objects from the recogniser's word boxes (``Word.conf`` = its
  confidence) and calls the same function, then
  ``gongkai.reader.read_document(doc, name=...)``, so OCR words and PDF
  characters go through the same stages and the same repairs.

Nothing in this module imports a PDF, HTML or OCR library.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# x0, top, x1, bottom in points; origin at the page's top-left corner as displayed
BBox = tuple[float, float, float, float]


# ---------------------------------------------------------------- geometry (front ends)


@dataclass(slots=True)
class Word:
    """A character or a word with its box, from a PDF text layer or OCR."""

    text: str
    bbox: BBox
    page: int  # 1-based
    conf: float | None = None  # OCR confidence 0..1; None for a text layer

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def top(self) -> float:
        return self.bbox[1]

    @property
    def x1(self) -> float:
        return self.bbox[2]

    @property
    def bottom(self) -> float:
        return self.bbox[3]


@dataclass(slots=True)
class Ruling:
    """A drawn line segment (a table border); a filled rectangle gives its four edges."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.bottom - self.top) <= 2.5 and (self.x1 - self.x0) > (self.bottom - self.top)

    @property
    def vertical(self) -> bool:
        return (self.x1 - self.x0) <= 2.5 and (self.bottom - self.top) > (self.x1 - self.x0)


@dataclass
class Page:
    """One page as a geometric front end sees it."""

    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    rulings: list[Ruling] = field(default_factory=list)


# ---------------------------------------------------------------- lines and cells (every front end)


@dataclass
class Line:
    """A visual line (running text: one cell) or a table row (several cells)."""

    cells: list[str]  # one cell for running text; several for a table row
    page: int | None = None
    lineno: int = 0  # 1-based line number in the source (or in the page)
    table: bool = False  # the cells are real table cells (HTML/DOCX/markdown/tabs/ruled PDF)
    xs: list[float] | None = None  # geometry: horizontal centre of each cell
    boxes: list[BBox] | None = None  # geometry: the box of each cell
    grid: bool = False  # cells come from a table's structure (borders, <td>): "" is a blank cell in place

    @property
    def text(self) -> str:
        return "\t".join(self.cells)


@dataclass
class Document:
    lines: list[Line] = field(default_factory=list)
    source: str = ""  # "pdf", "html", "docx", "text", "markdown", "ocr"
    soft_wrap: bool = False  # lines are visual lines of paragraphs (PDF, OCR)
    meta: dict = field(default_factory=dict)  # e.g. {"title": ..., "published": ...}


# ---------------------------------------------------------------- normalized text and regions


@dataclass
class Piece:
    """A stretch of one line, normalized: the whole line, or the part of a
    crawled run-together line between two headings."""

    line: Line
    text: str  # normalized, cells joined by \t
    raw: str  # original text for provenance
    index: int  # position in the document
    clutter: str | None = None  # site furniture (发布日期：…, 标题：…): kept for the title/date only
    start: int = 0  # offset of this stretch in the normalized line (for --explain on long lines)

    @property
    def where(self) -> str:
        p = f"第{self.line.page}页" if self.line.page else ""
        return f"{p}第{self.line.lineno}行"


@dataclass
class Regions:
    """The document cut into its parts: the text before the first heading,
    each section (narrative or table) by key, and the order they came in."""

    head: list[Piece] = field(default_factory=list)
    parts: dict[str, list[Piece]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def get(self, key: str, default=None):
        return self.parts.get(key, default if default is not None else [])

    def __contains__(self, key: str) -> bool:
        return key in self.parts


# ---------------------------------------------------------------- table rows and their readings


@dataclass
class RowReading:
    """The possible readings of one table row before the equations are applied:
    each candidate is a tuple of values (None = blank). ``how`` names the
    repair that produced them (a quirk id from ``repairs.REPAIRS`` or one of
    direct / cells / split)."""

    key: str
    candidates: list[tuple]
    piece: Piece | None
    tokens: list[str] = field(default_factory=list)
    how: str = "direct"
    nulls: list[int] = field(default_factory=list)


@dataclass
class Decision:
    """What the decoder settled for one row: the values (None where the
    readings disagree) and how many readings remained."""

    values: tuple
    readings: int = 1
    why: str = ""
