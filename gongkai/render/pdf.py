"""PDF through WeasyPrint, with Debian's Noto CJK fonts embedded.

``html_to_pdf(html, base_url=None)`` is the reusable piece (the platform uses
it for reply letters, 答复书): any HTML in, PDF bytes out. Use
``gongkai.render.html.print_stylesheet()`` in the HTML for the A4 / GB/T 9704
page (margins, 三号 body, ``— 1 —`` page numbers).
"""

from __future__ import annotations

import logging

from gongkai.model import Report
from gongkai.render import html as html_render

# WeasyPrint logs every unsupported CSS property at WARNING; keep CLI output clean.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render an HTML document to PDF bytes with WeasyPrint. Fonts are
    resolved by fontconfig; name ``"Noto Serif CJK SC"`` / ``"Noto Sans CJK SC"``
    (Debian ``fonts-noto-cjk``) to get them embedded."""
    from weasyprint import HTML  # slow import; only when a PDF is wanted

    return HTML(string=html, base_url=base_url).write_pdf()


def render(report: Report) -> bytes:
    """The report as published: A4 portrait PDF in the national layout."""
    page = html_render.render_page(report, stylesheet=html_render.print_stylesheet(report))
    return html_to_pdf(page)
