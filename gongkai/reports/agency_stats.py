"""Public figures of one agency's 依申请公开 work, from its records: applications
per year (by the year received, as table 3 counts 新收), the outcome mix,
the median number of working days from receipt to reply, and the share
replied within the statutory period (the deadline the clock computed for the
application, extensions and lawful pauses included)."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from gongkai import standard
from gongkai.applications.models import Application
from gongkai.clock import calendar


@dataclass
class YearRow:
    year: int
    received: int = 0
    decided: int = 0
    median_days: float | None = None
    on_time: int = 0
    timed: int = 0  # decided with a known deadline

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.timed if self.timed else None


@dataclass
class Stats:
    years: list[YearRow] = field(default_factory=list)
    outcomes: list[tuple[str, int]] = field(default_factory=list)
    decided: int = 0
    median_days: float | None = None
    on_time: int = 0
    timed: int = 0

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.timed if self.timed else None


def compute(agency) -> Stats:
    cal = calendar.official()
    rows: dict[int, YearRow] = {}
    all_days: list[int] = []
    days_by_year: dict[int, list[int]] = {}
    stats = Stats()
    group_of = {k: label for label, keys in standard.OUTCOME_GROUPS for k in keys}
    mix = {label: 0 for label, _keys in standard.OUTCOME_GROUPS}
    apps = Application.objects.filter(agency=agency).values_list("received_on", "arrived_on", "decided_on",
                                                                 "outcome", "due_on")
    for received, arrived, decided, outcome, due in apps:
        year = (received or arrived).year
        row = rows.setdefault(year, YearRow(year))
        row.received += 1
        if not (decided and outcome):
            continue
        row.decided += 1
        stats.decided += 1
        mix[group_of.get(outcome, standard.OUTCOME_GROUPS[-1][0])] += 1
        if received:
            days = cal.working_days_between(received, decided) if decided > received else 0
            days_by_year.setdefault(year, []).append(days)
            all_days.append(days)
        if due:
            row.timed += 1
            stats.timed += 1
            if decided <= due:
                row.on_time += 1
                stats.on_time += 1
    for row in rows.values():
        days = days_by_year.get(row.year, [])
        row.median_days = median(days) if days else None
    stats.years = [rows[y] for y in sorted(rows)]
    stats.outcomes = list(mix.items())
    stats.median_days = median(all_days) if all_days else None
    return stats
