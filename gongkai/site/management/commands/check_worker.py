"""``manage.py check_worker``: is a background worker taking tasks?

Uploaded reports and e-mail wait in the queue until ``manage.py db_worker``
runs them; an administrator runs this after deploying to see that it does.
"""

from __future__ import annotations

import time
import uuid

from django.core.management.base import BaseCommand, CommandError

from gongkai.site.tasking import TaskResultStatus
from gongkai.site.tasks import ping


class Command(BaseCommand):
    help = "检查后台任务进程（db_worker）是否在运行：排入一个测试任务并等待它完成"

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=15.0, help="最多等待的秒数（默认 15）")

    def handle(self, *args, timeout: float, **options):
        token = uuid.uuid4().hex
        result = ping.enqueue(token)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result.refresh()
            if result.status == TaskResultStatus.SUCCESSFUL and result.return_value == token:
                self.stdout.write("后台任务进程正在运行。")
                return
            if result.status == TaskResultStatus.FAILED:
                raise CommandError("测试任务执行失败，请查看 db_worker 的日志。")
            time.sleep(0.2)
        raise CommandError(
            f"{timeout:g} 秒内没有后台任务进程取走测试任务：请启动 `python manage.py db_worker`。"
        )
