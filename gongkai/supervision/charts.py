"""Charts as server-side SVG: no script, no CDN, readable on an offline
intranet and printable. Each chart is an ``<svg role="img">`` with a
``<title>`` and ``<desc>``; pages show the data table beside it."""

from __future__ import annotations

from html import escape

PALETTE = ("#9b1c1c", "#2f6f9f", "#d08a00", "#3c8d4f", "#7a4f9a", "#6b6b6b", "#c05a8a", "#1f8a8a")
FONT = 'font-family="Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"'


def _nice_max(v: float) -> float:
    """The axis end: four gridline steps of 1, 2, (2.5) or 5 × 10ⁿ (whole numbers
    for counts), the smallest that reaches ``v``."""
    import math

    if v <= 0:
        return 4
    raw = v / 4
    mag = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for step in (1, 2, 2.5, 5, 10) if mag >= 10 else (1, 2, 5, 10):
        if raw <= step * mag:
            return 4 * step * mag
    return 40 * mag


def _fmt(v) -> str:
    if isinstance(v, float) and not v.is_integer():
        return f"{v:.1f}"
    return f"{int(v)}"


def _text_width(s: str, px: float = 12) -> float:
    return sum(px if ord(c) > 0x2E80 else px * 0.6 for c in s)


def hbar(chart_id: str, title: str, labels: list[str], series: list[tuple[str, list[float]]], *,
         stacked: bool = False, width: int = 640) -> str:
    """Horizontal bars: one row per label, one bar (or segment) per series."""
    n = len(labels)
    k = len(series)
    label_w = min(220, max([_text_width(str(x)) for x in labels] + [40]) + 12)
    row_h = 22 if stacked or k == 1 else 12 * k + 10
    legend_h = 22 if k > 1 else 0
    top = 8 + legend_h
    height = top + max(n, 1) * row_h + 24
    plot_w = width - label_w - 50
    totals = [sum(s[1][i] or 0 for s in series) for i in range(n)] if stacked else \
        [max((s[1][i] or 0) for s in series) if series else 0 for i in range(n)]
    vmax = _nice_max(max(totals, default=0))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="gk-chart" id="{escape(chart_id)}" role="img" '
           f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" viewBox="0 0 {width} {height}" '
           f'width="100%" style="max-width:{width}px" {FONT} font-size="12">',
           f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
           f'<desc id="{escape(chart_id)}-d">{escape(_describe(labels, series))}</desc>']
    if k > 1:
        x = label_w
        for j, (name, _vals) in enumerate(series):
            out.append(f'<rect x="{x}" y="8" width="10" height="10" fill="{PALETTE[j % len(PALETTE)]}"/>'
                       f'<text x="{x + 14}" y="17">{escape(name)}</text>')
            x += 14 + _text_width(name) + 16
    for t in range(5):
        gx = label_w + plot_w * t / 4
        out.append(f'<line x1="{gx:.1f}" y1="{top}" x2="{gx:.1f}" y2="{height - 20}" stroke="#ddd"/>'
                   f'<text x="{gx:.1f}" y="{height - 6}" text-anchor="middle" fill="#555">{_fmt(vmax * t / 4)}</text>')
    for i, label in enumerate(labels):
        y = top + i * row_h
        out.append(f'<text x="{label_w - 6}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end">{escape(str(label))}</text>')
        offset = 0.0
        for j, (name, vals) in enumerate(series):
            v = vals[i] or 0
            w = plot_w * v / vmax
            color = PALETTE[j % len(PALETTE)]
            if stacked:
                bx, by, bh = label_w + offset, y + 4, row_h - 8
                offset += w
            else:
                bh = (row_h - 10) / k
                bx, by = label_w, y + 5 + j * bh
            out.append(f'<rect x="{bx:.1f}" y="{by:.1f}" width="{max(w, 0):.1f}" height="{bh:.1f}" fill="{color}">'
                       f'<title>{escape(str(label))} {escape(name)}：{_fmt(v)}</title></rect>')
            if not stacked and k == 1:
                out.append(f'<text x="{bx + w + 4:.1f}" y="{by + bh / 2 + 4:.1f}" fill="#333">{_fmt(v)}</text>')
        if stacked:
            out.append(f'<text x="{label_w + offset + 4:.1f}" y="{y + row_h / 2 + 4:.1f}" fill="#333">'
                       f'{_fmt(totals[i])}</text>')
    out.append("</svg>")
    return "\n".join(out)


def lines(chart_id: str, title: str, xs: list, series: list[tuple[str, list[float]]], *, width: int = 640,
          height: int = 240) -> str:
    """A line per series over the x values (years)."""
    left, right, top, bottom = 48, 16, 30, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    vmax = _nice_max(max((v or 0 for _n, vals in series for v in vals), default=0))
    n = len(xs)

    def px(i):
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def py(v):
        return top + plot_h - plot_h * (v or 0) / vmax

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="gk-chart" id="{escape(chart_id)}" role="img" '
           f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" viewBox="0 0 {width} {height}" '
           f'width="100%" style="max-width:{width}px" {FONT} font-size="12">',
           f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
           f'<desc id="{escape(chart_id)}-d">{escape(_describe([str(x) for x in xs], series))}</desc>']
    x = left
    for j, (name, _vals) in enumerate(series):
        out.append(f'<rect x="{x}" y="8" width="10" height="10" fill="{PALETTE[j % len(PALETTE)]}"/>'
                   f'<text x="{x + 14}" y="17">{escape(name)}</text>')
        x += 14 + _text_width(name) + 16
    for t in range(5):
        gy = top + plot_h * t / 4
        out.append(f'<line x1="{left}" y1="{gy:.1f}" x2="{width - right}" y2="{gy:.1f}" stroke="#ddd"/>'
                   f'<text x="{left - 6}" y="{gy + 4:.1f}" text-anchor="end" fill="#555">{_fmt(vmax * (4 - t) / 4)}</text>')
    for i, xv in enumerate(xs):
        out.append(f'<text x="{px(i):.1f}" y="{height - 8}" text-anchor="middle" fill="#555">{escape(str(xv))}</text>')
    for j, (name, vals) in enumerate(series):
        color = PALETTE[j % len(PALETTE)]
        pts = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(vals))
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{pts}"/>')
        for i, v in enumerate(vals):
            out.append(f'<circle cx="{px(i):.1f}" cy="{py(v):.1f}" r="3" fill="{color}">'
                       f'<title>{escape(str(xs[i]))} {escape(name)}：{_fmt(v or 0)}</title></circle>')
    out.append("</svg>")
    return "\n".join(out)


def _describe(labels, series) -> str:
    parts = []
    for name, vals in series:
        parts.append(f"{name}：" + "，".join(f"{lab} {_fmt(v or 0)}" for lab, v in zip(labels, vals)))
    return "；".join(parts)
