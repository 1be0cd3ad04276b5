from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongkai.api.models import ApiToken


class Command(BaseCommand):
    help = "为工作人员签发接口令牌（只显示一次）"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="令牌用途说明")

    def handle(self, username, name, **opts):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户 {username}")
        _token, key = ApiToken.issue(user, name)
        self.stdout.write(key)
