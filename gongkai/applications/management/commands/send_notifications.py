from django.core.management.base import BaseCommand

from gongkai.applications import notify


class Command(BaseCommand):
    help = "把等待发送或等待重试且已到时间的邮件通知重新交给后台任务（后台任务曾停止时使用，也可由 cron 定时运行）"

    def handle(self, **opts):
        n = notify.resend_due()
        self.stdout.write(f"已重新排队 {n} 封邮件")
