"""``manage.py cleanup_uploads [--hours N]``: delete attachment files that no
``Attachment`` row refers to (left by a submission killed between writing
its files and committing). Run daily from cron; files younger than
``--hours`` (default 24) are kept, so a submission in progress is never hit."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from gongkai.applications.models import Attachment


class Command(BaseCommand):
    help = "删除没有申请引用的附件文件（提交中断留下的孤立文件）"

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=24, help="只删除早于这么多小时的文件（默认 24）")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args, hours, dry_run, **options):
        root = Path(settings.MEDIA_ROOT)
        folder = root / "attachments"
        if not folder.is_dir():
            return
        known = set(Attachment.objects.values_list("file", flat=True))
        cutoff = time.time() - hours * 3600
        removed = 0
        for path in folder.rglob("*"):
            if not path.is_file() or path.stat().st_mtime > cutoff:
                continue
            if path.relative_to(root).as_posix() in known:
                continue
            if not dry_run:
                path.unlink()
            removed += 1
            self.stdout.write(str(path.relative_to(root)))
        self.stdout.write(f"{'将删除' if dry_run else '已删除'} {removed} 个孤立文件")
