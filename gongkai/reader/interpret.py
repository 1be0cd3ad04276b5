"""One interpreter for every format: from lines of cells to a ``Report``.

Steps: normalize the text; find the title (agency, year) and the section
headings (also inside run-together crawled text); read table 2, table 3 and
table 4 from their regions; take the narrative sections. Every value keeps
its provenance; every decision the text did not make for us is a note."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai import standard
from gongkai.model import Provenance, Report, fill_other_processed
from gongkai.reader import labels as L
from gongkai.reader import ocr
from gongkai.reader.doc import Document, Line
from gongkai.reader.errors import ReaderError
from gongkai.reader.split import Parsed, parse_values, tokens_of

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


@dataclass
class Piece:
    """A stretch of one line: the whole line, or the part of a crawled
    run-together line between two headings."""

    line: Line
    text: str  # normalized, cells joined by \t
    raw: str  # original text for provenance
    index: int  # position in the document

    @property
    def where(self) -> str:
        p = f"第{self.line.page}页" if self.line.page else ""
        return f"{p}第{self.line.lineno}行"


@dataclass
class Ctx:
    doc: Document
    notes: list[str] = field(default_factory=list)
    prov: dict[str, Provenance] = field(default_factory=dict)

    def note(self, msg: str) -> None:
        if msg not in self.notes:
            self.notes.append(msg)

    def provenance(self, path: str, piece: Piece | None, cell: str, token: str | None = None, note: str | None = None):
        text = piece.raw if piece is not None else None
        if text and len(text) > 160:
            text = text[:160] + "…"
        if token is not None and text is not None:
            text = f"{token} ← {text}"
        fixed = getattr(piece.line, "ocr", None) if piece is not None else None
        if fixed and note is None:
            note = "本行经识别纠正：" + "、".join(f"“{a}”→“{b}”" for a, b in fixed[:12]) + ("等" if len(fixed) > 12 else "")
        self.prov[path] = Provenance(
            page=piece.line.page if piece else None,
            line=piece.line.lineno if piece else None,
            cell=cell,
            text=text,
            note=note,
        )


# ================================================================ entry


def interpret(doc: Document, *, name: str = "") -> Report:
    ctx = Ctx(doc)
    fixes: list[tuple[str, str, str]] = []
    pieces, marks = _pieces_and_headings(doc, fixes)
    full = "\n".join(p.text for p in pieces)
    if not full.strip():
        raise ReaderError("文件中没有文字内容", "empty")
    agency, year = _title(doc, pieces, ctx)
    _note_fixes(fixes, ctx)
    regions = _regions(pieces, marks, ctx)
    has_tables = any(regions.get(k) for k in ("active", "requests", "appeals"))
    t3_hits = sum(1 for _ in L.T3_LABEL.finditer("".join(p.text for p in regions.get("requests", []))))
    if year is None or (not has_tables and len(marks) < 3) or (agency is None and t3_hits < 5 and len(marks) < 3):
        raise ReaderError(
            f"{name or '该文件'}不是政府信息公开工作年度报告（未找到“××机关××××年政府信息公开工作年度报告”标题或报告的表格）",
            "not_report",
        )
    if agency is None:
        agency = "（未识别）"
        ctx.note("未能从标题识别机关名称")
    data: dict = {"agency": agency, "year": year}
    published = _published(doc, pieces)
    if published:
        data["published_on"] = published
    data["agency_level"] = "government" if re.search(r"(人民政府|管委会|管理委员会|街道办事处|行政公署)$", agency) else "department"

    prose = "\n".join(p.text for k in ("_head", "overview", "problems", "other") for p in regions.get(k, []))
    template, active, active_2019 = _table2(regions.get("active", []), ctx, prose)
    requests, _single_other = _table3(regions.get("requests", []), ctx)
    appeals, tail = _table4(regions.get("appeals", []), ctx)
    data["template"] = template
    data["active"] = active
    data["active_2019"] = active_2019
    data["requests"] = requests
    data["appeals"] = appeals
    sections, order = _narrative(regions, marks, tail, ctx)
    data["sections"] = sections
    data["section_order"] = order
    try:
        report = Report.model_validate(data)
    except Exception as err:  # pragma: no cover - the reader builds valid data
        raise ReaderError(f"读出的数据不合格式：{err}", "unreadable") from None
    fill_other_processed(report)
    if report.requests.other_processed is not None and "requests.other_processed.0" not in ctx.prov:
        for i in range(7):
            ctx.prov[f"requests.other_processed.{i}"] = Provenance(cell=f"表三 三（六） 第{i + 1}列", note="三（六）1–3 之和")
    report.provenance = ctx.prov
    report.notes = ctx.notes
    return report


# ================================================================ pieces & headings


def _note_fixes(fixes: list[tuple[str, str, str]], ctx: Ctx) -> None:
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
    r"^(?:标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|本地目录|来源|索引号|主题分类|成文日期|信息来源|浏览次数)[:：]"
    r"|^页面链接与图片|^=+\s*正文\s*=+$|^当前位置|^(?:首页|打印|关闭|分享到|收藏|【打印】|【关闭】|附件下载|扫一扫)"
)


_FOOTER = re.compile(r"^(?:[-—–－]{1,2}\d{1,3}[-—–－]{1,2}|第\d{1,3}页(?:[,，/]?共\d{1,3}页)?|第\d{1,3}页/共\d{1,3}页)$")
# a sentence of prose with a counted figure (…信息2293条，…15条。) inside a table region
_PROSE = re.compile(r"[^。\d\t]{0,40}\d+(?:\.\d+)?[条件个项次人篇余%][^。\t]{0,80}。")
_RUNNING_HEAD = re.compile(r"^\D{2,40}(?:19|20)\d{2}年度?(?:政府信息公开|政务公开)(?:工作)?(?:年度)?报告$")
_TABLE_NOTE = re.compile(r"^(?:注|备注|说明|数据来源|填报说明)\d?[:：]")


_DOUBLED = re.compile(r"([\u4e00-\u9fff])\1([^\d\s])\2")


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


def _pieces_and_headings(doc: Document, fixes: list | None = None):
    pieces: list[Piece] = []
    marks: list[tuple[int, str]] = []  # (piece index where the section starts, key)
    seen: set[str] = set()
    # one-character label repairs: for plain text (where OCR output comes) and
    # for any document showing OCR's letters inside numbers (a scanned PDF's text layer)
    short = doc.source in ("text", "markdown") or any(_OCR_SIGN.search(c) for line in doc.lines for c in line.cells)
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


def _regions(pieces: list[Piece], marks: list[tuple[int, str]], ctx: Ctx) -> dict[str, list[Piece]]:
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
    regions["_order"] = [k for _i, k in marks]  # type: ignore[assignment]
    regions["_head"] = [p for p in pieces[: marks[0][0]] if p.text] if marks else [p for p in pieces if p.text]  # type: ignore[assignment]
    return regions


# ================================================================ title


_ORG = re.compile(r"(局|委|办|政府|厅|院|会|部|署|中心|所|站|队|区|县|市|省|镇|乡|街道|处|馆|社|司|室|旗|州|盟|团|公司|集团|大学|学校|医院|银行|监狱|园)")
_AG = r"[^\d\s,，。;；:：!！?？()（）《》\"“”>＞›»/|\\_·\-—]"
# an agency name may hold a bracketed place: 中国（上海）自由贸易试验区…
_AGX = rf"(?:{_AG}|[(（][\u4e00-\u9fff]{{1,8}}[)）])"
_TITLE_A = re.compile(rf"(?P<agency>{_AGX}{{2,40}}?)(?:关于)?(?P<year>(?:19|20)\d{{2}})年度?(?:的)?(?:政府信息公开|政务公开|信息公开)")
_TITLE_B = re.compile(rf"(?P<year>(?:19|20)\d{{2}})年度?(?P<agency>{_AGX}{{2,40}}?)(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?报告")
_TITLE_C = re.compile(rf"(?P<agency>{_AGX}{{2,40}}?)(?:政府信息公开|政务公开)工作年度报告[(（](?P<year>(?:19|20)\d{{2}})年?度?[)）]")
# site furniture above a crawled title: menus, breadcrumbs, the site's name
_NAV = re.compile(r"[|｜>＞›»]|当前位置|您的位置|所在位置|现在的位置|当前的位置|首页|网站$|门户网$|网$")
_NOT_AGENCY = {"政府", "本局", "我局", "本机关", "我单位", "本单位", "年度", "全区", "全市", "全县"}
_NOT_AGENCY_START = ("政府信息", "政务公开", "信息公开", "工作", "年度", "本报告", "根据", "按照")
_TITLE_NOISE = re.compile(r"^(?:[#*>\s]+|正文|标题|全文|首页|附件\d*)+")
ABBREVIATIONS = {
    "科委": "科学技术委员会",
    "发改委": "发展和改革委员会",
    "经信委": "经济和信息化委员会",
    "卫健委": "卫生健康委员会",
    "卫计委": "卫生和计划生育委员会",
    "教委": "教育委员会",
    "住建委": "住房和城乡建设委员会",
    "国资委": "国有资产监督管理委员会",
    "民宗委": "民族宗教事务委员会",
    "商务委": "商务委员会",
    "交通委": "交通委员会",
    "农委": "农业农村委员会",
    "发改局": "发展和改革局",
    "工信局": "工业和信息化局",
    "住建局": "住房和城乡建设局",
    "人社局": "人力资源和社会保障局",
    "市监局": "市场监督管理局",
    "卫健局": "卫生健康局",
    "文旅局": "文化和旅游局",
    "文广旅局": "文化广电和旅游局",
    "医保局": "医疗保障局",
    "应急局": "应急管理局",
    "城管局": "城市管理局",
    "自然资源局": "自然资源局",
    "规资局": "规划和自然资源局",
    "生态环境局": "生态环境局",
    "退役军人局": "退役军人事务局",
    "行政审批局": "行政审批局",
    "政府办": "人民政府办公室",
    "区政府": "区人民政府",
    "县政府": "县人民政府",
    "市政府": "市人民政府",
}
_PLACE_END = re.compile(r"(?:省|市|县|区|州|旗|盟|镇|乡|街道|实验区|新区|开发区|示范区|园区|高新区)$")
_FUNCTION_CHARS = set("由与请的在和及对向为于从据将本我全该各经是")


def _title(doc: Document, pieces: list[Piece], ctx: Ctx) -> tuple[str | None, int | None]:
    texts = []
    for meta in doc.meta.get("titles") or ([doc.meta["title"]] if doc.meta.get("title") else []):
        texts.append(norm(meta).replace("\t", ""))
    crumbs = []
    for p in pieces[:15]:
        c = getattr(p, "clutter", None)
        if c and c.startswith("标题"):
            texts.append(c.split(":", 1)[-1].split("：", 1)[-1].replace("\t", ""))
        elif c:
            crumbs.append(c.replace("\t", ""))
    head = [_TITLE_NOISE.sub("", p.text.replace("\t", "")) for p in pieces[:40] if p.text and not getattr(p, "clutter", None)][:12]
    head = [h for h in head if h and not _NAV.search(h)]
    for i, line in enumerate(head):
        texts.append(line)
        if i + 1 < len(head):
            texts.append(line + head[i + 1])
        if i + 2 < len(head) and len(head[i + 1]) < 12:
            texts.append(line + head[i + 1] + head[i + 2])
    texts += crumbs
    agency = year = None
    for t in texts:
        for rx in (_TITLE_A, _TITLE_B, _TITLE_C):
            for m in rx.finditer(t):
                a = _TITLE_NOISE.sub("", m.group("agency")).removesuffix("关于").strip("-_·:：")
                if not _ORG.search(a) or a in _NOT_AGENCY or a.startswith(_NOT_AGENCY_START):
                    continue
                if not 2000 <= int(m.group("year")) <= 2100:
                    continue
                agency, year = a, int(m.group("year"))
                break
            if agency:
                break
        if agency:
            break
    full = "".join(p.text for p in pieces)
    if year is None:
        m = re.search(r"(20\d{2})年1月1日(?:起)?至\1年12月31日", full)
        if m:
            year = int(m.group(1))
        else:
            m = re.search(r"((?:19|20)\d{2})年度?(?:政府信息公开|政务公开)工作年度报告", full[:400])
            if m:
                year = int(m.group(1))
        if year is not None and not 2000 <= year <= 2100:
            year = None
        if year is not None:
            ctx.note(f"年度取自正文（{year}），标题中未找到")
    if agency is None:
        agency = _agency_from_text(pieces)
        if agency:
            ctx.note(f"标题中没有机关名称，取正文/落款中的“{agency}”")
    if agency:
        agency = _full_agency(agency, full, ctx)
    return agency, year


_ORG_END = re.compile(r"(?:人民政府|办公室|办公厅|委员会|管委会|局|厅|署|院|中心|办事处|公署)$")


def _agency_from_text(pieces: list[Piece]) -> str | None:
    """No agency in the title: 本报告由××编制, or the signature at the end."""
    for p in pieces[:30]:
        m = re.search(r"本报告由([\u4e00-\u9fff]{3,30}?)(?:根据|依据|按照|依照|编制|汇总|组织)", p.text)
        if m and _ORG_END.search(m.group(1)):
            return m.group(1)
    tail = [p.text.replace("\t", "") for p in pieces[-6:] if p.text]
    for i, t in enumerate(tail):
        if re.fullmatch(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日", t) and i > 0 and _ORG_END.search(tail[i - 1]) and len(tail[i - 1]) <= 30:
            return tail[i - 1]
    return None


def _full_agency(agency: str, full: str, ctx: Ctx) -> str:
    """The agency as the title prints it, completed from the text: an
    abbreviation expanded (上海市科委 → 上海市科学技术委员会), a place name
    completed with the organ the text names (平潭综合实验区 → …管委会), a
    district/county organ prefixed with its city (洪泽区人民政府 →
    淮安市洪泽区人民政府) when the text writes it so."""
    original = agency
    for short, long in sorted(ABBREVIATIONS.items(), key=lambda kv: -len(kv[0])):
        if agency.endswith(short) and short != long:
            agency = agency[: -len(short)] + long
            break
    if re.match(r"^(?:市|区|县|省|州|镇|乡)(?!人民政府$)", agency) or re.match(r"^(?:市|区|县)人民政府", agency):
        # 市卫健委 → the text's 上海市卫生健康委员会: the place the text puts before it
        found = Counter()
        for m in re.finditer(r"([\u4e00-\u9fff]{2,4})" + re.escape(agency), full):
            before = m.group(1)
            for k in (2, 3):
                name = before[-k:]
                if len(name) == k and not set(name) & _FUNCTION_CHARS:
                    found[name] = full.count(name + agency)
        if found:
            top = max(found.values())
            agency = min((n for n, c in found.items() if c == top), key=len) + agency
    if _PLACE_END.search(agency):
        counts = Counter(re.findall(re.escape(agency) + r"(人民政府|管委会|管理委员会|委员会|办事处|人民政府办公室)", full))
        if counts:
            agency += counts.most_common(1)[0][0]
        elif re.search(r"(?:省|市|县|区|旗|镇|乡)$", agency):
            agency += "人民政府"
    if re.match(r"^[\u4e00-\u9fff]{2,4}(?:区|县|旗)", agency) and not re.match(r"^[\u4e00-\u9fff]{2,6}(?:省|市|自治区|州|盟)", agency):
        prefixes = Counter()
        for m in re.finditer(r"([\u4e00-\u9fff]{2,4})(市|州|盟|地区)" + re.escape(agency), full):
            before = m.group(1)
            for k in (2, 3, 4):
                name = before[-k:]
                if len(name) == k and not set(name) & _FUNCTION_CHARS:
                    prefixes[name + m.group(2)] = full.count(name + m.group(2))
        if prefixes:
            top = max(prefixes.values())
            best = min((n for n, c in prefixes.items() if c == top), key=len)
            prefixes = Counter({best: top})
        if prefixes:
            agency = prefixes.most_common(1)[0][0] + agency
    if agency != original:
        ctx.note(f"机关名称：标题为“{original}”，按正文取全称“{agency}”")
    return agency


def _published(doc: Document, pieces: list[Piece]) -> dt.date | None:
    cands = []
    if doc.meta.get("published"):
        cands.append(norm(doc.meta["published"]))
    for p in pieces[:40]:
        t = getattr(p, "clutter", None) or p.text
        if re.search(r"发布时间|发布日期|发文日期|时间[:：]", t):
            cands.append(t)
    for t in cands:
        m = re.search(r"(?:发布时间|发布日期|发文日期|时间)?[:：]?\s*((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})", t)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


# ================================================================ table 2


def _narrative_piece(p: Piece, rx: re.Pattern, hits: int = 2) -> bool:
    """A sentence of prose inside a table region (not a table row)."""
    if p.line.table or "。" not in p.text:
        return False
    return sum(1 for _ in rx.finditer(p.text)) < hits


def _t2_stream(pieces: list[Piece], patterns: dict[str, str]):
    """(key, value text, piece) for every table-2 row label, with the text
    that follows it up to the next label (across lines)."""
    rx = re.compile("|".join(f"(?P<{k}>{L.fw(p)})" for k, p in patterns.items()))
    rows: list[list] = []
    for p in pieces:
        sep = "\t" if p.line.table else " "
        text = L.T2_NOISE.sub(sep, p.text)
        pos = 0
        for m in rx.finditer(text):
            if rows:
                rows[-1][1] += text[pos : m.start()] + sep
            elif tokens_of(text[pos : m.start()]):
                pass  # numbers before the first label: header noise
            rows.append([m.lastgroup, "", p])
            pos = m.end()
        if rows:
            rows[-1][1] += text[pos:] + sep
    for r in rows:
        if r[1].startswith("\t"):
            r[1] = r[1][1:]  # the border after the label cell
    return rows


_DOC_EVIDENCE = {
    0: r"(?:本年度?|今年|全年|新)?制发[^。；;\d]{0,16}?(\d+)件",
    1: r"废止[^。；;\d]{0,16}?(\d+)件",
    2: r"现行有效[^。；;\d]{0,16}?(\d+)件",
}


def _pick_documents(parsed: Parsed, narrative: str, label: str, ctx: Ctx) -> tuple:
    """A three-number run such as 693665 (制发/废止/现行有效) has many readings
    and no identity. Keep readings the narrative confirms (…现行有效…698件);
    else the one reading where 制发 ≥ 废止 and 现行有效 ≥ both; else none."""
    cands = parsed.candidates
    if len(cands) <= 1:
        return cands[0] if cands else (None, None, None)
    narrowed = cands
    for col, rx in _DOC_EVIDENCE.items():
        seen = {int(m.group(1)) for m in re.finditer(rx, narrative) if "规范性文件" in narrative[max(0, m.start() - 20) : m.end() + 20] or label == "规章"}
        keep = [c for c in narrowed if c[col] in seen]
        if keep:
            narrowed = keep
    if len(narrowed) == 1:
        ctx.note(f"表二“{label}”数字连写（{''.join(parsed.tokens)}），按正文所述数字拆分为 {'/'.join(map(str, narrowed[0]))}")
        return narrowed[0]
    plausible = [c for c in narrowed if c[0] >= c[1] and c[2] >= c[0] and c[2] >= c[1]]
    if len(plausible) == 1:
        ctx.note(
            f"表二“{label}”数字连写（{''.join(parsed.tokens)}），无勾稽关系可定；取唯一满足“制发≥废止、现行有效≥制发”的读法 "
            f"{'/'.join(map(str, plausible[0]))}（请核对原件）"
        )
        return plausible[0]
    ctx.note(f"表二“{label}”数字连写（{''.join(parsed.tokens)}），有 {len(narrowed)} 种读法，无法确定，置空")
    return (None, None, None)


def _table2(pieces: list[Piece], ctx: Ctx, full: str):
    t2rx = re.compile("|".join(L.T2_ROWS_2019.values()))
    pieces = [p for p in pieces if not _narrative_piece(p, t2rx)]
    region = "\n".join(p.text for p in pieces)
    is_2019 = bool(L.T2_2019_MARKERS.search(region))
    narrative = full
    if not pieces:
        ctx.note("未找到表二（主动公开政府信息情况）")
        return "2021", None, None
    if is_2019:
        ctx.note("表二为 2019 年版格式（本年新制作数量/上一年项目数量等），数据放在 active_2019")
        out: dict[str, dict] = {}
        block_of = {}
        for b in standard.TABLE2_2019_BLOCKS:
            for rk, _rl in b.rows:
                block_of[rk] = b
        for key, text, piece in _t2_stream(pieces, L.T2_ROWS_2019):
            if key in out:
                continue
            b = block_of[key]
            cols = [c for c, _l in b.columns]
            signed = any(c == "change" for c in cols)
            parsed = parse_values(text, len(cols), constrained=False, signed=signed, decimals=True)
            vals = parsed.candidates[0] if parsed.settled else (None,) * len(cols)
            if not parsed.settled:
                ctx.note(f"表二（2019 年版）“{dict(b.rows)[key]}”的数字无法确定（{' '.join(parsed.tokens) or '无数字'}），置空")
            out[key] = {}
            for i, c in enumerate(cols):
                v = vals[i]
                if isinstance(v, Decimal) and c not in ("amount_10k_yuan",):
                    if re.fullmatch(r"-?[1-9]\d{0,2}\.\d{3}", parsed.tokens[i] if i < len(parsed.tokens) else ""):
                        ctx.note(f"表二（2019 年版）“{dict(b.rows)[key]}”{dict(b.columns)[c]}原文为“{parsed.tokens[i]}”，件数不是小数，按千位分隔符读")
                        v = int(parsed.tokens[i].replace(".", ""))
                    elif v == v.to_integral_value():
                        v = int(v)
                    else:
                        ctx.note(f"表二（2019 年版）“{dict(b.rows)[key]}”{dict(b.columns)[c]}原文为“{v}”，件数不应有小数，置空")
                        v = None
                out[key][c] = v
                ctx.provenance(f"active_2019.{key}.{c}", piece, f"表二 {dict(b.rows)[key]} {dict(b.columns)[c]}",
                               parsed.tokens[i] if i < len(parsed.tokens) else None)
        for b in standard.TABLE2_2019_BLOCKS:
            for rk, _rl in b.rows:
                out.setdefault(rk, {c: None for c, _l in b.columns})
        return "2019", None, out
    active: dict = {"regulations": {}, "normative_documents": {}}
    labels = {k: lab for b in standard.TABLE2_BLOCKS for k, lab in b.rows}
    doc_cols = _columns_x(pieces, 3)
    found = set()
    for key, text, piece in _t2_stream(pieces, L.T2_ROWS_2021):
        if key in found:
            continue
        if not tokens_of(text) and not piece.line.table:
            continue  # a label with nothing after it: wait for a later one
        found.add(key)
        if key in standard.DOCUMENT_KINDS:
            parsed = parse_values(text, 3, constrained=False)
            if piece.line.xs and sum(1 for t in parsed.tokens if t) < 3:  # PDF: a blank cell, placed by column
                pos = _by_position(piece, doc_cols, 3)
                if pos is not None:
                    parsed = pos
            vals = _pick_documents(parsed, narrative, labels[key], ctx)
            for i, col in enumerate(standard.DOCUMENT_COLUMNS):
                active[key][col] = vals[i]
                note = "数字连写，已拆分" if parsed.how.startswith("split") else None
                if i in parsed.nulls:
                    note = f"原文为“{parsed.tokens[i]}”，按空值处理"
                    ctx.note(f"表二“{labels[key]}”{col} 原文为“{parsed.tokens[i]}”，按空值处理")
                ctx.provenance(f"active.{key}.{col}", piece, f"表二 {labels[key]} 第{i + 1}列", str(vals[i]) if vals[i] is not None else None, note)
        else:
            fee = key == "fees_10k_yuan"
            parsed = parse_values(text, 1, constrained=False, decimals=fee)
            if not parsed.settled and re.fullmatch(r"\s*\d+(?: \d+)+(?:\.\d+)?\s*", text.replace("\t", " ")):
                # one number broken by single spaces (text browsers splitting inline runs: 2 784)
                joined = re.sub(r"\s+", "", text)
                parsed = parse_values(joined, 1, constrained=False, decimals=fee)
                ctx.note(f"表二“{labels[key]}”数字中间有空格（{text.strip()}），按一个数读作 {joined}")
            v = parsed.candidates[0][0] if parsed.settled else None
            if not parsed.settled and parsed.tokens:
                ctx.note(f"表二“{labels[key]}”后有多个数字（{' '.join(parsed.tokens)}），无法确定，置空")
            if v is not None and fee:
                v = Decimal(str(v))
            elif isinstance(v, Decimal):
                v = int(v) if v == v.to_integral_value() else None
            if parsed.nulls:
                ctx.note(f"表二“{labels[key]}”原文为“{parsed.tokens[0]}”，按空值处理")
            if parsed.repairs:
                ctx.note(f"表二“{labels[key]}”原文为“{'、'.join(parsed.repairs)}”，件数不是小数，按千位分隔符读")
            active[key] = v
            ctx.provenance(f"active.{key}", piece, f"表二 {labels[key]}", parsed.tokens[0] if parsed.tokens else None)
    missing = [labels[k] for k in labels if k not in found]
    if missing:
        ctx.note("表二未找到：" + "、".join(missing))
    return "2021", active, None


# ================================================================ table 3


@dataclass
class _Ev:
    kind: str  # anchor | free | mention
    key: str | None
    parsed: Parsed | None
    piece: Piece


_NUMCELL = re.compile(r"^(?:\d{1,30}|[/\\\-—–－]|——)$")


def _columns_x(pieces: list[Piece], n: int) -> list[float] | None:
    """PDF: the horizontal centres of the n value columns, from rows that
    print all n values (to place the values of rows with blank cells)."""
    cols: list[list[float]] = [[] for _ in range(n)]
    for p in pieces:
        xs = p.line.xs
        if not xs or len(xs) != len(p.line.cells):
            continue
        num = [x for c, x in zip(p.line.cells, xs) if _NUMCELL.match(norm(c))]
        if len(num) == n:
            for i, x in enumerate(num):
                cols[i].append(x)
    if not cols[0]:
        return None
    return [sorted(c)[len(c) // 2] for c in cols]


def _by_position(p: Piece, cols: list[float] | None, n: int) -> Parsed | None:
    xs = p.line.xs
    if not cols or not xs or len(xs) != len(p.line.cells):
        return None
    num = [(norm(c), x) for c, x in zip(p.line.cells, xs) if _NUMCELL.match(norm(c))]
    if not num or len(num) >= n:
        return None
    if any(re.search(r"\d", norm(c)) and not _NUMCELL.match(norm(c)) and (not L.T3_LABEL.search(norm(c)) or re.search(r"\d$", norm(c))) for c in p.line.cells):
        return None  # numbers sharing a cell (or a label's cell): not a blank-cell row
    width = min(b - a for a, b in zip(cols, cols[1:])) if len(cols) > 1 else 50.0
    vals: list = [None] * n
    toks = [""] * n
    for tok, x in num:
        i = min(range(n), key=lambda k: abs(cols[k] - x))
        if abs(cols[i] - x) > 0.5 * width or toks[i]:
            return None
        toks[i] = tok
        vals[i] = int(tok) if tok.isdigit() else None
    out = Parsed(candidates=[tuple(vals)], how="cells", tokens=toks)
    out.nulls = [i for i, t in enumerate(toks) if t and not t.isdigit()]
    return out


def _trail_hint(pieces: list[Piece], n: int) -> int | None:
    """How many cells usually follow the last value in this table's rows."""
    counts = Counter()
    for p in pieces:
        if not p.line.table:
            continue
        cells = p.text.split("\t")
        filled = [i for i, c in enumerate(cells) if _NUMCELL.match(c.strip())]
        if len(filled) >= n:
            counts[len(cells) - 1 - filled[-1]] += 1
    return counts.most_common(1)[0][0] if counts else None


def _by_gaps(p: Piece, n: int, groups) -> Parsed | None:
    """PDF: a row with blank cells, placed by the gaps between the numbers
    (a blank column leaves a gap twice as wide)."""
    from gongkai.reader.split import _consistent

    xs = p.line.xs
    if not xs or len(xs) != len(p.line.cells):
        return None
    num = [(norm(c), x) for c, x in zip(p.line.cells, xs) if _NUMCELL.match(norm(c))]
    if len(num) < 2 or len(num) >= n or len(num) != sum(1 for c in p.line.cells if re.search(r"\d", c)):
        return None
    diffs = sorted(b[1] - a[1] for a, b in zip(num, num[1:]))
    pitch = diffs[len(diffs) // 2]
    if pitch <= 0:
        return None
    steps = [round((b[1] - a[1]) / pitch) for a, b in zip(num, num[1:])]
    if any(st < 1 for st in steps) or sum(steps) + 1 > n:
        return None
    cands = []
    for offset in range(n - sum(steps)):
        vals: list = [None] * n
        toks = [""] * n
        pos = offset
        for i, (tok, _x) in enumerate(num):
            if i:
                pos += steps[i - 1]
            toks[pos] = tok
            vals[pos] = int(tok) if tok.isdigit() else None
        if _consistent(vals, groups):
            cands.append((tuple(vals), toks))
    if len(cands) != 1:
        return None
    vals, toks = cands[0]
    return Parsed(candidates=[vals], how="cells", tokens=toks, nulls=[i for i, t in enumerate(toks) if t and not t.isdigit()])


def _t3_parse(seg: str, p: Piece, cols: list[float] | None, trail: int | None = None) -> Parsed:
    if p.line.xs and cols:
        pos = _by_position(p, cols, 7)
        if pos is not None:
            return pos
    return parse_values(seg, 7, trail=trail)


def _t3_events(pieces: list[Piece], ctx: Ctx) -> list[_Ev]:
    cols = _columns_x(pieces, 7)
    trail = _trail_hint(pieces, 7)
    # label-only lines next to each other are one label (broken across lines)
    units: list[tuple[str, Piece]] = []
    for p in pieces:
        text = p.text
        if units and not _value_tokens(text) and not _value_tokens(units[-1][0]) and not p.line.table and not units[-1][1].line.table:
            units[-1] = (units[-1][0] + text, units[-1][1])
        else:
            units.append((text, p))
    events: list[_Ev] = []
    free_buf: list[tuple[str, Piece]] = []

    def flush_free(final: bool = False):
        if not free_buf:
            return
        text = "\t".join(t for t, _p in free_buf)
        n_tok = len(tokens_of(text))
        if n_tok % 7 == 0 and n_tok:
            toks = tokens_of(text) if "\t" not in text or n_tok > 7 else None
            if toks and n_tok > 7:
                for i in range(0, n_tok, 7):
                    events.append(_Ev("free", None, parse_values(" ".join(toks[i : i + 7]), 7), free_buf[0][1]))
            else:
                events.append(_Ev("free", None, parse_values(text, 7), free_buf[0][1]))
            free_buf.clear()
        elif final or n_tok > 7:
            parsed = parse_values(text, 7)
            if parsed.candidates:
                events.append(_Ev("free", None, parsed, free_buf[0][1]))
            else:
                ctx.note(f"表三中有无法对应到行的数字，已忽略：{' '.join(tokens_of(text))}（{free_buf[0][1].where}）")
            free_buf.clear()

    for text, p in units:
        matches = []
        for m in L.T3_LABEL.finditer(text):
            key = L.T3_LABEL_KEYS[int(m.lastgroup[1:])]
            start, end = m.start(), m.end()
            h = L.SUB_HEAD.search(text, 0, start)
            prev_end = matches[-1][1] if matches else 0
            if h and h.start() >= prev_end:
                start = h.start()
            if matches and matches[-1][2] == key and not tokens_of(text[matches[-1][1] : start]):
                matches[-1][1] = end  # two cores of one label
                continue
            matches.append([start, end, key])
        pre = text[: matches[0][0]] if matches else text
        if _value_tokens(pre) and not matches and not free_buf and p.line.xs and cols:
            pos = _by_position(p, cols, 7)
            if pos is not None:
                events.append(_Ev("free", None, pos, p))
                continue
        if _value_tokens(pre):
            if len(tokens_of(pre)) >= 7 and free_buf:
                flush_free(final=True)
            free_buf.append((pre, p))
            if len(tokens_of("\t".join(t for t, _ in free_buf))) >= 7:
                flush_free()
        if matches and free_buf:
            flush_free(final=True)
        for i, (_start, end, key) in enumerate(matches):
            seg = text[end : matches[i + 1][0]] if i + 1 < len(matches) else text[end:]
            if seg.startswith("\t"):
                seg = seg[1:]  # the border after the label cell
            nxt = matches[i + 1][2] if i + 1 < len(matches) else None
            has_values = bool(tokens_of(seg))
            if key.startswith("g:"):
                if has_values and nxt is None:
                    # a row group's label beside numbers: the row's own label
                    # is elsewhere (broken across pages); placed by row order
                    events.append(_Ev("free", None, _t3_parse(seg, p, cols, trail), p))
                continue
            if key == "bare_total":
                key = "total_processed"
                if not has_values:
                    continue
            if key == "other_processed" and not has_values:
                if nxt in standard.OTHER_SUBROWS:
                    continue
            if has_values:
                events.append(_Ev("anchor", key, _t3_parse(seg, p, cols, trail), p))
            else:
                events.append(_Ev("mention", key, None, p))
    flush_free(final=True)
    return events


_SUBHEAD_ANY = re.compile(r"(?<![\d.])\d\s*[.、](?=[^\d\s])")


def _value_tokens(text: str) -> list[str]:
    """Numbers in ``text`` other than sub-item numbers (``5.要求…``)."""
    return tokens_of(_SUBHEAD_ANY.sub("", text))


def _table3(pieces: list[Piece], ctx: Ctx):
    pieces = [p for p in pieces if not _narrative_piece(p, L.T3_LABEL, 3)]
    rows: dict[str, tuple[Parsed, Piece]] = {}
    if not pieces:
        ctx.note("未找到表三（收到和处理政府信息公开申请情况）")
        return {}, False
    events = _t3_events(pieces, ctx)
    last = -1.0
    pending: dict[str, float] = {}
    for ev in events:
        if ev.kind == "mention":
            if ev.key not in rows:
                pending[ev.key] = L.T3_INDEX[ev.key]
            continue
        if ev.kind == "anchor":
            key = ev.key
            idx = L.T3_INDEX[key]
            if key == "total_processed" and last < L.T3_INDEX["granted"]:
                continue  # 总计 in the header
        else:
            ahead = sorted((i, k) for k, i in pending.items() if i > last and k not in rows)
            if ahead:
                idx, key = ahead[0]
            else:
                key = next((k for k in L.T3_ORDER if L.T3_INDEX[k] > last and k not in rows), None)
                if key is None:
                    ctx.note(f"表三中多出一行数字，已忽略（{ev.piece.where}）")
                    continue
                idx = L.T3_INDEX[key]
                if key == "other_no_supplement" and "other_processed" in rows:
                    key = "total_processed"
                    idx = L.T3_INDEX[key]
            number = standard.TABLE3_ROW_BY_KEY[key].number if key in standard.TABLE3_ROW_BY_KEY else "三（六）"
            ctx.note(f"表三“{number}”一行数字没有行标题，按行序认定（{ev.piece.where}）")
        if key in rows:
            if rows[key][0].candidates or not ev.parsed.candidates:
                ctx.note(f"表三“{_row_name(key)}”出现两次，取第一次（{ev.piece.where}）")
                continue
            ctx.note(f"表三“{_row_name(key)}”出现两次，第一次读不出数字，取第二次（{ev.piece.where}）")
        rows[key] = (ev.parsed, ev.piece)
        pending.pop(key, None)
        last = idx
    single_other = "other_processed" in rows and not any(k in rows for k in standard.OTHER_SUBROWS)
    chosen = _resolve_t3(rows, ctx)
    out: dict = {}
    for key, vals in chosen.items():
        parsed, piece = rows[key]
        out[key] = list(vals) if vals is not None else None
        for i in range(7):
            tok = None
            if parsed.how in ("direct", "cells") and i < len(parsed.tokens):
                tok = parsed.tokens[i]
            note = None
            if parsed.how.startswith("split"):
                note = "数字连写，按勾稽关系拆分" + ("（忽略了数字间的空格）" if parsed.how == "split_nospace" else "")
            if i in parsed.nulls:
                note = f"原文为“{parsed.tokens[i]}”，按空值处理"
            shown = tok if tok is not None else (str(vals[i]) if vals and vals[i] is not None else None)
            ctx.provenance(f"requests.{key}.{i}", piece, f"表三 {_row_name(key)} 第{i + 1}列（{standard.APPLICANT_COLUMNS[i].label}）", shown, note)
        if parsed.nulls:
            ctx.note(f"表三“{_row_name(key)}”有“/”或“-”，按空值处理")
        if parsed.repairs:
            ctx.note(f"表三“{_row_name(key)}”原文为“{'、'.join(parsed.repairs)}”，件数不是小数，按千位分隔符读")
    expected = [k for k in standard.TABLE3_KEYS if not (single_other and k in standard.OTHER_SUBROWS)]
    missing = [k for k in expected if k not in out]
    if single_other:
        ctx.note("表三（六）其他处理只印了一行（无 1–3 小项），记为 other_processed")
    if missing:
        ctx.note("表三未找到：" + "、".join(_row_name(k) for k in missing))
    return out, single_other


def _row_name(key: str) -> str:
    if key == "other_processed":
        return "三（六）其他处理"
    return standard.TABLE3_ROW_BY_KEY[key].number


def _resolve_t3(rows: dict[str, tuple[Parsed, Piece]], ctx: Ctx) -> dict[str, tuple | None]:
    """One reading per row: rows with several readings (digits run together)
    are settled by the column identities (T3.BALANCE, T3.SUM); cells the
    identities cannot settle are null."""
    fixed: dict[str, tuple | None] = {}
    ambiguous: dict[str, list[tuple]] = {}
    unique_splits: list[str] = []
    for key, (parsed, piece) in rows.items():
        if not parsed.candidates:
            fixed[key] = None
            ctx.note(f"表三“{_row_name(key)}”的数字无法读出（{' '.join(parsed.tokens) or '无数字'}，{piece.where}），置空")
        elif len(parsed.candidates) == 1:
            fixed[key] = parsed.candidates[0]
            if parsed.how.startswith("split"):
                unique_splits.append(key)
            elif parsed.how == "blank":
                blank = parsed.candidates[0].index(None)
                ctx.note(f"表三“{_row_name(key)}”只有 {len(parsed.tokens)} 个数（应为 7 个），"
                         f"按行合计认定第{blank + 1}列（{standard.APPLICANT_COLUMNS[blank].label}）为空白")
        else:
            ambiguous[key] = parsed.candidates
    if unique_splits:
        shown = [
            f"{_row_name(k)}（{''.join(rows[k][0].tokens)}）={'/'.join(map(str, fixed[k]))}"
            for k in unique_splits
            if len("".join(rows[k][0].tokens)) > 7
        ]
        ctx.note(
            f"表三有 {len(unique_splits)} 行数字连写（单元格间无分隔），均按“总计=各列之和”唯一拆分"
            + ("：" + "；".join(shown) if shown else "")
        )
    if not ambiguous:
        return fixed
    keys = list(ambiguous)
    space = 1
    for k in keys:
        space *= len(ambiguous[k])
    outcome_keys = list(standard.OUTCOME_KEYS)

    def score(assign: dict[str, tuple | None]) -> int:
        s = 0
        get = assign.get
        for c in range(7):
            a, b, t, f = (get(k) for k in ("new_received", "carried_over", "total_processed", "carried_forward"))
            if all(r is not None and r[c] is not None for r in (a, b, t, f)):
                s += a[c] + b[c] == t[c] + f[c]
            outs = []
            for k in outcome_keys:
                r = get(k)
                if r is None and k in standard.OTHER_SUBROWS:
                    continue
                outs.append(r)
            op = get("other_processed")
            if op is not None and all(get(k) is None for k in standard.OTHER_SUBROWS):
                outs.append(op)
            if t is not None and t[c] is not None and all(r is not None and r[c] is not None for r in outs):
                s += sum(r[c] for r in outs) == t[c]
        return s

    best = _exact_solutions(fixed, ambiguous)
    if best is None:  # no reading satisfies every identity (or too many to try)
        best = []
        best_score = -1
        if space <= 50000:
            for combo in itertools.product(*(ambiguous[k] for k in keys)):
                assign = dict(fixed)
                assign.update(zip(keys, combo))
                sc = score(assign)
                if sc > best_score:
                    best_score, best = sc, [dict(zip(keys, combo))]
                elif sc == best_score:
                    best.append(dict(zip(keys, combo)))
        else:  # too many to weigh: every reading stays possible
            best = None
    if best is None:
        for k in keys:
            vals = ambiguous[k]
            fixed[k] = tuple(vals[0][c] if all(v[c] == vals[0][c] for v in vals) else None for c in range(7))
            ctx.note(f"表三“{_row_name(k)}”数字连写（{''.join(rows[k][0].tokens)}），有 {len(vals)} 种拆法，勾稽关系不能唯一确定，不确定的格置空")
        return fixed
    for k in keys:
        readings = {b[k] for b in best}
        parsed, _piece = rows[k]
        digits = "".join(parsed.tokens)
        if len(readings) == 1:
            r = readings.pop()
            fixed[k] = r
            ctx.note(f"表三“{_row_name(k)}”数字连写（{digits}），有 {len(ambiguous[k])} 种拆法，按勾稽关系取 {'/'.join(map(str, r))}")
        else:
            vals = list(readings)
            merged = tuple(vals[0][c] if all(v[c] == vals[0][c] for v in vals) else None for c in range(7))
            fixed[k] = merged
            ctx.note(f"表三“{_row_name(k)}”数字连写（{digits}），勾稽关系不能唯一确定，不确定的格置空")
    return fixed


def _exact_solutions(fixed: dict, ambiguous: dict[str, list[tuple]], limit: int = 300000) -> list[dict] | None:
    """Every choice of readings under which T3.BALANCE and T3.SUM hold in
    every column (backtracking; partial sums never exceed the total). None
    when there is none or the search is too large to finish."""
    order = ["total_processed", "new_received", "carried_over", "carried_forward"]
    keys = sorted(ambiguous, key=lambda k: (order.index(k) if k in order else 4, len(ambiguous[k])))
    single = "other_processed" in fixed or "other_processed" in ambiguous
    subrows = any(k in fixed or k in ambiguous for k in standard.OTHER_SUBROWS)
    outcomes = [k for k in standard.OUTCOME_KEYS if not (k in standard.OTHER_SUBROWS and single and not subrows)]
    if single and not subrows:
        outcomes.append("other_processed")
    present = set(fixed) | set(ambiguous)
    all_outcomes_present = all(k in present for k in outcomes)
    assign = {k: v for k, v in fixed.items() if v is not None}
    sols: list[dict] = []
    nodes = [0]

    def ok() -> bool:
        t = assign.get("total_processed")
        bal = [assign.get(k) for k in ("new_received", "carried_over", "total_processed", "carried_forward")]
        outs = [assign.get(k) for k in outcomes]
        complete = all_outcomes_present and all(o is not None for o in outs)
        for c in range(7):
            if all(r is not None and r[c] is not None for r in bal):
                if bal[0][c] + bal[1][c] != bal[2][c] + bal[3][c]:
                    return False
            if t is not None and t[c] is not None:
                part = sum(o[c] for o in outs if o is not None and o[c] is not None)
                if part > t[c]:
                    return False
                if complete and all(o[c] is not None for o in outs) and part != t[c]:
                    return False
        return True

    def rec(i: int) -> None:
        if nodes[0] > limit or len(sols) > 200:
            return
        nodes[0] += 1
        if i == len(keys):
            sols.append({k: assign[k] for k in keys})
            return
        k = keys[i]
        for cand in ambiguous[k]:
            assign[k] = cand
            if ok():
                rec(i + 1)
        assign.pop(k, None)

    if not ok():
        return None
    rec(0)
    if nodes[0] > limit or len(sols) > 200 or not sols:
        return None
    return sols


# ================================================================ table 4


def _table4(pieces: list[Piece], ctx: Ctx):
    out: dict = {}
    if not pieces:
        ctx.note("未找到表四（行政复议、行政诉讼情况）")
        return out, []
    taken: list[Piece] = []
    texts: list[str] = []
    count = 0
    started = False
    rest_from = len(pieces)
    for n, p in enumerate(pieces):
        toks = tokens_of(L.T4_HEADER.sub("", p.text))
        if not toks:
            if started and (len(p.text) > 12 and not p.line.table):
                rest_from = n
                break
            if started and count >= 15:
                rest_from = n
                break
            continue
        if started and count >= 15:
            rest_from = n
            break
        if not started and not p.line.table and "。" in p.text and len(toks) < 5 and len("".join(toks)) < 15:
            continue  # a sentence before the table
        started = True
        taken.append(p)
        texts.append(p.text)
        count += len(toks)
    else:
        rest_from = len(pieces)
    tail = pieces[rest_from:]
    if not taken:
        ctx.note("表四没有数字")
        return out, tail
    text = "\t".join(texts) if len(texts) > 1 else texts[0]
    parsed = parse_values(text, 15, groups=(5, 5, 5))
    if len(taken) == 1 and taken[0].line.xs and (len(parsed.candidates) != 1 or parsed.how != "cells"):
        by_gaps = _by_gaps(taken[0], 15, (5, 5, 5))
        if by_gaps is not None:
            parsed = by_gaps
    if not parsed.candidates and len(texts) > 1:
        parsed = parse_values(" ".join(texts).replace("\t", " "), 15, groups=(5, 5, 5))
    if not parsed.candidates:
        ctx.note(f"表四的数字无法读出（{' '.join(parsed.tokens)}），置空")
        return out, tail
    if len(parsed.candidates) > 1:
        vals = parsed.candidates
        merged = tuple(vals[0][c] if all(v[c] == vals[0][c] for v in vals) else None for c in range(15))
        ctx.note(f"表四数字连写（{''.join(parsed.tokens)}），有 {len(vals)} 种拆法，不确定的格置空")
        vals = merged
    else:
        vals = parsed.candidates[0]
        if parsed.how.startswith("split"):
            ctx.note(f"表四数字连写（{''.join(parsed.tokens)}），按各组合计唯一拆分")
    if parsed.nulls:
        ctx.note("表四有“/”或“-”，按空值处理")
    if parsed.repairs:
        ctx.note(f"表四原文为“{'、'.join(parsed.repairs)}”，件数不是小数，按千位分隔符读")
    for g, group in enumerate(standard.APPEAL_GROUPS):
        out[group.key] = list(vals[g * 5 : g * 5 + 5])
        for i in range(5):
            idx = g * 5 + i
            tok = parsed.tokens[idx] if parsed.how in ("direct", "cells") and idx < len(parsed.tokens) else (str(vals[idx]) if vals[idx] is not None else None)
            ctx.provenance(
                f"appeals.{group.key}.{i}", taken[0], f"表四 {group.parent + '·' if group.parent else ''}{group.label} {standard.APPEAL_COLUMNS[i].label}", tok,
                "数字连写，按各组合计拆分" if parsed.how.startswith("split") else None,
            )
    return out, tail


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


def _narrative(regions: dict, marks, tail: list[Piece], ctx: Ctx):
    soft = ctx.doc.soft_wrap
    order: list[str] = list(regions.get("_order", []))
    sections = {}
    for key in standard.NARRATIVE_SECTIONS:
        if key in regions:
            sections[key] = _join(regions[key], soft) or None
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
