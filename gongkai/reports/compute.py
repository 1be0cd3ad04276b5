"""The annual tables from the database, by SQL aggregation.

The numbers are those of ``gongkai.annual`` (whose docstring defines every
cell); here they come from GROUP BY queries with conditional counts, so that
the tables of thousands of agencies take a few queries. ``records()`` loads
the same rows as plain records for the pure function, and the tests hold the
two to agreement.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, Count, F, Q, Sum, When

from gongkai import annual, standard
from gongkai.model import Active, Documents, Report

APPLICANT_INDEX = annual.TYPE_INDEX


def _bounds(year: int):
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _agency_filter(agencies) -> Q:
    """``agencies``: None (all), one Agency/pk, or an iterable/queryset of them."""
    if agencies is None:
        return Q()
    if hasattr(agencies, "pk") or isinstance(agencies, int):
        return Q(agency_id=getattr(agencies, "pk", agencies))
    return Q(agency__in=agencies)


# ---------------------------------------------------------------- table 3


def _applications(agencies):
    from gongkai.applications.models import Application

    decided = Q(decided_on__isnull=False, outcome__in=standard.OUTCOME_KEYS)
    return (
        Application.objects.filter(_agency_filter(agencies), received_on__isnull=False)
        .alias(
            eff=Case(
                When(decided & Q(decided_on__lt=F("received_on")), then=F("received_on")),
                When(decided, then=F("decided_on")),
                default=None,
            )
        )
        .order_by()
    )


def table3_many(agencies, year: int) -> dict[int, dict[str, list[int]]]:
    """Table 3 of every agency in ``agencies`` (agency id -> rows)."""
    start, end = _bounds(year)
    qs = _applications(agencies).filter(received_on__lte=end)
    out: dict[int, dict[str, list[int]]] = defaultdict(annual.empty_table3)
    undecided_at = lambda day: Q(eff__isnull=True) | Q(eff__gt=day)  # noqa: E731
    flows = qs.values("agency_id", "applicant_type").annotate(
        new=Count("id", filter=Q(received_on__gte=start)),
        over=Count("id", filter=Q(received_on__lt=start) & (Q(eff__isnull=True) | Q(eff__gte=start))),
        forward=Count("id", filter=undecided_at(end)),
    )
    for r in flows:
        col = APPLICANT_INDEX.get(r["applicant_type"])
        if col is None:
            continue
        rows = out[r["agency_id"]]
        rows["new_received"][col] += r["new"]
        rows["carried_over"][col] += r["over"]
        rows["carried_forward"][col] += r["forward"]
    outcomes = (
        qs.filter(eff__gte=start, eff__lte=end)
        .values("agency_id", "applicant_type", "outcome")
        .annotate(n=Count("id"))
    )
    for r in outcomes:
        col = APPLICANT_INDEX.get(r["applicant_type"])
        if col is None:
            continue
        out[r["agency_id"]][r["outcome"]][col] += r["n"]
    for rows in out.values():
        annual.finish_table3(rows)
    return out


# ---------------------------------------------------------------- table 4


def table4_many(agencies, year: int) -> dict[int, dict[str, list[int]]]:
    from gongkai.appeals.models import AppealCase

    start, end = _bounds(year)
    closed = Q(closed_on__isnull=False, outcome__in=annual.APPEAL_CLOSED_OUTCOMES)
    qs = (
        AppealCase.objects.filter(_agency_filter(agencies), filed_on__lte=end)
        .alias(
            eff=Case(
                When(closed & Q(closed_on__lt=F("filed_on")), then=F("filed_on")),
                When(closed, then=F("closed_on")),
                default=None,
            )
        )
        .order_by()
    )
    aggregates = {
        o: Count("id", filter=Q(outcome=o, eff__gte=start, eff__lte=end)) for o in annual.APPEAL_CLOSED_OUTCOMES
    }
    aggregates["pending"] = Count("id", filter=Q(eff__isnull=True) | Q(eff__gt=end))
    out: dict[int, dict[str, list[int]]] = defaultdict(lambda: {k: [0] * 5 for k in annual.APPEAL_KINDS})
    for r in qs.values("agency_id", "kind").annotate(**aggregates):
        if r["kind"] not in annual.APPEAL_KINDS:
            continue
        row = out[r["agency_id"]][r["kind"]]
        row[:4] = [r["upheld"], r["corrected"], r["other"], r["pending"]]
        row[4] = sum(row[:4])
    return out


# ---------------------------------------------------------------- table 2


def table2_many(agencies, year: int) -> dict[int, Active]:
    from gongkai.disclosure.models import Document, MonthlyFigures, readable_figures

    start, end = _bounds(year)
    docs: dict[int, dict] = defaultdict(
        lambda: {k: {"made": 0, "repealed": 0, "in_force": 0} for k in standard.DOCUMENT_KINDS}
    )
    dq = (
        Document.objects.filter(_agency_filter(agencies), made_on__lte=end)
        .alias(eff=Case(When(repealed_on__lt=F("made_on"), then=F("made_on")), default=F("repealed_on")))
        .order_by()
        .values("agency_id", "kind")
        .annotate(
            made=Count("id", filter=Q(made_on__gte=start)),
            repealed=Count("id", filter=Q(eff__gte=start, eff__lte=end)),
            in_force=Count("id", filter=Q(eff__isnull=True) | Q(eff__gt=end)),
        )
    )
    for r in dq:
        if r["kind"] in standard.DOCUMENT_KINDS:
            docs[r["agency_id"]][r["kind"]] = {k: r[k] for k in ("made", "repealed", "in_force")}
    money: dict[int, dict] = {}
    mq = (
        MonthlyFigures.objects.filter(_agency_filter(agencies), readable_figures(), year=year)
        .order_by()
        .values("agency_id")
        .annotate(
            licensing=Sum("licensing"), punishment=Sum("punishment"), coercion=Sum("coercion"), fees=Sum("fees_yuan")
        )
    )
    for r in mq:
        money[r["agency_id"]] = r
    out = {}
    for agency_id in set(docs) | set(money):
        d = docs[agency_id]
        m = money.get(agency_id, {})
        out[agency_id] = Active(
            regulations=Documents(**d["regulations"]),
            normative_documents=Documents(**d["normative_documents"]),
            licensing=m.get("licensing") or 0,
            punishment=m.get("punishment") or 0,
            coercion=m.get("coercion") or 0,
            fees_10k_yuan=annual.yuan_to_10k(Decimal(m.get("fees") or 0)),
        )
    return out


def empty_active() -> Active:
    return annual.table2([], [], 2000)


# ---------------------------------------------------------------- reports


def tables_many(agencies, year: int) -> dict[int, tuple[Active, dict, dict]]:
    """Tables 2, 3, 4 of many agencies at once (for the supervisor and the benchmark)."""
    t2, t3, t4 = table2_many(agencies, year), table3_many(agencies, year), table4_many(agencies, year)
    ids = set(t2) | set(t3) | set(t4)
    return {
        i: (t2.get(i) or empty_active(), t3.get(i) or annual.finish_table3(annual.empty_table3()),
            t4.get(i) or {k: [0] * 5 for k in annual.APPEAL_KINDS})
        for i in ids
    }


def compute_report(agency, year: int, *, sections: dict | None = None, decisions_override: dict | None = None) -> Report:
    """The report of ``agency`` for ``year`` from its records, by SQL."""
    tables = (table2_many(agency, year).get(agency.pk), table3_many(agency, year).get(agency.pk),
              table4_many(agency, year).get(agency.pk))
    return report_from_tables(agency, year, tables, sections=sections, decisions_override=decisions_override)


def report_from_tables(agency, year: int, tables, *, sections: dict | None = None,
                       decisions_override: dict | None = None) -> Report:
    """A report from tables already computed (``tables_many`` for many agencies
    at once); a missing table counts as empty."""
    t2, t3, t4 = tables if tables else (None, None, None)
    t2 = copy.deepcopy(t2) if t2 is not None else empty_active()
    if decisions_override:
        for k in standard.DECISION_KINDS:
            if decisions_override.get(k) is not None:
                setattr(t2, k, int(decisions_override[k]))
    t3 = t3 or annual.finish_table3(annual.empty_table3())
    t4 = t4 or {k: [0] * 5 for k in annual.APPEAL_KINDS}
    return annual.assemble(
        agency.name, year, active=t2, requests=t3, appeals=t4, sections=sections, agency_level=agency.level
    )


def records(agency) -> annual.Records:
    """All of ``agency``'s records as plain records, for ``annual.build_report``."""
    from gongkai.appeals.models import AppealCase
    from gongkai.applications.models import Application
    from gongkai.disclosure.models import Document, MonthlyFigures, readable_figures

    return annual.Records(
        applications=[
            annual.ApplicationRecord(a.applicant_type, a.received_on, a.decided_on, a.outcome or None)
            for a in Application.objects.filter(agency=agency).only(
                "applicant_type", "received_on", "decided_on", "outcome"
            )
        ],
        appeals=[
            annual.AppealRecord(c.kind, c.filed_on, c.closed_on, None if c.outcome == "pending" else c.outcome)
            for c in AppealCase.objects.filter(agency=agency)
        ],
        documents=[annual.DocumentRecord(d.kind, d.made_on, d.repealed_on) for d in Document.objects.filter(agency=agency)],
        monthly=[
            annual.MonthlyFigures(m.year, m.month, m.licensing, m.punishment, m.coercion, m.fees_yuan)
            for m in MonthlyFigures.objects.filter(readable_figures(), agency=agency)
        ],
    )
