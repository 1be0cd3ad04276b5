"""Stage 3: pieces and headings → ``Regions``: the parts of the report
(narrative sections, table 2, 3, 4), found by heading or, where a heading is
missing, by the table's content; prose, notes and running heads taken out of
table regions."""

from __future__ import annotations

import re

from gongkai import standard
from gongkai.reader.context import Ctx
from gongkai.reader.types import Piece, Regions

# a sentence of prose with a counted figure (…信息2293条，…15条。) inside a table region
_PROSE = re.compile(r"[^。\d\t]{0,40}\d+(?:\.\d+)?[条件个项次人篇余%][^。\t]{0,80}。")
_RUNNING_HEAD = re.compile(r"^\D{2,40}(?:19|20)\d{2}年度?(?:政府信息公开|政务公开)(?:工作)?(?:年度)?报告$")
_TABLE_NOTE = re.compile(r"^(?:注|备注|说明|数据来源|填报说明)\d?[:：]")


def find_regions(pieces: list[Piece], marks: list[tuple[int, str]], ctx: Ctx) -> Regions:
    marks = sorted(marks)
    keys = {k for _i, k in marks}

    def first(pred, start=0):
        for p in pieces[start:]:
            if pred(p.text):
                return p.index
        return None

    # tables found by their content where the heading is missing or not standard
    anchors = {
        "active": lambda t: "第二十条" in t or bool(re.search(r"规章.{0,3}\d", t)),
        "requests": lambda t: "勾稽关系" in t or "本年新收" in t or "申请人情况" in t,
        "appeals": lambda t: ("行政复议" in t and ("维持" in t or "诉讼" in t) and len(t) < 200) or "结果维持" in t,
    }
    after = 0
    for key in ("active", "requests", "appeals"):
        if key in keys:
            after = {k: i for i, k in marks}[key]
            continue
        i = first(anchors[key], after)
        if i is not None:
            marks.append((i, key))
            marks.sort()
            keys.add(key)
            after = i
            ctx.note(f"未找到“{standard.heading(key)}”标题，按表格内容定位")
    marks.sort()
    regions: dict[str, list[Piece]] = {}
    for n, (i, key) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(pieces)
        regions[key] = [p for p in pieces[i:end] if p.text]
    for key in ("active", "requests", "appeals"):
        if key in regions:
            kept = []
            for p in regions[key]:
                if _TABLE_NOTE.match(p.text) or _RUNNING_HEAD.search(p.text.replace("\t", "")):
                    continue
                if not p.line.table and "。" in p.text:
                    text = _PROSE.sub("", p.text)
                    if text != p.text:
                        p = Piece(p.line, text, p.raw, p.index)
                        if not text.strip():
                            continue
                kept.append(p)
            regions[key] = kept
    return Regions(
        head=[p for p in pieces[: marks[0][0]] if p.text] if marks else [p for p in pieces if p.text],
        parts=regions,
        order=[k for _i, k in marks],
    )

