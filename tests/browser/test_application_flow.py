"""End to end: an applicant applies and follows the application; the 登记员
sends a 补正 notice and records the supplement; the 审核人 approves an
extension; the 登记员 decides 部分公开 and, once the reply is approved, sends
it; the applicant reads the letter in the status lookup."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from gongkai.agencies.models import Agency, Membership
from gongkai.applications import services
from gongkai.applications.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-pass-123"
SHOTS = Path(os.environ.get("GONGKAI_SCREENSHOTS", "/tmp/gongkai-shots"))


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"application-{name}.png"), full_page=True)


@pytest.fixture
def county(transactional_db):
    cache.clear()
    gov = Agency.objects.create(name="延津县人民政府", slug="gov", code="YJXZF", level="government")
    bureau = Agency.objects.create(name="延津县应急管理局", slug="bureau", code="YJYJ", parent=gov,
                                   phone="0373-7622345", letter_prefix="延应急依复")
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
    assert page.locator(".messages .error").count() == 0, page.locator(".messages").inner_text()


def act_confirmed(page, event, shot_name, **fields):
    """An irreversible action: the form leads to a page saying what will
    happen; nothing is done until 确认 is pressed there."""
    if not page.locator(f"#action-{event}").evaluate("e => e.open"):
        page.click(f"#action-{event} summary")
    for name, value in fields.items():
        page.fill(f"[name='{event}-{name}']", str(value))
    page.click(f"#action-{event} button[type=submit]")
    page.wait_for_selector("#confirm-what")
    shot(page, shot_name)
    what = page.inner_text("#confirm-what")
    page.click("#confirm")
    page.wait_for_load_state()
    assert page.locator(".messages .error").count() == 0, page.locator(".messages").inner_text()
    return what


def lookup(page, base, number, code):
    page.goto(f"{base}/status/")
    page.fill("input[name=number]", number)
    page.fill("input[name=code]", code)
    page.click("form.lookup button[type=submit]")
    page.wait_for_selector("#state")


def test_application_flow(live_server, county, new_page):
    base = live_server.url
    today = services.today()

    # 1. the applicant applies on the portal
    applicant = new_page()
    applicant.goto(f"{base}/")
    applicant.click("a[href='/agencies/bureau/apply/']")
    applicant.wait_for_url(f"{base}/agencies/bureau/apply/")
    applicant.select_option("#id_applicant_type", "natural_person")
    applicant.fill("#id_applicant_name", "李秀英")
    applicant.select_option("#id_id_type", "resident_id")
    applicant.fill("#id_id_number", "410726198805052222")
    applicant.fill("#id_phone", "13912345678")
    applicant.fill("#id_address", "河南省新乡市延津县文岩路1号")
    applicant.fill("#id_description", "延津县2025年安全生产执法检查计划及检查结果")
    applicant.select_option("#id_medium", "paper")
    applicant.select_option("#id_delivery", "post")
    applicant.click("form.apply button[type=submit]")
    number = applicant.inner_text("#receipt-number").strip()
    code = applicant.inner_text("#query-code").strip()
    assert number == f"YJYJ-{today.year}-0001" and len(code) == 8

    lookup(applicant, base, number, code)
    assert applicant.inner_text("#state") == "待确认收到日期"
    assert "网上提交申请" in applicant.inner_text("ol.timeline")
    assert "410726198805052222" not in applicant.content()
    app = Application.objects.get(number=number)

    # 2. the 登记员 confirms the receipt date and sends a 补正 notice
    dengji = new_page()
    login(dengji, base, "dengji")
    assert number in dengji.inner_text("table.queue")
    assert "4107**********2222" in dengji.inner_text("table.queue")
    dengji.click(f"text={number}")
    act(dengji, "confirm_receipt", on=today.isoformat())
    act(dengji, "send_correction", items="请写明所需检查结果涉及的企业名称",
        supplement_due=(today + timedelta(days=21)).isoformat())
    assert "待申请人补正" in dengji.inner_text("h1")

    # 3. the applicant's supplement is recorded
    act(dengji, "record_supplement", note="申请人电话补充了企业名称")
    assert "办理中" in dengji.inner_text("h1")

    # 4. an extension: the 登记员 asks, the 审核人 approves
    act(dengji, "request_extension", days="15", reason="涉及多家企业的检查档案，需要调取核查")
    shenhe = new_page()
    login(shenhe, base, "shenhe")
    shenhe.goto(f"{base}/staff/{app.pk}/")
    assert shenhe.locator("#action-request_extension").count() == 0  # not the reviewer's to ask
    act(shenhe, "approve_extension")
    assert "延长" in shenhe.inner_text("dl.deadlines")

    # 5. the 登记员 decides 部分公开; the template's placeholder blocks the 审核人 until it is filled
    dengji.goto(f"{base}/staff/{app.pk}/")
    act(dengji, "decide", outcome="partially_granted")
    assert "答复待审核" in dengji.inner_text("h1")
    shenhe.goto(f"{base}/staff/{app.pk}/")
    assert "（请填写不予公开部分及理由）" in shenhe.inner_text("#placeholders")
    shenhe.click("#action-approve_reply summary")
    shenhe.click("#action-approve_reply button[type=submit]")
    shenhe.wait_for_load_state()
    assert "不能审核通过：（请填写不予公开部分及理由）" in shenhe.inner_text(".messages")
    shot(shenhe, "1-placeholder-refused")
    # the 登记员 edits in the browser (the textarea sends CRLF line ends)
    dengji.goto(f"{base}/staff/{app.pk}/")
    body = dengji.input_value("[name='edit_reply-body']")
    assert "第三十七条" in body and "应当先自收到本答复书之日起六十日内向延津县人民政府申请行政复议" in body
    act(dengji, "edit_reply", body=body.replace("（请填写不予公开部分及理由）", "其中涉及企业商业秘密的内容不予公开"))
    letter = app.letters.get(kind="reply")
    assert "\r" not in letter.body and len([p for p in letter.body.split("\n\n") if p]) == body.count("\n\n") + 1
    assert dengji.locator("#placeholders").count() == 0
    shenhe.goto(f"{base}/staff/{app.pk}/")
    act(shenhe, "approve_reply")
    dengji.goto(f"{base}/staff/{app.pk}/")
    what = act_confirmed(dengji, "send_reply", "2-confirm-send")
    assert "发出后答复书不能再修改或删除" in what and "延应急依复" in what and "部分公开" in what
    assert "已答复" in dengji.inner_text("h1")
    app.refresh_from_db()
    assert (app.outcome, app.decided_on) == ("partially_granted", today)
    assert app.letters.get(kind="reply").reference == f"延应急依复〔{today.year}〕3号"  # after the two notices

    # 6. the applicant sees the letter in the status lookup and downloads it
    lookup(applicant, base, number, code)
    assert applicant.inner_text("#state") == "已答复"
    letters = applicant.inner_text("ul.letters")
    assert "政府信息公开申请答复书" in letters and "补正申请告知书" in letters and "延期答复告知书" in letters
    timeline = applicant.inner_text("ol.timeline")
    for label in ("发出补正告知", "登记申请人补正", "批准延期答复", "发出答复书"):
        assert label in timeline
    assert "申请延期答复" not in timeline  # internal step, not shown to the public
    reply = applicant.locator("ul.letters li", has_text="政府信息公开申请答复书")
    with applicant.expect_download() as dl:
        reply.locator("text=PDF").click()
    path = dl.value.path()
    with open(path, "rb") as fh:
        assert fh.read(4) == b"%PDF"

    # 7. 办结归档 asks first, and says the application is then closed for good
    dengji.goto(f"{base}/staff/{app.pk}/")
    what = act_confirmed(dengji, "close", "3-confirm-close")
    assert "不能再办理任何事项" in what
    assert "已办结" in dengji.inner_text("h1")


def test_withdrawal_asks_first(live_server, county, new_page):
    base = live_server.url
    app, _code = services.create(county, {
        "applicant_type": "natural_person", "applicant_name": "王五", "id_type": "resident_id",
        "id_number": "410726199001011234", "phone": "13800000000", "address": "延津县", "description": "某文件",
        "medium": "paper", "delivery": "post"}, channel="online", arrived_on=services.today())
    page = new_page()
    login(page, base, "dengji")
    page.goto(f"{base}/staff/{app.pk}/")
    page.click("#action-withdraw summary")
    page.fill("[name='withdraw-note']", "申请人来电撤回")
    page.click("#action-withdraw button[type=submit]")
    page.wait_for_selector("#confirm-what")
    assert "尚未发出的答复书草稿将被删除" in page.inner_text("#confirm-what")
    app.refresh_from_db()
    assert app.state == "registered"  # nothing happened yet
    page.click("text=取消")
    page.wait_for_url(re.compile(rf".*/staff/{app.pk}/$"))
    app.refresh_from_db()
    assert app.state == "registered"
    page.click("#action-withdraw summary")
    page.click("#action-withdraw button[type=submit]")
    page.wait_for_selector("#confirm-what")
    shot(page, "4-confirm-withdraw")
    page.click("#confirm")
    page.wait_for_load_state()
    assert "已撤回" in page.inner_text("h1")
