"""The supervisor's dashboard: for a government (or any supervising body)
and a year, the report status of itself and each agency under it, the
findings of their reports, and figures from gongkai's own application
records — in a handful of grouped SQL queries, so that a county with 40
departments and 100,000 applications renders well under half a second
(``python -m benchmarks dashboard``).

Decisions:

* **Report status** uses, in this order: the agency's report published in
  gongkai (first version's date against the deadline of 条例第四十九条 —
  31 January for a department, 31 March for a government; D.PUBLISHED);
  a report of that agency and year audited by the supervisor (published,
  date unknown unless the file gives one); otherwise “not yet due” until
  the deadline, then “missing”.
* **Findings** are those of the report used for the status: the published
  version's exchange JSON through the rules, or the audited report's stored
  findings (after corrections).
* **Overdue now / paused** come from the clock's projection stored on each
  application (``due_on``, ``clock_state``): a SQL comparison with today.
* **Average working days to reply** counts working days from the day of
  receipt (not counted) to the reply date on the official calendar, over the
  applications decided in the year.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from gongkai import rules, standard

STATUS_LABELS = {
    "on_time": "按时发布",
    "late": "逾期发布",
    "uploaded": "已发布（核查上传）",
    "missing": "未发布",
    "not_due": "未到期限",
}
STATUS_ORDER = ("on_time", "late", "uploaded", "missing", "not_due")
TREND_YEARS = 5


@dataclass
class Row:
    agency: object
    due: dt.date
    status: str = "not_due"
    published_on: dt.date | None = None
    source: str = ""  # "published" | "audited" | ""
    link: str = ""
    findings: list = field(default_factory=list)
    received: int = 0
    decided: int = 0
    overdue: int = 0
    paused: int = 0
    avg_days: float | None = None
    outcomes: dict = field(default_factory=dict)
    trend_received: list = field(default_factory=list)
    trend_decided: list = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == rules.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == rules.WARNING)


@dataclass
class Dashboard:
    agency: object
    year: int
    today: dt.date
    rows: list[Row]
    years: list[int]

    # ------------------------------------------------------------ figures
    def status_counts(self) -> list[tuple[str, int]]:
        c = Counter(r.status for r in self.rows)
        return [(STATUS_LABELS[s], c.get(s, 0)) for s in STATUS_ORDER]

    def findings_by_rule(self) -> list[tuple[str, str, int, int]]:
        """(rule, title, error/warning findings, agencies concerned)."""
        n, who = Counter(), defaultdict(set)
        for r in self.rows:
            for f in r.findings:
                if f.severity != rules.INFO:
                    n[f.rule] += 1
                    who[f.rule].add(r.agency.pk)
        return [(rid, rules.RULE_BY_ID[rid].title if rid in rules.RULE_BY_ID else "", n[rid], len(who[rid]))
                for rid in [r.id for r in rules.RULES] if n[rid]]

    def outcome_mix(self) -> list[tuple[str, int]]:
        total = Counter()
        for r in self.rows:
            total.update(r.outcomes)
        return [(label, total.get(label, 0)) for label in OUTCOME_LABELS]

    def trend(self) -> list[tuple[int, int, int]]:
        return [(y, sum(r.trend_received[i] for r in self.rows), sum(r.trend_decided[i] for r in self.rows))
                for i, y in enumerate(self.years)]

    def totals(self) -> dict:
        decided_days = [(r.avg_days, r.decided) for r in self.rows if r.avg_days is not None]
        n = sum(d for _a, d in decided_days)
        return {
            "received": sum(r.received for r in self.rows), "decided": sum(r.decided for r in self.rows),
            "overdue": sum(r.overdue for r in self.rows), "paused": sum(r.paused for r in self.rows),
            "avg_days": round(sum(a * d for a, d in decided_days) / n, 1) if n else None,
        }


OUTCOME_LABELS = tuple(label for label, _keys in standard.OUTCOME_GROUPS)
_OUTCOME_GROUP = {k: label for label, keys in standard.OUTCOME_GROUPS for k in keys}


def due_date(agency, year: int) -> dt.date:
    return dt.date(year + 1, 3, 31) if agency.level == "government" else dt.date(year + 1, 1, 31)


def agencies_of(agency) -> list:
    """The supervising agency first, then the agencies under it by name."""
    return [agency, *agency.children.order_by("name")]


def build(agency, year: int, today: dt.date | None = None, *, link=None) -> Dashboard:
    from django.utils import timezone

    today = today or timezone.localdate()
    agencies = agencies_of(agency)
    rows = {a.pk: Row(a, due_date(a, year)) for a in agencies}
    _reports(rows, agency, year, today, link)
    years = list(range(year - TREND_YEARS + 1, year + 1))
    _applications(rows, year, years, today)
    return Dashboard(agency, year, today, [rows[a.pk] for a in agencies], years)


# ---------------------------------------------------------------- reports


def _reports(rows: dict, owner, year: int, today: dt.date, link) -> None:
    from gongkai.model import report_from_dict
    from gongkai.reports.models import ReportVersion
    from gongkai.supervision.models import AuditedReport

    first, latest = {}, {}
    versions = ReportVersion.objects.filter(report__agency_id__in=list(rows), report__year=year).select_related(
        "report").order_by("report_id", "number")
    for v in versions:
        first.setdefault(v.report.agency_id, v)
        latest[v.report.agency_id] = v
    audited = {}
    for obj in AuditedReport.objects.filter(owner=owner, agency_id__in=list(rows), year=year, read_ok=True).order_by(
            "-created_at", "-id"):
        audited.setdefault(obj.agency_id, obj)
    for pk, row in rows.items():
        if pk in first:
            row.published_on = first[pk].published_at.date()
            row.status = "on_time" if row.published_on <= row.due else "late"
            row.source = "published"
            row.findings = _version_findings(latest[pk], report_from_dict)
            if link:
                row.link = link("published", row.agency, year)
        elif pk in audited:
            obj = audited[pk]
            row.source = "audited"
            row.findings = [rules.Finding(**f) for f in obj.findings or []]
            published = (obj.current or {}).get("published_on")
            row.published_on = dt.date.fromisoformat(published) if published else None
            row.status = ("late" if row.published_on > row.due else "on_time") if row.published_on else "uploaded"
            if link:
                row.link = link("audited", obj, year)
        else:
            row.status = "not_due" if today <= row.due else "missing"


_FINDINGS_CACHE: dict[tuple, list] = {}


def _version_findings(version, report_from_dict) -> list:
    """The rules over a published version. Versions never change, so the
    result is kept, keyed by the version and its content (bounded)."""
    import json

    key = (version.pk, hash(json.dumps(version.exchange, sort_keys=True, ensure_ascii=False)))
    found = _FINDINGS_CACHE.get(key)
    if found is None:
        found = rules.check(report_from_dict(version.exchange))
        if len(_FINDINGS_CACHE) > 20000:
            _FINDINGS_CACHE.clear()
        _FINDINGS_CACHE[key] = found
    return found


# ---------------------------------------------------------------- applications


def _applications(rows: dict, year: int, years: list[int], today: dt.date) -> None:
    from django.db import connection

    from gongkai.applications.models import Application
    from gongkai.applications.workflow import OPEN_STATES

    ids = list(rows)
    qs = Application.objects.filter(agency_id__in=ids)
    for row in rows.values():
        row.trend_received = [0] * len(years)
        row.trend_decided = [0] * len(years)
    spans = [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years]
    if connection.vendor == "postgresql":
        # one pass with FILTER counts: PostgreSQL scans the county's rows once
        counts = {}
        for i, span in enumerate(spans):
            counts[f"r{i}"] = Count("id", filter=Q(received_on__range=span))
            counts[f"d{i}"] = Count("id", filter=Q(decided_on__range=span))
        for rec in qs.values("agency_id").annotate(**counts).order_by():
            row = rows[rec["agency_id"]]
            row.trend_received = [rec[f"r{i}"] for i in range(len(years))]
            row.trend_decided = [rec[f"d{i}"] for i in range(len(years))]
    else:
        # SQLite evaluates FILTER row by row: one small grouped query per year
        # and date column instead, each reading only that year's index range
        for i, span in enumerate(spans):
            for column, attr in (("received_on", "trend_received"), ("decided_on", "trend_decided")):
                grouped = qs.filter(**{f"{column}__range": span}).values_list("agency_id").annotate(n=Count("id"))
                for agency_id, n in grouped.order_by():
                    getattr(rows[agency_id], attr)[i] = n
    for row in rows.values():
        row.received, row.decided = row.trend_received[-1], row.trend_decided[-1]
    # overdue and paused now: the clock's projection stored on each application
    current = qs.filter(state__in=OPEN_STATES).values_list("agency_id").annotate(
        paused=Count("id", filter=Q(clock_state="paused")),
        overdue=Count("id", filter=Q(clock_state="running", due_on__lt=today)))
    for agency_id, paused, overdue in current.order_by():
        rows[agency_id].paused, rows[agency_id].overdue = paused, overdue

    # The year's decisions, one row each, dates as text (no per-row date
    # conversion): the outcome mix, and Σ(working-day index of the reply) −
    # Σ(index of the receipt) per agency on the official calendar.
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from gongkai.clock import calendar

    cal = calendar.official()
    base = dt.date(year - 2, 1, 1)
    index: dict[str, int] = {}

    def wd(text: str) -> int:
        n = index.get(text)
        if n is None:
            n = index[text] = cal.working_days_between(base, dt.date.fromisoformat(text[:10]))
        return n

    decided = qs.filter(decided_on__range=(dt.date(year, 1, 1), dt.date(year, 12, 31))).annotate(
        r=Cast("received_on", TextField()), d=Cast("decided_on", TextField()))
    sql, params = decided.values_list("agency_id", "outcome", "r", "d").order_by().query.sql_with_params()
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    mix: Counter = Counter()
    with connection.cursor() as cur:
        cur.execute(sql, params)
        for agency_id, outcome, received, replied in cur.fetchall():
            mix[agency_id, outcome] += 1
            if received:
                s = sums[agency_id]
                s[0] += wd(replied) - wd(received)
                s[1] += 1
    for (agency_id, outcome), n in mix.items():
        label = _OUTCOME_GROUP.get(outcome)
        if label:
            out = rows[agency_id].outcomes
            out[label] = out.get(label, 0) + n
    for pk, (total, n) in sums.items():
        if n:
            rows[pk].avg_days = round(total / n, 1)


# ---------------------------------------------------------------- tables for pages and XLSX


def figure_tables(d: Dashboard) -> dict[str, list[list]]:
    """Every figure of the dashboard as a table (sheet name → rows)."""
    y = d.year
    status = [["机关", "层级", "报告状态", "发布日期", "公布期限", "来源", "错误", "警告"]]
    for r in d.rows:
        status.append([r.agency.name, "人民政府" if r.agency.level == "government" else "部门", r.status_label,
                       r.published_on.isoformat() if r.published_on else "", r.due.isoformat(),
                       {"published": "本平台发布", "audited": "核查上传"}.get(r.source, ""), r.errors, r.warnings])
    status_sum = [["报告状态", "机关数"], *[[k, v] for k, v in d.status_counts()]]
    by_rule = [["规则", "含义", "发现数", "涉及机关数"], *[list(x) for x in d.findings_by_rule()]]
    by_dept = [["机关", "规则", "级别", "说明"]]
    for r in d.rows:
        for f in r.findings:
            if f.severity != rules.INFO:
                by_dept.append([r.agency.name, f.rule, rules.SEVERITY_LABELS[f.severity], f.message])
    apps = [["机关", f"{y}年收到申请", f"{y}年作出答复", "当前超期", "当前中止计时", "平均答复工作日"]]
    for r in d.rows:
        apps.append([r.agency.name, r.received, r.decided, r.overdue, r.paused,
                     r.avg_days if r.avg_days is not None else ""])
    t = d.totals()
    apps.append(["合计", t["received"], t["decided"], t["overdue"], t["paused"],
                 t["avg_days"] if t["avg_days"] is not None else ""])
    mix = [["机关", *OUTCOME_LABELS]]
    for r in d.rows:
        mix.append([r.agency.name, *[r.outcomes.get(label, 0) for label in OUTCOME_LABELS]])
    mix.append(["合计", *[v for _l, v in d.outcome_mix()]])
    trend = [["年度", "收到申请", "作出答复"], *[list(x) for x in d.trend()]]
    trend_by = [["机关", *[f"{yy}年收到" for yy in d.years], *[f"{yy}年答复" for yy in d.years]]]
    for r in d.rows:
        trend_by.append([r.agency.name, *r.trend_received, *r.trend_decided])
    return {"报告状态": status, "报告状态汇总": status_sum, "发现（按规则）": by_rule, "发现（按机关）": by_dept,
            "申请办理": apps, "办理结果构成": mix, "年度趋势": trend, "年度趋势（按机关）": trend_by}


def charts(d: Dashboard) -> list[tuple[str, str, str]]:
    """(id, title, svg) of every chart."""
    from . import charts as c

    names = [r.agency.name for r in d.rows]
    status = d.status_counts()
    out = [("chart-status", f"{d.year}年度报告发布情况", c.hbar("chart-status", f"{d.year}年度报告发布情况",
                                                          [s for s, _n in status], [("机关数", [n for _s, n in status])]))]
    by_rule = d.findings_by_rule()
    if by_rule:
        out.append(("chart-rules", "核查发现（按规则）", c.hbar("chart-rules", "核查发现（按规则）",
                                                           [r[0] for r in by_rule], [("发现数", [r[2] for r in by_rule])])))
    out.append(("chart-apps", f"{d.year}年申请办理（按机关）", c.hbar(
        "chart-apps", f"{d.year}年申请办理（按机关）", names,
        [("收到", [r.received for r in d.rows]), ("答复", [r.decided for r in d.rows]),
         ("当前超期", [r.overdue for r in d.rows])])))
    mix = d.outcome_mix()
    out.append(("chart-outcomes", f"{d.year}年办理结果构成", c.hbar(
        "chart-outcomes", f"{d.year}年办理结果构成", [m[0] for m in mix], [("件数", [m[1] for m in mix])])))
    out.append(("chart-days", f"{d.year}年平均答复工作日（按机关）", c.hbar(
        "chart-days", f"{d.year}年平均答复工作日（按机关）", names, [("工作日", [r.avg_days or 0 for r in d.rows])])))
    trend = d.trend()
    out.append(("chart-trend", "申请数量年度趋势", c.lines(
        "chart-trend", "申请数量年度趋势", [t[0] for t in trend],
        [("收到申请", [t[1] for t in trend]), ("作出答复", [t[2] for t in trend])])))
    return out
