"""The consistency rules of the annual report (spec: annual-report.md).

Each rule has an id and a severity and yields findings whose Chinese message
names the table, the row, the column and both sides of the equation, so an
officer can find the cell without the tool. A ``None`` value is never
guessed: the rule says, as an ``info`` finding, that it could not check.

``check(report)`` runs the single-report rules; ``check_across(prev, cur)``
the cross-year ones for one agency's consecutive years; ``check_reports``
does both for a batch.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal

from gongkai import standard
from gongkai.model import Report

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", INFO: "无法核对"}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    path: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{SEVERITY_LABELS[self.severity]} {self.rule} {self.message}"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    check: Callable[..., Iterable[Finding]]
    cross_year: bool = False


# ---------------------------------------------------------------- wording

_COLS = standard.APPLICANT_COLUMNS
_T3 = standard.TABLE3_ROW_BY_KEY | {"other_processed": standard.OTHER_PROCESSED}


def _col(i: int) -> str:
    return f"{_COLS[i].label}列"


def _row_name(key: str) -> str:
    """How a row is named in a message: 一、本年新收… → “一”; outcome rows by
    number and label, e.g. 三（三）1.属于国家秘密."""
    row = _T3[key]
    if key in ("new_received", "carried_over", "carried_forward"):
        return row.label
    if key == "total_processed":
        return "三（七）总计"
    label = re.sub(r"^(（[一二三四五六七]）|\d\.)", "", row.label)
    label = re.sub(r"（区分处理的.*）$", "", label)
    return f"{row.number}{label}"


def _missing(rule: str, where: str, what: Iterable[str], path: str | None = None) -> Finding:
    return Finding(rule, INFO, f"{where}：缺少 {'、'.join(what)} 的数值，无法核对", path)


# ---------------------------------------------------------------- table 3


def _cells(report: Report, keys: Iterable[str], col: int) -> dict[str, int | None]:
    values = {}
    for key in keys:
        row = report.requests.row(key)
        values[key] = None if row is None else row[col]
    return values


def _absent(values: dict[str, int | None]) -> list[str]:
    return [_row_name(k) for k, v in values.items() if v is None]


def rule_t3_balance(report: Report) -> Iterable[Finding]:
    if requests_blank(report):
        return  # S.TABLES says so once
    keys = ("new_received", "carried_over", "total_processed", "carried_forward")
    for col in range(7):
        v = _cells(report, keys, col)
        where = f"表三 {_col(col)}"
        if missing := _absent(v):
            yield _missing("T3.BALANCE", where, missing, f"requests.total_processed.{col}")
            continue
        left = v["new_received"] + v["carried_over"]
        right = v["total_processed"] + v["carried_forward"]
        if left != right:
            yield Finding(
                "T3.BALANCE",
                ERROR,
                f"{where}：一+二 = {left}，（七）总计+四 = {right}",
                f"requests.total_processed.{col}",
            )


def _outcome_keys(report: Report) -> tuple[str, ...]:
    """The outcome rows that make up （七）总计: the 21 rows, with
    ``other_processed`` standing for the three （六） rows where only it is printed."""
    req = report.requests
    subrows_printed = any(req.row(k) is not None for k in standard.OTHER_SUBROWS)
    if subrows_printed or req.other_processed is None:
        return standard.OUTCOME_KEYS
    return tuple(k for k in standard.OUTCOME_KEYS if k not in standard.OTHER_SUBROWS) + (
        "other_processed",
    )


def rule_t3_sum(report: Report) -> Iterable[Finding]:
    if requests_blank(report):
        return  # S.TABLES says so once
    keys = _outcome_keys(report)
    for col in range(7):
        where = f"表三 {_col(col)}"
        path = f"requests.total_processed.{col}"
        v = _cells(report, ("total_processed", *keys), col)
        if missing := _absent(v):
            yield _missing("T3.SUM", where, missing, path)
            continue
        parts = sum(v[k] for k in keys)
        if v["total_processed"] != parts:
            yield Finding(
                "T3.SUM",
                ERROR,
                f"{where}：（七）总计 = {v['total_processed']}，三（一）至（六）各项之和 = {parts}",
                path,
            )
    yield from _other_processed_sum(report)


def _other_processed_sum(report: Report) -> Iterable[Finding]:
    """Where both the （六） sub-rows and its one-row total are given, they agree."""
    req = report.requests
    rows = [req.row(k) for k in standard.OTHER_SUBROWS]
    if req.other_processed is None or any(r is None for r in rows):
        return
    for col in range(7):
        cells = [r[col] for r in rows]
        total = req.other_processed[col]
        if total is None or any(c is None for c in cells):
            continue
        if total != sum(cells):
            yield Finding(
                "T3.SUM",
                ERROR,
                f"表三 {_col(col)}：（六）其他处理 = {total}，（六）1+2+3 = {sum(cells)}",
                f"requests.other_processed.{col}",
            )


def rule_t3_rowtotal(report: Report) -> Iterable[Finding]:
    if requests_blank(report):
        return  # S.TABLES says so once
    for key in standard.ALL_TABLE3_KEYS:
        row = report.requests.row(key)
        if row is None:
            continue
        where = f"表三 “{_row_name(key)}”行"
        path = f"requests.{key}.6"
        if any(c is None for c in row):
            names = [_COLS[i].label for i, c in enumerate(row) if c is None]
            yield _missing("T3.ROWTOTAL", where, names, path)
            continue
        parts = sum(row[:6])
        if row[6] != parts:
            yield Finding(
                "T3.ROWTOTAL",
                ERROR,
                f"{where}：总计 = {row[6]}，自然人及五类法人或其他组织之和 = {parts}",
                path,
            )


# ---------------------------------------------------------------- table 4


def rule_t4_sum(report: Report) -> Iterable[Finding]:
    if appeals_blank(report):
        return  # S.TABLES says so once
    for group in standard.APPEAL_GROUPS:
        row = getattr(report.appeals, group.key)
        name = f"{group.parent}（{group.label}）" if group.parent else group.label
        where = f"表四 {name}"
        path = f"appeals.{group.key}.4"
        if row is None or any(c is None for c in row):
            labels = [c.label for i, c in enumerate(standard.APPEAL_COLUMNS) if row is None or row[i] is None]
            yield _missing("T4.SUM", where, labels, path)
            continue
        parts = sum(row[:4])
        if row[4] != parts:
            yield Finding(
                "T4.SUM",
                ERROR,
                f"{where}：总计 = {row[4]}，结果维持+结果纠正+其他结果+尚未审结 = {parts}",
                path,
            )


# ---------------------------------------------------------------- values


def _all_counts(report: Report) -> Iterable[tuple[str, str, int | Decimal | None]]:
    """(path, description, value) for every number of tables 2, 3 and 4."""
    if report.active is not None:
        a = report.active
        for kind, label in standard.TABLE2_BLOCKS[0].rows:
            docs = getattr(a, kind)
            for col, col_label in standard.TABLE2_BLOCKS[0].columns:
                yield f"active.{kind}.{col}", f"表二 {label}{col_label}", getattr(docs, col)
        for block in standard.TABLE2_BLOCKS[1:]:
            for key, label in block.rows:
                yield f"active.{key}", f"表二 {label}", getattr(a, key)
    for key in standard.ALL_TABLE3_KEYS:
        row = report.requests.row(key)
        for col, value in enumerate(row or ()):
            yield f"requests.{key}.{col}", f"表三 “{_row_name(key)}”行{_col(col)}", value
    for group in standard.APPEAL_GROUPS:
        for col, value in enumerate(getattr(report.appeals, group.key) or ()):
            label = standard.APPEAL_COLUMNS[col].label
            yield f"appeals.{group.key}.{col}", f"表四 {group.label}{label}", value


def all_counts(report: Report) -> list[tuple[str, str, int | Decimal | None]]:
    """(cell path, description, value) for every value of tables 2, 3 and 4 the report has."""
    return list(_all_counts(report))


def rule_v_range(report: Report) -> Iterable[Finding]:
    for path, what, value in _all_counts(report):
        if value is not None and value < 0:
            yield Finding("V.RANGE", ERROR, f"{what} = {value}，不能为负数", path)
    if report.active_2019:
        for row, cols in report.active_2019.items():
            for col, value in cols.items():
                # 本年增/减 may legitimately be negative in the 2019 template.
                if value is not None and value < 0 and col != "change":
                    yield Finding("V.RANGE", ERROR, f"表二（2019年格式）{row}.{col} = {value}，不能为负数",
                                  f"active_2019.{row}.{col}")


# ---------------------------------------------------------------- structure


def rule_s_sections(report: Report) -> Iterable[Finding]:
    if report.sections is None:
        yield Finding("S.SECTIONS", INFO, "未提供正文各部分，无法核对六个部分是否齐全", "sections")
        return
    for key in standard.NARRATIVE_SECTIONS:
        if not (getattr(report.sections, key) or "").strip():
            yield Finding("S.SECTIONS", ERROR, f"缺少“{standard.heading(key)}”部分的内容", f"sections.{key}")
    order = report.section_order
    if order is None:
        return
    canonical = [s.key for s in standard.SECTIONS]
    for key in canonical:
        if key not in order:
            yield Finding("S.SECTIONS", ERROR, f"缺少“{standard.heading(key)}”部分", f"sections.{key}")
    present = [k for k in order if k in canonical]
    if present != sorted(present, key=canonical.index):
        found = "、".join(standard.SECTION_BY_KEY[k].number for k in present)
        yield Finding("S.SECTIONS", ERROR, f"六个部分顺序不符：实际为 {found}，应为 一至六", "section_order")


TEMPLATE_2021_FROM = 2021  # 国办公开办函〔2021〕30号 applies from the 2021 reports on


def rule_s_template(report: Report) -> Iterable[Finding]:
    if report.year < TEMPLATE_2021_FROM:
        return  # a 2019 or 2020 report rightly uses the 2019 template
    if report.template == "2019":
        yield Finding(
            "S.TEMPLATE",
            WARNING,
            "使用了2019年版表格（国办公开办函〔2019〕60号），应使用2021年版（国办公开办函〔2021〕30号）",
            "template",
        )
        return
    req = report.requests
    if req.other_processed is not None and all(req.row(k) is None for k in standard.OTHER_SUBROWS):
        yield Finding(
            "S.TEMPLATE",
            WARNING,
            "表三 “三（六）其他处理”按2019年版印为一行，2021年版应分列1至3项",
            "requests.other_processed",
        )


# ---------------------------------------------------------------- narrative

_NUM = r"\s*(\d+)\s*"
# No pattern reaches past a sentence end, and none may have an appeal in its
# gap: 受理行政复议申请3件 is not an application for information.
_STOP = "。！？；!?;"
_GAP = rf"[^{_STOP}，,\d]"
_APPEAL_WORDS = re.compile(r"复议|诉讼|信访|投诉|举报")
_WITHHELD = tuple(k for k in standard.OUTCOME_KEYS if k.startswith("withheld_"))
_UNAVAILABLE = tuple(k for k in standard.OUTCOME_KEYS if k.startswith("unavailable_"))
_NOT_PROCESSED = tuple(k for k in standard.OUTCOME_KEYS if k.startswith("not_processed_"))

# (pattern, table-3 row keys whose totals add up to the figure, what the text
# states). Conservative on purpose: a warning on a wrong match costs an
# officer more than a missed one. Earlier patterns win where two overlap.
_NARRATIVE_FIGURES: tuple[tuple[re.Pattern, tuple[str, ...], str], ...] = (
    (re.compile(r"(?<!不)予以公开(?:和|及|与|、)部分公开(?:答复|的)?(?:共|合计)?" + _NUM + "件"),
     ("granted", "partially_granted"), "予以公开及部分公开"),
    (re.compile(r"(?:新收|收到|受理|收办)(" + _GAP + r"{0,14}?)申请(?:案件|件数|数量|总数|数)?(?:共计|合计|总计|共)?"
                r"(?:为|是|达)?[：:]?" + _NUM + "件"), ("new_received",), "收到申请"),
    (re.compile(r"(?:新收|收到|受理)(?:各类)?" + _NUM + r"件(" + _GAP + r"{0,12}?)申请"), ("new_received",), "收到申请"),
    (re.compile(r"上年(?:度)?结转(" + _GAP + r"{0,12}?)" + _NUM + "件"), ("carried_over",), "上年结转"),
    (re.compile(r"(?:结转|转)(?:至)?下一?年度?(" + _GAP + r"{0,10}?)" + _NUM + "件"), ("carried_forward",), "结转下年度"),
    (re.compile(_NUM + r"件(?:申请)?结转(?:至)?下一?年度?"), ("carried_forward",), "结转下年度"),
    (re.compile(r"办结(" + _GAP + r"{0,12}?)" + _NUM + "件"), ("total_processed",), "办结"),
    (re.compile(r"(?<![不及和、与])(?:予以|同意)公开(?:答复|决定|的)?(?:共)?" + _NUM + "件"), ("granted",), "予以公开"),
    (re.compile(r"(?<![及和、与])部分公开(?:答复|决定|的)?(?:共)?" + _NUM + "件"), ("partially_granted",), "部分公开"),
    (re.compile(r"不予公开(?:答复|决定|的)?(?:共)?" + _NUM + "件"), _WITHHELD, "不予公开"),
    (re.compile(r"无法提供(?:答复|的)?(?:共)?" + _NUM + "件"), _UNAVAILABLE, "无法提供"),
    (re.compile(r"不予处理(?:答复|的)?(?:共)?" + _NUM + "件"), _NOT_PROCESSED, "不予处理"),
)


def narrative_figures(text: str) -> list[tuple[tuple[str, ...], str, int, str]]:
    """(table-3 row keys, what, number, quoted text) for every figure a
    narrative states, each mention once, in text order."""
    found: list[tuple[int, tuple[str, ...], str, int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, keys, what in _NARRATIVE_FIGURES:
        for m in pattern.finditer(text):
            gaps = [g for g in m.groups() if g and not g.strip().isdigit()]
            if any(_APPEAL_WORDS.search(g) for g in gaps):
                continue
            span = m.span()
            if any(span[0] < b and a < span[1] for a, b in taken):
                continue
            taken.append(span)
            number = int(next(g for g in reversed(m.groups()) if g and g.strip().isdigit()))
            found.append((span[0], keys, what, number, m.group(0).strip()))
    return [f[1:] for f in sorted(found, key=lambda f: f[0])]


# Table 4 as narratives state it: "行政复议 1 件", "有1件…行政复议", "行政诉讼数为 0 件",
# and the joint "行政复议、行政诉讼共3件". Neither the gap nor the words before
# a single figure may name the other kind, so a joint figure is not taken for either.
_ALL_APPEALS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
_LITIGATION = ("litigation_direct", "litigation_after_reconsideration")
_APPEAL_FIGURES: tuple[tuple[re.Pattern, tuple[str, ...], str], ...] = (
    (re.compile(r"行政复议(?:和|、|及|与)行政诉讼(?:案件)?(?:共计|合计|共)?" + _NUM + "件"), _ALL_APPEALS,
     "行政复议、行政诉讼合计"),
    (re.compile(r"行政复议[^。；，\d诉！？]{0,6}?" + _NUM + "件"), ("reconsideration",), "行政复议"),
    (re.compile(r"(?:有|共)" + _NUM + r"件[^。；，、\d诉！？]{0,14}?行政复议"), ("reconsideration",), "行政复议"),
    (re.compile(r"(?<!复议、)(?<!复议和)(?<!复议及)(?<!复议与)行政诉讼[^。；，\d复！？]{0,6}?" + _NUM + "件"),
     _LITIGATION, "行政诉讼"),
)


def _appeal_figures(report: Report, text: str) -> Iterable[Finding]:
    taken: list[tuple[int, int]] = []
    for pattern, groups, what in _APPEAL_FIGURES:
        where = "行政复议与行政诉讼" if len(groups) == 3 else what
        rows = [getattr(report.appeals, g) for g in groups]
        complete = not any(r is None or r[4] is None for r in rows)
        total = sum(r[4] for r in rows) if complete else None
        for m in pattern.finditer(text):
            span = m.span()
            if any(span[0] < b and a < span[1] for a, b in taken):
                continue
            taken.append(span)
            number = int(m.group(1))
            if total is not None and number != total:
                yield Finding(
                    "N.TEXT",
                    WARNING,
                    f"正文“{m.group(0).strip()}”称{what} {number} 件，表四{where}总计 = {total}",
                    f"appeals.{groups[0]}.4",
                )


# Table 2 as narratives state it. Only the plain forms: 制发规范性文件12件,
# 现行有效规范性文件698件, 行政许可（决定）N件; the 行政事业性收费 amount in 万元.
_TABLE2_FIGURES: tuple[tuple[re.Pattern, str, str], ...] = (
    (re.compile(r"(?:制发|印发|出台)(?:了|的)?(?:行政)?规范性文件(?:共)?" + _NUM + "件"),
     "normative_documents.made", "制发规范性文件"),
    (re.compile(r"废止(?:了|的)?(?:行政)?规范性文件(?:共)?" + _NUM + "件"), "normative_documents.repealed", "废止规范性文件"),
    (re.compile(r"现行有效(?:的)?(?:行政)?规范性文件(?:共)?" + _NUM + "件"), "normative_documents.in_force",
     "现行有效规范性文件"),
    (re.compile(r"(?:作出|办理)?行政许可(?:决定)?(?:共)?" + _NUM + "件"), "licensing", "行政许可"),
    (re.compile(r"(?:作出)?行政处罚(?:决定)?(?:共)?" + _NUM + "件"), "punishment", "行政处罚"),
    (re.compile(r"(?:作出|采取)?行政强制(?:决定|措施)?(?:共)?" + _NUM + "件"), "coercion", "行政强制"),
)
_FEE_FIGURE = re.compile(r"行政事业性收费(?:金额|总额|共计|合计|共|为|：|:){0,2}\s*(\d+(?:\.\d+)?)\s*(万元|元)")


def _table2_figures(report: Report, text: str) -> Iterable[Finding]:
    a = report.active
    if a is None:
        return
    for pattern, attr, what in _TABLE2_FIGURES:
        value = a
        for part in attr.split("."):
            value = getattr(value, part)
        if value is None:
            continue
        for m in pattern.finditer(text):
            number = int(m.group(1))
            if number != value:
                yield Finding("N.TEXT", WARNING, f"正文“{m.group(0).strip()}”称{what} {number} 件，表二 = {value}",
                              f"active.{attr}")
    if a.fees_10k_yuan is not None:
        for m in _FEE_FIGURE.finditer(text):
            amount = Decimal(m.group(1))
            in_10k = amount if m.group(2) == "万元" else amount / 10000
            if in_10k != a.fees_10k_yuan:
                yield Finding("N.TEXT", WARNING,
                              f"正文“{m.group(0).strip()}”与表二 行政事业性收费 = {a.fees_10k_yuan} 万元不一致",
                              "active.fees_10k_yuan")


def _table3_total(report: Report, keys: tuple[str, ...]) -> int | None:
    req = report.requests
    if keys == standard.OTHER_SUBROWS and all(req.row(k) is None for k in keys):
        keys = ("other_processed",)
    values = []
    for key in keys:
        row = req.row(key)
        if row is None or row[6] is None:
            return None
        values.append(row[6])
    return sum(values)


def rule_n_text(report: Report) -> Iterable[Finding]:
    if report.sections is None:
        return
    text = "\n".join(getattr(report.sections, k) or "" for k in standard.NARRATIVE_SECTIONS)
    yield from _appeal_figures(report, text)
    yield from _table2_figures(report, text)
    req = report.requests
    for keys, what, number, quote in narrative_figures(text):
        total = _table3_total(report, keys)
        if total is None:
            continue
        allowed = {total}
        if keys == ("new_received",) and req.carried_over and req.carried_over[6] is not None:
            allowed.add(total + req.carried_over[6])  # "收到" sometimes includes 上年结转
        if number not in allowed:
            rows = "+".join(_row_name(k) for k in keys) if len(keys) <= 2 else what
            yield Finding(
                "N.TEXT",
                WARNING,
                f"正文“{quote}”称{what} {number} 件，表三 “{rows}”总计 = {total}",
                f"requests.{keys[0]}.6",
            )


# ---------------------------------------------------------------- completeness


def _blank(rows) -> bool:
    return all(r is None or all(c is None for c in r) for r in rows)


def requests_blank(report: Report) -> bool:
    return _blank([report.requests.row(k) for k in standard.ALL_TABLE3_KEYS])


def appeals_blank(report: Report) -> bool:
    return _blank([getattr(report.appeals, g.key) for g in standard.APPEAL_GROUPS])


def rule_s_tables(report: Report) -> Iterable[Finding]:
    if requests_blank(report):
        yield Finding("S.TABLES", ERROR, "缺少表三“收到和处理政府信息公开申请情况”，或表中全部空白", "requests")
    if appeals_blank(report):
        yield Finding("S.TABLES", ERROR, "缺少表四“政府信息公开行政复议、行政诉讼情况”，或表中全部空白", "appeals")


_NOTHING = re.compile(r"^(?:暂|目前|本年度?)?(?:无|没有|未发现)(?:存在)?(?:的)?(?:主要)?(?:问题)?$")


def rule_s_problems(report: Report) -> Iterable[Finding]:
    if report.sections is None:
        return
    text = re.sub(r"[\s。．.！!、，,；;：:“”\"'（）()]", "", report.sections.problems or "")
    if text and _NOTHING.match(text):
        yield Finding(
            "S.PROBLEMS", WARNING,
            f"“{standard.heading('problems')}”只写了“{(report.sections.problems or '').strip()}”，应写明存在的主要问题及改进情况",
            "sections.problems",
        )


# Bodies below the level that makes 规章 (立法法第九十一、九十三条: State
# Council departments, provincial governments, governments of cities with
# districts and autonomous prefectures). Read from the name, conservatively:
# a 县/旗 or a 市…区 district, or a 乡/镇/街道.
_COUNTY = re.compile(r"(?:^|[省市州盟])[^省市区县旗]{1,8}(?:县|旗)|市[^省市区县]{1,6}区(?!域)|[乡镇]人民政府|街道")


def local_level(name: str) -> str | None:
    """"county" for a county-level or township body recognised by its name, else None."""
    if "自治区" in name and not re.search(r"自治区.+[市盟州].+[县区旗]", name):
        return None
    return "county" if _COUNTY.search(name) else None


def rule_t2_regulations(report: Report) -> Iterable[Finding]:
    if report.active is None or not report.active.regulations.made:
        return
    if local_level(report.agency) == "county":
        yield Finding(
            "T2.REGULATIONS", WARNING,
            f"表二 规章本年制发 = {report.active.regulations.made}：县级、乡级机关不制定规章"
            "（规章由国务院部门、省级人民政府和设区的市、自治州人民政府制定，立法法第九十一、九十三条），请核对是否误填",
            "active.regulations.made",
        )


def agency_level(report: Report) -> str:
    """The report's level; where not given, a government is recognised by its
    name (人民政府, 管委会, 管理委员会, 街道办事处), anything else is a department."""
    if report.agency_level:
        return report.agency_level
    name = report.agency
    if re.search(r"(人民政府|管委会|管理委员会|街道办事处|行政公署)$", name):
        return "government"
    return "department"


def rule_d_published(report: Report) -> Iterable[Finding]:
    if report.published_on is None:
        return  # the date is rarely in the data; silence beats noise here
    level = agency_level(report)
    due = dt.date(report.year + 1, 1, 31) if level == "department" else dt.date(report.year + 1, 3, 31)
    if report.published_on > due:
        who = "部门" if level == "department" else "人民政府"
        yield Finding(
            "D.PUBLISHED",
            WARNING,
            f"发布日期 {report.published_on:%Y年%m月%d日} 晚于{who}年度报告的公布期限 {due:%Y年%m月%d日}（条例第四十九条）",
            "published_on",
        )


# ---------------------------------------------------------------- across years


def rule_x_carry(previous: Report, current: Report) -> Iterable[Finding]:
    before, now = previous.requests.carried_forward, current.requests.carried_over
    for col in range(7):
        where = f"表三 {_col(col)}"
        path = f"requests.carried_over.{col}"
        a = None if before is None else before[col]
        b = None if now is None else now[col]
        if a is None or b is None:
            what = [f"{previous.year}年“四、结转下年度继续办理”"] if a is None else []
            what += [f"{current.year}年“二、上年结转”"] if b is None else []
            yield _missing("X.CARRY", where, what, path)
        elif a != b:
            yield Finding(
                "X.CARRY",
                ERROR,
                f"{where}：{current.year}年 二、上年结转 = {b}，{previous.year}年 四、结转下年度继续办理 = {a}",
                path,
            )


def rule_x_inforce(previous: Report, current: Report) -> Iterable[Finding]:
    if previous.active is None or current.active is None:
        return
    for kind, label in standard.TABLE2_BLOCKS[0].rows:
        before, now = getattr(previous.active, kind), getattr(current.active, kind)
        where = f"表二 {label}"
        path = f"active.{kind}.in_force"
        values = (before.in_force, now.made, now.repealed, now.in_force)
        if any(v is None for v in values):
            yield _missing("X.INFORCE", where, ["现行有效件数、本年制发件数或本年废止件数"], path)
            continue
        expected = before.in_force + now.made - now.repealed
        if now.in_force != expected:
            yield Finding(
                "X.INFORCE",
                WARNING,
                f"{where}：{current.year}年现行有效 = {now.in_force}，"
                f"{previous.year}年现行有效 {before.in_force} + 本年制发 {now.made} − 本年废止 {now.repealed} = {expected}",
                path,
            )


RULES: tuple[Rule, ...] = (
    Rule("T3.BALANCE", ERROR, "表三各列：一+二 = 三（七）总计+四（勾稽关系）", rule_t3_balance),
    Rule("T3.SUM", ERROR, "表三各列：三（七）总计 = 21 项办理结果之和", rule_t3_sum),
    Rule("T3.ROWTOTAL", ERROR, "表三各行：总计 = 自然人 + 五类法人或其他组织", rule_t3_rowtotal),
    Rule("T4.SUM", ERROR, "表四各组：总计 = 维持 + 纠正 + 其他 + 尚未审结", rule_t4_sum),
    Rule("V.RANGE", ERROR, "件数为非负整数，收费金额为非负数", rule_v_range),
    Rule("S.SECTIONS", ERROR, "六个部分齐全且顺序正确", rule_s_sections),
    Rule("S.TABLES", ERROR, "表三、表四齐全且不是全部空白", rule_s_tables),
    Rule("S.PROBLEMS", WARNING, "第五部分不只写“无”或“暂无问题”", rule_s_problems),
    Rule("S.TEMPLATE", WARNING, "2021年度起使用2021年版格式", rule_s_template),
    Rule("T2.REGULATIONS", WARNING, "县级、乡级机关不报告制发规章", rule_t2_regulations),
    Rule("N.TEXT", WARNING, "正文所述数字与表格一致", rule_n_text),
    Rule("D.PUBLISHED", WARNING, "部门1月31日前、人民政府3月31日前公布", rule_d_published),
    Rule("X.CARRY", ERROR, "本年上年结转 = 上年结转下年度（同一机关相邻年度）", rule_x_carry, cross_year=True),
    Rule("X.INFORCE", WARNING, "本年现行有效 = 上年现行有效 + 本年制发 − 本年废止", rule_x_inforce, cross_year=True),
)
RULE_BY_ID = {r.id: r for r in RULES}


def check(report: Report) -> list[Finding]:
    """Every single-report rule, in the order of ``RULES``."""
    findings: list[Finding] = []
    for rule in RULES:
        if not rule.cross_year:
            findings.extend(rule.check(report))
    return findings


def check_across(previous: Report, current: Report) -> list[Finding]:
    """The cross-year rules for two reports of one agency in consecutive years."""
    if previous.agency != current.agency or current.year != previous.year + 1:
        raise ValueError(
            f"跨年度核对需要同一机关相邻年度的报告：{previous.agency}{previous.year}年 与 {current.agency}{current.year}年"
        )
    findings: list[Finding] = []
    for rule in RULES:
        if rule.cross_year:
            findings.extend(rule.check(previous, current))
    return findings


def check_reports(reports: list[Report]) -> list[list[Finding]]:
    """Findings per report, in input order; a report whose agency also has a
    report for the year before gets the cross-year findings too."""
    results = [check(r) for r in reports]
    by_key = {(r.agency, r.year): i for i, r in enumerate(reports)}
    for i, report in enumerate(reports):
        j = by_key.get((report.agency, report.year - 1))
        if j is not None:
            results[i].extend(check_across(reports[j], report))
    return results


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def summary(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {ERROR: 0, WARNING: 0, INFO: 0}
    for f in findings:
        counts[f.severity] += 1
    return counts
