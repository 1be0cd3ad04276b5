"""The background task runner: tasks queue in the database and a worker runs them."""

import pytest
from django.core.management import CommandError, call_command

from gongkai.site.tasking import TaskResultStatus, run_pending_tasks
from gongkai.site.tasks import ping

pytestmark = pytest.mark.django_db(transaction=True)


def test_task_waits_in_the_queue_until_a_worker_runs_it(settings):
    assert settings.GONGKAI_TASK_BACKEND == "database"
    result = ping.enqueue("你好")
    result.refresh()
    assert result.status == TaskResultStatus.READY  # nothing ran it inside the request
    run_pending_tasks()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "你好"


def test_check_worker_says_when_no_worker_runs():
    with pytest.raises(CommandError, match="db_worker"):
        call_command("check_worker", timeout=0.5)
