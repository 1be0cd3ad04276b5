"""Background work of the applications app (run by ``manage.py db_worker``)."""

from __future__ import annotations

from gongkai.site.tasking import task


@task()
def deliver(notification_id: int) -> str:
    """Send one e-mail of the outbox (``notify.deliver``), retrying later on SMTP failure."""
    from . import notify

    return notify.deliver(notification_id)
