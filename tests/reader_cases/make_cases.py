"""Generate the reader test corpus: realistic annual reports with gold values.

    .venv/bin/python tests/reader_cases/make_cases.py        # (re)writes every case

Each case is one report as an agency would publish it, or as a tool would
extract it: pdftotext output (tabs, layout spaces, one cell per line), crawled
page text (cells run together, breadcrumbs and share widgets), real HTML with
the national template's rowspan/colspan, PDF-to-markdown output (tables broken
per row group, label-less rows), DOCX with merged cells, and PDF printed by
WeasyPrint. Beside each file, ``<name>.gold.json`` holds the values exactly as
printed (errors included; ``null`` for blank or ``/`` cells) in the exchange
format ``gongkai.annual-report/1``.

The layouts follow how real reports look (see /work/shared/corpus/NOTES.md for
the five real ones); they are not derived from the reader. Everything is
deterministic: each case has its own seed, and the generator checks that every
value run together with its neighbours can be settled by the row and group
identities alone, as a careful human would settle it.
"""

from __future__ import annotations

import functools
import html as htmlmod
import io
import json
import operator
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from gongkai import standard  # noqa: E402  (labels and keys only)

# ====================================================================== data

T3_KEYS = standard.TABLE3_KEYS  # 25 rows incl. the three （六） sub-rows
OUT_KEYS = standard.OUTCOME_KEYS
WEIGHTS = {
    "granted": 30, "partially_granted": 7, "withheld_state_secret": 0.2, "withheld_law_prohibited": 0.5,
    "withheld_three_securities": 0.5, "withheld_third_party": 2, "withheld_internal_affairs": 1,
    "withheld_process_info": 2, "withheld_enforcement_files": 1.5, "withheld_administrative_query": 2,
    "unavailable_not_held": 24, "unavailable_needs_creation": 3, "unavailable_unclear": 2,
    "not_processed_petition": 3, "not_processed_duplicate": 3, "not_processed_publication": 0.5,
    "not_processed_excessive": 0.5, "not_processed_confirmation": 1, "other_no_supplement": 3,
    "other_fee_unpaid": 0.2, "other_other": 4,
}
# Applicants per column (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他)
PROFILES = {
    "zero": [(0, 0)] * 6,
    "tiny": [(0, 6), (0, 1), (0, 0), (0, 0), (0, 0), (0, 1)],
    "small": [(3, 28), (0, 4), (0, 0), (0, 1), (0, 2), (0, 2)],
    "busy": [(60, 380), (4, 40), (0, 2), (0, 4), (1, 12), (0, 9)],
    "huge": [(900, 2600), (40, 300), (0, 6), (2, 20), (10, 90), (5, 60)],
}


def gen_requests(rng: random.Random, profile: str, single_other: bool) -> dict:
    rows = {k: [0] * 7 for k in T3_KEYS}
    for c, (lo, hi) in enumerate(PROFILES[profile]):
        n = rng.randint(lo, hi)
        if n and rng.random() < 0.25:
            n = 0 if c else n
        carried = rng.choice([0, 0, 0, 1, 2]) if n and profile != "tiny" else 0
        if profile in ("busy", "huge") and c == 0:
            carried = rng.randint(2, 15) if profile == "busy" else rng.randint(30, 160)
        rows["new_received"][c] = n
        rows["carried_over"][c] = carried
        avail = n + carried
        cf = min(avail, rng.choice({"busy": [0, 2, 5, 9], "huge": [20, 45, 88, 130]}.get(profile, [0, 0, 0, 1, 2, 3])))
        rows["carried_forward"][c] = cf
        done = avail - cf
        rows["total_processed"][c] = done
        keys = list(OUT_KEYS)
        w = [WEIGHTS[k] for k in keys]
        for k in rng.choices(keys, w, k=done):
            rows[k][c] += 1
    for k in rows:
        rows[k][6] = sum(rows[k][:6])
    if single_other:
        rows["other_processed"] = [sum(rows[k][i] for k in standard.OTHER_SUBROWS) for i in range(7)]
        for k in standard.OTHER_SUBROWS:
            rows[k] = None
    return rows


def gen_appeals(rng: random.Random, level: str) -> dict:
    out = {}
    for g in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
        if level == "zero" or rng.random() < {"some": 0.5, "many": 0.15}.get(level, 1):
            v = [0, 0, 0, 0]
        else:
            hi = 3 if level == "some" else 14
            v = [rng.randint(0, hi), rng.choice([0, 0, 1, 2]), rng.choice([0, 0, 1]), rng.choice([0, 0, 1, 3])]
        out[g] = v + [sum(v)]
    return out


def gen_active(rng: random.Random, kind: str) -> dict:
    regs = {"made": 0, "repealed": 0, "in_force": 0}
    if kind in ("province_gov", "city_gov"):
        regs = {"made": rng.randint(1, 9), "repealed": rng.randint(0, 6), "in_force": rng.randint(40, 260)}
    made = rng.randint(0, {"township": 2, "street": 1}.get(kind, 25))
    nd = {"made": made, "repealed": rng.randint(0, 8) if kind not in ("township", "street") else 0,
          "in_force": made + rng.randint(0, {"township": 6, "street": 3}.get(kind, 180))}
    lic = {"township": (0, 40), "street": (0, 25), "dept": (20, 3000), "city_dept": (500, 60000),
           "province_dept": (300, 9000), "county_gov": (800, 9000), "city_gov": (2000, 40000),
           "province_gov": (100, 900)}[kind]
    pun = {"township": (0, 30), "street": (0, 60), "dept": (0, 900), "city_dept": (100, 12000),
           "province_dept": (0, 700), "county_gov": (500, 6000), "city_gov": (3000, 30000),
           "province_gov": (0, 200)}[kind]
    return {
        "regulations": regs,
        "normative_documents": nd,
        "licensing": rng.randint(*lic),
        "punishment": rng.randint(*pun),
        "coercion": rng.randint(0, pun[1] // 12),
        "fees_10k_yuan": "0",
    }


def gen_active_2019(rng: random.Random, kind: str) -> dict:
    nd_made = rng.randint(0, 12)
    lic_prev = rng.randint(10, 320)
    pun_prev = rng.randint(40, 900)
    return {
        "regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
        "normative_documents": {"new_made": nd_made, "new_published": nd_made, "total_published": nd_made + rng.randint(5, 90)},
        "licensing": {"previous": lic_prev, "change": rng.choice([0, 0, -3, 2, 5, -1]), "decisions": rng.randint(50, 6000)},
        "other_services": {"previous": rng.randint(0, 40), "change": rng.choice([0, 1, -2]), "decisions": rng.randint(0, 900)},
        "punishment": {"previous": pun_prev, "change": rng.choice([0, 12, -7, 3]), "decisions": rng.randint(10, 3000)},
        "coercion": {"previous": rng.randint(0, 30), "change": rng.choice([0, 0, 1]), "decisions": rng.randint(0, 60)},
        "fees": {"previous": rng.randint(0, 6), "change": rng.choice([0, 0, -1])},
        "procurement": {"count": rng.randint(0, 40), "amount_10k_yuan": "0"},
    }


# ====================================================================== case

@dataclass
class Case:
    name: str
    fmt: str  # tabs layout raw concat mixed lines html md mdclean docx pdf
    agency: str
    year: int
    kind: str  # for table-2 magnitudes
    profile: str  # table-3 magnitudes
    seed: int
    template: str = "2021"
    appeals: str = "zero"
    single_other: bool = False
    fee: str = "0"
    opts: dict = field(default_factory=dict)
    quirks: list[str] = field(default_factory=list)
    # filled by build()
    gold: dict = field(default_factory=dict)

    @property
    def ext(self) -> str:
        return {"html": ".html", "md": ".md", "mdclean": ".md", "mdhtml": ".md", "docx": ".docx", "pdf": ".pdf"}.get(self.fmt, ".txt")


def build(case: Case) -> None:
    rng = random.Random(case.seed)
    single = case.single_other or case.template == "2019"
    g: dict = {"format": standard.FORMAT_ID, "agency": case.agency, "year": case.year, "template": case.template}
    if case.template == "2019":
        a19 = gen_active_2019(rng, case.kind)
        a19["procurement"]["amount_10k_yuan"] = case.opts.get("procurement_amount", "0")
        if a19["procurement"]["count"] == 0:
            a19["procurement"]["amount_10k_yuan"] = "0"
        g["active"] = None
        g["active_2019"] = a19
    else:
        act = gen_active(rng, case.kind)
        act["fees_10k_yuan"] = case.fee
        g["active"] = act
    g["requests"] = gen_requests(rng, case.profile, single)
    g["appeals"] = gen_appeals(rng, case.appeals)
    # printed nulls and errors, as the report prints them
    for path, val in case.opts.get("override", {}).items():
        set_path(g, path, val)
    for path, delta in case.opts.get("bump", {}).items():
        parts = path.split(".")
        set_path(g, path, g[parts[0]][parts[1]][int(parts[2])] + delta)
    case.gold = g


def set_path(d: dict, path: str, val) -> None:
    parts = path.split(".")
    for p in parts[:-1]:
        d = d[int(p)] if isinstance(d, list) else d[p]
    last = parts[-1]
    if isinstance(d, list):
        d[int(last)] = val
    else:
        d[last] = val


def gold_json(case: Case) -> str:
    def conv(o):
        if isinstance(o, dict):
            return {k: conv(v) for k, v in o.items()}
        if isinstance(o, list):
            return [conv(v) for v in o]
        if isinstance(o, str) and re.fullmatch(r"-?\d+(\.\d+)?", o):
            d = Decimal(o)
            return int(d) if d == d.to_integral_value() else float(o)
        return o

    g = conv(case.gold)
    g["template"] = case.template
    return json.dumps(g, ensure_ascii=False, indent=1) + "\n"


# ====================================================================== cell text

FW = str.maketrans("0123456789", "０１２３４５６７８９")
UNFW = str.maketrans("０１２３４５６７８９", "0123456789")


def cell(case: Case, path: str, value) -> str:
    o = case.opts
    if value is None:
        return o.get("null", "/")
    s = str(value)
    if (path in o.get("thousands", ()) or o.get("thousands_all")) and isinstance(value, int) and value >= 1000:
        s = f"{value:,}"
    if path.endswith(".change") and isinstance(value, int) and value > 0 and o.get("plus_sign"):
        s = "+" + s
    if isinstance(value, int) and value < 0 and o.get("fw_minus"):
        s = "－" + str(-value)
    if path == "active.fees_10k_yuan" and o.get("fee_unit"):
        s += "万元"
    if path in o.get("cell_notes", {}):
        s += o["cell_notes"][path]
    if path in o.get("fullwidth", ()):
        s = s.translate(FW)
    return s


def row_cells(case: Case, key: str) -> list[str]:
    row = case.gold["requests"][key]
    if row is None:
        return [case.opts.get("null", "/")] * 7
    return [cell(case, f"requests.{key}.{i}", v) for i, v in enumerate(row)]


def appeal_cells(case: Case) -> list[str]:
    out = []
    for gk in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
        out += [cell(case, f"appeals.{gk}.{i}", v) for i, v in enumerate(case.gold["appeals"][gk])]
    return out


# ====================================================================== labels

def lab(case: Case, text: str) -> str:
    """Apply the case's label spelling: 1、 for 1., ASCII brackets, typos."""
    o = case.opts
    for a, b in o.get("label_typos", {}).items():
        text = text.replace(a, b)
    if o.get("num_sep") == "、":
        text = re.sub(r"^(\d)\.", r"\1、", text)
    if o.get("ascii_brackets"):
        text = text.replace("（", "(").replace("）", ")")
    if o.get("label_spaces") and len(text) >= 10 and not text.startswith(("一、", "二、", "四、", "第二十条")):
        # justified text in a PDF cell: pdftotext puts a space where the glyphs were spread
        k = len(text) - 1 - (sum(map(ord, text)) % 4)
        text = text[:k] + " " + text[k:]
    return text


@dataclass
class T3Row:
    key: str
    top: str | None  # 一、… / 三、本年度办理结果 / 四、…
    group: str | None  # （三）不予公开 …
    label: str  # the row's own label (for top rows: the top label)
    first_in_group: bool = False
    last_in_group: bool = False
    group_size: int = 1


def t3_rows(case: Case) -> list[T3Row]:
    single = case.gold["requests"]["other_other"] is None
    rows: list[T3Row] = []
    for r in standard.TABLE3_ROWS:
        if r.key in standard.OTHER_SUBROWS and single:
            if r.key == "other_no_supplement":
                rows.append(T3Row("other_processed", standard.RESULTS_HEADER, None, lab(case, "（六）其他处理")))
            continue
        if r.key in ("new_received", "carried_over", "carried_forward"):
            rows.append(T3Row(r.key, lab(case, r.label), None, lab(case, r.label)))
        elif r.key in ("granted", "partially_granted", "total_processed"):
            rows.append(T3Row(r.key, standard.RESULTS_HEADER, None, lab(case, r.label)))
        else:
            rows.append(T3Row(r.key, standard.RESULTS_HEADER, lab(case, r.group), lab(case, r.label)))
    for _i, r in enumerate(rows):
        if r.group:
            members = [x for x in rows if x.group == r.group]
            r.group_size = len(members)
            r.first_in_group = members[0] is r
            r.last_in_group = members[-1] is r
    return rows


def t3_note(case: Case) -> str:
    if case.opts.get("t3_note") == "numbered":
        return (f"注：1.本表数据统计时限为{case.year}年1月1日至12月31日；2.“其他”指法人或其他组织中的其他类型；"
                f"3.上年结转的申请已于{case.year}年3月31日前全部办结。")
    return (f"注：本表统计时限为{case.year}年1月1日至{case.year}年12月31日，“其他”指法人或其他组织中的其他类型；"
            f"{case.year}年度申请量较上年变化的原因详见正文第一部分。")


def t3_header_note(case: Case) -> str:
    return lab(case, standard.BALANCE_NOTE)


def t2_blocks(case: Case) -> list[tuple[str, list[str], list[tuple[str, list[str]]]]]:
    """(item title, header cells, [(row label, cells)]) for table 2 as printed."""
    g = case.gold
    blocks = []
    if case.template == "2019":
        a = g["active_2019"]
        for b in standard.TABLE2_2019_BLOCKS:
            header = ["信息内容"] + [lab(case, c[1]) for c in b.columns]
            rows = []
            for rk, rl in b.rows:
                rows.append((lab(case, case.opts.get("row_labels", {}).get(rk, rl)),
                             [cell(case, f"active_2019.{rk}.{ck}", a[rk][ck]) for ck, _ in b.columns]))
            blocks.append((lab(case, b.item), header, rows))
        return blocks
    a = g["active"]
    for b in standard.TABLE2_BLOCKS:
        header = ["信息内容"] + [lab(case, case.opts.get("col_labels", {}).get(c[0], c[1])) for c in b.columns]
        rows = []
        for rk, rl in b.rows:
            label = lab(case, case.opts.get("row_labels", {}).get(rk, rl))
            if rk in standard.DOCUMENT_KINDS:
                vals = [cell(case, f"active.{rk}.{ck}", a[rk][ck]) for ck in standard.DOCUMENT_COLUMNS]
            else:
                vals = [cell(case, f"active.{rk}", a[rk])]
            rows.append((label, vals))
        blocks.append((lab(case, b.item), header, rows))
    return blocks


T4_HEAD = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


# ====================================================================== narrative

def title(case: Case) -> str:
    style = case.opts.get("title", 0)
    if style == 4:
        # 2023年市卫健委政府信息公开工作年度报告
        return f"{case.year}年{case.opts['abbr']}政府信息公开工作年度报告"
    if style == 5:
        # no year in the title: the year is in the preface (统计期限) only
        return f"{case.agency}政府信息公开工作年度报告"
    if style == 3:
        # 北京市东城区…政府信息公开工作年度报告（2023年度）
        return f"{case.agency}政府信息公开工作年度报告（{case.year}年度）"
    if case.opts.get("title_name"):
        # 沁阳市2023年…: a county government titles its report with the place name;
        # the full name is in the signature and the preface
        return f"{case.opts['title_name']}{case.year}年政府信息公开工作年度报告"
    if style == 1:
        return f"{case.agency}{case.year}年度政府信息公开工作年度报告"
    if style == 2:
        return f"{case.year}年{case.agency}政府信息公开工作年度报告"
    return f"{case.agency}{case.year}年政府信息公开工作年度报告"


def total_received(case: Case) -> int:
    return case.gold["requests"]["new_received"][6]


def applicants(case: Case) -> str:
    """其中自然人15件、法律服务机构1件、其他1件，— where the report says who applied."""
    if not case.opts.get("applicant_sentence"):
        return ""
    row = case.gold["requests"]["new_received"]
    names = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他法人或其他组织"]
    parts = [f"{names[i]}{row[i]}件" for i in range(6) if row[i]]
    return ("其中" + "、".join(parts) + "，") if parts else ""


def narrative(case: Case) -> dict[str, list[str]]:
    rng = random.Random(case.seed * 7 + 1)
    y, ag = case.year, case.agency
    n = total_received(case)
    short = case.opts.get("short", "我局" if ag.endswith(("局", "厅", "委员会")) else ("我街道" if "街道" in ag else ("我镇" if ag.endswith("镇人民政府") else "我区")))
    tpl_doc = "国办公开办函〔2019〕60号" if case.template == "2019" else "国办公开办函〔2021〕30号"
    preface = (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
               f"关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{tpl_doc}）要求编制。"
               f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。如对本报告有任何疑问，请与{ag}办公室联系"
               f"（电话：0{rng.randint(371, 398)}-{rng.randint(2000000, 8999999)}）。")
    if case.opts.get("abbr"):
        # 市卫健委: the title uses the short name, the preface gives the full one
        preface = (f"根据《中华人民共和国政府信息公开条例》和《{ag[:3]}政府信息公开规定》的要求，{ag}（以下简称“{case.opts['abbr']}”）"
                   f"编制了{y}年度政府信息公开工作年度报告。" + preface.split("要求编制。", 1)[1])
    pub = rng.randint(60, 4000)
    overview = [
        f"{y}年，{short}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和上级关于政务公开工作的部署要求，"
        f"围绕中心工作，持续深化政务公开，不断提升政府信息公开质量和实效。",
        f"（一）主动公开。全年通过政府网站主动公开政府信息{pub}条，其中政策文件{rng.randint(2, 40)}条、政策解读{rng.randint(1, 30)}条。",
    ]
    if case.template == "2021":
        nd = case.gold["active"]["normative_documents"]
        if case.opts.get("nd_sentence") and None not in nd.values():
            overview.append(f"本年度制发行政规范性文件{nd['made']}件，废止{nd['repealed']}件，现行有效{nd['in_force']}件，均已在规范性文件库集中公开。")
    overview += [
        f"（二）依申请公开。{y}年，{short}共收到政府信息公开申请{n}件，" + applicants(case) + "均在法定期限内予以答复。"
        + ("" if n else "未发生因政府信息公开引起的行政复议、行政诉讼。"),
        "（三）政府信息管理。严格落实公开属性源头认定和保密审查制度，对拟公开的政府信息逐条审核，动态调整公开目录。",
        "（四）政府信息公开平台建设。持续加强政府网站和政务新媒体管理，及时更新信息公开专栏内容。",
        "（五）监督保障。成立政务公开工作领导小组，明确专人负责，将政务公开工作纳入年度考核。",
    ]
    problems = [
        f"{y}年，{short}政府信息公开工作取得了一定成效，但也存在一些不足：一是公开内容的深度和广度还需拓展；二是政策解读形式较为单一。",
        f"{y + 1}年，{short}将从以下方面改进：一是加强业务培训，提升工作人员业务水平；二是丰富解读形式，提高政策解读质量。",
    ]
    fee_text = "本年度未收取信息处理费。" if rng.random() < 0.6 else f"{y}年度，{short}未发出收费通知，未收取信息处理费。"
    other = [fee_text]
    return {"preface": [preface], "overview": overview, "problems": problems, "other": other}


def heading(case: Case, key: str) -> str:
    h = case.opts.get("headings", {}).get(key)
    if h:
        return h
    s = standard.SECTION_BY_KEY[key]
    t = f"{s.number}、{s.title}"
    if case.opts.get("part_headings"):
        t = f"第{s.number}部分 {s.title}"
    return lab(case, t) if case.opts.get("ascii_brackets") else t


def doc_parts(case: Case) -> list[tuple[str, str | None]]:
    """The report as a sequence: ('title'|'para'|'heading'|'table2'|'table3'|'table4', text)."""
    n = narrative(case)
    parts: list[tuple[str, str | None]] = [("title", title(case))]
    if case.opts.get("date_line"):
        parts.append(("para", case.opts["date_line"]))
    parts += [("para", p) for p in n["preface"]]
    parts.append(("heading", heading(case, "overview")))
    parts += [("para", p) for p in n["overview"]]
    for extra in case.opts.get("extra_sections", []):
        parts.append(("heading", extra[0]))
        parts.append(("para", extra[1]))
    parts.append(("heading", heading(case, "active")))
    parts.append(("table2", None))
    parts.append(("heading", heading(case, "requests")))
    parts.append(("table3", None))
    parts.append(("heading", heading(case, "appeals")))
    parts.append(("table4", None))
    parts.append(("heading", heading(case, "problems")))
    parts += [("para", p) for p in n["problems"]]
    parts.append(("heading", heading(case, "other")))
    parts += [("para", p) for p in n["other"]]
    if case.opts.get("signature", True):
        parts.append(("para", case.agency))
        parts.append(("para", f"{case.year + 1}年1月{random.Random(case.seed).randint(10, 28)}日"))
    return parts


# ====================================================================== pdftotext-like text

def dwidth(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)


def pad(s: str, w: int) -> str:
    return s + " " * max(1, w - dwidth(s))


def wrap(s: str, n: int) -> list[str]:
    """Break a label every n characters, as a narrow table column does."""
    return [s[i:i + n] for i in range(0, len(s), n)] or [""]


def nb(case: Case, v: str) -> str:
    """A cell as innerText gives it when the page padded it with &nbsp; / full-width spaces."""
    return f"\u00a0{v}\u00a0" if case.opts.get("nbsp_pad") else v


def render_tabs(case: Case) -> str:
    """pdftotext output of a Word-made PDF with tabs between cells (like 延津县应急管理局)."""
    o = case.opts
    out: list[str] = []
    for kind, text in doc_parts(case):
        if kind == "title" and case.fmt == "crawltabs":
            out += crawl_head(case)
            continue
        if kind == "title":
            if o.get("title_break"):
                out += ["", "", case.agency, text[len(case.agency):], ""]
                continue
            out += ["", "", text.replace("政府信息公开工作年度报告", " 政府信息公开工作年度 报告") if o.get("title_space") else text, ""]
        elif kind == "heading" or kind == "para":
            out += [text, ""]
        elif kind == "table2":
            for item, header, rows in t2_blocks(case):
                out.append(item + "\t" * (len(header) - 1))
                out.append("\t".join(header))
                for label, vals in rows:
                    out.append(label + "\t" + "\t".join(nb(case, v) for v in vals) + "\t" * (len(header) - 1 - len(vals)))
            out.append("")
        elif kind == "table3":
            total = "总 计" if o.get("spaced_labels") else "总计"
            out.append(f"{t3_header_note(case)}\t\t申请人情况\t\t\t\t\t\t{total}\t")
            out.append("\t\t自然人\t法人或其他组织\t\t\t\t\t\t")
            out.append("\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t")
            for r in t3_rows(case):
                vals = "\t".join(nb(case, v) for v in row_cells(case, r.key))
                if r.group is None and r.top and r.top != standard.RESULTS_HEADER:
                    out.append(f"{r.label}\t\t{vals}\t")
                elif r.group is None:
                    pre = standard.RESULTS_HEADER if r.key == "granted" else ""
                    if r.key == "total_processed" and o.get("total_at_start"):
                        out.append(f"{r.label}\t{vals}\t\t")
                    else:
                        out.append(f"{pre}\t{r.label}\t{vals}\t")
                else:
                    g = r.group if r.first_in_group else ""
                    label = r.label
                    if len(label) > o.get("wrap_at", 99):
                        parts = wrap(label, o["wrap_at"])
                        out.append(f"\t{g}\t{parts[0]}")
                        for p in parts[1:-1]:
                            out.append(f"\t\t{p}")
                        out.append(f"\t\t{parts[-1]}\t{vals}")
                        continue
                    if r.key == "other_other" and o.get("other_at_start"):
                        out.append(f"{label}\t\t{vals}\t")
                    else:
                        out.append(f"\t{g}\t{label}\t{vals}")
                if r.key in o.get("footer_after", ()):
                    out.extend(footer(case, o.get("first_page", 3)))
            if o.get("t3_note"):
                out.append(t3_note(case))
            out.append("")
        elif kind == "table4":
            h = [x[:2] + " " + x[2:] if o.get("spaced_labels") and x != "总计" else x for x in T4_HEAD]
            out.append("行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t")
            out.append("\t".join(h[:4]) + "\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t")
            out.append("\t" * 5 + "\t".join(h + h))
            out.append("\t".join(appeal_cells(case)))
            out.append("")
    if case.fmt == "crawltabs":
        out += crawl_tail(case)
    return "\n".join(out) + "\n"


def footer(case: Case, page: int) -> list[str]:
    lines = _footer(case, page)
    if case.opts.get("running_header"):
        lines += [" " * 16 + title(case), ""]
    return lines


def _footer(case: Case, page: int) -> list[str]:
    style = case.opts.get("footer", "dash")
    if style == "dash":
        return ["", "", " " * 38 + f"— {page} —", "\f"]
    if style == "ascii":
        return ["", " " * 30 + f"-{page}-", ""]
    if style == "spaced":
        return ["", " " * 30 + f"- {page} -", "\f"]
    return ["", " " * 30 + f"第 {page} 页 共 {page + 3} 页", "\f"]


def bold(case: Case, text: str) -> str:
    """Fake bold (a bold face simulated by printing each glyph twice): pdftotext
    gives every character twice — 三三、、收收到到…"""
    if not case.opts.get("fake_bold"):
        return text
    return "".join(ch if ch == " " else ch * 2 for ch in text)


def render_layout(case: Case) -> str:
    """pdftotext -layout output: columns aligned with spaces, page footers,
    long labels wrapped with the numbers on their own line, group labels
    vertical (single characters) or spaced on a line of their own."""
    o = case.opts
    rng = random.Random(case.seed + 11)
    out: list[str] = []
    page = 1
    line_in_page = 0

    def emit(line: str = ""):
        nonlocal page, line_in_page
        out.append(line)
        line_in_page += 1
        if line_in_page >= o.get("page_lines", 46):
            out.extend(footer(case, page))
            page += 1
            line_in_page = 0

    def vals_line(vals: list[str], indent: int, gap: int = 6) -> str:
        return " " * indent + "".join(v.rjust(gap) for v in vals)

    for kind, text in doc_parts(case):
        if kind == "title":
            emit()
            for piece in wrap(text, 20) if len(text) > 24 else [text]:
                emit(" " * 10 + piece)
            emit()
        elif kind == "heading":
            emit(" " * 4 + bold(case, text))
        elif kind == "para":
            for i, piece in enumerate(wrap(text, 34)):
                emit(("    " if i == 0 else "") + piece)
        elif kind == "table2":
            for item, header, rows in t2_blocks(case):
                emit()
                emit(" " * 38 + bold(case, item))
                emit()
                hl = " " * 18 + bold(case, header[0])
                for hcell in header[1:]:
                    hl += " " * 10 + bold(case, hcell)
                emit(hl)
                emit()
                for label, vals in rows:
                    line = pad(label, 24)
                    if len(vals) == 1:
                        line = pad(label, 58) + vals[0]
                    else:
                        for v in vals:
                            line += " " * 14 + v.rjust(4)
                    emit(line)
                    emit()
        elif kind == "table3":
            total = "总 计" if o.get("spaced_labels") else "总计"
            emit(" " * 62 + bold(case, "申请人情况"))
            emit()
            emit(" " * 57 + bold(case, "法人或其他组织"))
            note = t3_header_note(case)
            emit(note[:22])
            emit(note[22:])
            emit(" " * 45 + bold(case, "自然人") + " " * 9 + bold(case, "社会 法律") + " " * 16 + bold(case, total))
            emit(" " * 51 + bold(case, "商业 科研"))
            emit(" " * 57 + bold(case, "公益 服务 其他"))
            emit(" " * 51 + bold(case, "企业 机构"))
            emit(" " * 57 + bold(case, "组织 机构"))
            emit()
            vertical = o.get("vertical", "spaced")
            vchars = list(standard.RESULTS_HEADER)
            rows = t3_rows(case)
            outcome_rows = [r for r in rows if r.top == standard.RESULTS_HEADER]
            for _idx, r in enumerate(rows):
                vals = row_cells(case, r.key)
                vl = vals_line(vals, 0)
                prefix = ""
                if vertical == "chars" and r.top == standard.RESULTS_HEADER:
                    k = outcome_rows.index(r)
                    if 6 <= k < 6 + len(vchars):
                        prefix = vchars[k - 6]
                if r.top and r.top != standard.RESULTS_HEADER:
                    emit(pad(r.label, 58) + vl)
                    continue
                if r.group is None:
                    label = r.label
                    if len(label) > 20:
                        parts = wrap(label, 19)
                        emit(pad(prefix, 18) + parts[0])
                        for p in parts[1:]:
                            emit(" " * 18 + p)
                        emit(" " * 46 + vl)
                    else:
                        emit(pad(prefix, 18) + pad(label, 40) + vl)
                    continue
                if r.first_in_group and o.get("group_own_line", True) and r.group_size <= 2:
                    emit(" " * 18 + r.group)
                label = r.label
                wrap_at = o.get("wrap_at", 14)
                if len(label) > wrap_at:
                    parts = wrap(label, wrap_at)
                    if r.key in o.get("footer_in_label", ()):
                        # Word let the tall row break across the page: the label
                        # starts on one page, ends with the numbers on the next
                        emit(pad(prefix, 28) + parts[0])
                        out.extend(footer(case, page))
                        page += 1
                        line_in_page = 0
                        for p in parts[1:]:
                            emit(" " * 30 + p)
                        emit(" " * 46 + vl)
                    elif o.get("values_after_wrap", True):
                        emit(pad(prefix, 28) + parts[0])
                        for p in parts[1:]:
                            emit(" " * 30 + p)
                        emit(" " * 46 + vl)
                    else:
                        emit(pad(prefix, 28) + pad(parts[0], 30) + vl)
                        for p in parts[1:]:
                            emit(" " * 30 + p)
                else:
                    emit(pad(prefix, 28) + pad(label, 30) + vl)
                if r.group_size > 2 and r.key == [x for x in rows if x.group == r.group][r.group_size // 2 - 1].key:
                    emit(" " * 18 + r.group)
                if vertical == "spaced" and r.key == "withheld_state_secret":
                    emit(" 三 、本 年 度办 理 结果")
                    emit()
                if r.key in o.get("footer_after", ()):
                    out.extend(footer(case, page))
                    page += 1
                    line_in_page = 0
            emit()
        elif kind == "table4":
            emit(" " * 10 + bold(case, "行政复议") + " " * 30 + bold(case, "行政诉讼"))
            emit()
            emit(" " * 30 + bold(case, "未经复议直接起诉") + " " * 18 + bold(case, "复议后起诉"))
            emit()
            sp = o.get("spaced_labels")
            emit("结果   结果     其他   尚未")
            emit(" " * 20 + ("总 计" if sp else "总计") + " 结果 结果 其他       尚未     结果 结果 其他 尚未")
            emit("维持   纠正     结果   审结" + " " * 47 + "总计")
            emit(" " * 42 + ("总 计" if sp else "总计"))
            emit(" " * 24 + "维持 纠正 结果       审结     维持 纠正 结果 审结")
            emit()
            emit("   ".join(appeal_cells(case)))
            emit()
    out.extend(footer(case, page))
    del rng
    return "\n".join(out) + "\n"


def render_raw(case: Case) -> str:
    """pdftotext without -layout: every cell on its own line, wrapped labels
    over several lines, vertical labels one character a line."""
    o = case.opts
    out: list[str] = []
    page = [1]

    def foot():
        out.extend(x.strip() for x in footer(case, page[0]) if x.strip() or x == "\f")
        page[0] += 1

    for kind, text in doc_parts(case):
        if kind == "title":
            out += wrap(text, 18)
        elif kind == "heading":
            out.append(text)
        elif kind == "para":
            out += wrap(text, 30)
        elif kind == "table2":
            for item, header, rows in t2_blocks(case):
                out.append(item)
                out += header
                for label, vals in rows:
                    out.append(label)
                    out += vals
        elif kind == "table3":
            out += ["（本列数据的勾稽关系为：第一项加第二项", "之和，等于第三项加第四项之和）", "申请人情况", "自然人", "法人或其他组织", "总计",
                    "商业", "企业", "科研", "机构", "社会", "公益", "组织", "法律", "服务", "机构", "其他"]
            for r in t3_rows(case):
                if r.key == "granted":
                    out += list(standard.RESULTS_HEADER) if o.get("vertical", "chars") == "chars" else wrap(standard.RESULTS_HEADER, 2)
                if r.group and r.first_in_group:
                    out += wrap(r.group, 3)
                out += wrap(r.label, o.get("wrap_at", 12))
                out += row_cells(case, r.key)
                if r.key in o.get("footer_after", ()):
                    foot()
        elif kind == "table4":
            out += ["行政复议", "行政诉讼", "结果", "维持", "结果", "纠正", "其他", "结果", "尚未", "审结", "总计",
                    "未经复议直接起诉", "复议后起诉"]
            out += ["结果", "维持", "结果", "纠正", "其他", "结果", "尚未", "审结", "总计"] * 2
            out += appeal_cells(case)
    foot()
    return "\n".join(out) + "\n"


# ====================================================================== crawled page text

CHROME_HEAD = [
    "首页 > 政务公开 > 政府信息公开 > 政府信息公开年报",
    "您当前的位置：首页 > 信息公开 > 法定主动公开内容 > 政府信息公开年报",
    "当前位置：首页>政务公开>政府信息公开年报",
]
SHARE = ["【字体：大 中 小】 【打印本页】 【关闭窗口】", "分享到：微信 微博 QQ空间", "扫一扫在手机打开当前页"]


def crawl_head(case: Case) -> list[str]:
    rng = random.Random(case.seed + 3)
    site = case.opts.get("site", case.agency)
    m, d = rng.randint(1, 3), rng.randint(5, 28)
    if case.opts.get("crawler_meta"):
        return [f"标题: {title(case)}", f"发布时间: {case.year + 1}-{m:02d}-{d:02d} {rng.randint(8, 17)}:{rng.randint(10, 59)}", "文号: ",
                f"发布机构: {case.agency}", "栏目: 政府信息公开年报",
                f"原文链接: https://www.example.gov.cn/zwgk/zfxxgknb/{case.year + 1}{m:02d}/t{case.year + 1}{m:02d}{d:02d}_{rng.randint(10000, 99999)}.html",
                "==================== 正文 ====================", ]
    return [f"{site}网", "网站首页 | 政务公开 | 政务服务 | 互动交流 | 走进" + site[:3], rng.choice(CHROME_HEAD), title(case),
            f"发布时间：{case.year + 1}-{m:02d}-{d:02d}　　来源：{case.agency}　　浏览次数：{rng.randint(30, 900)}", SHARE[0]]


PROVINCE = {"平潭": "闽", "福清": "闽", "宁德": "闽", "珠海": "粤", "苏州": "苏", "无锡": "苏", "沈阳": "辽", "青岛": "鲁", "福州": "闽", "厦门": "闽", "莆田": "闽", "广州": "粤", "深圳": "粤", "佛山": "粤", "西安": "陕", "天津": "津",
            "北京": "京", "上海": "沪", "郑州": "豫", "新乡": "豫", "河南": "豫"}


def crawl_tail(case: Case) -> list[str]:
    rng = random.Random(case.seed + 5)
    icp = PROVINCE.get(case.agency[:2], "豫")
    if case.opts.get("crawler_meta"):
        return []
    prev_next = [f"上一篇：{case.agency}{case.year - 1}年政府信息公开工作年度报告",
                 f"下一篇：{case.agency}关于公布{case.year + 1}年度行政执法统计数据的公告"]
    if case.opts.get("prev_next"):
        return prev_next + [SHARE[1], SHARE[2]]
    return [SHARE[1], SHARE[2], "相关链接：", f"{case.year}年度政府信息公开工作年度报告汇总", "关于我们 | 网站地图 | 联系我们",
            f"主办单位：{case.opts.get('site', case.agency)}　承办单位：{case.agency}办公室",
            f"网站标识码：{rng.randint(1000000000, 9999999999)}　ICP备案号：{icp}ICP备{rng.randint(10000000, 99999999)}号-1",
            f"公安机关备案号：{rng.randint(10000000000000, 99999999999999)}"]


def splits(digits: str, n: int) -> list[list[int]]:
    """All ways to cut a digit string into n numbers without leading zeros."""
    res = []

    def go(i, acc):
        if len(acc) == n:
            if i == len(digits):
                res.append(acc)
            return
        if i >= len(digits):
            return
        if digits[i] == "0":
            go(i + 1, acc + [0])
            return
        for j in range(i + 1, len(digits) + 1):
            go(j, acc + [int(digits[i:j])])
            if len(res) > 50:
                return

    go(0, [])
    return res


def settled_row(vals: list[int]) -> bool:
    digits = "".join(str(v) for v in vals)
    ok = [s for s in splits(digits, 7) if sum(s[:6]) == s[6]]
    return ok == [vals]


def settled_appeals(vals: list[int]) -> bool:
    digits = "".join(str(v) for v in vals)
    ok = [s for s in splits(digits, 15) if all(sum(s[i:i + 4]) == s[i + 4] for i in (0, 5, 10))]
    return ok == [vals]


def settled_table(req: dict, limit: int = 200000) -> bool:
    """True when the run-together rows of table 3 have exactly one reading that
    satisfies every identity: each row's 总计, and per column 一+二 = 三（七）+四
    and 三（七） = the sum of the outcome rows (how pingtan's page is settled)."""
    keys = [k for k in req if req[k] is not None]
    cands = {}
    for k in keys:
        digits = "".join(str(v) for v in req[k])
        cands[k] = [c for c in splits(digits, 7) if sum(c[:6]) == c[6]]
        if req[k] not in cands[k]:
            return False
    total = 1
    for k in keys:
        total *= len(cands[k])
    if total > limit:
        return False
    outcome = [k for k in keys if k in standard.OUTCOME_KEYS or k == "other_processed"]
    import itertools

    found = 0
    for combo in itertools.product(*(cands[k] for k in keys)):
        rows = dict(zip(keys, combo))
        ok = all(rows["new_received"][c] + rows["carried_over"][c] == rows["total_processed"][c] + rows["carried_forward"][c]
                 and rows["total_processed"][c] == sum(rows[k][c] for k in outcome) for c in range(7))
        if ok:
            found += 1
            if found > 1:
                return False
    return found == 1


def concat_cells(case: Case, cells: list[str], rng: random.Random) -> str:
    mode = case.fmt
    if mode == "concat":
        return "".join(cells)
    # mixed: spaces at some cell boundaries only
    s = cells[0]
    for c in cells[1:]:
        s += (" " if rng.random() < 0.4 else "") + c
    return s


def render_crawl(case: Case) -> str:
    """Text a crawler got from the page: table cells run together (pingtan),
    or some separated by spaces; breadcrumbs and share widgets around."""
    o = case.opts
    rng = random.Random(case.seed + 17)
    head = crawl_head(case)
    body: list[str] = []
    for kind, text in doc_parts(case):
        if kind == "title":
            continue
        if kind in ("heading", "para"):
            body.append(text)
        elif kind == "table2":
            s = []
            for item, header, rows in t2_blocks(case):
                s.append(item + " " + " ".join(header) + " " if item.endswith("（一）项") else item + "".join(header))
                for label, vals in rows:
                    s.append(label + concat_cells(case, vals, rng))
            body.append("".join(s))
        elif kind == "table3":
            s = [t3_header_note(case), "申请人情况 自然人 法人或其他组织 总计 商业 企业 科研 机构 社会公益组织 法律服务机构 其他"]
            for r in t3_rows(case):
                lead = ""
                if r.key == "granted":
                    lead = standard.RESULTS_HEADER + " "
                if r.group and r.first_in_group:
                    lead += r.group + " "
                s.append(lead + r.label + " " + concat_cells(case, row_cells(case, r.key), rng))
            body.append(" ".join(s[:2]) + " " + "".join(s[2:]))
        elif kind == "table4":
            h = "".join(T4_HEAD)
            body.append(f"行政复议 行政诉讼 {h} 未经复议直接起诉 复议后起诉 {h}{h} " + concat_cells(case, appeal_cells(case), rng))
    joiner = " " if o.get("one_paragraph") else "\n"
    return "\n".join(head) + "\n" + joiner.join(body) + "\n" + "\n".join(crawl_tail(case)) + "\n"


def render_lines(case: Case) -> str:
    """Crawled text with one table cell a line (get_text with newlines):
    labels broken where the page had <br>, empty lines from &nbsp; cells."""
    o = case.opts
    out = crawl_head(case)
    for kind, text in doc_parts(case):
        if kind == "title":
            continue
        if kind in ("heading", "para"):
            out.append(text)
        elif kind == "table2":
            for item, header, rows in t2_blocks(case):
                out.append(item)
                out += header
                for label, vals in rows:
                    out.append(label)
                    out += vals
        elif kind == "table3":
            out += [t3_header_note(case), "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
            for r in t3_rows(case):
                if r.key == "granted":
                    out.append(standard.RESULTS_HEADER)
                if r.group and r.first_in_group:
                    out.append(r.group)
                label = r.label
                if o.get("br_at") and len(label) > o["br_at"]:
                    out += wrap(label, o["br_at"])
                else:
                    out.append(label)
                out += row_cells(case, r.key)
        elif kind == "table4":
            out += ["行政复议", "行政诉讼"] + T4_HEAD + ["未经复议直接起诉", "复议后起诉"] + T4_HEAD + T4_HEAD
            out += appeal_cells(case)
    out += crawl_tail(case)
    return "\n".join(out) + "\n"


# ====================================================================== HTML

def td_text(case: Case, text: str, style: str) -> str:
    t = htmlmod.escape(text)
    if case.opts.get("split_spans") and len(text) >= 2:
        # Word keeps edits as separate runs: a number or label split over spans
        k = 1 if text[0].isdigit() else (2 if re.match(r"\d[.、]", text) else 0)
        if k:
            t = (f'<span lang="EN-US" style="font-family:Times New Roman">{htmlmod.escape(text[:k])}</span>'
                 f'<span style="font-family:仿宋_GB2312">{htmlmod.escape(text[k:])}</span>')
    if style == "word":
        return (f'<p class="MsoNormal" align="center" style="text-align:center;line-height:20pt">'
                f'<span style="font-size:10.5pt;font-family:仿宋_GB2312">{t}</span></p>')
    if style == "p":
        return f'<p style="text-align:center">{t}</p>'
    if style == "nbsp":
        return f"&nbsp;{t}&nbsp;"
    return t


def td(case: Case, text: str, *, rs: int = 1, cs: int = 1, label: bool = False) -> str:
    style = case.opts.get("cell_style", "plain")
    a = ""
    if case.opts.get("distributed") and text in ("总计", "自然人", "其他", "申请人情况", "信息内容", "行政复议", "行政诉讼"):
        a += ' class="dist"'
    if rs > 1:
        a += f' rowspan="{rs}"'
    if cs > 1:
        a += f' colspan="{cs}"'
    tag = "th" if case.opts.get("th_headers") and not label and not re.fullmatch(r"[\d.,/]*", text) and len(text) <= 12 else "td"
    if text == "" and case.opts.get("empty_nbsp", True):
        return f"<{tag}{a}>&nbsp;</{tag}>"
    if tag == "th":
        return f"<th{a}>{td_text(case, text, 'plain')}</th>"
    if label and case.opts.get("label_br") and len(text) > case.opts["label_br"]:
        return f"<td{a}>" + "<br/>".join(td_text(case, p, "plain") for p in wrap(text, case.opts["label_br"])) + "</td>"
    return f"<td{a}>{td_text(case, text, style)}</td>"


def html_table2(case: Case) -> str:
    blocks = t2_blocks(case)
    ncol = 4
    rows = []
    separate = case.opts.get("t2_separate")
    tables = []
    for item, header, brows in blocks:
        rows.append(f"<tr>{td(case, item, cs=ncol)}</tr>")
        hrow = td(case, header[0])
        if len(header) == 4:
            hrow += "".join(td(case, h) for h in header[1:])
        elif len(header) == 3:
            hrow += td(case, header[1]) + td(case, header[2], cs=2)
        else:
            hrow += td(case, header[1], cs=3)
        rows.append(f"<tr>{hrow}</tr>")
        for label, vals in brows:
            r = td(case, label, label=True)
            if len(vals) == 3:
                r += "".join(td(case, v) for v in vals)
            elif len(vals) == 2:
                r += td(case, vals[0]) + td(case, vals[1], cs=2)
            else:
                r += td(case, vals[0], cs=3)
            rows.append(f"<tr>{r}</tr>")
        if separate:
            tables.append(rows)
            rows = []
    if not separate:
        tables = [rows]
    return "\n".join(table_wrap(case, "\n".join(t)) for t in tables)


def table_wrap(case: Case, inner: str) -> str:
    attrs = case.opts.get("table_attrs", 'border="1" cellspacing="0" cellpadding="0" width="100%"')
    if "<thead>" in inner:
        return f"<table {attrs}>\n{inner}\n</tbody>\n</table>"
    return f"<table {attrs}>\n<tbody>\n{inner}\n</tbody>\n</table>"


def html_table3(case: Case) -> str:
    rows = t3_rows(case)
    outcome_n = sum(1 for r in rows if r.top == standard.RESULTS_HEADER)
    if case.opts.get("split_t3"):
        keys = [r.key for r in rows if r.top == standard.RESULTS_HEADER]
        outcome_n = keys.index(case.opts["split_t3"]) + 1
    tr = []
    if case.opts.get("t3_header_alt"):
        # 总计 beside 申请人情况, spanning the three header rows
        tr.append(f"<tr>{td(case, t3_header_note(case), rs=3, cs=3)}{td(case, '申请人情况', cs=6)}{td(case, '总计', rs=3)}</tr>")
        tr.append(f"<tr>{td(case, '自然人', rs=2)}{td(case, '法人或其他组织', cs=5)}</tr>")
    else:
        tr.append(f"<tr>{td(case, t3_header_note(case), rs=3, cs=3)}{td(case, '申请人情况', cs=7)}</tr>")
        if case.opts.get("thead"):
            tr[-1] = "<thead>" + tr[-1]
        tr.append(f"<tr>{td(case, '自然人', rs=2)}{td(case, '法人或其他组织', cs=5)}{td(case, '总计', rs=2)}</tr>")
    tr.append("<tr>" + "".join(td(case, c) for c in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]) + "</tr>")
    if case.opts.get("thead"):
        tr[-1] += "</thead><tbody>"
    split_after = case.opts.get("split_t3")
    split_at = None
    for r in rows:
        vals = "".join(td(case, v) for v in row_cells(case, r.key))
        if r.top != standard.RESULTS_HEADER:
            tr.append(f"<tr>{td(case, r.label, cs=3, label=True)}{vals}</tr>")
            continue
        lead = td(case, standard.RESULTS_HEADER, rs=outcome_n) if r.key == "granted" else ""
        if split_at is not None and r.key == rows[split_at + 1].key:
            # Word splits a vertically merged cell: the lower part is an empty cell
            rest = sum(1 for x in rows[split_at + 1:] if x.top == standard.RESULTS_HEADER)
            lead = td(case, "", rs=rest)
            if r.group and not r.first_in_group:
                left = sum(1 for x in rows[split_at + 1:] if x.group == r.group)
                lead += td(case, "", rs=left)
        if r.group is None:
            tr.append(f"<tr>{lead}{td(case, r.label, cs=2, label=True)}{vals}</tr>")
        else:
            if r.first_in_group:
                size = r.group_size
                if split_after and split_at is None and split_after in [x.key for x in rows if x.group == r.group]:
                    members = [x.key for x in rows if x.group == r.group]
                    size = members.index(split_after) + 1
                g = td(case, r.group, rs=size)
            else:
                g = ""
            tr.append(f"<tr>{lead}{g}{td(case, r.label, label=True)}{vals}</tr>")
        if r.key == split_after:
            split_at = rows.index(r)
            tr.append("</SPLIT>")
    if case.opts.get("t3_note"):
        tr.append(f"<tr>{td(case, t3_note(case), cs=10)}</tr>")
    if case.opts.get("spacer_rows"):
        tr.append("<![if !supportMisalignedColumns]>")
        tr.append('<tr height="0">' + '<td width="40" style="border:none"></td>' * 10 + "</tr>")
        tr.append("<![endif]>")
    if split_after:
        head, tail = "\n".join(tr).split("</SPLIT>")
        return table_wrap(case, head) + "\n<p>&nbsp;</p>\n" + table_wrap(case, tail.strip())
    return table_wrap(case, "\n".join(tr))


def html_table4(case: Case) -> str:
    if case.opts.get("t4_rows"):
        # table 4 turned to fit a portrait page: one row per group
        v = appeal_cells(case)
        tr = [f"<tr>{td(case, '', cs=2)}" + "".join(td(case, h) for h in T4_HEAD) + "</tr>",
              f"<tr>{td(case, '行政复议', cs=2)}" + "".join(td(case, x) for x in v[0:5]) + "</tr>",
              f"<tr>{td(case, '行政诉讼', rs=2)}{td(case, '未经复议直接起诉')}" + "".join(td(case, x) for x in v[5:10]) + "</tr>",
              f"<tr>{td(case, '复议后起诉')}" + "".join(td(case, x) for x in v[10:15]) + "</tr>"]
        return table_wrap(case, "\n".join(tr))
    tr = [f"<tr>{td(case, '行政复议', cs=5)}{td(case, '行政诉讼', cs=10)}</tr>",
          "<tr>" + "".join(td(case, h, rs=2) for h in T4_HEAD) + f"{td(case, '未经复议直接起诉', cs=5)}{td(case, '复议后起诉', cs=5)}</tr>",
          "<tr>" + "".join(td(case, h) for h in T4_HEAD * 2) + "</tr>",
          "<tr>" + "".join(td(case, v) for v in appeal_cells(case)) + "</tr>"]
    return table_wrap(case, "\n".join(tr))


def render_html(case: Case, for_pdf: bool = False) -> str:
    o = case.opts
    body = []
    for kind, text in doc_parts(case):
        if kind == "title":
            body.append(f'<h1 class="title">{htmlmod.escape(text)}</h1>')
            if not for_pdf and o.get("page_chrome", True):
                rng = random.Random(case.seed + 3)
                body.insert(0, '<div class="crumb">您现在的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a>政府信息公开年报</a></div>')
                body.append(f'<div class="info">发布时间：{case.year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)} 来源：{htmlmod.escape(case.agency)} '
                            f'<span class="share">分享到：<a>微信</a><a>微博</a></span> 【<a>打印</a>】</div>')
        elif kind == "heading":
            tag = "h2" if for_pdf else "p"
            body.append(f"<{tag} class=\"h\"><strong>{htmlmod.escape(text)}</strong></{tag}>")
        elif kind == "para":
            body.append(f'<p style="text-indent:2em">{htmlmod.escape(text)}</p>')
        elif kind == "table2":
            body.append(html_table2(case))
        elif kind == "table3":
            body.append(html_table3(case).replace("<table ", '<table class="t3" ', 1))
        elif kind == "table4":
            body.append(html_table4(case).replace("<table ", '<table class="t4" ', 1))
        if for_pdf and kind == "heading" and text == heading(case, "requests") and o.get("t3_new_page_filler"):
            pass
    css = ""
    if for_pdf:
        if o.get("tight_cells"):
            # Word cells with no inner margin, numbers right-aligned then left-aligned: digits of
            # neighbouring cells sit a hair apart, only the rule between them separates them
            o = dict(o, extra_css=o.get("extra_css", "") + "td{padding:0 0.5pt !important}"
                     "table.t3 td:nth-child(even){text-align:right}table.t3 td:nth-child(odd){text-align:left}"
                     "table.t4 td:nth-child(even){text-align:right}table.t4 td:nth-child(odd){text-align:left}")
        css = ("<style>@page{{size:A4;margin:2.5cm 2cm;@bottom-center{{content:'— ' counter(page) ' —';font-size:10pt}}}}"
               "body{{font-family:'Noto Serif CJK SC','Noto Sans CJK SC';font-size:{};line-height:1.6}}"
               "h1{{text-align:center;font-size:16pt}}h2{{font-size:12pt}}"
               "table{{border-collapse:collapse;width:100%;margin:6pt 0}}td{{border:0.6pt solid #000;padding:{};text-align:center;font-size:{}}}"
               "p{{margin:0}}{}</style>").format(o.get("font", "11pt"), o.get("pad", "2pt 3pt"), o.get("cell_font", "9pt"), o.get("extra_css", ""))
    article = "\n".join(body)
    if o.get("nested_layout") and not for_pdf:
        rng = random.Random(case.seed + 9)
        nav = ("<table width=\"1000\" border=\"0\" align=\"center\"><tr>" + "".join(
            f"<td><a href=\"/col{i}/\">{t}</a></td>" for i, t in enumerate(["首页", "政务公开", "政务服务", "互动交流", "专题专栏"])) + "</tr></table>")
        side = ("<table width=\"100%\" border=\"0\"><tr><td>相关文章</td></tr>" + "".join(
            f"<tr><td><a href=\"/t{case.year}{rng.randint(1000, 9999)}.html\">{case.year - k}年政府信息公开工作年度报告</a></td><td>{case.year - k + 1}-01-{rng.randint(10, 28)}</td></tr>"
            for k in (1, 2, 3)) + "</table>")
        article = (f"{nav}\n<table width=\"1000\" border=\"0\" cellpadding=\"0\" cellspacing=\"0\" align=\"center\"><tr>"
                   f"<td width=\"760\" valign=\"top\">\n{article}\n</td><td width=\"240\" valign=\"top\">{side}</td></tr></table>")
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{htmlmod.escape(title(case))}</title>\n{css}\n</head>\n'
            f'<body>\n<div class="article">\n' + article + "\n</div>\n</body>\n</html>\n")


# ====================================================================== markdown

def md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def md_table(rows: list[list[str]]) -> list[str]:
    out = [md_row(rows[0]), "|" + "---|" * len(rows[0])]
    out += [md_row(r) for r in rows[1:]]
    return out


def render_md(case: Case) -> str:
    """PDF-to-markdown output (like 上海市科委 2024): table 3 cut into one
    pipe table per row group, long labels lost from their rows and dumped as
    loose text before the piece, header rows shorter than the rows."""
    o = case.opts
    out: list[str] = ["正文"]
    lim = o.get("label_limit", 11)
    for kind, text in doc_parts(case):
        if kind == "title":
            out += wrap(text, 22)
        elif kind == "heading":
            out += ["", text]
        elif kind == "para":
            out += wrap(text, 28)
        elif kind == "table2":
            blocks = t2_blocks(case)
            first = blocks[0]
            out.append(first[0])
            for item, header, rows in blocks[1:]:
                out.append(item)
                out.append("".join(header))
                for label, vals in rows:
                    out.append(label + " " + " ".join(vals))
            out.append(f"## 表二：{standard.SECTION_BY_KEY['active'].title}")
            out += md_table([first[1]] + [[lbl] + vals for lbl, vals in first[2]])
            out.append("")
        elif kind == "table3":
            out += ["申请人情况", "（本列数据的勾稽关系为：第一项加第二项法人或其他组织", "之和，等于第三项加第四项之和）", "自然人总计",
                    "商业企科研机社会公法律服", "其他", "本年"]
            out.append(f"## 表三：{standard.SECTION_BY_KEY['requests'].title}")
            rows = t3_rows(case)
            header = ["业", "构", "益组织", "务机构", "", "", "", ""]
            piece: list[list[str]] = [header]
            loose: list[str] = []
            pieces: list[tuple[list[str], list[list[str]]]] = []
            for r in rows:
                vals = row_cells(case, r.key)
                if r.group and r.first_in_group:
                    # group boundary: flush the current piece, start a new one
                    if len(piece) > 1 or loose:
                        pieces.append((loose, piece))
                    piece, loose = [], []
                    loose += wrap(r.group, 4)
                if r.key == "granted":
                    piece.append(["三、", r.label] + vals)
                    continue
                if len(r.label) > lim and r.top == standard.RESULTS_HEADER:
                    loose += wrap(r.label, lim)
                    piece.append(vals)
                else:
                    piece.append([r.label] + vals)
            pieces.append((loose, piece))
            for n, (loose, piece) in enumerate(pieces):
                if n == 0:
                    # the header piece stays one table, whatever its row widths
                    out += md_table(piece[:4])
                    piece = piece[4:]
                if loose:
                    out.append("")
                    out += loose
                if not piece:
                    continue
                # each run of equal-width rows is its own pipe table
                run: list[list[str]] = []
                for row in piece:
                    if run and len(row) != len(run[-1]):
                        out += md_table(run)
                        run = []
                    run.append(row)
                if run:
                    out += md_table(run)
            out.append("")
        elif kind == "table4":
            out += ["行政复议行政诉讼", "未经复议直接起诉复议后起诉", "结果结果其他尚未", "总计", "总计总计", "维持纠正结果审结维持纠正结果审结"]
            out += md_table([["维持", "纠正", "结果", "审结", "结果", "结果", "其他", "尚未", "结果", "结果", "其他", "尚未"], appeal_cells(case)])
            out.append("")
    return "\n".join(out) + "\n"


def render_mdhtml(case: Case) -> str:
    """MinerU-style markdown: text as paragraphs, each table as HTML with
    rowspan/colspan on one line, headings marked with #."""
    out: list[str] = []
    for kind, text in doc_parts(case):
        if kind == "title" or kind == "heading":
            out += [f"# {text}", ""]
        elif kind == "para":
            out += [text, ""]
        else:
            html = {"table2": html_table2, "table3": html_table3, "table4": html_table4}[kind](case)
            for t in re.findall(r"<table.*?</table>", html, flags=re.S):
                t = re.sub(r"\s*\n\s*", "", t)
                t = re.sub(r"<table[^>]*>", "<html><body><table>", t).replace("</table>", "</table></body></html>")
                out += [t.replace("<tbody>", "").replace("</tbody>", ""), ""]
    return "\n".join(out) + "\n"


def render_mdclean(case: Case) -> str:
    """Markdown from a converter that keeps each table whole: merged cells
    repeated or left empty, a multi-row header squeezed into one short row,
    the tail of a wrapped label pushed into a cell of its own."""
    o = case.opts
    out: list[str] = [f"# {title(case)}", ""]
    for kind, text in doc_parts(case):
        if kind == "title":
            continue
        if kind == "heading":
            out += [f"## {text}", ""]
        elif kind == "para":
            out += [text, ""]
        elif kind == "table2":
            for item, header, rows in t2_blocks(case):
                t = [[item, "", "", ""], header + [""] * (4 - len(header))]
                for label, vals in rows:
                    t.append([label] + vals + [""] * (3 - len(vals)))
                out += md_table(t) + [""]
        elif kind == "table3":
            t = [[t3_header_note(case), "", "申请人情况", "", "", "", "", "", ""],
                 ["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
                 ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]]
            tail = o.get("tail_cells", ())
            for r in t3_rows(case):
                vals = row_cells(case, r.key)
                if r.top != standard.RESULTS_HEADER:
                    t.append([r.label, ""] + vals)
                elif r.group is None:
                    t.append([standard.RESULTS_HEADER if o.get("repeat_merged") or r.key == "granted" else "", r.label] + vals)
                else:
                    g = r.group if (r.first_in_group or o.get("repeat_merged")) else ""
                    if o.get("cont_rows") and len(r.label) > o.get("cont_at", 16):
                        # a converter that keeps each text line of a tall cell as its own table row
                        parts = wrap(r.label, o.get("cont_at", 16))
                        empty = [""] * 7
                        if o["cont_rows"] == "after":  # numbers on the first line of the label
                            t.append([g, parts[0]] + vals)
                            t += [["", p] + empty for p in parts[1:]]
                        else:  # numbers on the last line (vertically centred in two lines)
                            t += [[g if i == 0 else "", p] + empty for i, p in enumerate(parts[:-1])]
                            t.append(["", parts[-1]] + vals)
                    elif o.get("br_in_cells") and len(r.label) > o["br_in_cells"]:
                        t.append([g, "<br>".join(wrap(r.label, o["br_in_cells"]))] + vals)
                    elif r.key in tail:
                        head, rest = r.label[: len(r.label) * 2 // 3], r.label[len(r.label) * 2 // 3:]
                        t.append([g, head, rest] + vals)
                    else:
                        t.append([g, r.label] + vals)
            out += md_table(t) + [""]
        elif kind == "table4":
            t = [["行政复议", "", "", "", "", "行政诉讼"],
                 T4_HEAD + ["未经复议直接起诉", "", "", "", "", "复议后起诉"],
                 ["", "", "", "", ""] + T4_HEAD + T4_HEAD, appeal_cells(case)]
            out += md_table(t) + [""]
    return "\n".join(out) + "\n"


# ====================================================================== DOCX

def render_docx(case: Case) -> bytes:
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.core_properties.author = "办公室"
    d.core_properties.created = __import__("datetime").datetime(case.year + 1, 1, 15)
    d.core_properties.modified = d.core_properties.created
    d.core_properties.last_modified_by = "办公室"
    style = d.styles["Normal"]
    style.font.size = Pt(12)

    from docx.shared import Cm

    # column widths as the national template sets them (cm), A4 with 2.6 cm margins
    widths = {4: [4.6, 3.6, 3.6, 3.6], 10: [1.2, 1.7, 4.4, 1.2, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1], 15: [1.05] * 15}

    def table(nrows: int, ncols: int):
        t = d.add_table(rows=nrows, cols=ncols)
        t.style = "Table Grid"
        t.autofit = False
        for i, col in enumerate(t.columns):
            col.width = Cm(widths[ncols][i])
        for row in t.rows:
            for i, c in enumerate(row.cells):
                c.width = Cm(widths[ncols][i])
        return t

    def put(t, r, c, text, r2=None, c2=None, label=False):
        cellobj = t.cell(r, c)
        if r2 is not None or c2 is not None:
            cellobj = cellobj.merge(t.cell(r2 if r2 is not None else r, c2 if c2 is not None else c))
        n = case.opts.get("label_paras")
        if label and n and len(text) > n:
            # a label typed with hard returns: one paragraph per line
            parts = wrap(text, n)
            cellobj.text = parts[0]
            for p in parts[1:]:
                cellobj.add_paragraph(p)
        else:
            cellobj.text = text
        return cellobj

    for kind, text in doc_parts(case):
        if kind == "title":
            d.add_heading(text, level=1)
        elif kind == "heading":
            d.add_paragraph(text).runs[0].bold = True
        elif kind == "para":
            d.add_paragraph(text)
        elif kind == "table2":
            blocks = t2_blocks(case)
            nrows = sum(2 + len(b[2]) for b in blocks)
            t = table(nrows, 4)
            r = 0
            for item, header, brows in blocks:
                put(t, r, 0, item, c2=3)
                r += 1
                put(t, r, 0, header[0])
                if len(header) == 4:
                    for i, h in enumerate(header[1:]):
                        put(t, r, i + 1, h)
                elif len(header) == 3:
                    put(t, r, 1, header[1])
                    put(t, r, 2, header[2], c2=3)
                else:
                    put(t, r, 1, header[1], c2=3)
                r += 1
                for label, vals in brows:
                    put(t, r, 0, label)
                    if len(vals) == 3:
                        for i, v in enumerate(vals):
                            put(t, r, i + 1, v)
                    elif len(vals) == 2:
                        put(t, r, 1, vals[0])
                        put(t, r, 2, vals[1], c2=3)
                    else:
                        put(t, r, 1, vals[0], c2=3)
                    r += 1
        elif kind == "table3":
            rows = t3_rows(case)
            split = case.opts.get("split_t3")
            cut = [r.key for r in rows].index(split) + 1 if split else len(rows)
            for part, prow in ((0, rows[:cut]), (1, rows[cut:])):
                if not prow:
                    continue
                head = 3 if part == 0 else 0
                if part == 1:
                    d.add_paragraph("")
                t = table(head + len(prow), 10)
                if part == 0:
                    put(t, 0, 0, t3_header_note(case), r2=2, c2=2)
                    put(t, 0, 3, "申请人情况", c2=9)
                    put(t, 1, 3, "自然人", r2=2)
                    put(t, 1, 4, "法人或其他组织", c2=8)
                    put(t, 1, 9, "总计", r2=2)
                    for i, h in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
                        put(t, 2, 4 + i, h)
                outcome = [i for i, r in enumerate(prow) if r.top == standard.RESULTS_HEADER]
                if outcome:
                    # the lower part of a split merged cell is empty, as Word leaves it
                    put(t, head + outcome[0], 0, standard.RESULTS_HEADER if part == 0 else "", r2=head + outcome[-1])
                for i, r in enumerate(prow):
                    ri = head + i
                    if r.top != standard.RESULTS_HEADER:
                        put(t, ri, 0, r.label, c2=2, label=True)
                    elif r.group is None:
                        put(t, ri, 1, r.label, c2=2, label=True)
                    else:
                        members = [x for x in prow if x.group == r.group]
                        if members[0] is r:
                            put(t, ri, 1, r.group if r.first_in_group else "", r2=ri + len(members) - 1)
                        put(t, ri, 2, r.label, label=True)
                    for j, v in enumerate(row_cells(case, r.key)):
                        put(t, ri, 3 + j, v)
        elif kind == "table4":
            t = table(4, 15)
            put(t, 0, 0, "行政复议", c2=4)
            put(t, 0, 5, "行政诉讼", c2=14)
            for i, h in enumerate(T4_HEAD):
                put(t, 1, i, h, r2=2)
            put(t, 1, 5, "未经复议直接起诉", c2=9)
            put(t, 1, 10, "复议后起诉", c2=14)
            for i, h in enumerate(T4_HEAD * 2):
                put(t, 2, 5 + i, h)
            for i, v in enumerate(appeal_cells(case)):
                put(t, 3, i, v)
    for t in d.tables:
        size = Pt(10.5) if len(t.columns) == 4 else Pt(9)  # 五号 for table 2, 小五 for tables 3 and 4
        for row in t.rows:
            for c in row.cells:
                for para in c.paragraphs:
                    for run in para.runs:
                        run.font.size = size
    buf = io.BytesIO()
    d.save(buf)
    return normalize_zip(buf.getvalue())


def normalize_zip(data: bytes) -> bytes:
    """Fixed timestamps inside the DOCX so regeneration is byte-identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, src.read(info.filename))
    return buf.getvalue()


def render_pdf(case: Case) -> bytes:
    import weasyprint

    doc = weasyprint.HTML(string=render_html(case, for_pdf=True)).render()
    meta = doc.metadata
    meta.title = title(case)
    meta.authors = [case.agency]
    meta.created = meta.modified = f"{case.year + 1}-01-15T09:00:00+08:00"
    meta.generator = "gongkai make_cases"
    return doc.write_pdf()


# ====================================================================== the cases

def C(*a, **k) -> Case:
    return Case(*a, **k)


CASES: list[Case] = [
    # ---- pdftotext with tabs (Word-made PDFs of Henan county sites)
    C("henan_huaxian_baidaokou_2023_pdftabs", "tabs", "滑县白道口镇人民政府", 2023, "township", "zero", 101,
      opts={"override": {"active.regulations.made": None, "active.regulations.repealed": None, "active.regulations.in_force": None},
            "title_space": True, "other_at_start": True, "col_labels": {"repealed": "本年度止件数"}},
      quirks=["pdftext-tabs", "all-zero", "null-slash", "typo-本年度止件数", "label-at-line-start"]),
    C("beijing_haidian_fgw_2021_pdftabs", "tabs", "北京市海淀区发展和改革委员会", 2021, "dept", "small", 102, appeals="some",
      fee="0.015",
      opts={"cell_notes": {"active.normative_documents.made": "（其中修订2件）"}, "spaced_labels": True, "wrap_at": 20,
            "fullwidth": ["requests.new_received.0", "requests.total_processed.0"], "title": 2},
      quirks=["pdftext-tabs", "note-in-cell", "spaced-labels", "fullwidth-digits", "wrapped-labels", "fee-3-decimals"]),
    C("henan_yanjin_sfj_2024_pdftabs", "tabs", "延津县司法局", 2024, "dept", "tiny", 103,
      opts={"num_sep": "、", "ascii_brackets": True, "total_at_start": True},
      quirks=["pdftext-tabs", "1、-numbering", "ascii-brackets"]),
    # ---- pdftotext -layout
    C("henan_xinxiang_zrzy_2022_pdflayout", "layout", "新乡市自然资源和规划局", 2022, "city_dept", "busy", 201, appeals="many",
      fee="7730.28", opts={"vertical": "chars", "footer": "dash", "footer_after": ["withheld_administrative_query"], "title": 1},
      quirks=["pdftext-layout", "vertical-single-chars", "page-footer-in-table", "wrapped-labels-values-own-line", "large-counts"]),
    C("henan_jiaotong_2024_pdflayout", "layout", "河南省交通运输厅", 2024, "province_dept", "busy", 202, appeals="some",
      fee="24252.311082", opts={"vertical": "spaced", "footer": "ascii", "footer_after": ["unavailable_needs_creation"], "spaced_labels": True},
      quirks=["pdftext-layout", "spaced-group-label", "page-footer-in-table", "fee-6-decimals", "spaced-labels"]),
    C("jiangsu_huaian_qingjiangpu_2022_pdflayout", "layout", "淮安市清江浦区人民政府", 2022, "county_gov", "small", 203, appeals="some",
      single_other=True, fee="1388.5",
      opts={"label_typos": {"其他法律行政法规禁止公开": "其他法律行政止公开"}, "vertical": "spaced", "footer": "ascii",
            "footer_after": ["unavailable_needs_creation"], "values_after_wrap": False,
            "override": {"appeals.reconsideration": [3, 1, 0, 0, 0]}},
      quirks=["pdftext-layout", "2021-with-single-（六）", "typo-行政止公开", "inconsistent-table4-total"]),
    C("zhengzhou_jinshui_scjg_2020_pdflayout", "layout", "郑州市金水区市场监督管理局", 2020, "dept", "small", 204, template="2019",
      opts={"vertical": "chars", "footer": "page", "footer_after": ["withheld_third_party"], "plus_sign": True,
            "procurement_amount": "356.82"},
      quirks=["pdftext-layout", "2019-template", "vertical-single-chars", "page-footer-第页共页", "plus-sign-change"]),
    # ---- pdftotext raw (one cell a line)
    C("kaifeng_lankao_dongbatou_2021_pdfraw", "raw", "兰考县东坝头镇人民政府", 2021, "township", "tiny", 301,
      opts={"footer_after": ["withheld_internal_affairs"], "wrap_at": 12},
      quirks=["pdftext-raw-one-value-per-line", "vertical-single-chars", "wrapped-labels", "page-footer-in-table"]),
    C("yunnan_kunming_wuhua_scjg_2024_pdfraw", "raw", "昆明市五华区市场监督管理局", 2024, "dept", "small", 302, appeals="some",
      fee="0.000350", opts={"footer": "ascii", "footer_after": ["not_processed_duplicate"], "wrap_at": 9, "vertical": "pairs"},
      quirks=["pdftext-raw-one-value-per-line", "fee-6-decimals", "wrapped-labels", "page-footer-in-table"]),
    C("sichuan_mianyang_youxian_2019_pdfraw", "raw", "绵阳市游仙区人民政府", 2019, "county_gov", "small", 303, template="2019",
      opts={"footer_after": ["not_processed_petition"], "procurement_amount": "12876.4"},
      quirks=["pdftext-raw-one-value-per-line", "2019-template", "vertical-single-chars"]),
    # ---- crawled page text, cells run together
    C("fujian_xiamen_siming_zhonghua_2022_crawl", "concat", "厦门市思明区中华街道办事处", 2022, "street", "tiny", 401,
      opts={"crawler_meta": True, "one_paragraph": True, "nd_sentence": True},
      quirks=["crawl-concatenated", "crawler-meta-header", "fused-subitem-numbers"]),
    C("fujian_fuzhou_mawei_jyj_2023_crawl", "concat", "福州市马尾区教育局", 2023, "dept", "small", 402, appeals="some",
      fee="0", opts={"site": "福州市马尾区人民政府", "nd_sentence": True, "one_paragraph": True},
      quirks=["crawl-concatenated", "breadcrumbs-share-widgets", "fused-subitem-numbers", "footer-digits"]),
    C("fujian_putian_chengxiang_2021_crawl", "concat", "莆田市城厢区人民政府", 2021, "county_gov", "small", 403, appeals="some",
      fee="512.6", opts={"site": "莆田市城厢区人民政府", "nd_sentence": True, "headings": {"appeals": "四、政府信息公开行政法复议、行政诉讼情况"}},
      quirks=["crawl-concatenated", "typo-行政法复议", "breadcrumbs-share-widgets"]),
    C("guangzhou_tianhe_zjj_2024_crawlmixed", "mixed", "广州市天河区住房和城乡建设局", 2024, "dept", "busy", 404, appeals="some",
      fee="0", opts={"site": "广州市天河区人民政府", "nd_sentence": True},
      quirks=["crawl-spaces-inside-digit-runs", "breadcrumbs-share-widgets"]),
    # ---- crawled page text, one cell a line
    C("shenzhen_ghzy_2021_crawllines", "lines", "深圳市规划和自然资源局", 2021, "city_dept", "busy", 501, appeals="many",
      fee="36125.07", opts={"site": "深圳市规划和自然资源局", "br_at": 15, "title": 1},
      quirks=["crawl-one-cell-per-line", "labels-broken-by-br", "large-counts"]),
    C("shaanxi_xian_yanta_xiaozhai_2020_crawllines", "lines", "西安市雁塔区人民政府小寨路街道办事处", 2020, "street", "tiny", 502,
      template="2019", opts={"site": "西安市雁塔区人民政府", "br_at": 12},
      quirks=["crawl-one-cell-per-line", "2019-template", "街道"]),
    C("tianjin_hexi_youyilu_2023_crawllines", "lines", "天津市河西区人民政府友谊路街道办事处", 2023, "street", "tiny", 503,
      opts={"site": "天津市河西区人民政府", "bump": {"requests.total_processed.6": 1}},
      quirks=["crawl-one-cell-per-line", "inconsistent-table3-total"]),
    # ---- HTML with <table>
    C("beijing_chaoyang_wangjing_2023", "html", "北京市朝阳区人民政府望京街道办事处", 2023, "street", "small", 601,
      opts={"cell_style": "p", "label_br": 14, "nd_sentence": True, "applicant_sentence": True},
      quirks=["html-rowspan-colspan", "p-in-cells", "br-in-labels", "街道"]),
    C("beijing_xicheng_gov_2022", "html", "北京市西城区人民政府", 2022, "county_gov", "busy", 602, appeals="many", fee="2.35",
      opts={"cell_style": "word", "t2_separate": True},
      quirks=["html-word-export-msonormal", "table2-one-table-per-item", "large-counts"]),
    C("shanghai_pudong_lujiazui_2024", "html", "上海市浦东新区人民政府陆家嘴街道办事处", 2024, "street", "tiny", 603,
      opts={"cell_style": "nbsp", "nd_sentence": True, "override": {"active.regulations.made": None, "active.regulations.repealed": None,
                                              "active.regulations.in_force": None, "active.fees_10k_yuan": None}},
      quirks=["html-nbsp", "null-slash-cells", "街道"]),
    C("guangdong_sthjt_2020_2019tpl", "html", "广东省生态环境厅", 2020, "province_dept", "busy", 604, template="2019", appeals="many",
      opts={"cell_style": "word", "procurement_amount": "8765.432", "plus_sign": True},
      quirks=["html-word-export-msonormal", "2019-template", "provincial"]),
    C("hubei_wuhan_jiangan_2019_2019tpl", "html", "武汉市江岸区人民政府", 2019, "county_gov", "small", 605, template="2019",
      opts={"cell_style": "plain", "null": "", "override": {"active_2019.other_services.previous": None, "active_2019.other_services.change": None,
                                                            "active_2019.other_services.decisions": None}},
      quirks=["html-rowspan-colspan", "2019-template", "empty-null-cells"]),
    # ---- PDF to markdown
    C("shanghai_minhang_jyj_2023_pdf2md", "md", "上海市闵行区教育局", 2023, "dept", "small", 701, appeals="some",
      opts={"row_labels": {"normative_documents": "规范性文件"}},
      quirks=["pdf2md-broken-per-group", "label-less-rows", "short-header", "label-fragments-in-cells", "规范性文件-without-行政"]),
    C("jiangsu_nanjing_gulou_wjw_2022_pdf2md", "md", "南京市鼓楼区卫生健康委员会", 2022, "dept", "small", 702,
      fee="0", opts={"label_limit": 13,
                     "extra_sections": [("二、工作机制保障", "成立政务公开工作领导小组，统筹协调信息公开工作。")],
                     "headings": {"active": "三、主动公开政府信息情况", "requests": "四、收到和处理政府信息公开申请情况",
                                  "appeals": "五、政府信息公开行政复议、行政诉讼情况", "problems": "六、存在的主要问题及改进情况",
                                  "other": "七、其他需要报告的事项"}},
      quirks=["pdf2md-broken-per-group", "label-less-rows", "non-standard-section-numbering"]),
    C("chongqing_yubei_jtj_2025_mdclean", "mdclean", "重庆市渝北区交通运输委员会", 2025, "dept", "small", 703, appeals="some",
      fee="118.046", opts={"tail_cells": ["other_no_supplement", "other_fee_unpaid", "not_processed_confirmation"], "repeat_merged": True},
      quirks=["markdown-whole-tables", "label-fragment-in-value-cell", "repeated-merged-cells"]),
    C("zhejiang_hangzhou_xihu_2020_mdclean", "mdclean", "杭州市西湖区人民政府", 2020, "county_gov", "busy", 704, template="2019",
      appeals="some", opts={"procurement_amount": "4521.09"},
      quirks=["markdown-whole-tables", "2019-template"]),
    # ---- DOCX
    C("sichuan_chengdu_wuhou_rsj_2023", "docx", "成都市武侯区人力资源和社会保障局", 2023, "dept", "small", 801, fee="0",
      quirks=["docx-merged-cells"]),
    C("hunan_changsha_county_2021", "docx", "长沙县人民政府", 2021, "county_gov", "busy", 802, appeals="some", fee="3406.925",
      opts={"num_sep": "、"}, quirks=["docx-merged-cells", "1、-numbering", "county-government"]),
    C("shandong_jinan_lixia_jtj_2020", "docx", "济南市历下区教育和体育局", 2020, "dept", "tiny", 803, template="2019",
      opts={"procurement_amount": "86.5"}, quirks=["docx-merged-cells", "2019-template"]),
    C("henan_xinyang_shihe_jyj_2022", "docx", "信阳市浉河区教育局", 2022, "dept", "small", 804, single_other=True,
      quirks=["docx-merged-cells", "2021-with-single-（六）"]),
    # ---- PDF (WeasyPrint)
    C("henan_xiuwu_2022", "pdf", "修武县人民政府", 2022, "county_gov", "busy", 901, appeals="some", fee="629.37",
      opts={"font": "12pt", "cell_font": "10pt", "pad": "5pt 3pt"},
      quirks=["pdf-weasyprint", "table3-over-two-pages", "county-government"]),
    C("guangdong_foshan_nanhai_fgj_2024", "pdf", "佛山市公安局南海分局", 2024, "city_dept", "busy", 902, appeals="many", fee="0",
      opts={"font": "11pt", "cell_font": "9pt", "pad": "4pt 2pt"},
      quirks=["pdf-weasyprint", "large-counts"]),
    C("henan_sthjt_2019_2019tpl", "pdf", "河南省生态环境厅", 2019, "province_dept", "small", 903, template="2019",
      opts={"procurement_amount": "2310.55", "font": "12pt", "cell_font": "10pt", "pad": "5pt 3pt"},
      quirks=["pdf-weasyprint", "2019-template", "table3-over-two-pages"]),
    C("jiangxi_nanchang_wuyang_2025", "pdf", "南昌县武阳镇人民政府", 2025, "township", "zero", 904,
      opts={"override": {"active.regulations.made": None, "active.regulations.repealed": None, "active.regulations.in_force": None}},
      quirks=["pdf-weasyprint", "all-zero", "null-slash", "乡镇"]),
    # ---- round two: more of what real pages and files do
    C("guangdong_shenzhen_futian_2023", "html", "深圳市福田区人民政府", 2023, "county_gov", "huge", 1001, appeals="many", fee="4521.118",
      opts={"cell_style": "word", "nested_layout": True, "spacer_rows": True, "t3_note": True,
            "thousands": ["active.licensing", "active.punishment", "active.coercion"]},
      quirks=["html-inside-layout-tables", "word-spacer-rows", "note-row-inside-table3", "thousands-separators", "huge-counts"]),
    C("zhejiang_ningbo_yinzhou_scjg_2024", "html", "宁波市鄞州区市场监督管理局", 2024, "dept", "busy", 1002, appeals="some", fee="0",
      opts={"cell_style": "p", "split_t3": "withheld_process_info", "bump": {"requests.granted.6": 10}},
      quirks=["html-table3-split-in-two-tables", "split-merged-cells-empty", "inconsistent-row-total"]),
    C("henan_luoyang_xigong_2023_pdflayout", "layout", "洛阳市西工区人民政府", 2023, "county_gov", "busy", 1003, appeals="some",
      fee="866.4", opts={"vertical": "chars", "footer": "spaced", "running_header": True, "footer_after": ["withheld_enforcement_files"],
                         "null": "——", "thousands": ["active.licensing", "active.punishment"],
                         "override": {"active.regulations.made": None, "active.regulations.repealed": None, "active.regulations.in_force": None}},
      quirks=["pdftext-layout", "running-header-at-page-break", "null-dashes", "thousands-separators"]),
    C("hebei_shijiazhuang_jyj_2022_pdftabs", "tabs", "石家庄市教育局", 2022, "city_dept", "busy", 1004, appeals="some", fee="0",
      opts={"title_break": True, "t3_note": True, "footer": "spaced", "footer_after": ["unavailable_needs_creation"], "first_page": 4},
      quirks=["pdftext-tabs", "title-broken-after-agency", "note-line-under-table3", "page-footer-in-table"]),
    C("shanghai_xuhui_xietulu_2024_pdf2md", "md", "上海市徐汇区人民政府斜土路街道办事处", 2024, "street", "tiny", 1005,
      opts={"null": "", "override": {"requests.carried_forward.6": None}},
      quirks=["pdf2md-broken-per-group", "label-less-rows", "blank-total-cell", "街道"]),
    C("guangxi_nanning_qingxiu_2021", "pdf", "南宁市青秀区人民政府", 2021, "county_gov", "busy", 1006, appeals="some", fee="97.5",
      opts={"thead": True, "font": "12pt", "cell_font": "10pt", "pad": "5pt 3pt"},
      quirks=["pdf-weasyprint", "table3-header-repeated-on-page-2", "table3-over-two-pages"]),
    C("anhui_hefei_shushan_wjw_2023", "docx", "合肥市蜀山区卫生健康委员会", 2023, "dept", "small", 1007, appeals="some", fee="0",
      opts={"split_t3": "unavailable_not_held", "label_paras": 12},
      quirks=["docx-merged-cells", "docx-table3-split-in-two-tables", "labels-as-several-paragraphs"]),
    C("guizhou_guiyang_nanming_2019_pdftabs", "tabs", "贵阳市南明区人民政府", 2019, "county_gov", "small", 1008, template="2019",
      opts={"num_sep": "、", "plus_sign": True, "procurement_amount": "1520.6"},
      quirks=["pdftext-tabs", "2019-template", "1、-numbering", "plus-sign-change"]),
    C("shandong_qingdao_huangdao_gaj_2025_crawltabs", "crawltabs", "青岛市公安局黄岛分局", 2025, "city_dept", "huge", 1009,
      appeals="many", fee="0", opts={"site": "青岛西海岸新区（黄岛区）人民政府", "thousands": ["active.licensing", "active.punishment"]},
      quirks=["crawl-innertext-tabs", "breadcrumbs-share-widgets", "huge-counts", "thousands-separators"]),
    C("jilin_changchun_chaoyang_2022_pdfraw", "raw", "长春市朝阳区人民政府", 2022, "county_gov", "busy", 1010, appeals="some",
      fee="12.000350", opts={"running_header": True, "footer": "ascii", "footer_after": ["withheld_third_party"]},
      quirks=["pdftext-raw-one-value-per-line", "running-header-at-page-break", "fee-6-decimals"]),
    # ---- round three: encodings, place-name titles, markdown with HTML tables
    C("henan_qinyang_2023_crawllines_gbk", "lines", "沁阳市人民政府", 2023, "county_gov", "small", 1101, appeals="some", fee="35.2",
      opts={"encoding": "gb18030", "title_name": "沁阳市", "site": "沁阳市人民政府", "short": "我市"},
      quirks=["crawl-one-cell-per-line", "gbk-encoding", "title-with-place-name-only"]),
    C("hebei_baoding_lianchi_2022_gb2312", "html", "保定市莲池区人民政府", 2022, "county_gov", "busy", 1102, appeals="some", fee="0",
      opts={"encoding": "gb2312", "cell_style": "word", "label_br": 16},
      quirks=["html-gb2312", "html-word-export-msonormal", "br-in-labels"]),
    C("zhejiang_wenzhou_lucheng_zjj_2023_mineru", "mdhtml", "温州市鹿城区住房和城乡建设局", 2023, "dept", "small", 1103, appeals="some",
      fee="0", quirks=["markdown-with-html-tables", "rowspan-colspan-in-markdown"]),
    C("hunan_zhuzhou_tianyuan_2020_mineru", "mdhtml", "株洲市天元区人民政府", 2020, "county_gov", "small", 1104, template="2019",
      opts={"procurement_amount": "2290.75", "null": ""}, quirks=["markdown-with-html-tables", "2019-template"]),
    C("jiangsu_suzhou_gusu_jtw_2025_marker", "mdclean", "苏州市姑苏区教育体育和文化旅游委员会", 2025, "dept", "small", 1105,
      fee="0.8", opts={"br_in_cells": 10, "num_sep": "、"}, quirks=["markdown-whole-tables", "br-inside-cells", "1、-numbering"]),
    # ---- round four: rows broken across pages, Word runs, innerText padding
    C("henan_zhoukou_chuanhui_2024_pdflayout", "layout", "周口市川汇区人民政府", 2024, "county_gov", "small", 1201, appeals="some",
      fee="0.00", opts={"vertical": "chars", "footer": "dash", "footer_in_label": ["other_fee_unpaid"], "title": 2},
      quirks=["pdftext-layout", "row-broken-across-pages", "fee-0.00"]),
    C("shanxi_taiyuan_xiaodian_scjg_2023", "html", "太原市小店区市场监督管理局", 2023, "dept", "busy", 1202, appeals="some", fee="16.8",
      opts={"cell_style": "word", "split_spans": True, "t4_rows": True},
      quirks=["html-word-runs-split-numbers", "table4-one-row-per-group"]),
    C("liaoning_shenyang_heping_2022_crawltabs", "crawltabs", "沈阳市和平区人民政府", 2022, "county_gov", "busy", 1203, appeals="some",
      fee="0.00", opts={"site": "沈阳市和平区人民政府", "nbsp_pad": True, "wrap_at": 18},
      quirks=["crawl-innertext-tabs", "nbsp-padded-cells", "fee-0.00"]),
    C("hainan_haikou_longhua_2020_pdf2md", "md", "海口市龙华区人民政府", 2020, "county_gov", "small", 1204, template="2019",
      opts={"procurement_amount": "731.2"}, quirks=["pdf2md-broken-per-group", "label-less-rows", "2019-template"]),
    C("xinjiang_urumqi_tianshan_2025", "docx", "乌鲁木齐市天山区人民政府", 2025, "county_gov", "zero", 1205, fee="0.00",
      opts={"label_paras": 14}, quirks=["docx-merged-cells", "all-zero", "labels-as-several-paragraphs", "fee-0.00"]),
    # ---- round five: Word-like PDF typography
    C("hubei_yichang_xiling_2023", "pdf", "宜昌市西陵区人民政府", 2023, "county_gov", "busy", 1301, appeals="some", fee="203.66",
      opts={"distributed": True, "font": "12pt", "cell_font": "10pt", "pad": "4pt 3pt",
            "extra_css": "td.dist{letter-spacing:0.8em}@page land{size:A4 landscape}table.t3,table.t4{page:land}"},
      quirks=["pdf-weasyprint", "distributed-header-letter-spacing", "landscape-pages-for-tables"]),
    C("fujian_quanzhou_fengze_jyj_2024", "pdf", "泉州市丰泽区教育局", 2024, "dept", "huge", 1302, appeals="many", fee="0",
      opts={"font": "10.5pt", "cell_font": "8pt", "pad": "2pt 1pt", "t3_note": True, "thousands": ["active.licensing"]},
      quirks=["pdf-weasyprint", "huge-counts", "note-row-inside-table3", "small-font"]),
    # ---- round six: Beijing-style titles, 第X部分, <th> headers, Word conditional rows, units in cells
    C("beijing_dongcheng_bgs_2023", "html", "北京市东城区人民政府办公室", 2023, "dept", "small", 1401, appeals="some", fee="0",
      opts={"title": 3, "th_headers": True, "spacer_rows": True, "cell_style": "plain"},
      quirks=["title-year-in-brackets", "html-th-headers", "word-conditional-spacer-rows"]),
    C("guangdong_dongguan_zjj_2022_pdflayout", "layout", "东莞市住房和城乡建设局", 2022, "city_dept", "busy", 1402, appeals="many",
      fee="1208.4", opts={"part_headings": True, "fee_unit": True, "vertical": "spaced", "footer": "page", "footer_after": ["granted"]},
      quirks=["pdftext-layout", "第X部分-headings", "unit-in-fee-cell"]),
    C("anhui_wuhu_jinghu_2020_pdftabs", "tabs", "芜湖市镜湖区人民政府", 2020, "county_gov", "small", 1403, template="2019",
      opts={"fw_minus": True, "procurement_amount": "655.3", "wrap_at": 22},
      quirks=["pdftext-tabs", "2019-template", "full-width-minus"]),
    # ---- round seven: fake-bold PDF text, 总计 header variant, counts in the thousands inside table 3
    C("henan_nanyang_wolong_2024_pdflayout", "layout", "南阳市卧龙区人民政府", 2024, "county_gov", "busy", 1501, appeals="some",
      fee="58.06", opts={"fake_bold": True, "vertical": "chars", "footer": "dash"},
      quirks=["pdftext-layout", "fake-bold-doubled-characters"]),
    C("shanghai_ghzy_2023", "html", "上海市规划和自然资源局", 2023, "city_dept", "huge", 1502, appeals="many", fee="0",
      opts={"t3_header_alt": True, "thousands_all": True, "cell_style": "p"},
      quirks=["html-rowspan-colspan", "t3-header-总计-beside-申请人情况", "thousands-separators-in-table3", "huge-counts"]),
    C("jiangsu_wuxi_gaj_2022_crawltabs", "crawltabs", "无锡市公安局", 2022, "city_dept", "huge", 1503, appeals="many", fee="0",
      opts={"site": "无锡市公安局", "thousands_all": True, "nbsp_pad": True},
      quirks=["crawl-innertext-tabs", "thousands-separators-in-table3", "huge-counts"]),
    # ---- round eight: agency names with brackets, 民族乡, Windows text files
    C("shanghai_lingang_2023_pdf2md", "md", "中国（上海）自由贸易试验区临港新片区管理委员会", 2023, "city_dept", "small", 1601,
      appeals="some", fee="0", quirks=["pdf2md-broken-per-group", "agency-with-brackets"]),
    C("hunan_sangzhi_furongqiao_2024", "docx", "桑植县芙蓉桥白族乡人民政府", 2024, "township", "tiny", 1602, fee="0",
      opts={"override": {"active.regulations.made": None, "active.regulations.repealed": None, "active.regulations.in_force": None}},
      quirks=["docx-merged-cells", "民族乡", "null-slash"]),
    C("jiangsu_suzhou_sip_2021_crawllines_crlf", "lines", "苏州工业园区管理委员会", 2021, "county_gov", "busy", 1603, appeals="some",
      fee="327.5", opts={"crlf_bom": True, "site": "苏州工业园区管理委员会", "br_at": 16},
      quirks=["crawl-one-cell-per-line", "bom-and-crlf"]),
    # ---- round nine: numbered notes under table 3, previous/next links after the report
    C("henan_anyang_wenfeng_jyj_2023_pdftabs", "tabs", "安阳市文峰区教育局", 2023, "dept", "small", 1701, appeals="some", fee="0",
      opts={"t3_note": "numbered"}, quirks=["pdftext-tabs", "numbered-note-under-table3"]),
    C("guangdong_zhuhai_xiangzhou_2024", "html", "珠海市香洲区人民政府", 2024, "county_gov", "busy", 1702, appeals="some", fee="75.32",
      opts={"t3_note": "numbered", "cell_style": "word"}, quirks=["html-rowspan-colspan", "numbered-note-row-inside-table3"]),
    C("fujian_ningde_jiaocheng_2023_crawl", "concat", "宁德市蕉城区人民政府", 2023, "county_gov", "tiny", 1703, fee="0",
      opts={"prev_next": True, "site": "宁德市蕉城区人民政府", "nd_sentence": True},
      quirks=["crawl-concatenated", "previous-next-links-with-other-year"]),
    # ---- round ten: run-together cells settled only by the whole table (as pingtan), busier pages
    C("fujian_pingtan_jtj_2023_crawl", "concat", "平潭综合实验区交通与建设局", 2023, "dept", "small", 1801, appeals="some", fee="0",
      opts={"crawler_meta": True, "one_paragraph": True, "nd_sentence": True, "joint_settle": True},
      quirks=["crawl-concatenated", "crawler-meta-header", "settled-by-column-identities"]),
    C("fujian_fuqing_2022_crawl", "concat", "福清市人民政府", 2022, "county_gov", "busy", 1802, appeals="some", fee="1250.73",
      opts={"site": "福清市人民政府", "nd_sentence": True, "joint_settle": True, "applicant_sentence": True},
      quirks=["crawl-concatenated", "breadcrumbs-share-widgets", "settled-by-column-identities", "busy"]),
    C("fujian_changle_scjg_2024_crawlmixed", "mixed", "福州市长乐区市场监督管理局", 2024, "dept", "small", 1803, appeals="some",
      fee="0", opts={"site": "福州市长乐区人民政府", "nd_sentence": True, "joint_settle": True},
      quirks=["crawl-spaces-inside-digit-runs", "settled-by-column-identities"]),
    # ---- round eleven: tall cells split into table rows by a converter, cells without inner margins
    C("hebei_tangshan_lubei_2022_mdrows", "mdclean", "唐山市路北区人民政府", 2022, "county_gov", "small", 1901, appeals="some",
      fee="0", opts={"cont_rows": "after", "cont_at": 16}, quirks=["markdown-whole-tables", "label-continuation-rows-after-values"]),
    C("shanxi_datong_pingcheng_jyj_2023_mdrows", "mdclean", "大同市平城区教育局", 2023, "dept", "small", 1902, appeals="some",
      fee="0", opts={"cont_rows": "before", "cont_at": 14, "num_sep": "、"},
      quirks=["markdown-whole-tables", "label-continuation-rows-before-values", "1、-numbering"]),
    C("henan_jiaozuo_shanyang_2024", "pdf", "焦作市山阳区人民政府", 2024, "county_gov", "busy", 1903, appeals="some", fee="412.5",
      opts={"tight_cells": True, "font": "11pt", "cell_font": "9pt"}, quirks=["pdf-weasyprint", "cells-without-inner-margin"]),
    # ---- round twelve: the title gives a short name or no year
    C("shanghai_wsjkw_2023_pdf2md", "md", "上海市卫生健康委员会", 2023, "city_dept", "busy", 2001, appeals="some", fee="0",
      opts={"title": 4, "abbr": "市卫健委", "short": "市卫健委"},
      quirks=["pdf2md-broken-per-group", "short-name-in-title-full-name-in-preface"]),
    C("guangdong_jiangmen_pengjiang_zjj_2022_crawllines", "lines", "江门市蓬江区住房和城乡建设局", 2022, "dept", "small", 2002,
      appeals="some", fee="0", opts={"title": 5, "crawler_meta": True},
      quirks=["crawl-one-cell-per-line", "no-year-in-title", "publication-year-differs"]),
    # ---- round thirteen: spaces inside labels from justified PDF cells (as 洪泽区)
    C("jiangsu_huaian_huaiyin_2023_pdflayout", "layout", "淮安市淮阴区人民政府", 2023, "county_gov", "small", 2101, appeals="some",
      fee="2841.6", single_other=True,
      opts={"label_spaces": True, "vertical": "spaced", "footer": "ascii", "footer_after": ["unavailable_needs_creation"],
            "values_after_wrap": True, "wrap_at": 13},
      quirks=["pdftext-layout", "spaces-inside-labels", "2021-with-single-（六）"]),
    C("hubei_xiaogan_xiaonan_jyj_2024_pdftabs", "tabs", "孝感市孝南区教育局", 2024, "dept", "small", 2102, appeals="some", fee="0",
      opts={"label_spaces": True, "wrap_at": 20}, quirks=["pdftext-tabs", "spaces-inside-labels"]),
    # ---- round fourteen: 分散对齐 (distributed) label cells in a PDF
    C("henan_pingdingshan_xinhua_2024", "pdf", "平顶山市新华区人民政府", 2024, "county_gov", "small", 2201, appeals="some", fee="0.36",
      opts={"font": "11pt", "cell_font": "10pt", "pad": "3pt 4pt",
            "extra_css": "td{text-align:justify;text-align-last:justify}table td:not(:first-child){text-align-last:center}"},
      quirks=["pdf-weasyprint", "distributed-label-cells"]),
    # ---- round fifteen: amounts printed with trailing zeros (Excel 0.000 format) — decimals, not thousands marks
    C("hunan_hengyang_zhengxiang_2023_pdftabs", "tabs", "衡阳市蒸湘区人民政府", 2023, "county_gov", "small", 2301, appeals="some",
      fee="12.500", quirks=["pdftext-tabs", "fee-with-trailing-zeros"]),
    C("sichuan_leshan_shizhong_2020_2019tpl", "html", "乐山市市中区人民政府", 2020, "county_gov", "small", 2302, template="2019",
      opts={"procurement_amount": "1.250", "cell_style": "p"}, quirks=["html-rowspan-colspan", "2019-template", "amount-with-trailing-zeros"]),
    # ---- round sixteen: single-dash nulls (Excel "-", one em dash) beside numbers
    C("hubei_jingzhou_shashi_2022_pdflayout", "layout", "荆州市沙市区人民政府", 2022, "county_gov", "small", 2401, appeals="some",
      fee="0", opts={"null": "-", "vertical": "chars", "footer": "page",
                     "override": {"active.regulations.made": None, "active.regulations.repealed": None, "active.regulations.in_force": None,
                                  "active.fees_10k_yuan": None}},
      quirks=["pdftext-layout", "null-single-hyphen"]),
    C("yunnan_qujing_qilin_jyj_2023_crawltabs", "crawltabs", "曲靖市麒麟区教育体育局", 2023, "dept", "small", 2402, appeals="some",
      fee="0", opts={"null": "—", "site": "曲靖市麒麟区人民政府",
                     "override": {"active.regulations.made": None, "active.regulations.repealed": None, "active.regulations.in_force": None,
                                  "active.coercion": None}},
      quirks=["crawl-innertext-tabs", "null-single-em-dash"]),
]


RENDER = {"tabs": render_tabs, "crawltabs": render_tabs, "layout": render_layout, "raw": render_raw, "concat": render_crawl, "mixed": render_crawl,
          "lines": render_lines, "mdhtml": render_mdhtml, "html": render_html, "md": render_md, "mdclean": render_mdclean,
          "docx": render_docx, "pdf": render_pdf}


def settle(case: Case) -> None:
    """For text where cells run together, re-draw the data (new seed) until
    every run of digits is settled by its row or group identity."""
    if case.fmt not in ("concat", "mixed"):
        build(case)
        return
    base = case.seed
    for attempt in range(500):
        case.seed = base + 1000 * attempt
        build(case)
        req = case.gold["requests"]
        if case.opts.get("joint_settle"):
            # wanted: a table where some row is ambiguous on its own, but the whole table is not
            rows_ok = (any(not settled_row(req[k]) for k in req if req[k] is not None)
                       and settled_table(req))
        else:
            rows_ok = all(settled_row(req[k]) for k in req if req[k] is not None)
        if rows_ok and settled_appeals(functools.reduce(operator.iadd, (case.gold["appeals"][g] for g in case.gold["appeals"]), [])):
            return
    raise SystemExit(f"{case.name}: no settled data in 500 draws")


# Real tools run over some of the files above, as the sealed set's files were made:
# PDF -> markdown (pymupdf4llm), PDF -> text (poppler's pdftotext -layout),
# HTML -> text as a crawler/text browser sees the page (inscriptis).
DERIVED: list[tuple[str, str]] = [
    ("henan_xiuwu_2022", "pymupdf4llm"),
    ("guangdong_foshan_nanhai_fgj_2024", "pymupdf4llm"),
    ("henan_sthjt_2019_2019tpl", "pymupdf4llm"),
    ("jiangxi_nanchang_wuyang_2025", "pymupdf4llm"),
    ("guangxi_nanning_qingxiu_2021", "pymupdf4llm"),
    ("hubei_yichang_xiling_2023", "pymupdf4llm"),
    ("fujian_quanzhou_fengze_jyj_2024", "pymupdf4llm"),
    ("henan_xiuwu_2022", "pdftotext"),
    ("henan_sthjt_2019_2019tpl", "pdftotext"),
    ("hubei_yichang_xiling_2023", "pdftotext"),
    ("beijing_chaoyang_wangjing_2023", "inscriptis"),
    ("beijing_xicheng_gov_2022", "inscriptis"),
    ("guangdong_sthjt_2020_2019tpl", "inscriptis"),
    ("shanxi_taiyuan_xiaodian_scjg_2023", "inscriptis"),
    # what a crawler stores: BeautifulSoup get_text() (cells run together, like pingtan) or one string a line
    ("beijing_chaoyang_wangjing_2023", "bs4text"),
    ("shanghai_pudong_lujiazui_2024", "bs4text"),
    ("hubei_wuhan_jiangan_2019_2019tpl", "bs4lines"),
    ("hebei_baoding_lianchi_2022_gb2312", "bs4lines"),
    # DOCX printed to PDF by LibreOffice (as agencies export from WPS/Word), and what tools make of those PDFs
    ("sichuan_chengdu_wuhou_rsj_2023", "libreoffice"),
    ("hunan_changsha_county_2021", "libreoffice"),
    ("shandong_jinan_lixia_jtj_2020", "libreoffice"),
    ("henan_xinyang_shihe_jyj_2022", "libreoffice"),
    ("anhui_hefei_shushan_wjw_2023", "libreoffice"),
    ("xinjiang_urumqi_tianshan_2025", "libreoffice"),
    ("hunan_changsha_county_2021_libreoffice", "pdftotext"),
    ("henan_xiuwu_2022", "pdftotext-plain"),
    ("guangxi_nanning_qingxiu_2021", "pymupdf-text"),
    ("sichuan_chengdu_wuhou_rsj_2023_libreoffice", "pymupdf-text"),
    ("zhejiang_ningbo_yinzhou_scjg_2024", "html2text"),
    ("guangdong_sthjt_2020_2019tpl", "html2text"),
    ("anhui_hefei_shushan_wjw_2023_libreoffice", "pdftotext"),
    ("shandong_jinan_lixia_jtj_2020_libreoffice", "pymupdf4llm"),
]
DERIVED_EXT = {"pdftotext-plain": ".txt", "pymupdf-text": ".txt", "html2text": ".md", "bs4text": ".txt", "bs4lines": ".txt", "pymupdf4llm": ".md", "pdftotext": ".txt", "inscriptis": ".txt", "libreoffice": ".pdf"}


def libreoffice_pdf(src: Path) -> tuple[bytes, str]:
    """DOCX -> PDF with LibreOffice (own profile), dates and ID fixed so the bytes repeat."""
    import subprocess
    import tempfile

    import pymupdf

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=300)
        doc = pymupdf.open(Path(tmp) / (src.stem + ".pdf"))
        producer = doc.metadata.get("producer", "LibreOffice")
        doc.set_metadata({"author": "办公室", "creator": "Writer", "producer": producer,
                          "creationDate": "D:20260115090000+08'00'", "modDate": "D:20260115090000+08'00'"})
        doc.del_xml_metadata()
        doc.xref_set_key(-1, "ID", "[<00112233445566778899AABBCCDDEEFF><00112233445566778899AABBCCDDEEFF>]")
        return doc.tobytes(garbage=4, deflate=True, no_new_id=True), producer


def derive(src: Path, tool: str) -> tuple[str, str]:
    """(text, tool version) of a real converter run over a generated file."""
    if tool == "pymupdf4llm":
        import pymupdf4llm

        return pymupdf4llm.to_markdown(str(src), show_progress=False), f"pymupdf4llm {pymupdf4llm.version}"
    if tool == "pdftotext":
        import subprocess

        out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(src), "-"], check=True, capture_output=True, text=True)
        ver = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr.splitlines()[0]
        return out.stdout, ver
    if tool == "pdftotext-plain":
        import subprocess

        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(src), "-"], check=True, capture_output=True, text=True)
        ver = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr.splitlines()[0]
        return out.stdout, ver + " (reading order, no -layout)"
    if tool == "pymupdf-text":
        import pymupdf

        doc = pymupdf.open(src)
        return "".join(page.get_text() for page in doc), f"pymupdf {pymupdf.__version__} get_text()"
    if tool == "html2text":
        import html2text

        h = html2text.HTML2Text()
        h.body_width = 0
        return h.handle(src.read_text(encoding="utf-8")), f"html2text {'.'.join(map(str, html2text.__version__))}"
    if tool in ("bs4text", "bs4lines"):
        import bs4

        raw = src.read_bytes()
        soup = bs4.BeautifulSoup(raw, "lxml")
        for t in soup(["script", "style"]):
            t.decompose()
        if tool == "bs4text":
            text = "\n".join(line for line in soup.get_text().splitlines() if line.strip())
        else:
            text = soup.get_text("\n", strip=True)
        return text, f"beautifulsoup4 {bs4.__version__}"
    if tool == "inscriptis":
        import importlib.metadata

        from inscriptis import get_text

        return get_text(src.read_text(encoding="utf-8")), f"inscriptis {importlib.metadata.version('inscriptis')}"
    raise ValueError(tool)


def main() -> int:
    names = {c.name for c in CASES}
    assert len(names) == len(CASES), "duplicate case names"
    index = []
    for case in CASES:
        settle(case)
        data = RENDER[case.fmt](case)
        path = HERE / (case.name + case.ext)
        if isinstance(data, str):
            enc = case.opts.get("encoding", "utf-8")
            if case.opts.get("crlf_bom"):
                # saved by a Windows tool: BOM and CRLF line ends
                data = "\ufeff" + data.replace("\n", "\r\n")
            if enc != "utf-8" and case.fmt == "html":
                data = data.replace('<meta charset="utf-8">', f'<meta http-equiv="Content-Type" content="text/html; charset={enc}">')
            path.write_bytes(data.encode(enc))
        else:
            path.write_bytes(data)
        (HERE / f"{case.name}.gold.json").write_text(gold_json(case), encoding="utf-8")
        index.append({"file": path.name, "format": case.fmt, "agency": case.agency, "year": case.year,
                      "template": case.template, "quirks": case.quirks})
    by_name = {c.name: c for c in CASES}
    for name, tool in DERIVED:
        base, *chain = name.split("_libreoffice")
        case = by_name[base]
        src = HERE / (name + (DERIVED_EXT["libreoffice"] if chain else case.ext))
        dname = f"{name}_{tool}"
        if tool == "libreoffice":
            data, version = libreoffice_pdf(src)
            (HERE / (dname + ".pdf")).write_bytes(data)
        else:
            text, version = derive(src, tool)
            if tool == "bs4text":
                req = case.gold["requests"]
                bad = [k for k in req if req[k] is not None and not settled_row(req[k])
                       and not (k == "new_received" and case.opts.get("applicant_sentence"))]
                if bad or not settled_appeals(functools.reduce(operator.iadd, (case.gold["appeals"][g] for g in case.gold["appeals"]), [])):
                    raise SystemExit(f"{name}: run-together cells not settled by the identities: {bad}")
            (HERE / (dname + DERIVED_EXT[tool])).write_text(text, encoding="utf-8")
        (HERE / f"{dname}.gold.json").write_text(gold_json(case), encoding="utf-8")
        index.append({"file": dname + DERIVED_EXT[tool], "format": f"{case.fmt}->" + ("libreoffice->" if chain else "") + tool, "agency": case.agency, "year": case.year,
                      "template": case.template, "quirks": case.quirks + [f"made-by-{version}"]})
    (HERE / "cases.json").write_text(json.dumps(index, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(CASES) + len(DERIVED)} cases written to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
