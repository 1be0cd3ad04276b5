"""The intermediate every front-end produces: text lines made of cells,
each with where it came from (page, line). The interpreter reads only this."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    cells: list[str]  # one cell for running text; several for a table row
    page: int | None = None
    lineno: int = 0  # 1-based line number in the source (or in the page)
    table: bool = False  # the cells are real table cells (HTML/DOCX/markdown/tabs)
    xs: list[float] | None = None  # PDF: horizontal centre of each cell

    @property
    def text(self) -> str:
        return "\t".join(self.cells)


@dataclass
class Document:
    lines: list[Line] = field(default_factory=list)
    source: str = ""  # "pdf", "html", "docx", "text", "markdown"
    soft_wrap: bool = False  # lines are visual lines of paragraphs (PDF)
    meta: dict = field(default_factory=dict)  # e.g. {"title": ..., "published": ...}
