from django.contrib import admin

from .models import Application, Event, Letter


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    readonly_fields = ("at", "on", "kind", "actor", "state_before", "state_after", "data")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("number", "agency", "state", "received_on", "outcome", "decided_on")
    list_filter = ("agency", "state", "outcome")
    search_fields = ("number", "applicant_name")
    readonly_fields = ("state", "received_on", "outcome", "decided_on", "query_code_hash")
    inlines = [EventInline]


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("title", "application", "kind", "sent_on")
