"""HTML pages (official site pages, saved reports): real <table> cells when
the page has them, block elements as lines otherwise."""

from __future__ import annotations

import re

from gongkai.reader import limits
from gongkai.reader.repairs import generic_header
from gongkai.reader.types import Document, Line

_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "header", "footer", "table", "tr", "blockquote", "pre", "dd", "dt", "dl", "center", "hr", "form",
}
_SKIP = {"script", "style", "noscript", "template", "head", "iframe", "svg", "button", "select", "option", "nav"}


def lines_from_html(text: str) -> Document:
    import lxml.html

    limits.check_html(text)
    text = re.sub(r"^<\?xml[^>]*>", "", text.lstrip())
    doc = Document(source="html")
    if not text.strip():
        return doc
    try:
        root = lxml.html.document_fromstring(text)
    except Exception:
        root = lxml.html.fragment_fromstring(text, create_parent="div")
    titles = []
    for el in list(root.iter("h1", "h2", "title"))[:12]:
        t = re.sub(r"\s+", " ", el.text_content()).strip()
        if t and len(t) < 120:
            titles.append(t)
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() in ("articletitle", "title", "og:title") and meta.get("content"):
            titles.insert(0, meta.get("content"))
    if titles:
        doc.meta["titles"] = titles
        doc.meta["title"] = titles[0]
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name in ("pubdate", "publishdate", "article:published_time", "published") and meta.get("content"):
            doc.meta["published"] = meta.get("content")
    body = root.find("body")
    if body is None:
        body = root
    buf: list[str] = []
    counter = [0]

    def flush():
        t = re.sub(r"[ \t\r\n\u3000\xa0]+", " ", "".join(buf)).strip()
        buf.clear()
        if t:
            counter[0] += 1
            doc.lines.append(Line([t], None, counter[0]))

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP or not isinstance(el.tag, str):
            if el.tail:
                buf.append(el.tail)
            return
        if tag == "table" and _is_layout(el):
            # a page laid out with a table around the report: its cells are
            # blocks, the tables inside them are the report's tables
            flush()
            for child in el:
                walk_layout(child)
            if el.tail:
                buf.append(el.tail)
            return
        if tag == "table":
            flush()
            for tr in el.iter("tr"):
                if _nearest_table(tr) is not el:
                    continue
                cells = []
                for td in tr:
                    if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                        continue
                    t = re.sub(r"[ \t\r\n\u3000\xa0]+", " ", _cell_text(td)).strip()
                    span = td.get("colspan")
                    cells.append(t)
                    if span and span.isdigit() and 1 < int(span) <= 20 and re.fullmatch(r"[\d.,/\-—\s]*", t or "x"):
                        cells.extend([""] * (int(span) - 1) if not t else [])
                if any(cells):
                    counter[0] += 1
                    doc.lines.append(Line(generic_header(cells), None, counter[0], table=True, grid=True))
            if el.tail:
                buf.append(el.tail)
            return
        if tag in _BLOCK:
            flush()
        if tag == "br":
            flush()
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK:
            flush()
        if el.tail:
            buf.append(el.tail)

    def walk_layout(el):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in ("tbody", "thead", "tfoot", "tr", "td", "th"):
            flush()
            if el.text:
                buf.append(el.text)
            for child in el:
                walk_layout(child)
            flush()
            if el.tail:
                buf.append(el.tail)
        else:
            walk(el)

    walk(body)
    flush()
    return doc


def _is_layout(table) -> bool:
    """A table holding other tables (page layout), not a table of the report."""
    return any(inner is not table for inner in table.iter("table"))


def _nearest_table(tr):
    p = tr.getparent()
    while p is not None and (not isinstance(p.tag, str) or p.tag.lower() != "table"):
        p = p.getparent()
    return p


def _cell_text(td) -> str:
    parts = []
    for node in td.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag.lower() in _SKIP:
            continue
        if node.text:
            parts.append(node.text)
        if node is not td and node.tail:
            parts.append(node.tail)
    return "".join(parts)
