"""Tasks that belong to no domain app."""

from __future__ import annotations

from gongkai.site.tasking import task


@task()
def ping(value: str) -> str:
    """Echo ``value``: lets ``manage.py check_worker`` prove a worker runs."""
    return value
