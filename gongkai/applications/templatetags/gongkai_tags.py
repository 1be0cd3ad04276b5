from django import template
from django.utils.translation import get_language, gettext_noop

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


_DETAIL_LABELS = (
    ("items", gettext_noop("补正事项")), ("supplement_due", gettext_noop("补正期限")),
    ("party", gettext_noop("征求意见对象")), ("days", gettext_noop("延长工作日")), ("reason", gettext_noop("理由")),
    ("amount", gettext_noop("金额（元）")), ("basis", gettext_noop("收费标准")), ("outcome", gettext_noop("办理结果")),
    ("note", gettext_noop("说明")),
)


@register.filter
def event_details(event):
    """(label, value) pairs of an event's data worth showing to staff."""
    from datetime import date

    from django.utils.translation import gettext

    from gongkai import standard
    from gongkai.applications.outcomes import outcome_title

    data = event.data or {}
    out = []
    for key, label in _DETAIL_LABELS:
        value = data.get(key)
        if value in (None, ""):
            continue
        if key == "outcome" and value in standard.OUTCOME_KEYS:
            value = outcome_title(value)
        elif key == "supplement_due":
            value = cn_date(date.fromisoformat(value))
        out.append((gettext(label), value))
    return out
