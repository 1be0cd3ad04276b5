"""The annual report's tables computed from plain records (no Django).

A year of records — applications, appeal cases, the documents register and
the monthly decision and fee figures — adds up to tables 2, 3 and 4 of the
national format. The database side (``gongkai.reports.compute``) computes the
same numbers with SQL aggregation; the tests hold the two to agreement.

Definitions (where the spec is silent, decided here and used everywhere):

Table 3 (applications). An application counts only once it has a receipt
date (第三十一条). It is *decided* when it has both an outcome and a decision
date; its decision date is never earlier than its receipt date (an earlier
one, a data error, is read as the receipt date). For year Y:

* ``new_received``  — received in Y;
* ``carried_over``  — received before 1 January Y and not decided before it;
* outcome rows      — decided in Y, by outcome;
* ``total_processed`` — the sum of the 21 outcome rows;
* ``carried_forward`` — received by 31 December Y and not decided by then.

So new_received + carried_over = total_processed + carried_forward
(T3.BALANCE) holds by construction, and carried_forward(Y) = carried_over(Y+1).

Table 4 (reconsideration and litigation). A case is *closed* when it has a
closing date and an outcome (维持/纠正/其他). For year Y a case counts in the
column of its outcome if it was closed in Y, and as 尚未审结 if it was filed by
31 December Y and not closed by then. A case open over several year ends is
尚未审结 in each of those years and counts its outcome in the year it closes.
A case filed and closed in the same year counts once, by outcome.

Table 2. A document is made on ``made_on`` and repealed on ``repealed_on``
(not earlier than made; an earlier date is read as the made date); 现行有效 at
31 December Y = made by then and not repealed by then — derived, never typed.
Decision counts and fees are the sums of the year's monthly figures; fees are
kept in 元 (Decimal) and printed in 万元 (元 / 10000, exact).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai import standard
from gongkai.model import Active, Appeals, Documents, Report, Requests, Sections

OUTCOME_INDEX = {k: i for i, k in enumerate(standard.OUTCOME_KEYS)}
TYPE_INDEX = {k: i for i, k in enumerate(standard.APPLICANT_TYPES)}
APPEAL_KINDS = tuple(g.key for g in standard.APPEAL_GROUPS)
APPEAL_CLOSED_OUTCOMES = ("upheld", "corrected", "other")


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class ApplicationRecord:
    applicant_type: str  # one of standard.APPLICANT_TYPES
    received_on: dt.date | None
    decided_on: dt.date | None = None
    outcome: str | None = None  # one of standard.OUTCOME_KEYS


@dataclass(frozen=True)
class AppealRecord:
    kind: str  # one of APPEAL_KINDS
    filed_on: dt.date
    closed_on: dt.date | None = None
    outcome: str | None = None  # upheld / corrected / other; None = pending


@dataclass(frozen=True)
class DocumentRecord:
    kind: str  # "regulations" | "normative_documents"
    made_on: dt.date
    repealed_on: dt.date | None = None


@dataclass(frozen=True)
class MonthlyFigures:
    year: int
    month: int
    licensing: int = 0
    punishment: int = 0
    coercion: int = 0
    fees_yuan: Decimal = Decimal(0)


@dataclass
class Records:
    """Everything an agency's report for one year is computed from."""

    applications: list[ApplicationRecord] = field(default_factory=list)
    appeals: list[AppealRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)
    monthly: list[MonthlyFigures] = field(default_factory=list)


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def effective_decision(app: ApplicationRecord) -> dt.date | None:
    """The date an application counts as decided, or None while undecided."""
    if app.received_on is None or app.decided_on is None or app.outcome not in OUTCOME_INDEX:
        return None
    return max(app.decided_on, app.received_on)


# ---------------------------------------------------------------- table 3


def empty_table3() -> dict[str, list[int]]:
    return {k: [0] * 7 for k in standard.TABLE3_KEYS}


def finish_table3(rows: dict[str, list[int]]) -> dict[str, list[int]]:
    """Fill 总计 column and （七）总计 row from the counted cells (in place)."""
    for key in standard.TABLE3_KEYS:
        if key == "total_processed":
            continue
        row = rows[key]
        row[6] = sum(row[:6])
    rows["total_processed"] = [
        sum(rows[k][i] for k in standard.OUTCOME_KEYS) for i in range(7)
    ]
    return rows


def table3(applications: Iterable[ApplicationRecord], year: int) -> dict[str, list[int]]:
    start, end = _bounds(year)
    rows = empty_table3()
    for app in applications:
        if app.received_on is None:
            continue
        col = TYPE_INDEX[app.applicant_type]
        decided = effective_decision(app)
        if start <= app.received_on <= end:
            rows["new_received"][col] += 1
        elif app.received_on < start and (decided is None or decided >= start):
            rows["carried_over"][col] += 1
        if decided is not None and start <= decided <= end:
            rows[app.outcome][col] += 1
        if app.received_on <= end and (decided is None or decided > end):
            rows["carried_forward"][col] += 1
    return finish_table3(rows)


# ---------------------------------------------------------------- table 4


def table4(cases: Iterable[AppealRecord], year: int) -> dict[str, list[int]]:
    start, end = _bounds(year)
    groups = {k: [0] * 5 for k in APPEAL_KINDS}
    for case in cases:
        row = groups[case.kind]
        closed = case.closed_on if case.outcome in APPEAL_CLOSED_OUTCOMES else None
        if closed is not None and closed < case.filed_on:
            closed = case.filed_on
        if closed is not None and start <= closed <= end:
            row[APPEAL_CLOSED_OUTCOMES.index(case.outcome)] += 1
        elif case.filed_on <= end and (closed is None or closed > end):
            row[3] += 1
    for row in groups.values():
        row[4] = sum(row[:4])
    return groups


# ---------------------------------------------------------------- table 2


def documents_table(documents: Iterable[DocumentRecord], year: int) -> dict[str, dict[str, int]]:
    start, end = _bounds(year)
    out = {k: {"made": 0, "repealed": 0, "in_force": 0} for k in standard.DOCUMENT_KINDS}
    for doc in documents:
        row = out[doc.kind]
        repealed = None if doc.repealed_on is None else max(doc.repealed_on, doc.made_on)
        if start <= doc.made_on <= end:
            row["made"] += 1
        if repealed is not None and start <= repealed <= end:
            row["repealed"] += 1
        if doc.made_on <= end and (repealed is None or repealed > end):
            row["in_force"] += 1
    return out


def yuan_to_10k(yuan: Decimal) -> Decimal:
    """元 → 万元, exact (fees are printed with up to six decimals)."""
    value = (Decimal(yuan) / Decimal(10000)).quantize(Decimal("0.000001"))
    return value.normalize() if value != 0 else Decimal(0)


def table2(
    documents: Iterable[DocumentRecord], monthly: Iterable[MonthlyFigures], year: int
) -> Active:
    docs = documents_table(documents, year)
    sums = {"licensing": 0, "punishment": 0, "coercion": 0}
    fees = Decimal(0)
    for m in monthly:
        if m.year != year:
            continue
        for k in sums:
            sums[k] += getattr(m, k)
        fees += Decimal(m.fees_yuan)
    return Active(
        regulations=Documents(**docs["regulations"]),
        normative_documents=Documents(**docs["normative_documents"]),
        fees_10k_yuan=yuan_to_10k(fees),
        **sums,
    )


# ---------------------------------------------------------------- the report


def build_report(
    agency: str,
    year: int,
    records: Records,
    *,
    sections: dict[str, str | None] | None = None,
    agency_level: str | None = None,
) -> Report:
    """The whole report of ``agency`` for ``year`` from its records."""
    return assemble(
        agency,
        year,
        active=table2(records.documents, records.monthly, year),
        requests=table3(records.applications, year),
        appeals=table4(records.appeals, year),
        sections=sections,
        agency_level=agency_level,
    )


def assemble(
    agency: str,
    year: int,
    *,
    active: Active,
    requests: dict[str, list[int]],
    appeals: dict[str, list[int]],
    sections: dict[str, str | None] | None = None,
    agency_level: str | None = None,
) -> Report:
    report = Report(
        agency=agency,
        year=year,
        template="2021",
        agency_level=agency_level,
        sections=Sections(**(sections or {})),
        active=active,
        requests=Requests(**requests),
        appeals=Appeals(**appeals),
    )
    from gongkai.model import fill_other_processed

    return fill_other_processed(report)
