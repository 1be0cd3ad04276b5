"""The official working-day calendar (no Django).

A working day is Monday–Friday, minus the official holidays, plus the
official weekend make-up working days (调休上班). For each year the State
Council publishes the schedule (国务院办公厅关于某年部分节假日安排的通知); the
repository keeps it as data (``gongkai/clock/data/cn-YYYY.json``), and an
administrator may add or correct a year with ``gongkai calendar load FILE``,
which writes into ``GONGKAI_CALENDAR_DIR`` (default ``<repo>/var/calendar/``).
Files there win over the repository's.

A year without such a schedule is *provisional*: it uses weekends plus the
``holidays`` package's estimate of the statutory holidays (which has no
make-up days), and every deadline that reaches into it carries a warning.

Counting is O(1): the calendar keeps, for a window of years, the running
count of working days up to each day and the list of working days, so
``add_working_days`` and ``working_days_between`` are two list look-ups.
"""

from __future__ import annotations

import functools
import json
import os
import re
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

FORMAT = "gongkai.calendar/1"
DATA_DIR = Path(__file__).resolve().parent / "data"
REPO_DIR = Path(__file__).resolve().parents[2]
WEEKDAYS = "一二三四五六日"
FILE_PATTERN = "cn-*.json"
# The seven statutory holidays (全国年节及纪念日放假办法) every year's schedule arranges.
STATUTORY_HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")


class CalendarError(ValueError):
    """A schedule file that cannot be used; the message is in Chinese."""


def admin_dir() -> Path:
    """Where an administrator's schedules live (``GONGKAI_CALENDAR_DIR``)."""
    env = os.environ.get("GONGKAI_CALENDAR_DIR", "").strip()
    return Path(env) if env else REPO_DIR / "var" / "calendar"


# ---------------------------------------------------------------- formatting


def weekday_name(d: date) -> str:
    return "星期" + WEEKDAYS[d.weekday()]


def cn_date(d: date, *, year: bool = True) -> str:
    """2026年9月28日 (or 9月28日 without the year)."""
    md = f"{d.month}月{d.day}日"
    return f"{d.year}年{md}" if year else md


def cn_range(a: date, b: date, *, year: bool = False) -> str:
    """10月1日至7日, 1月28日至2月4日, 2025年12月31日至2026年1月2日."""
    if a == b:
        return cn_date(a, year=year)
    if a.year != b.year:
        return f"{cn_date(a)}至{cn_date(b)}"
    start = cn_date(a, year=year)
    end = f"{b.day}日" if a.month == b.month else f"{b.month}月{b.day}日"
    return f"{start}至{end}"


# ---------------------------------------------------------------- schedules


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: every day off of each holiday period
    (weekend days inside a period included, for naming) and the weekend
    make-up working days, each with the holiday it belongs to."""

    year: int
    source: str
    holidays: Mapping[date, str]
    workdays: Mapping[date, str]
    title: str = ""
    note: str = ""
    official: bool = True
    origin: str = ""

    def periods(self) -> list[tuple[str, date, date]]:
        """Holiday periods as (name, first day, last day)."""
        return _periods(self.holidays)

    def to_dict(self) -> dict:
        data = {"format": FORMAT, "year": self.year, "official": self.official, "source": self.source}
        if self.title:
            data["title"] = self.title
        if self.note:
            data["note"] = self.note
        data["holidays"] = [{"name": n, "start": a.isoformat(), "end": b.isoformat()} for n, a, b in self.periods()]
        data["workdays"] = [{"date": d.isoformat(), "name": n} for d, n in sorted(self.workdays.items())]
        return data


def _periods(days: Mapping[date, str]) -> list[tuple[str, date, date]]:
    out: list[list] = []
    for d in sorted(days):
        name = days[d]
        if out and out[-1][0] == name and out[-1][2] + timedelta(days=1) == d:
            out[-1][2] = d
        else:
            out.append([name, d, d])
    return [tuple(p) for p in out]


def _parse_date(value, where: str) -> date:
    if not isinstance(value, str):
        raise CalendarError(f"{where}：日期应写成 YYYY-MM-DD 字符串，实际为 {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CalendarError(f"{where}：无法识别的日期“{value}”，应写成 YYYY-MM-DD") from None


def parse_schedule(data, origin: str = "") -> YearSchedule:
    """Validate a schedule (the JSON document as a dict); Chinese errors."""
    if not isinstance(data, dict):
        raise CalendarError("日历文件应为 JSON 对象")
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        raise CalendarError(f"不支持的日历格式“{fmt}”，应为“{FORMAT}”")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 < year < 2200:
        raise CalendarError(f"缺少或无效的年份 year：{year!r}")
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise CalendarError("缺少来源文件 source（如“国办发明电〔2023〕7号”）")
    official = data.get("official", True)
    if not isinstance(official, bool):
        raise CalendarError("official 应为 true 或 false")
    raw_holidays = data.get("holidays")
    raw_workdays = data.get("workdays", [])
    if not isinstance(raw_holidays, list) or not raw_holidays:
        raise CalendarError("缺少节假日列表 holidays")
    if not isinstance(raw_workdays, list):
        raise CalendarError("workdays 应为列表")
    holidays: dict[date, str] = {}
    for i, item in enumerate(raw_holidays, 1):
        where = f"holidays 第{i}项"
        if not isinstance(item, dict):
            raise CalendarError(f"{where}应为对象（name、start、end）")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise CalendarError(f"{where}缺少节日名称 name")
        start = _parse_date(item.get("start", item.get("date")), f"{where}（{name}）start")
        end = _parse_date(item.get("end", item.get("start", item.get("date"))), f"{where}（{name}）end")
        if end < start:
            raise CalendarError(f"{where}（{name}）：结束日期 {end} 早于开始日期 {start}")
        if (end - start).days > 15:
            raise CalendarError(f"{where}（{name}）：假期长达 {(end - start).days + 1} 天，请检查日期")
        d = start
        while d <= end:
            if d.year != year:
                raise CalendarError(f"{where}（{name}）：{d} 不在 {year} 年内；跨年的假期请分别写入各年的文件")
            if d in holidays:
                raise CalendarError(f"{where}（{name}）：{d} 已列入“{holidays[d]}”假期，重复")
            holidays[d] = name.strip()
            d += timedelta(days=1)
    workdays: dict[date, str] = {}
    for i, item in enumerate(raw_workdays, 1):
        where = f"workdays 第{i}项"
        if isinstance(item, str):
            item = {"date": item, "name": ""}
        if not isinstance(item, dict):
            raise CalendarError(f"{where}应为对象（date、name）")
        d = _parse_date(item.get("date"), f"{where} date")
        if d.year != year:
            raise CalendarError(f"{where}：{d} 不在 {year} 年内")
        if d.weekday() < 5:
            raise CalendarError(f"{where}：{d}（{weekday_name(d)}）本来就是工作日，调休上班日只能是星期六或星期日")
        if d in holidays:
            raise CalendarError(f"{where}：{d} 同时列为“{holidays[d]}”假期和调休上班日")
        if d in workdays:
            raise CalendarError(f"{where}：{d} 重复")
        name = item.get("name") or ""
        if not isinstance(name, str):
            raise CalendarError(f"{where}：name 应为字符串")
        workdays[d] = name.strip()
    if not any(d.weekday() < 5 for d in holidays):
        raise CalendarError("节假日全部落在周末，没有一天影响工作日，请检查文件")
    named = {part.strip() for name in holidays.values() for part in re.split(r"[、,，/]", name)}
    missing = [h for h in STATUTORY_HOLIDAYS if h not in named]
    if missing:
        raise CalendarError(f"{year}年的安排不完整：缺少{'、'.join(missing)}（七个法定节日都应列出，"
                            f"与其他节日连休的写作“中秋节、国庆节”）")
    title = str(data.get("title") or "")
    other = sorted({int(y) for y in re.findall(r"(\d{4})年", title)} - {year})
    if other:
        raise CalendarError(f"标题“{title}”写的是{other[0]}年，而文件是{year}年的安排")
    for issued in re.findall(r"〔(\d{4})〕", source):
        if int(issued) not in (year - 1, year):
            raise CalendarError(f"来源“{source.strip()}”是{issued}年的文件，{year}年的安排应由{year - 1}年（或当年更正）的通知公布")
    return YearSchedule(
        year=year,
        source=source.strip(),
        holidays=holidays,
        workdays=workdays,
        title=str(data.get("title") or ""),
        note=str(data.get("note") or ""),
        official=official,
        origin=origin,
    )


def load_schedule_file(path) -> YearSchedule:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CalendarError(f"找不到文件 {path}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise CalendarError(f"无法读取文件 {path}：{err}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise CalendarError(f"{path.name} 不是有效的 JSON（第{err.lineno}行第{err.colno}列：{err.msg}）") from None
    return parse_schedule(data, origin=str(path))


def dump_schedule(schedule: YearSchedule) -> str:
    """The file text: one holiday period or make-up day per line."""
    data = schedule.to_dict()
    lines = ["{"]
    for key in ("format", "year", "official", "source", "title", "note"):
        if key in data:
            lines.append(f"  {json.dumps(key)}: {json.dumps(data[key], ensure_ascii=False)},")
    for key in ("holidays", "workdays"):
        items = [json.dumps(x, ensure_ascii=False) for x in data[key]]
        lines.append(f'  "{key}": [')
        lines.extend(f"    {x}," for x in items[:-1])
        if items:
            lines.append(f"    {items[-1]}")
        lines.append("  ]," if key == "holidays" else "  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def load_schedules(dirs: Iterable[Path]) -> dict[int, YearSchedule]:
    """Read ``cn-YYYY.json`` from each directory in turn; later ones win."""
    out: dict[int, YearSchedule] = {}
    for directory in dirs:
        directory = Path(directory)
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob(FILE_PATTERN)):
            schedule = load_schedule_file(path)
            m = re.fullmatch(r"cn-(\d{4})\.json", path.name)
            if m and int(m.group(1)) != schedule.year:
                raise CalendarError(f"{path}：文件名年份与内容年份 {schedule.year} 不一致")
            out[schedule.year] = schedule
    return out


# ---------------------------------------------------------------- estimates


@functools.cache
def estimate(year: int) -> YearSchedule:
    """The ``holidays`` package's China calendar for a year, as a schedule
    (provisional). For the years it knows it names substituted rest days
    “休息日（由 YYYY-MM-DD 调休）”; those make-up days are taken over. For later
    years it has only the statutory days and no make-up days."""
    import holidays as holidays_pkg

    raw = holidays_pkg.China(years=year, language="zh_CN")
    days: dict[date, str] = {}
    workdays: dict[date, str] = {}
    for d, name in sorted(raw.items()):
        base = re.sub(r"[（(].*?[)）]", "", name).strip()
        if base in ("农历除夕", "除夕"):
            base = "春节"
        for m in re.findall(r"\d{4}-\d{2}-\d{2}", name):
            made_up = date.fromisoformat(m)
            if made_up.weekday() >= 5:
                workdays[made_up] = ""
        days[d] = base
    # name the substituted rest days after the nearest holiday
    named = {d: n for d, n in days.items() if n and n != "休息日"}
    for d, n in list(days.items()):
        if n in ("", "休息日"):
            near = sorted(named, key=lambda x: abs((x - d).days))
            days[d] = named[near[0]] if near and abs((near[0] - d).days) <= 7 else "休息日"
    # weekend days next to a holiday day belong to its period (for naming)
    for d, n in sorted(days.items()):
        for step in (1, -1):
            x = d + timedelta(days=step)
            while x.weekday() >= 5 and x not in days and x not in workdays and x.year == year:
                days[x] = n
                x += timedelta(days=step)
    for d in list(workdays):
        near = sorted(named, key=lambda x: abs((x - d).days))
        workdays[d] = named[near[0]] if near else ""
    days = {d: n for d, n in days.items() if d.year == year}
    workdays = {d: n for d, n in workdays.items() if d.year == year}
    return YearSchedule(
        year=year,
        source="holidays 软件包估算",
        holidays=days,
        workdays=workdays,
        official=False,
        origin="holidays",
    )


# ---------------------------------------------------------------- calendar


@dataclass
class _Window:
    first_year: int
    last_year: int
    base: int  # ordinal of 1 January of first_year
    flags: bytearray  # 1 = working day
    cum: array  # cum[i] = working days in [base, base + i]
    work: list = field(default_factory=list)  # working days as date objects


class WorkCalendar:
    """Working days on the official calendar.

    ``schedules`` maps a year to its :class:`YearSchedule`; a year with an
    official schedule is exact, any other is provisional (estimated)."""

    def __init__(self, schedules: Mapping[int, YearSchedule] | None = None, *, estimator=None):
        self._schedules: dict[int, YearSchedule] = dict(schedules or {})
        self._estimator = estimator or estimate
        years = list(self._schedules)
        lo = min(years) if years else date.today().year
        hi = max(years) if years else date.today().year
        self._win: _Window | None = None
        self._build(lo - 1, hi + 2)

    # -- construction

    def schedule(self, year: int) -> YearSchedule:
        """The schedule used for a year: official data, or the estimate."""
        s = self._schedules.get(year)
        return s if s is not None else self._estimator(year)

    @property
    def official_years(self) -> list[int]:
        return sorted(y for y, s in self._schedules.items() if s.official)

    def _build(self, first_year: int, last_year: int) -> None:
        base = date(first_year, 1, 1).toordinal()
        end = date(last_year, 12, 31).toordinal()
        flags = bytearray(end - base + 1)
        for year in range(first_year, last_year + 1):
            s = self.schedule(year)
            y0 = date(year, 1, 1).toordinal()
            y1 = date(year, 12, 31).toordinal()
            for o in range(y0, y1 + 1):
                # date.fromordinal(o).weekday() == (o - 1) % 7 ... Monday = 0 at ordinal 1
                flags[o - base] = 1 if (o - 1) % 7 < 5 else 0
            for d in s.holidays:
                flags[d.toordinal() - base] = 0
            for d in s.workdays:
                flags[d.toordinal() - base] = 1
        cum = array("i", bytes(4 * len(flags)))
        work = []
        n = 0
        for i, f in enumerate(flags):
            if f:
                n += 1
                work.append(date.fromordinal(base + i))
            cum[i] = n
        self._win = _Window(first_year, last_year, base, flags, cum, work)

    def _ensure(self, lo_year: int, hi_year: int) -> _Window:
        w = self._win
        if lo_year < w.first_year or hi_year > w.last_year:
            if lo_year < 1 or hi_year > 9998:
                raise ValueError("日期超出日历可计算的范围")
            self._build(min(lo_year, w.first_year), max(hi_year, w.last_year))
        return self._win

    def _index(self, d: date) -> int:
        w = self._win
        i = d.toordinal() - w.base
        if 0 <= i < len(w.flags):
            return i
        w = self._ensure(d.year - 1, d.year + 1)
        return d.toordinal() - w.base

    # -- the promised API

    def is_working_day(self, d: date) -> bool:
        i = self._index(d)
        return bool(self._win.flags[i])

    def add_working_days(self, d: date, n: int) -> date:
        """The nth working day after ``d`` (``d`` itself not counted);
        ``n == 0`` gives ``d``; a negative ``n`` counts backwards."""
        if n == 0:
            return d
        w = self._win
        i = d.toordinal() - w.base
        if 0 <= i < len(w.flags):
            if n > 0:
                j = w.cum[i] + n - 1
            else:
                j = w.cum[i] - w.flags[i] + n
            if 0 <= j < len(w.work):
                return w.work[j]
        # outside the window: grow it (about 245 working days a year) and retry
        span = abs(n) // 240 + 2
        if n > 0:
            self._ensure(d.year - 1, d.year + span)
        else:
            self._ensure(d.year - span, d.year + 1)
        return self.add_working_days(d, n)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative when b is before a."""
        if b < a:
            return -self.working_days_between(b, a)
        self._index(a)
        self._index(b)  # may grow the window
        w = self._win
        return w.cum[b.toordinal() - w.base] - w.cum[a.toordinal() - w.base]

    def is_provisional(self, year: int) -> bool:
        s = self._schedules.get(year)
        return s is None or not s.official

    def provisional_years(self, a: date, b: date) -> list[int]:
        lo, hi = sorted((a.year, b.year))
        return [y for y in range(lo, hi + 1) if self.is_provisional(y)]

    def holiday_name(self, d: date) -> str | None:
        """The holiday a day off belongs to (weekend days inside a holiday
        period included), or None."""
        return self.schedule(d.year).holidays.get(d)

    def is_makeup_day(self, d: date) -> bool:
        return d in self.schedule(d.year).workdays

    def describe_day(self, d: date, *, year: bool = False) -> str:
        """E.g. “10月10日（星期六）调休上班”, “10月1日（星期四）国庆节假期”."""
        head = f"{cn_date(d, year=year)}（{weekday_name(d)}）"
        s = self.schedule(d.year)
        if d in s.workdays:
            kind = "调休上班"
        elif d in s.holidays:
            kind = f"{s.holidays[d]}假期"
        elif d.weekday() >= 5:
            kind = "休息日"
        else:
            kind = "工作日"
        if self.is_provisional(d.year):
            kind += "（暂定：该年尚无国务院节假日安排）"
        return head + kind


def _admin_signature() -> tuple[str, int | None]:
    """The administrator's directory and its modification time: a file
    loaded into it (``install_schedule`` renames it in) changes the time."""
    directory = admin_dir()
    try:
        return str(directory), directory.stat().st_mtime_ns
    except OSError:
        return str(directory), None


@functools.lru_cache(maxsize=1)
def _official(signature: tuple[str, int | None]) -> WorkCalendar:
    return WorkCalendar(load_schedules([DATA_DIR, Path(signature[0])]))


def official() -> WorkCalendar:
    """The calendar from the repository's schedules, then the
    administrator's directory (which wins). Cached, and rebuilt when a year is
    loaded into the directory — by this process or any other (a web worker,
    the task worker, the CLI) — so no restart is needed.
    ``official.cache_clear()`` forces a re-read."""
    return _official(_admin_signature())


official.cache_clear = _official.cache_clear  # type: ignore[attr-defined]


def reload() -> WorkCalendar:
    official.cache_clear()
    return official()


def install_schedule(schedule: YearSchedule, directory: Path | None = None) -> Path:
    """Write a validated schedule into the administrator's directory."""
    directory = Path(directory) if directory else admin_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"cn-{schedule.year}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(dump_schedule(schedule), encoding="utf-8")
    os.replace(tmp, path)
    official.cache_clear()
    return path
