"""The narrative sections (一、五、六 and any text after table 4)."""

from __future__ import annotations

import re

from gongkai import standard
from gongkai.reader.context import Ctx
from gongkai.reader.types import Piece, Regions

# ================================================================ narrative

_TRAILING = re.compile(r"(?:附件下载|附件[:：]?|打印本页|关闭窗口|【打印】|【关闭】|分享到.*|扫一扫.*|\[打印\]|\[关闭\])\s*$")


def _join(pieces: list[Piece], soft: bool) -> str:
    out = ""
    for p in pieces:
        t = p.text.replace("\t", " ").strip()
        if not t:
            continue
        if not out:
            out = t
        elif soft and not re.search(r"[。；！？：:）)]$", out):
            out += t
        else:
            out += "\n" + t
    out = _TRAILING.sub("", out).strip()
    return out


def read_narrative(regions: Regions, tail: list[Piece], ctx: Ctx):
    soft = ctx.doc.soft_wrap
    order: list[str] = list(regions.order)
    sections = {}
    for key in standard.NARRATIVE_SECTIONS:
        if key in regions:
            sections[key] = _join(regions.parts[key], soft) or None
    if "problems" not in regions and tail:
        text = _join(tail, soft)
        if "问题" in text:
            sections["problems"] = text
            pos = order.index("appeals") + 1 if "appeals" in order else len(order)
            order.insert(pos, "problems")
            ctx.note("未找到“五、存在的主要问题及改进情况”标题，取表四之后论及问题的文字作为该节")
    missing = [standard.heading(k) for k in (s.key for s in standard.SECTIONS) if k not in order]
    if missing:
        ctx.note("未找到章节：" + "、".join(missing))
    return sections, order

