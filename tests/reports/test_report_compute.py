"""SQL aggregation (reports.compute) agrees with the pure function (gongkai.annual)."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from gongkai import annual, rules, standard
from gongkai.reports import compute

pytestmark = pytest.mark.django_db

YEARS = range(2019, 2027)


def _random_day(rng):
    return dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 8 * 365))


def _fill(agency, rng, make_app, n_apps=120):
    from gongkai.appeals.models import AppealCase
    from gongkai.disclosure.models import Document, MonthlyFigures

    for _ in range(n_apps):
        received = None if rng.random() < 0.1 else _random_day(rng)
        decided = outcome = None
        if received and rng.random() < 0.8:
            decided = received + dt.timedelta(days=rng.randrange(-3, 400))  # a few before receipt: data errors
            outcome = rng.choice(standard.OUTCOME_KEYS + ("",))
        make_app(agency, rng.choice(standard.APPLICANT_TYPES), received, decided, outcome or (None if rng.random() < .5 else ""))
    for _ in range(40):
        filed = _random_day(rng)
        closed = filed + dt.timedelta(days=rng.randrange(-2, 700)) if rng.random() < 0.7 else None
        outcome = rng.choice(("upheld", "corrected", "other")) if closed else "pending"
        AppealCase.objects.create(agency=agency, kind=rng.choice(annual.APPEAL_KINDS), filed_on=filed,
                                  closed_on=closed, outcome=outcome)
    for _ in range(30):
        made = _random_day(rng)
        repealed = made + dt.timedelta(days=rng.randrange(-2, 1500)) if rng.random() < 0.5 else None
        Document.objects.create(agency=agency, kind=rng.choice(standard.DOCUMENT_KINDS), title="文件",
                                made_on=made, repealed_on=repealed)
    for year in (2021, 2023):
        for month in rng.sample(range(1, 13), 7):
            MonthlyFigures.objects.create(agency=agency, year=year, month=month, licensing=rng.randrange(9),
                                          punishment=rng.randrange(9), coercion=rng.randrange(3),
                                          fees_yuan=Decimal(rng.randrange(0, 100000)) / 100)


def _tables(report):
    return (report.active.model_dump(), report.requests.model_dump(), report.appeals.model_dump())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_equals_pure_function_every_year(make_agency, make_app, seed):
    rng = random.Random(seed)
    a, b = make_agency(), make_agency()
    _fill(a, rng, make_app)
    _fill(b, rng, make_app, n_apps=30)
    records = compute.records(a)
    assert len(records.applications) == 120
    for year in YEARS:
        sql = compute.compute_report(a, year)
        pure = annual.build_report(a.name, year, records, agency_level=a.level)
        assert _tables(sql) == _tables(pure), year


def test_many_agencies_at_once_equal_one_at_a_time(make_agency, make_app):
    rng = random.Random(7)
    agencies = [make_agency() for _ in range(4)]
    for ag in agencies[:3]:  # the fourth has no records at all
        _fill(ag, rng, make_app, n_apps=40)
    many = compute.tables_many([ag.pk for ag in agencies], 2022)
    for ag in agencies:
        one = compute.compute_report(ag, 2022)
        if ag.pk not in many:
            assert one.requests.new_received == [0] * 7 and one.active.licensing == 0
            continue
        active, t3, t4 = many[ag.pk]
        assert active == one.active
        assert t3 == {k: one.requests.row(k) for k in standard.TABLE3_KEYS}
        assert t4 == one.appeals.model_dump()


def test_computed_report_balances_and_carries(agency, make_app):
    rng = random.Random(11)
    _fill(agency, rng, make_app)
    prev = None
    for year in YEARS:
        rep = compute.compute_report(agency, year)
        assert [f for f in rules.check(rep) if f.severity == "error" and f.rule.startswith("T3")] == []
        if prev is not None:
            assert prev.requests.carried_forward == rep.requests.carried_over
        prev = rep


def test_decisions_override(agency):
    rep = compute.compute_report(agency, 2024, decisions_override={"licensing": 5, "punishment": 2, "coercion": 1})
    assert (rep.active.licensing, rep.active.punishment, rep.active.coercion) == (5, 2, 1)
