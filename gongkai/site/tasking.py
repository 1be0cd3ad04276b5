"""The one place that knows where Django's tasks framework lives.

Django 6 ships it as ``django.tasks``; on Django 5.2 (Python 3.11) the
``django-tasks`` backport provides the same API as ``django_tasks``. Apps
define background work with ``from gongkai.site.tasking import task`` and
enqueue it with ``some_task.enqueue(...)``; ``manage.py db_worker`` (from
``django-tasks-db``) runs the queue. Tests call ``run_pending_tasks()``,
which drains the queue in-process the way the worker would.
"""

from __future__ import annotations

try:  # Django 6
    from django.tasks import TaskResultStatus, default_task_backend, task
except ImportError:  # Django 5.2 with the backport
    from django_tasks import TaskResultStatus, default_task_backend, task  # type: ignore[no-redef]

__all__ = ["TaskResultStatus", "default_task_backend", "run_pending_tasks", "task"]


def run_pending_tasks(max_tasks: int | None = None) -> None:
    """Run every task that is due now, then return (``db_worker --batch``).

    With the immediate backend tasks already ran when they were enqueued.
    """
    from django.conf import settings
    from django.core.management import call_command

    if settings.GONGKAI_TASK_BACKEND != "database":
        return
    options = {"batch": True, "no_startup_delay": True, "reload": False, "verbosity": 0}
    if max_tasks:
        options["max_tasks"] = max_tasks
    call_command("db_worker", **options)
