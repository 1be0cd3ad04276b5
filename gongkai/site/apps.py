from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "gongkai.site"
    label = "site"
    verbose_name = _("站点")

    def ready(self):
        # Third-party apps' section headings in the admin, in the UI language.
        for label, name in (("django_tasks_database", _("后台任务")), ("django_tasks", _("后台任务")),
                            ("ninja", _("接口文档"))):
            if label in apps.app_configs:
                apps.app_configs[label].verbose_name = name
