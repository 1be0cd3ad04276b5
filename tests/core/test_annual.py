"""gongkai.annual: the report's tables from plain records."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import annual, rules, standard
from gongkai.annual import (
    AppealRecord,
    ApplicationRecord,
    DocumentRecord,
    MonthlyFigures,
    Records,
)
from gongkai.model import Report

D = dt.date


def _errors(report) -> list:
    return [f for f in rules.check(report) if f.severity == "error" and f.rule.startswith("T3")]


def _table3_errors(rows: dict) -> list:
    return _errors(Report(agency="某局", year=2023, requests=rows))


def test_table3_counts_by_receipt_and_decision_dates():
    apps = [
        ApplicationRecord("natural_person", D(2022, 12, 30), D(2023, 1, 5), "granted"),  # carried over, decided 2023
        ApplicationRecord("commercial", D(2022, 11, 1), D(2022, 12, 1), "granted"),  # all in 2022
        ApplicationRecord("natural_person", D(2023, 3, 1), D(2023, 3, 20), "partially_granted"),
        ApplicationRecord("research", D(2023, 12, 28), None, None),  # carried forward
        ApplicationRecord("legal_service", D(2023, 12, 29), D(2024, 1, 10), "other_other"),  # carried forward
        ApplicationRecord("other_org", None, None, None),  # not yet received: not counted
        ApplicationRecord("public_interest", D(2024, 2, 1), D(2024, 2, 2), "granted"),  # later year
    ]
    t = annual.table3(apps, 2023)
    assert t["new_received"] == [1, 0, 1, 0, 1, 0, 3]
    assert t["carried_over"] == [1, 0, 0, 0, 0, 0, 1]
    assert t["granted"] == [1, 0, 0, 0, 0, 0, 1]
    assert t["partially_granted"] == [1, 0, 0, 0, 0, 0, 1]
    assert t["total_processed"] == [2, 0, 0, 0, 0, 0, 2]
    assert t["carried_forward"] == [0, 0, 1, 0, 1, 0, 2]
    assert _table3_errors(t) == []
    t24 = annual.table3(apps, 2024)
    assert t24["carried_over"] == t["carried_forward"]
    assert t24["other_other"] == [0, 0, 0, 0, 1, 0, 1]


def test_decision_before_receipt_is_read_as_receipt_day():
    app = ApplicationRecord("natural_person", D(2023, 1, 3), D(2022, 12, 30), "granted")
    assert annual.table3([app], 2022)["new_received"][6] == 0
    assert annual.table3([app], 2022)["granted"][6] == 0
    assert annual.table3([app], 2023)["granted"][6] == 1


def test_table4_counts_outcome_in_closing_year_and_pending_at_each_year_end():
    cases = [
        AppealRecord("reconsideration", D(2022, 11, 1), D(2023, 2, 1), "upheld"),
        AppealRecord("reconsideration", D(2023, 5, 1), D(2023, 6, 1), "corrected"),
        AppealRecord("litigation_direct", D(2021, 5, 1), None, None),  # open for years
        AppealRecord("litigation_after_reconsideration", D(2023, 7, 1), D(2023, 9, 1), "other"),
        AppealRecord("litigation_after_reconsideration", D(2024, 1, 2), D(2024, 3, 1), "upheld"),
    ]
    t22 = annual.table4(cases, 2022)
    assert t22["reconsideration"] == [0, 0, 0, 1, 1]
    assert t22["litigation_direct"] == [0, 0, 0, 1, 1]
    t23 = annual.table4(cases, 2023)
    assert t23["reconsideration"] == [1, 1, 0, 0, 2]
    assert t23["litigation_direct"] == [0, 0, 0, 1, 1]
    assert t23["litigation_after_reconsideration"] == [0, 0, 1, 0, 1]


def test_table2_in_force_is_derived_and_fees_in_10k_yuan():
    docs = [
        DocumentRecord("normative_documents", D(2020, 1, 1)),
        DocumentRecord("normative_documents", D(2021, 6, 1), D(2023, 4, 1)),
        DocumentRecord("normative_documents", D(2023, 2, 1)),
        DocumentRecord("regulations", D(2023, 2, 1), D(2023, 11, 1)),
        DocumentRecord("regulations", D(2024, 2, 1)),
    ]
    monthly = [
        MonthlyFigures(2023, 1, licensing=4, punishment=1, fees_yuan=Decimal("1234.56")),
        MonthlyFigures(2023, 7, licensing=2, punishment=10, coercion=3, fees_yuan=Decimal("100")),
        MonthlyFigures(2022, 7, licensing=99, fees_yuan=Decimal("5")),
    ]
    a = annual.table2(docs, monthly, 2023)
    assert (a.normative_documents.made, a.normative_documents.repealed, a.normative_documents.in_force) == (1, 1, 2)
    assert (a.regulations.made, a.regulations.repealed, a.regulations.in_force) == (1, 1, 0)
    assert (a.licensing, a.punishment, a.coercion) == (6, 11, 3)
    assert a.fees_10k_yuan == Decimal("0.133456")
    assert annual.table2([], [], 2023).fees_10k_yuan == 0


def test_build_report_is_a_valid_exchange_report():
    rec = Records(applications=[ApplicationRecord("natural_person", D(2023, 3, 1), D(2023, 3, 2), "other_fee_unpaid")])
    report = annual.build_report("某局", 2023, rec, sections={"overview": "概述"})
    assert report.requests.other_processed == [1, 0, 0, 0, 0, 0, 1]
    assert report.sections.overview == "概述"
    assert report.appeals.reconsideration == [0, 0, 0, 0, 0]
    assert _errors(report) == []


# ---------------------------------------------------------------- property tests

YEARS = (2019, 2026)
dates = st.dates(min_value=D(YEARS[0], 1, 1), max_value=D(YEARS[1], 12, 31))


@st.composite
def applications(draw):
    received = draw(st.one_of(st.none(), dates))
    decided = outcome = None
    if received is not None and draw(st.booleans()):
        decided = received + dt.timedelta(days=draw(st.integers(0, 500)))
        outcome = draw(st.sampled_from(standard.OUTCOME_KEYS))
    return ApplicationRecord(draw(st.sampled_from(standard.APPLICANT_TYPES)), received, decided, outcome)


@st.composite
def appeal_cases(draw):
    filed = draw(dates)
    closed = outcome = None
    if draw(st.booleans()):
        closed = filed + dt.timedelta(days=draw(st.integers(0, 900)))
        outcome = draw(st.sampled_from(annual.APPEAL_CLOSED_OUTCOMES))
    return AppealRecord(draw(st.sampled_from(annual.APPEAL_KINDS)), filed, closed, outcome)


@st.composite
def documents(draw):
    made = draw(dates)
    repealed = None
    if draw(st.booleans()):
        repealed = made + dt.timedelta(days=draw(st.integers(0, 1500)))
    return DocumentRecord(draw(st.sampled_from(standard.DOCUMENT_KINDS)), made, repealed)


@settings(max_examples=150, deadline=None)
@given(st.lists(applications(), max_size=60))
def test_every_computed_table3_balances_and_carries(apps):
    previous = None
    for year in range(YEARS[0], YEARS[1] + 1):
        rec = Records(applications=apps)
        report = annual.build_report("某局", year, rec)
        assert _errors(report) == []
        t = {k: report.requests.row(k) for k in standard.TABLE3_KEYS}
        assert _table3_errors(t) == []
        if previous is not None:
            assert previous["carried_forward"] == t["carried_over"]
        previous = t
    # every received application is counted exactly once as new
    total_new = sum(annual.table3(apps, y)["new_received"][6] for y in range(YEARS[0], YEARS[1] + 1))
    assert total_new == sum(1 for a in apps if a.received_on is not None)


@settings(max_examples=100, deadline=None)
@given(st.lists(appeal_cases(), max_size=40))
def test_every_case_counts_its_outcome_once_and_table4_sums(cases):
    closed_counts = 0
    for year in range(YEARS[0], YEARS[1] + 5):
        t = annual.table4(cases, year)
        for row in t.values():
            assert row[4] == sum(row[:4]) and min(row) >= 0
            closed_counts += sum(row[:3])
    assert closed_counts == sum(1 for c in cases if c.closed_on is not None)


@settings(max_examples=100, deadline=None)
@given(st.lists(documents(), max_size=40))
def test_in_force_carries_across_years(docs):
    prev = annual.documents_table(docs, YEARS[0] - 1)
    for year in range(YEARS[0], YEARS[1] + 5):
        cur = annual.documents_table(docs, year)
        for kind in standard.DOCUMENT_KINDS:
            assert cur[kind]["in_force"] == prev[kind]["in_force"] + cur[kind]["made"] - cur[kind]["repealed"]
        prev = cur
