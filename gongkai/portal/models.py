"""Per-client request counters of the rate limits (``gongkai.portal.ratelimit``)."""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """Requests of one client in one scope and one time window. A database
    row, counted with an atomic UPDATE, so every worker process of every
    server sees the same count (Django's DatabaseCache increments by get +
    set, which loses counts under concurrency)."""

    key = models.CharField(max_length=200, unique=True)
    window = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "访问频率计数"
        verbose_name_plural = "访问频率计数"
