"""URL routing: each app owns its own ``urls.py``; this file only mounts them.

Error pages are the styled Chinese templates 400/403/404/500.html."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from gongkai.applications.calendar_views import calendar_admin

admin.site.site_header = _("公开 · 系统管理")
admin.site.site_title = _("公开 · 系统管理")
admin.site.index_title = _("系统管理（日常的机关和工作人员管理请用“机关和人员管理”页面）")


urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("gongkai.agencies.urls")),
    path("staff/calendar/", calendar_admin, name="calendar-admin"),
    path("manage/agencies/", include("gongkai.agencies.manage_urls")),
    path("staff/", include("gongkai.applications.urls")),
    path("staff/disclosure/", include("gongkai.disclosure.urls")),
    path("staff/appeals/", include("gongkai.appeals.urls")),
    path("reports/", include("gongkai.reports.urls")),
    path("supervision/", include("gongkai.supervision.urls")),
    path("api/", include("gongkai.api.urls")),
    path("", include("gongkai.portal.urls")),
]
# No route serves MEDIA_ROOT, in any mode: applicants' attachments are
# reachable only through the permission-checked views (applications:attachment).
