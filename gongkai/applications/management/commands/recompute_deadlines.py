"""``manage.py recompute_deadlines``: rewrite every open application's stored
deadline (the clock's projection) from its events — run after a calendar year
is loaded or corrected (the calendar administration page does it itself)."""

from django.core.management.base import BaseCommand

from gongkai.applications import services


class Command(BaseCommand):
    help = "按办理记录和当前工作日历重新计算全部未办结申请的答复期限（载入或更正某年节假日安排后运行）"

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=1000, help="每批申请数（默认 1000）")

    def handle(self, *args, batch=1000, **options):
        seen, changed = services.recompute_open(batch=max(1, batch))
        self.stdout.write(f"已重新计算 {seen} 件未办结申请的答复期限，其中 {changed} 件有变化")
