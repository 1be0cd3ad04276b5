"""Stage 2: lines of cells → ``Piece`` s of normalized text, with the section
headings found (also inside run-together crawled lines), OCR look-alikes and
doubled (fake-bold) glyphs repaired, page furniture set aside."""

from __future__ import annotations

import re
import unicodedata

from gongkai.reader import labels as L
from gongkai.reader import ocr
from gongkai.reader.context import Ctx
from gongkai.reader.repairs import repair
from gongkai.reader.types import Document, Piece

_SPACE = "[ \u3000\xa0\u2002\u2003\u2009\u200b]"
_KEEP = r"[\d/\\\-—–－]"  # spaces next to these may separate numbers
_DROP_SPACE = re.compile(rf"(?<=[^\d\s/\\\-—–－]){_SPACE}+|{_SPACE}+(?=[^\d\s/\\\-—–－])")
_ZW = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")


def _fw_table() -> dict[int, str]:
    table = {}
    keep = set("，。；：！？（）、“”‘’《》【】〔〕")
    for cp in range(0xFF01, 0xFF5F):
        ch = chr(cp)
        if ch not in keep:
            table[cp] = chr(cp - 0xFEE0)
    for cp in list(range(0x2F00, 0x2FD6)) + list(range(0x2E80, 0x2EF4)) + list(range(0xF900, 0xFB00)):
        n = unicodedata.normalize("NFKC", chr(cp))
        if n != chr(cp):
            table[cp] = n
    table[0x3000] = " "
    table[0x00A0] = " "
    table[0x2212] = "-"  # minus sign
    return table


_FW = _fw_table()


def norm(s: str) -> str:
    """Full-width digits/letters to ASCII, radicals to ideographs, spaces
    between non-digits removed; Chinese punctuation is kept."""
    s = _ZW.sub("", s).translate(_FW)
    return _DROP_SPACE.sub("", s).strip()


# ================================================================ pieces & headings


def note_fixes(fixes: list[tuple[str, str, str]], ctx: Ctx) -> None:
    """One note for the OCR repairs: numbers, then labels, each with its line."""
    nums = [f for f in fixes if re.search(r"[\d—]", f[2])]
    labs = [f for f in fixes if not re.search(r"[\d—]", f[2])]
    for kind, group in (("数字", nums), ("标签", labs)):
        if not group:
            continue
        shown = "；".join(f"{w}“{a}”→“{b}”" for w, a, b in group[:30])
        more = f"等 {len(group)} 处" if len(group) > 30 else f"共 {len(group)} 处"
        what = ("数字中的识别错误（字母 O/l/I/| 读作 0/1、千位分隔符、表格边框、空值“—”识别为“一”）" if kind == "数字"
                else "表格标签的识别错误（按标准格式中编辑距离最近的标签认定）")
        ctx.note(f"已纠正{what}{more}：{shown}")


_CLUTTER = re.compile(
    r"^(?:标题|发布时间|发布日期|公开日期|公开时间|采集时间|抓取时间|文号|发布机构|栏目|原文链接|本地目录|来源|索引号|主题分类|成文日期|信息来源|浏览次数)[:：]"
    r"|^页面链接与图片|^=+\s*正文\s*=+$|^当前位置|^(?:首页|打印|关闭|分享到|收藏|【打印】|【关闭】|附件下载|扫一扫)"
)


_FOOTER = re.compile(r"^(?:[-—–－]{1,2}\d{1,3}[-—–－]{1,2}|第\d{1,3}页(?:[,，/]?共\d{1,3}页)?|第\d{1,3}页/共\d{1,3}页)$")


_DOUBLED = re.compile(r"([\u4e00-\u9fff])\1([^\d\s])\2")


@repair("pdf.fake_bold", "bold drawn twice and extracted twice (一一、、总总体体) read once")
def _undouble(cell: str) -> str:
    """Bold drawn twice, extracted twice: 一一、、总总体体情情况况 → 一、总体情况
    (numbers beside such a label are left alone)."""
    if len(cell) < 8 or not _DOUBLED.search(cell):
        return cell
    runs = re.findall(r"[^\d\s]+", cell)
    if not runs or sum(len(r) for r in runs) < 8 or len(re.findall(r"[\u4e00-\u9fff]", cell)) < 4:
        return cell
    if all(len(r) % 2 == 0 and r[0::2] == r[1::2] for r in runs):
        return re.sub(r"[^\d\s]+", lambda m: m.group(0)[0::2], cell)
    return cell


_OCR_SIGN = re.compile(r"\d[OoIl〇]|[OoIl〇]\d")


def _cell(c: str, where: str, fixes: list | None, short: bool = True) -> str:
    """A cell normalized, with OCR misreadings of numbers and labels repaired
    (each repair recorded in ``fixes`` as (where, before, after))."""
    c = _ZW.sub("", c).translate(_FW)
    c, nf = ocr.repair_numbers(c)
    c = _undouble(_DROP_SPACE.sub("", c).strip())  # norm() of the translated cell
    c, lf = ocr.repair_labels(c, short)
    if fixes is not None:
        fixes.extend((where, a, b) for a, b in nf + lf)
    return c


def pieces_and_headings(doc: Document, fixes: list | None = None):
    pieces: list[Piece] = []
    marks: list[tuple[int, str]] = []  # (piece index where the section starts, key)
    seen: set[str] = set()
    # one-character label repairs: for plain text (where OCR output comes) and
    # for any document showing OCR's letters inside numbers (a scanned PDF's text layer)
    short = doc.source in ("text", "markdown", "ocr") or any(_OCR_SIGN.search(c) for line in doc.lines for c in line.cells)
    for line in doc.lines:
        raw = " ".join(c for c in line.cells if c)
        where = (f"第{line.page}页" if line.page else "") + f"第{line.lineno}行"
        n0 = len(fixes) if fixes is not None else 0
        text = "\t".join(_cell(c, where, fixes, short) for c in line.cells)
        if fixes is not None and len(fixes) > n0:
            line.ocr = [(a, b) for _w, a, b in fixes[n0:]]  # type: ignore[attr-defined]
        if not text.strip("\t"):
            continue
        if _FOOTER.match(re.sub(r"\s", "", text)):
            continue  # page number: — 5 —, - 5 -, 第5页
        if len(text) < 150 and _CLUTTER.search(text):
            pieces.append(Piece(line, "", raw, len(pieces)))  # kept for the title/date only
            pieces[-1].clutter = text  # type: ignore[attr-defined]
            continue
        found = []
        bare = L.BARE_HEADING.match(text) if len(text) <= 30 else None
        if bare:
            found.append((0, len(text), bare.lastgroup))
        else:
            for m in L.HEADING.finditer(text):
                found.append((m.start(), m.end(), m.lastgroup))
            # a list of contents (一、总体情况；二、主动公开政府信息情况；…) is not the headings
            close = {i for i in range(len(found) - 1) if re.fullmatch(r"[\s；;，,、。.]{0,4}", text[found[i][1] : found[i + 1][0]])}
            if len(close) >= 2:
                close |= {i + 1 for i in close}
                found = [f for i, f in enumerate(found) if i not in close]
        cut = 0
        for start, end, key in found:
            if key in seen:
                continue
            if start > cut:
                pieces.append(Piece(line, text[cut:start], raw, len(pieces)))
            seen.add(key)
            marks.append((len(pieces), key))
            pieces.append(Piece(line, "", raw, len(pieces)))  # the heading itself
            cut = end
        if cut < len(text):
            pieces.append(Piece(line, text[cut:].lstrip(" ") if cut else text, raw, len(pieces)))
    return pieces, marks

