"""Annual reports in the national layout: HTML, DOCX, PDF, markdown and text.

``render(report, fmt)`` returns ``str`` for ``html``/``md``/``txt`` and
``bytes`` for ``docx``/``pdf``. No Django here; the platform calls these.
Reusable pieces: ``gongkai.render.html.render_fragment``,
``gongkai.render.pdf.html_to_pdf``, ``gongkai.render.docx.new_document``.
"""

from __future__ import annotations

from gongkai.model import Report

FORMATS = ("html", "docx", "pdf", "md", "txt")
BINARY_FORMATS = ("docx", "pdf")
SUFFIXES = {"html": ".html", "docx": ".docx", "pdf": ".pdf", "md": ".md", "txt": ".txt"}
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}


def render(report: Report, fmt: str, *, fragment: bool = False) -> bytes | str:
    """Render ``report`` as ``fmt`` (one of ``FORMATS``). ``fragment`` applies
    to HTML only: the embeddable ``<article>`` instead of a whole page."""
    if fmt == "html":
        from gongkai.render import html

        return html.render(report, fragment=fragment)
    if fmt == "docx":
        from gongkai.render import docx

        return docx.render(report)
    if fmt == "pdf":
        from gongkai.render import pdf

        return pdf.render(report)
    if fmt == "md":
        from gongkai.render import text

        return text.render_markdown(report)
    if fmt == "txt":
        from gongkai.render import text

        return text.render_text(report)
    raise ValueError(f"不支持的输出格式 {fmt!r}，可选：{'、'.join(FORMATS)}")
