from django import template
from django.utils.translation import get_language

from gongkai.applications import privacy
from gongkai.applications.workflow import EVENT_LABELS, STATES

register = template.Library()

_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


@register.filter
def cn_date(d):
    """2026年9月28日 (English: 28 September 2026)."""
    if not d:
        return ""
    if hasattr(d, "date") and callable(d.date):
        d = d.date()
    if (get_language() or "").startswith("en"):
        return f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"
    return f"{d.year}年{d.month}月{d.day}日"


@register.filter
def mask_id(v):
    return privacy.mask_id(v)


@register.filter
def mask_phone(v):
    return privacy.mask_phone(v)


@register.filter
def mask_address(v):
    return privacy.mask_address(v)


@register.filter
def state_label(state):
    from django.utils.translation import gettext

    return gettext(STATES.get(state, state or ""))


@register.filter
def event_label(kind):
    from django.utils.translation import gettext

    return gettext(EVENT_LABELS.get(kind, kind))
