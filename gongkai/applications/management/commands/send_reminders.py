from django.core.management.base import BaseCommand

from gongkai.applications import reminders


class Command(BaseCommand):
    help = "向各机关工作人员发送申请期限提醒邮件（已超期或5个工作日内到期），供 cron 每个工作日运行"

    def handle(self, **opts):
        n = reminders.send(stdout=self.stdout)
        self.stdout.write(f"共 {n} 封提醒邮件，已交由后台任务发送")
