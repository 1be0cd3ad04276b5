"""``manage.py check_deadlines``: recompute every open application from its
events and report any difference from the stored projection (exit 1)."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.applications import services


class Command(BaseCommand):
    help = "核对：按办理记录重新计算未办结申请的期限，与保存的期限比较并列出差异（有差异时退出码 1）"

    def handle(self, *args, **options):
        diffs = services.projection_differences()
        for app, before, after in diffs:
            changed = "；".join(f"{k}：{before[k]} → {after[k]}" for k in before if before[k] != after[k])
            self.stdout.write(f"{app.number}：{changed}")
        if diffs:
            raise CommandError(f"{len(diffs)} 件申请保存的期限与办理记录不一致；运行 manage.py recompute_deadlines 更正", returncode=1)
        self.stdout.write("保存的期限与办理记录一致")
