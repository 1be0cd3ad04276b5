"""Random annual reports whose every value is known (the truth of the generated cases).

``random_report(rng, template=...)`` draws a report of either template (2021 or
2019) with realistic magnitudes: an agency of some level, table 3 consistent
with T3.BALANCE / T3.SUM / T3.ROWTOTAL, table 4 with T4.SUM, a narrative that
states some of the figures (收到申请 N 件; 制发/废止/现行有效 where asked).
``truth_cells(report)`` flattens a report into ``{cell path: value}`` — the
same paths as ``benchmarks.bench_reader_accuracy.gold_cells``.

Plain ``random.Random`` so that a fixed seed gives the same reports on every
machine (the property test and the committed corpus depend on it); the
Hypothesis strategy ``tests/core/strategies.py::random_reports`` wraps it.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal

from gongkai import standard
from gongkai.model import Report, fill_other_processed

AGENCIES = {
    # level -> (agency names, short self-reference in the narrative)
    "township": (["延津县僧固乡人民政府", "滑县白道口镇人民政府", "兰考县东坝头镇人民政府", "平阳县鳌江镇人民政府"], "我镇"),
    "street": (["北京市朝阳区望京街道办事处", "上海市徐汇区斜土路街道办事处", "天津市河西区友谊路街道办事处"], "我街道"),
    "dept": (["延津县应急管理局", "信阳市浉河区教育体育局", "成都市武侯区人力资源和社会保障局", "苏州市姑苏区交通运输委员会"], "我局"),
    "city_dept": (["郑州市金水区市场监督管理局", "深圳市规划和自然资源局", "无锡市公安局", "青岛市黄岛区公安分局"], "我局"),
    "county_gov": (["沁阳市人民政府", "淮安市洪泽区人民政府", "长沙县人民政府", "福州市马尾区人民政府"], "我区"),
    "city_gov": (["宁德市人民政府", "江门市人民政府"], "我市"),
    "province_dept": (["河南省生态环境厅", "广东省交通运输厅", "湖北省自然资源厅"], "我厅"),
    "office": (["洛阳市西工区人民政府办公室", "商丘市人民政府办公室"], "我办"),
}
LEVELS = tuple(AGENCIES)

# applicants per column (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他)
PROFILES = {
    "zero": [(0, 0)] * 6,
    "tiny": [(0, 6), (0, 1), (0, 0), (0, 0), (0, 0), (0, 1)],
    "small": [(3, 28), (0, 4), (0, 0), (0, 1), (0, 2), (0, 2)],
    "busy": [(60, 380), (4, 40), (0, 2), (0, 4), (1, 12), (0, 9)],
    "huge": [(900, 2600), (40, 300), (0, 6), (2, 20), (10, 90), (5, 60)],
}
WEIGHTS = {
    "granted": 30, "partially_granted": 7, "withheld_state_secret": 0.2, "withheld_law_prohibited": 0.5,
    "withheld_three_securities": 0.5, "withheld_third_party": 2, "withheld_internal_affairs": 1,
    "withheld_process_info": 2, "withheld_enforcement_files": 1.5, "withheld_administrative_query": 2,
    "unavailable_not_held": 24, "unavailable_needs_creation": 3, "unavailable_unclear": 2,
    "not_processed_petition": 3, "not_processed_duplicate": 3, "not_processed_publication": 0.5,
    "not_processed_excessive": 0.5, "not_processed_confirmation": 1, "other_no_supplement": 3,
    "other_fee_unpaid": 0.2, "other_other": 4,
}


def _requests(rng: random.Random, profile: str, single_other: bool) -> dict:
    rows = {k: [0] * 7 for k in standard.TABLE3_KEYS}
    keys = list(standard.OUTCOME_KEYS)
    weights = [WEIGHTS[k] for k in keys]
    for c, (lo, hi) in enumerate(PROFILES[profile]):
        n = rng.randint(lo, hi)
        carried = 0
        if n and profile in ("busy", "huge"):
            carried = rng.randint(0, 15 if profile == "busy" else 160) if c == 0 else rng.choice([0, 0, 1, 2])
        elif n:
            carried = rng.choice([0, 0, 0, 1, 2])
        avail = n + carried
        cf = min(avail, rng.choice({"busy": [0, 2, 5, 9], "huge": [20, 45, 88, 130]}.get(profile, [0, 0, 0, 1, 2])))
        rows["new_received"][c] = n
        rows["carried_over"][c] = carried
        rows["carried_forward"][c] = cf
        rows["total_processed"][c] = avail - cf
        for k in rng.choices(keys, weights, k=avail - cf):
            rows[k][c] += 1
    for k in rows:
        rows[k][6] = sum(rows[k][:6])
    rows["other_processed"] = None
    if single_other:
        rows["other_processed"] = [sum(rows[k][i] for k in standard.OTHER_SUBROWS) for i in range(7)]
        for k in standard.OTHER_SUBROWS:
            rows[k] = None
    return rows


def _appeals(rng: random.Random) -> dict:
    level = rng.choice(["zero", "zero", "some", "many"])
    out = {}
    for g in standard.APPEAL_GROUPS:
        if level == "zero" or rng.random() < (0.5 if level == "some" else 0.15):
            v = [0, 0, 0, 0]
        else:
            hi = 3 if level == "some" else 40
            v = [rng.randint(0, hi), rng.choice([0, 0, 1, 2, 11]), rng.choice([0, 0, 1]), rng.choice([0, 0, 1, 3, 12])]
        out[g.key] = v + [sum(v)]
    return out


MAGNITUDE = {  # (licensing, punishment) ranges by level
    "township": ((0, 40), (0, 30)), "street": ((0, 25), (0, 60)), "dept": ((20, 3000), (0, 900)),
    "city_dept": ((500, 60000), (100, 12000)), "county_gov": ((800, 9000), (500, 6000)),
    "city_gov": ((2000, 40000), (3000, 30000)), "province_dept": ((300, 9000), (0, 700)), "office": ((0, 10), (0, 5)),
}


def _fee(rng: random.Random) -> Decimal:
    r = rng.random()
    if r < 0.6:
        return Decimal(0)
    places = rng.choice([0, 1, 2, 2, 4, 6])
    return Decimal(rng.randint(1, 10**6)) / (Decimal(10) ** places) if places else Decimal(rng.randint(1, 5000))


def _active(rng: random.Random, level: str) -> dict:
    regs = {"made": 0, "repealed": 0, "in_force": 0}
    if level in ("city_gov", "province_dept") or rng.random() < 0.15:
        regs = {"made": rng.randint(0, 12), "repealed": rng.randint(0, 15), "in_force": rng.randint(20, 260)}
    made = rng.randint(0, {"township": 2, "street": 1}.get(level, 60))
    nd = {"made": made, "repealed": rng.randint(0, 30) if level not in ("township", "street") else 0,
          "in_force": made + rng.randint(0, {"township": 6, "street": 3}.get(level, 700))}
    (lic, pun) = MAGNITUDE[level]
    return {"regulations": regs, "normative_documents": nd, "licensing": rng.randint(*lic),
            "punishment": rng.randint(*pun), "coercion": rng.randint(0, max(1, pun[1] // 12)), "fees_10k_yuan": _fee(rng)}


def _active_2019(rng: random.Random) -> dict:
    nd_made = rng.randint(0, 30)
    return {
        "regulations": {"new_made": 0, "new_published": 0, "total_published": rng.choice([0, 0, 14])},
        "normative_documents": {"new_made": nd_made, "new_published": nd_made, "total_published": nd_made + rng.randint(5, 400)},
        "licensing": {"previous": rng.randint(10, 320), "change": rng.choice([0, 0, -3, 2, 5, -1]), "decisions": rng.randint(50, 6000)},
        "other_services": {"previous": rng.randint(0, 40), "change": rng.choice([0, 1, -2]), "decisions": rng.randint(0, 900)},
        "punishment": {"previous": rng.randint(40, 900), "change": rng.choice([0, 12, -7, 3]), "decisions": rng.randint(10, 3000)},
        "coercion": {"previous": rng.randint(0, 30), "change": rng.choice([0, 0, 1]), "decisions": rng.randint(0, 60)},
        "fees": {"previous": rng.randint(0, 6), "change": rng.choice([0, 0, -1])},
        "procurement": {"count": rng.randint(0, 40), "amount_10k_yuan": Decimal(rng.randint(0, 500000)) / 100},
    }


def narrative(agency: str, year: int, short: str, requests: dict, active: dict | None, *, nd_sentence: bool) -> dict:
    n = requests["new_received"][6]
    overview = [
        f"{year}年，{short}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "持续深化政务公开，不断提升政府信息公开质量和实效。",
        f"（一）主动公开。全年通过政府网站主动公开政府信息{(len(agency) * 37) % 900 + 60}条。",
    ]
    if nd_sentence and active is not None:
        nd = active["normative_documents"]
        overview.append(f"本年度制发行政规范性文件{nd['made']}件，废止{nd['repealed']}件，现行有效{nd['in_force']}件。")
    overview += [
        f"（二）依申请公开。{year}年，{short}共收到政府信息公开申请{n}件，均在法定期限内予以答复。",
        "（三）政府信息管理。严格落实公开属性源头认定和保密审查制度。",
        "（四）政府信息公开平台建设。持续加强政府网站和政务新媒体管理。",
        "（五）监督保障。成立政务公开工作领导小组，明确专人负责。",
    ]
    return {
        "overview": "\n".join(overview),
        "problems": f"{year}年，{short}政府信息公开工作还存在公开内容不够深入等不足。{year + 1}年将加强业务培训。",
        "other": "本年度未收取信息处理费。",
    }


def random_report(rng: random.Random, *, template: str | None = None, level: str | None = None,
                  profile: str | None = None, year: int | None = None, nd_sentence: bool | None = None,
                  single_other: bool | None = None) -> Report:
    """A report as an agency prints it; every value known."""
    template = template or rng.choice(["2021", "2021", "2021", "2019"])
    level = level or rng.choice(LEVELS)
    names, short = AGENCIES[level]
    agency = rng.choice(names)
    if year is None:
        year = rng.randint(2019, 2020) if template == "2019" else rng.randint(2021, 2025)
    profile = profile or rng.choice(["zero", "tiny", "small", "small", "busy", "busy", "huge"])
    if single_other is None:
        single_other = template == "2019" or rng.random() < 0.1
    requests = _requests(rng, profile, single_other)
    appeals = _appeals(rng)
    if template == "2019":
        active, active_2019 = None, _active_2019(rng)
    else:
        active, active_2019 = _active(rng, level), None
    if nd_sentence is None:
        nd_sentence = rng.random() < 0.3
    data = {
        "agency": agency, "year": year, "template": template,
        "sections": narrative(agency, year, short, requests, active, nd_sentence=nd_sentence),
        "active": active, "active_2019": active_2019, "requests": requests, "appeals": appeals,
    }
    return Report.model_validate(data)


def short_name(report: Report) -> str:
    for names, short in AGENCIES.values():
        if report.agency in names:
            return short
    return "我单位"


# ---------------------------------------------------------------- truth


def truth_cells(report: Report, *, fill: bool = True) -> dict[str, object]:
    """``{path: value}`` for agency, year, template, published_on and every
    cell of tables 2–4 (``None`` included); ``other_processed`` filled in
    from its three rows where they are printed (``fill``)."""
    if fill:
        report = fill_other_processed(report.model_copy(deep=True))
    data = json.loads(report.to_json(indent=None, with_source=False))
    cells: dict[str, object] = {k: data.get(k) for k in ("agency", "year", "template", "published_on")}

    def walk(prefix: str, node) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(f"{prefix}.{k}", v)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(f"{prefix}.{i}", v)
        else:
            cells[prefix] = node

    walk("active_2019" if data.get("template") == "2019" else "active",
         data.get("active_2019") if data.get("template") == "2019" else data.get("active"))
    for section in ("requests", "appeals"):
        node = data.get(section) or {}
        for k, v in node.items():
            if v is None:
                for i in range(7 if section == "requests" else 5):
                    cells[f"{section}.{k}.{i}"] = None
            else:
                walk(f"{section}.{k}", v)
    return cells


def flat_dict(cells: dict[str, object]) -> dict:
    """The inverse of ``truth_cells``: a gold-file dict (exchange JSON shape)."""
    out: dict = {"format": standard.FORMAT_ID}
    for path, val in cells.items():
        parts = path.split(".")
        node = out
        for i, part in enumerate(parts[:-1]):
            nxt = parts[i + 1]
            if part not in node or node[part] is None:
                node[part] = [] if nxt.isdigit() else {}
            node = node[part]
        last = parts[-1]
        if isinstance(node, list):
            while len(node) <= int(last):
                node.append(None)
            node[int(last)] = val
        else:
            node[last] = val
    for sec in ("requests", "appeals"):
        for k, v in list(out.get(sec, {}).items()):
            if isinstance(v, list) and all(x is None for x in v):
                out[sec][k] = None
    if out.get("template") == "2019":
        out["active"] = None
    else:
        out["active_2019"] = None
    return out
