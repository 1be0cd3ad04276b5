"""The title region: agency, year and publication date."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from gongkai.reader.context import Ctx
from gongkai.reader.normalize import norm
from gongkai.reader.repairs import repair
from gongkai.reader.types import Document, Piece

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
# 现将我办…, 本局…: a pronoun for the agency, not its name
_PRONOUN = re.compile(r"^(?:现将|特将|谨将|现就|根据|按照|依据|依照)"
                      r"|[我本](?:办|局|委|厅|院|部|署|中心|单位|机关|镇|乡|街道|区|县|市|省|公司|所|站|队|处|室|馆|会)")
# 关于2022年度政府信息公开情况的报告: the year only
_TITLE_D = re.compile(r"(?:关于)?(?P<year>(?:19|20)\d{2})年度?(?:的)?(?:政府信息公开|政务公开)(?:工作)?(?:情况)?(?:的)?(?:年度)?报告")
@repair("title.wo_ban_not_agency", "现将我办…/本局…: a pronoun for the agency, never its name")
def pronoun(candidate: str) -> bool:
    return bool(_PRONOUN.search(candidate))


@repair("title.guanyu_niandu", "title 关于2022年度政府信息公开情况的报告: the year from the title, the agency from the signature")
def year_only_title(texts: list[str]) -> int | None:
    return next((int(m.group("year")) for t in texts[:6] if (m := _TITLE_D.match(t))), None)


_PLACE_END = re.compile(r"(?:省|市|县|区|州|旗|盟|镇|乡|街道|实验区|新区|开发区|示范区|园区|高新区)$")
_FUNCTION_CHARS = set("由与请的在和及对向为于从据将本我全该各经是")


def title(doc: Document, pieces: list[Piece], ctx: Ctx) -> tuple[str | None, int | None]:
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
                if not _ORG.search(a) or a in _NOT_AGENCY or a.startswith(_NOT_AGENCY_START) or pronoun(a):
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
        year = year_only_title(texts)
        if year is not None:
            ctx.note(f"标题“关于{year}年度……报告”中没有机关名称")
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


_DATE = r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
# the page's own date, by its label; a crawler's capture time (采集时间) is not one
_PUBLISHED = [
    re.compile(r"(?:发布日期|发布时间|公开日期|公开时间|发文日期|发布于)[:：]?\s*" + _DATE),
    re.compile(r"(?<!采集)(?<!抓取)(?<!爬取)(?<!访问)(?<!下载)(?<!更新)(?<!修改)(?<!成文)(?:日期|时间)[:：]\s*" + _DATE),
]


@repair("crawl.capture_time", "a crawler's 采集时间 beside the page's 发布日期/公开日期: the page's own date wins")
def published(doc: Document, pieces: list[Piece]) -> dt.date | None:
    cands = []
    for p in pieces[:40]:
        t = p.clutter or p.text
        if re.search(r"日期|时间|发布于", t):
            cands.append(t)
    meta = [norm(doc.meta["published"])] if doc.meta.get("published") else []
    for rx in _PUBLISHED:
        for t in cands:
            for m in rx.finditer(t):
                try:
                    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    continue
        if rx is _PUBLISHED[0]:
            for t in meta:
                m = re.search(_DATE, t)
                if m:
                    try:
                        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                    except ValueError:
                        pass
    return None

