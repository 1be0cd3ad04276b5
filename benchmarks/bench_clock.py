"""Due dates per second on the official calendar (goal: >= 100,000/s for
``add_working_days``), and the cost of a full ``deadline.compute``."""

import random
import time
from datetime import date, timedelta


def _rate(fn, items, repeat=3):
    best = None
    for _ in range(repeat):
        t = time.perf_counter()
        fn(items)
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    return len(items) / best


def main() -> None:
    from gongkai.clock import calendar, deadline
    from gongkai.clock.deadline import Event

    t = time.perf_counter()
    cal = calendar.WorkCalendar(calendar.load_schedules([calendar.DATA_DIR]))
    build = time.perf_counter() - t
    print(f"   calendar built from data 2019–2026 (+ estimates) in {build * 1000:.1f} ms")

    rng = random.Random(7)
    start = date(2024, 1, 1)
    cases = [(start + timedelta(days=rng.randrange(3 * 365)), rng.choice((7, 15, 20, 40))) for _ in range(200_000)]

    def due_dates(items):
        add = cal.add_working_days
        for d, n in items:
            add(d, n)

    print(f"   add_working_days: {_rate(due_dates, cases):,.0f} due dates/s")

    def between(items):
        wdb = cal.working_days_between
        for d, n in items:
            wdb(d, d + timedelta(days=n))

    print(f"   working_days_between: {_rate(between, cases[:100_000]):,.0f} /s")

    simple = [[Event("received", d)] for d, _ in cases[:20_000]]

    def plain(items):
        for log in items:
            deadline.compute(log, cal=cal)

    print(f"   deadline.compute (received only, with explanation): {_rate(plain, simple, 1):,.0f} logs/s")

    full = []
    for d, _ in cases[:5_000]:
        a = cal.add_working_days(d, 3)
        full.append([
            Event("received", d),
            Event("correction_sent", a),
            Event("supplement_received", cal.add_working_days(a, 4)),
            Event("consultation_started", cal.add_working_days(a, 6)),
            Event("consultation_ended", cal.add_working_days(a, 12)),
            Event("extension_approved", cal.add_working_days(a, 14), days=10),
            Event("decided", cal.add_working_days(a, 30)),
        ])
    print(f"   deadline.compute (7-event log): {_rate(plain, full, 1):,.0f} logs/s")
