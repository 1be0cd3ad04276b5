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


def rule_s_template(report: Report) -> Iterable[Finding]:
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
# (pattern, table-3 row key, what the text states). Conservative on purpose:
# a warning on a wrong match costs an officer more than a missed one.
_NARRATIVE_FIGURES: tuple[tuple[re.Pattern, str, str], ...] = (
    (re.compile(r"(?:新收|收到|受理)[^，。；\d]{0,10}?申请(?:共|合计)?" + _NUM + "件"), "new_received", "收到申请"),
    (re.compile(r"(?:新收|收到|受理)(?:各类)?" + _NUM + r"件[^。；，\d]{0,12}?申请"), "new_received", "收到申请"),
    (re.compile(r"上年(?:度)?结转[^，。；\d]{0,12}?" + _NUM + "件"), "carried_over", "上年结转"),
    (re.compile(r"(?:结转|转)(?:至)?下一?年度?[^，。；\d]{0,10}?" + _NUM + "件"), "carried_forward", "结转下年度"),
    (re.compile(_NUM + r"件(?:申请)?结转(?:至)?下一?年度?"), "carried_forward", "结转下年度"),
    (re.compile(r"办结[^，。；\d]{0,6}?" + _NUM + "件"), "total_processed", "办结"),
)


def narrative_figures(text: str) -> list[tuple[str, str, int, str]]:
    """(row key, what, number, quoted text) stated in a narrative."""
    found = []
    for pattern, key, what in _NARRATIVE_FIGURES:
        for m in pattern.finditer(text):
            found.append((key, what, int(m.group(1)), m.group(0).strip()))
    return found


# Table 4 as narratives state it: "行政复议 1 件", "有1件…行政复议", "行政诉讼数为 0 件".
# Neither the gap nor the words before may name the other kind, so a joint
# figure ("行政复议、行政诉讼共3件") is not taken for either.
_APPEAL_FIGURES: tuple[tuple[re.Pattern, tuple[str, ...], str], ...] = (
    (re.compile(r"行政复议[^。；，\d诉]{0,6}?" + _NUM + "件"), ("reconsideration",), "行政复议"),
    (re.compile(r"(?:有|共)" + _NUM + r"件[^。；，、\d诉]{0,14}?行政复议"), ("reconsideration",), "行政复议"),
    (re.compile(r"(?<!复议、)(?<!复议和)(?<!复议及)行政诉讼[^。；，\d复]{0,6}?" + _NUM + "件"),
     ("litigation_direct", "litigation_after_reconsideration"), "行政诉讼"),
)


def _appeal_figures(report: Report, text: str) -> Iterable[Finding]:
    for pattern, groups, what in _APPEAL_FIGURES:
        rows = [getattr(report.appeals, g) for g in groups]
        if any(r is None or r[4] is None for r in rows):
            continue
        total = sum(r[4] for r in rows)
        for m in pattern.finditer(text):
            number = int(m.group(1))
            if number != total:
                yield Finding(
                    "N.TEXT",
                    WARNING,
                    f"正文“{m.group(0).strip()}”称{what} {number} 件，表四{what}总计 = {total}",
                    f"appeals.{groups[0]}.4",
                )


def rule_n_text(report: Report) -> Iterable[Finding]:
    if report.sections is None:
        return
    text = "\n".join(getattr(report.sections, k) or "" for k in standard.NARRATIVE_SECTIONS)
    yield from _appeal_figures(report, text)
    req = report.requests
    for key, what, number, quote in narrative_figures(text):
        row = req.row(key)
        if row is None or row[6] is None:
            continue
        allowed = {row[6]}
        if key == "new_received" and req.carried_over and req.carried_over[6] is not None:
            allowed.add(row[6] + req.carried_over[6])  # "收到" sometimes includes 上年结转
        if number not in allowed:
            yield Finding(
                "N.TEXT",
                WARNING,
                f"正文“{quote}”称{what} {number} 件，表三 “{_row_name(key)}”行总计 = {row[6]}",
                f"requests.{key}.6",
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
    Rule("S.TEMPLATE", WARNING, "使用2021年版格式", rule_s_template),
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
