"""The applicant's journey, end to end in Chromium: apply (the receipt e-mail
arrives), print the 受理回执, get a 补正 request by e-mail, answer it online with
a file, the 登记员 decides 部分公开 and redacts a PDF in the browser (search and
a drawn box), the 审核人 approves letter and file, the applicant downloads
both — and the redacted strings are not in the downloaded file."""

from __future__ import annotations

import io
import os
import re
from datetime import timedelta
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from gongkai.agencies.models import Agency, Membership
from gongkai.applications import services
from gongkai.applications.models import Application, Notification, ReleasedFile
from gongkai.render.pdf import html_to_pdf
from gongkai.site.tasking import run_pending_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-pass-123"
SHOTS = Path(os.environ.get("GONGKAI_SCREENSHOTS", "/tmp/gongkai-shots"))
SECRET = ["王小明", "410726198805052222", "13912345678"]
SEAL_TEXT = "现场签字"  # drawn over by hand (a box, not a search)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"applicant-{name}.png"), full_page=True)


@pytest.fixture
def county(transactional_db, settings, tmp_path):
    settings.GONGKAI_PRIVATE_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    gov = Agency.objects.create(name="延津县人民政府", slug="gov", code="YJXZF", level="government")
    bureau = Agency.objects.create(name="延津县应急管理局", slug="bureau", code="YJYJ", parent=gov,
                                   phone="0373-7622345", letter_prefix="延应急依复", address="延津县文岩路8号")
    User = get_user_model()
    for username, role in (("dengji", "registrar"), ("shenhe", "reviewer")):
        u = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
        Membership.objects.create(user=u, agency=bureau, role=role)
    return bureau


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/staff/")


def act(page, event, **fields):
    if not page.locator(f"#action-{event}").evaluate("e => e.open"):
        page.click(f"#action-{event} summary")
    for name, value in fields.items():
        selector = f"[name='{event}-{name}']"
        if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, str(value))
    page.click(f"#action-{event} button[type=submit]")
    page.wait_for_load_state()
    if page.locator("#confirm").count():  # irreversible steps ask first
        page.click("#confirm")
        page.wait_for_load_state()
    assert page.locator(".messages .error").count() == 0, page.locator(".messages").inner_text()


def pdf_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    text = "".join(p.get_textpage().get_text_range() for p in doc)
    with pdfplumber.open(io.BytesIO(data)) as pl:
        text += "".join(p.extract_text() or "" for p in pl.pages)
    return text


def record(tmp_path) -> Path:
    path = tmp_path / "执法检查记录.pdf"
    path.write_bytes(html_to_pdf(
        "<html><body style='font-family:\"Noto Serif CJK SC\"; font-size: 14pt'><h1>安全生产执法检查记录</h1>"
        "<p>检查对象：延津县某化工有限公司。现场负责人王小明，身份证号410726198805052222，联系电话13912345678。</p>"
        f"<p>检查结论：未发现重大隐患。</p><p style='margin-top:2em'>{SEAL_TEXT}：李建国</p></body></html>"))
    return path


def test_applicant_journey(live_server, county, new_page, tmp_path):
    base = live_server.url
    today = services.today()

    # 1. apply online with an e-mail address; the receipt e-mail arrives once the worker runs
    citizen = new_page()
    citizen.goto(f"{base}/agencies/bureau/apply/")
    citizen.select_option("#id_applicant_type", "natural_person")
    citizen.fill("#id_applicant_name", "李秀英")
    citizen.select_option("#id_id_type", "resident_id")
    citizen.fill("#id_id_number", "410726198805051111")
    citizen.fill("#id_phone", "13900001111")
    citizen.fill("#id_email", "lixiuying@example.org")
    citizen.fill("#id_address", "河南省新乡市延津县文岩路1号")
    citizen.fill("#id_description", "某化工有限公司2025年安全生产执法检查记录")
    citizen.click("main form button[type=submit]")
    citizen.wait_for_selector("#query-code")
    number = citizen.inner_text("#receipt-number")
    code = citizen.inner_text("#query-code")
    shot(citizen, "1-submitted")
    run_pending_tasks()
    [receipt_mail] = [m for m in mail.outbox if m.to == ["lixiuying@example.org"]]
    assert number in receipt_mail.subject and code in receipt_mail.body
    assert f"/status/?number={number}" in receipt_mail.body

    # 2. print the receipt (page and PDF)
    citizen.click("#receipt-link")
    citizen.wait_for_selector("h1")
    assert "受理回执" in citizen.inner_text("h1") and number in citizen.inner_text("#receipt-number")
    assert "待双方确认" in citizen.inner_text("#received-on")
    shot(citizen, "2-receipt")
    with citizen.expect_download() as dl:
        citizen.click("text=下载 PDF")
    assert number in pdf_text(Path(dl.value.path()).read_bytes())

    # 3. the 登记员 confirms the receipt date and sends a 补正 request: it is e-mailed with the notice
    dengji = new_page()
    login(dengji, base, "dengji")
    app = Application.objects.get(number=number)
    dengji.goto(f"{base}/staff/{app.pk}/")
    act(dengji, "confirm_receipt", on=today.isoformat())
    act(dengji, "send_correction", on=today.isoformat(), items="请写明所需检查记录的检查日期或文号",
        supplement_due=(today + timedelta(days=20)).isoformat())
    run_pending_tasks()
    correction_mail = [m for m in mail.outbox if m.to == ["lixiuying@example.org"]][-1]
    assert "补正" in correction_mail.subject and code not in correction_mail.body
    assert correction_mail.attachments and correction_mail.attachments[0][1][:4] == b"%PDF"

    # 4. the applicant answers online with a file
    citizen.goto(f"{base}/status/?number={number}")
    assert citizen.input_value("input[name=number]") == number
    citizen.fill("input[name=code]", code)
    citizen.click("form.lookup button[type=submit]")
    citizen.wait_for_selector("#supplement")
    citizen.fill("#id_note", "所需为2025年6月12日的检查记录")
    scan = tmp_path / "补正说明.pdf"
    scan.write_bytes(html_to_pdf("<p style='font-family:\"Noto Sans CJK SC\"'>补正说明：检查日期2025年6月12日</p>"))
    citizen.set_input_files("#id_files", str(scan))
    shot(citizen, "3-supplement")
    citizen.click("#supplement button[type=submit]")
    citizen.wait_for_selector("#state")
    assert citizen.inner_text("#state") == "办理中"
    assert "申请人网上补正" in citizen.inner_text("ol.timeline")

    # 5. the 登记员 decides 部分公开, fills in the reasons, and attaches the record for redaction
    dengji.reload()
    assert "补正说明.pdf" in dengji.inner_text("ol.timeline")
    act(dengji, "decide", outcome="partially_granted")
    body = dengji.input_value("[name='edit_reply-body']").replace(
        "（请填写不予公开部分及理由）", "检查记录中现场人员的个人信息涉及个人隐私，依法作遮盖处理")
    act(dengji, "edit_reply", body=body)
    dengji.set_input_files("#released-files", str(record(tmp_path)))
    dengji.click("#add-redact")
    dengji.wait_for_selector("#pages .page img")
    # search-and-mark: ID numbers, mobile numbers and a typed name
    dengji.fill("#find-terms", "王小明")
    dengji.click("#find-button")
    dengji.wait_for_selector("#find-result:has-text('新增标记')")  # (the page's CSP forbids string evaluation)
    assert dengji.locator("#pages .mark").count() == 3
    # and a box drawn by hand over the signature line
    page_box = dengji.locator("#pages .page").first.bounding_box()
    sig = ReleasedFile.objects.get()
    import pymupdf

    with sig.working.open("rb") as fh:
        wdoc = pymupdf.open(stream=fh.read())
    [hit] = wdoc[0].search_for(SEAL_TEXT)
    hit |= wdoc[0].search_for("李建国")[0]  # the whole signature line
    scale = page_box["width"] / wdoc[0].rect.width
    x0, y0 = page_box["x"] + (hit.x0 - 2) * scale, page_box["y"] + (hit.y0 - 2) * scale
    x1, y1 = page_box["x"] + (hit.x1 + 2) * scale, page_box["y"] + (hit.y1 + 2) * scale
    dengji.mouse.move(x0, y0)
    dengji.mouse.down()
    dengji.mouse.move((x0 + x1) / 2, (y0 + y1) / 2)
    dengji.mouse.move(x1, y1)
    dengji.mouse.up()
    assert dengji.locator("#pages .mark").count() == 4
    dengji.locator("#mark-list li").last.locator("select").select_option("internal")
    shot(dengji, "4-marking")
    dengji.click("#apply-button")
    dengji.wait_for_selector("#download-redacted")
    assert "遮盖 4 处" in dengji.inner_text("#apply-result")
    shot(dengji, "5-redacted-preview")

    # 6. the 审核人 approves letter and file; the 登记员 sends the reply
    shenhe = new_page()
    login(shenhe, base, "shenhe")
    shenhe.goto(f"{base}/staff/{app.pk}/")
    assert "执法检查记录.pdf" in shenhe.inner_text("#released + ul")
    act(shenhe, "approve_reply")
    dengji.goto(f"{base}/staff/{app.pk}/")
    act(dengji, "send_reply", on=today.isoformat())
    shot(dengji, "6-sent")
    run_pending_tasks()
    reply_mail = [m for m in mail.outbox if m.to == ["lixiuying@example.org"]][-1]
    assert "答复书" in reply_mail.subject and "执法检查记录（遮盖处理）.pdf" in reply_mail.body
    assert Notification.objects.filter(application=app, status="sent").count() >= 5

    # 7. the applicant downloads the letter and the redacted record
    citizen.goto(f"{base}/status/{app.pk}/")
    citizen.wait_for_selector("ul.released")
    shot(citizen, "7-status-released")
    with citizen.expect_download() as dl:
        citizen.click("ul.letters >> text=PDF >> nth=-1")
    letter_text = re.sub(r"\s+", "", pdf_text(Path(dl.value.path()).read_bytes()))
    assert "部分公开" in letter_text or "部分内容" in letter_text
    assert "第十五条" in letter_text and "第十六条第一款" in letter_text  # each redaction's ground is listed
    with citizen.expect_download() as dl:
        citizen.click("ul.released a")
    got = Path(dl.value.path()).read_bytes()
    text = pdf_text(got)
    for s in SECRET + ["李建国"]:
        assert s not in text, s
    assert "检查结论" in text
    assert re.search(r"安全生产执法检查记录", text)

    # 8. the agency's public page counts the reply (charts drawn on the server, with their tables)
    citizen.goto(f"{base}/reports/public/bureau/")
    assert citizen.locator("svg").count() == 2 and citizen.locator("#years tbody tr").count() == 1
    assert citizen.inner_text("#decided") == "1" and citizen.inner_text("#on-time") == "100%"
    shot(citizen, "8-agency-page")
