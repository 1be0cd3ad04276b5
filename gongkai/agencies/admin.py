from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Agency, LoginFailure, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent")
    prepopulated_fields = {"slug": ("code",)}
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "code", "level", "parent")}),
        (_("政府信息公开工作机构"), {"fields": ("ogi_office", "address", "postcode", "phone", "email", "office_hours")}),
        (_("文书"), {"fields": ("letter_prefix", "reconsideration_government", "vertical_led", "superior_body",
                              "fee_payment_method")}),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role")
    list_filter = ("role", "agency")


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ("username", "failures", "locked_until", "last_ip")
