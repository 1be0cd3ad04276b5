"""The 受理回执: what an applicant keeps after applying online or at the
counter — agency, number, the receipt date as 第三十一条 counts it, what was
asked, the reply deadline with the calendar's explanation, how to follow the
application, and whom to call. A page (printable) and a PDF."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse

from gongkai.clock import deadline

from . import clockmap, notify
from .letters import cn_date


def context(app, today=None) -> dict:
    from . import services

    events = list(app.events.all())
    d = clockmap.deadlines(app, events)
    projected = None
    if app.received_on is None and app.state not in ("withdrawn",):
        # Not yet confirmed (网络、平常信函、传真): show what the deadline would be
        # were receipt confirmed on the day the application arrived.
        try:
            projected = clockmap.compute([deadline.Event("received", app.arrived_on)])
        except ValueError:
            projected = None
    agency = app.agency
    contact = [(label, value) for label, value in (
        ("政府信息公开工作机构", agency.office_name), ("通讯地址", agency.address), ("邮政编码", agency.postcode),
        ("联系电话", agency.phone), ("电子邮箱", agency.email), ("办公时间", agency.office_hours)) if value]
    return {
        "app": app, "agency": agency, "d": d, "projected": projected,
        "received": cn_date(app.received_on) if app.received_on else "",
        "arrived": cn_date(app.arrived_on),
        "status_url": notify.site_url(reverse("portal:status")),
        "issued": cn_date(today or services.today()),
        "contact": contact,
    }


def render_html(app, *, printable: bool = False, today=None) -> str:
    return render_to_string("applications/receipt.html", {**context(app, today), "standalone": printable})


def render_pdf(app, today=None) -> bytes:
    from gongkai.render.pdf import html_to_pdf

    return html_to_pdf(render_html(app, printable=True, today=today))
