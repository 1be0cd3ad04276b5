"""Small bar charts as inline SVG, drawn on the server: they work offline (no
script, no CDN) and every chart is shown beside a table of the same data."""

from __future__ import annotations

from html import escape

COLOURS = ("#9b1c1c", "#c2410c", "#a16207", "#4d7c0f", "#0f766e", "#1d4ed8", "#6d28d9", "#555")


def bars(items: list[tuple[str, float]], *, title: str, unit: str = "", width: int = 560, height: int = 220) -> str:
    """Vertical bars, one per (label, value), the value printed on each bar."""
    n = max(1, len(items))
    top = max([v for _l, v in items] + [1])
    left, bottom, head = 8, 28, 22
    slot = (width - 2 * left) / n
    bar = min(64.0, slot * 0.6)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width}px" aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" stroke="#888"/>']
    for i, (label, value) in enumerate(items):
        h = (height - bottom - head) * (value / top)
        x = left + i * slot + (slot - bar) / 2
        y = height - bottom - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{COLOURS[0]}"/>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" font-size="12" text-anchor="middle">'
                     f'{escape(_fmt(value))}{escape(unit)}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" font-size="12" text-anchor="middle">'
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def hbars(items: list[tuple[str, float]], *, title: str, width: int = 560, label_width: int = 150) -> str:
    """Horizontal bars with their share of the total, for a mix (e.g. outcomes)."""
    total = sum(v for _l, v in items) or 1
    row = 24
    height = row * max(1, len(items)) + 8
    room = width - label_width - 70
    top = max([v for _l, v in items] + [1])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width}px" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        w = room * value / top
        parts.append(f'<text x="{label_width - 6}" y="{y + 15}" font-size="12" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
                     f'fill="{COLOURS[i % len(COLOURS)]}"/>')
        parts.append(f'<text x="{label_width + w + 4:.1f}" y="{y + 15}" font-size="12">'
                     f'{escape(_fmt(value))}（{value / total:.0%}）</text>')
    parts.append("</svg>")
    return "".join(parts)


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"
