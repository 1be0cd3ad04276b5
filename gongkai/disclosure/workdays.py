"""Working days for the 20-working-day publication limit (条例第二十六条).

Uses the platform calendar (``gongkai.clock.calendar.official()``, official
holidays and make-up days) when it is installed; otherwise plain weekdays.
Everything in this app counts days through ``working_days_between`` only.
"""

from __future__ import annotations

import datetime as dt

PUBLISH_LIMIT = 20  # working days after forming or changing (第二十六条)


def _weekdays_between(a: dt.date, b: dt.date) -> int:
    # working days after ``a`` up to and including ``b`` (the starting day is not counted)
    if b <= a:
        return 0
    days = 0
    d = a
    while d < b:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            days += 1
    return days


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days after ``a`` up to and including ``b``; 0 when ``b <= a``."""
    try:
        from gongkai.clock.calendar import official
    except ImportError:
        return _weekdays_between(a, b)
    if b <= a:
        return 0
    return int(official().working_days_between(a, b))


def published_late(formed_on: dt.date | None, published_on: dt.date | None) -> bool:
    if formed_on is None or published_on is None:
        return False
    return working_days_between(formed_on, published_on) > PUBLISH_LIMIT
