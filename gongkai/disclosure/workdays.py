"""Working days for the 20-working-day publication limit (条例第二十六条).

Counts on the official calendar (``gongkai.clock.calendar.official()``:
holidays and make-up days). Everything in this app counts days through
``working_days_between`` only.
"""

from __future__ import annotations

import datetime as dt

from gongkai.clock.calendar import official

PUBLISH_LIMIT = 20  # working days after forming or changing (第二十六条)


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days after ``a`` up to and including ``b``; 0 when ``b <= a``."""
    if b <= a:
        return 0
    return int(official().working_days_between(a, b))


def published_late(formed_on: dt.date | None, published_on: dt.date | None) -> bool:
    if formed_on is None or published_on is None:
        return False
    return working_days_between(formed_on, published_on) > PUBLISH_LIMIT
