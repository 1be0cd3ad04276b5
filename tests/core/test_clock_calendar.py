"""The official working-day calendar: data against two independent
sources, the acceptance grid 2024–2026, spot dates, provisional years,
loading an administrator's file, and properties."""

import json
import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.clock import calendar
from gongkai.clock.calendar import CalendarError, WorkCalendar, load_schedules

OFFICIAL_YEARS = range(2019, 2027)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    """Repository data only: an administrator's directory on this machine
    must not change what the tests check."""
    return WorkCalendar(load_schedules([calendar.DATA_DIR]))


def days_of(year):
    d = date(year, 1, 1)
    while d.year == year:
        yield d
        d += timedelta(days=1)


# ---------------------------------------------------------------- the data


def test_repository_has_every_official_year(cal):
    assert cal.official_years == list(OFFICIAL_YEARS)
    for y in OFFICIAL_YEARS:
        s = cal.schedule(y)
        assert s.official
        assert re.fullmatch(r"国办发明电〔\d{4}〕\d+号", s.source), s.source
        assert s.origin.endswith(f"cn-{y}.json")


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_day_agrees_with_chinese_calendar(cal, year):
    chinese_calendar = pytest.importorskip("chinese_calendar")
    wrong = [d for d in days_of(year) if cal.is_working_day(d) != chinese_calendar.is_workday(d)]
    assert wrong == []


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022, 2023])
def test_earlier_years_agree_with_chinese_calendar(cal, year):
    chinese_calendar = pytest.importorskip("chinese_calendar")
    wrong = [d for d in days_of(year) if cal.is_working_day(d) != chinese_calendar.is_workday(d)]
    assert wrong == []


@pytest.mark.parametrize("year", list(OFFICIAL_YEARS))
def test_every_day_agrees_with_holidays_package(cal, year):
    import holidays

    h = holidays.China(years=year, language="zh_CN")  # names carry the make-up dates; default language varies
    makeup = set()
    for name in h.values():  # "休息日（由 2026-01-04 调休）"
        makeup |= {date.fromisoformat(m) for m in re.findall(r"\d{4}-\d{2}-\d{2}", name)}
    wrong = [
        d for d in days_of(year)
        if cal.is_working_day(d) != ((d.weekday() < 5 and d not in h) or d in makeup)
    ]
    assert wrong == []


def test_makeup_days_are_weekends_and_holidays_are_named(cal):
    for y in OFFICIAL_YEARS:
        s = cal.schedule(y)
        assert all(d.weekday() >= 5 for d in s.workdays)
        assert all(cal.is_working_day(d) for d in s.workdays)
        assert not any(cal.is_working_day(d) for d in s.holidays)
        assert set(s.holidays.values()) <= {
            "元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "国庆节、中秋节", "中秋节、国庆节"
        }


# ---------------------------------------------------------------- acceptance


@pytest.fixture(scope="module")
def independent():
    """Working days from chinese-calendar (2024–2026) and, for the part of
    2027 that 40 working days from late December reach, weekends plus the
    `holidays` estimate — the provisional rule, computed separately."""
    chinese_calendar = pytest.importorskip("chinese_calendar")
    import holidays

    flags = {}
    for y in (2024, 2025, 2026):
        for d in days_of(y):
            flags[d] = chinese_calendar.is_workday(d)
    h27 = holidays.China(years=2027, language="zh_CN")
    for d in days_of(2027):
        flags[d] = d.weekday() < 5 and d not in h27
    return flags


def nth_after(flags, d, n):
    while n:
        d += timedelta(days=1)
        if flags[d]:
            n -= 1
    return d


@pytest.mark.parametrize("n", [7, 15, 20, 40])
def test_acceptance_every_receipt_date_2024_2026(cal, independent, n):
    wrong = []
    for y in (2024, 2025, 2026):
        for d in days_of(y):
            expected = nth_after(independent, d, n)
            got = cal.add_working_days(d, n)
            if got != expected:
                wrong.append((d, got, expected))
            assert cal.working_days_between(d, got) == n
    assert wrong == []


@pytest.mark.parametrize(
    "received, n, due",
    [
        (date(2026, 9, 28), 20, date(2026, 10, 30)),  # spec's worked example: 国庆 off, 10-10 worked
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 10, 9), 1, date(2026, 10, 10)),  # Saturday make-up day
        (date(2026, 2, 13), 1, date(2026, 2, 14)),  # Saturday make-up day before 春节
        (date(2026, 2, 13), 2, date(2026, 2, 24)),  # 2-15..2-23 off
        (date(2026, 2, 27), 1, date(2026, 2, 28)),  # Saturday make-up day after 春节
        (date(2025, 1, 24), 5, date(2025, 2, 7)),  # 1-26 Sunday worked, 1-28..2-4 off
        (date(2025, 9, 30), 1, date(2025, 10, 9)),  # 国庆中秋 10-1..10-8
        (date(2025, 10, 10), 1, date(2025, 10, 11)),  # Saturday make-up day
        (date(2024, 2, 8), 7, date(2024, 2, 23)),  # 2-9 worked, 2-10..2-17 off, Sunday 2-18 worked
        (date(2024, 10, 11), 1, date(2024, 10, 12)),
        (date(2024, 12, 31), 1, date(2025, 1, 2)),
        (date(2026, 1, 3), 1, date(2026, 1, 4)),  # Sunday make-up day after 元旦
        (date(2026, 9, 28), 0, date(2026, 9, 28)),
    ],
)
def test_hand_checked_dates(cal, received, n, due):
    assert cal.add_working_days(received, n) == due


def test_backwards_counting(cal):
    assert cal.add_working_days(date(2026, 10, 30), -20) == date(2026, 9, 28)
    assert cal.add_working_days(date(2026, 10, 8), -1) == date(2026, 9, 30)


def test_describe_day(cal):
    assert cal.describe_day(date(2026, 10, 10)) == "10月10日（星期六）调休上班"
    assert cal.describe_day(date(2026, 10, 1)) == "10月1日（星期四）国庆节假期"
    assert cal.describe_day(date(2026, 10, 11)) == "10月11日（星期日）休息日"
    assert cal.describe_day(date(2026, 10, 12), year=True) == "2026年10月12日（星期一）工作日"
    assert "暂定" in cal.describe_day(date(2027, 10, 1))


# ---------------------------------------------------------------- provisional


def test_provisional_years(cal):
    assert not cal.is_provisional(2026)
    assert cal.is_provisional(2027)
    assert cal.is_provisional(2018)
    # the estimate: weekends plus the holidays package's statutory days, no make-up days
    assert not cal.is_working_day(date(2027, 10, 1))
    assert cal.schedule(2027).workdays == {}
    assert cal.provisional_years(date(2026, 12, 1), date(2027, 1, 20)) == [2027]


def test_far_years_grow_the_window(cal):
    d = cal.add_working_days(date(2035, 6, 3), 20)
    assert cal.is_working_day(d) and d.year == 2035
    assert cal.working_days_between(date(2035, 6, 3), d) == 20
    assert cal.add_working_days(date(2026, 1, 5), 2000) > date(2033, 1, 1)


# ---------------------------------------------------------------- loading


def schedule_2027(**over):
    data = {
        "format": "gongkai.calendar/1",
        "year": 2027,
        "source": "国办发明电〔2026〕99号",
        "holidays": [  # test data: a complete year, the seven statutory holidays
            {"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"},
            {"name": "春节", "start": "2027-02-05", "end": "2027-02-11"},
            {"name": "清明节", "start": "2027-04-03", "end": "2027-04-05"},
            {"name": "劳动节", "start": "2027-05-01", "end": "2027-05-05"},
            {"name": "端午节", "start": "2027-06-09", "end": "2027-06-11"},
            {"name": "中秋节", "start": "2027-09-15", "end": "2027-09-17"},
            {"name": "国庆节", "start": "2027-10-01", "end": "2027-10-07"},
        ],
        "workdays": [{"date": "2027-10-09", "name": "国庆节"}],
    }
    data.update(over)
    return data


def test_admin_directory_wins_and_ends_provisional(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_CALENDAR_DIR", str(tmp_path))
    calendar.official.cache_clear()
    try:
        assert calendar.official().is_provisional(2027)
        path = calendar.install_schedule(calendar.parse_schedule(schedule_2027()))
        assert path == tmp_path / "cn-2027.json"
        cal = calendar.official()
        assert not cal.is_provisional(2027)
        assert cal.is_working_day(date(2027, 10, 9))  # Saturday make-up day
        assert not cal.is_working_day(date(2027, 10, 6))
        # correcting an official year: the administrator's file wins
        fixed = json.loads((calendar.DATA_DIR / "cn-2026.json").read_text(encoding="utf-8"))
        fixed["holidays"].append({"name": "测试假日", "start": "2026-11-02", "end": "2026-11-02"})
        (tmp_path / "cn-2026.json").write_text(json.dumps(fixed, ensure_ascii=False), encoding="utf-8")
        calendar.official.cache_clear()
        assert not calendar.official().is_working_day(date(2026, 11, 2))
    finally:
        calendar.official.cache_clear()


def test_dump_and_parse_round_trip(cal):
    for y in OFFICIAL_YEARS:
        s = cal.schedule(y)
        again = calendar.parse_schedule(json.loads(calendar.dump_schedule(s)))
        assert (again.holidays, again.workdays, again.source) == (s.holidays, s.workdays, s.source)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"workdays": [{"date": "2027-10-08", "name": "国庆节"}]}, "本来就是工作日"),
        ({"workdays": [{"date": "2027-10-02", "name": "国庆节"}]}, "同时列为"),
        ({"holidays": [{"name": "元旦", "start": "2026-12-31", "end": "2027-01-01"}]}, "不在 2027 年内"),
        ({"holidays": [{"name": "元旦", "start": "2027-01-03", "end": "2027-01-01"}]}, "早于开始日期"),
        ({"holidays": [{"name": "元旦", "start": "2027-13-01", "end": "2027-01-01"}]}, "无法识别的日期"),
        ({"source": ""}, "来源"),
        ({"year": "2027"}, "年份"),
        ({"format": "other/1"}, "格式"),
        ({"holidays": []}, "节假日"),
        ({"holidays": [{"name": "元旦", "start": "2027-01-01"}, {"name": "元旦", "start": "2027-01-01"}]}, "重复"),
    ],
)
def test_bad_schedules_are_refused_in_chinese(change, message):
    with pytest.raises(CalendarError, match=message):
        calendar.parse_schedule(schedule_2027(**change))


def test_file_name_must_match_year(tmp_path):
    (tmp_path / "cn-2028.json").write_text(json.dumps(schedule_2027()), encoding="utf-8")
    with pytest.raises(CalendarError, match="不一致"):
        load_schedules([tmp_path])


def test_bad_json_file(tmp_path):
    p = tmp_path / "x.json"
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(CalendarError, match="不是有效的 JSON"):
        calendar.load_schedule_file(p)
    with pytest.raises(CalendarError, match="找不到文件"):
        calendar.load_schedule_file(tmp_path / "missing.json")


# ---------------------------------------------------------------- properties

dates = st.dates(min_value=date(2019, 1, 1), max_value=date(2028, 12, 31))
counts = st.integers(min_value=1, max_value=60)


@settings(max_examples=300, deadline=None)
@given(d=dates, n=counts)
def test_due_date_is_a_working_day_n_days_on(cal, d, n):
    due = cal.add_working_days(d, n)
    assert due > d
    assert cal.is_working_day(due)
    assert cal.working_days_between(d, due) == n
    assert cal.working_days_between(d, due - timedelta(days=1)) == n - 1


@settings(max_examples=300, deadline=None)
@given(a=dates, b=dates, n=counts, m=counts)
def test_adding_working_days_is_monotonic(cal, a, b, n, m):
    if a <= b:
        assert cal.add_working_days(a, n) <= cal.add_working_days(b, n)
    if n <= m:
        assert cal.add_working_days(a, n) <= cal.add_working_days(a, m)
    first = cal.add_working_days(a, n)
    assert cal.add_working_days(first, m) == cal.add_working_days(a, n + m)
