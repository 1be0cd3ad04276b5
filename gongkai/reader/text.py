"""Plain text and markdown (crawled pages, PDF-to-text/markdown output)."""

from __future__ import annotations

import re

from gongkai.reader import limits
from gongkai.reader.repairs import generic_header
from gongkai.reader.types import Document, Line

_MD_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


_TAG = re.compile(r"<br\s*/?>|</?(?:b|strong|i|em|span|sup|sub|u|font)(?:\s[^>]*)?>", re.IGNORECASE)


def lines_from_text(text: str, *, markdown: bool | None = None) -> Document:
    import html

    limits.check_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    if "<" in text or "&" in text:
        text = _TAG.sub("", text)
        text = re.sub(r"&(?:nbsp|ensp|emsp|lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);", lambda m: html.unescape(m.group(0)), text)
    if markdown is None:
        # a markdown table has its |---| line; bordered rows without one are
        # OCR output of a ruled table (borders dropped or doubled), read as text
        markdown = bool(re.search(r"^\s*\|.*\|\s*$", text, re.MULTILINE)) and any(_MD_SEP.match(l) for l in text.split("\n") if "-" in l)
    doc = Document(source="markdown" if markdown else "text")
    for n, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip(" \r\u3000")
        if not line.strip():
            continue
        if markdown:
            if _MD_SEP.match(line):
                continue
            stripped = line.strip()
            line = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", line)  # markdown escapes: 1\. → 1.
            line = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), line)
            stripped = line.strip()
            if stripped.startswith("|") and stripped.count("|") >= 2:
                inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
                cells = [c.strip() for c in re.split(r"(?<!\\)\|", inner)]
                # pymupdf4llm names unnamed (empty) header cells Col1, Col2, …; others 数据1…
                cells = generic_header(cells)
                doc.lines.append(Line(cells, None, n, table=True, grid=True))
                continue
            line = _MD_HEADING.sub("", line)
            line = re.sub(r"\*\*(.+?)\*\*", r"\1", line)
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            doc.lines.append(Line(cells, None, n, table=True))
        else:
            doc.lines.append(Line([line.strip()], None, n))
    return doc
