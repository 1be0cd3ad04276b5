"""End to end: an applicant applies and follows the application; the 登记员
sends a 补正 notice and records the supplement; the 审核人 approves an
extension; the 登记员 decides 部分公开 and, once the reply is approved, sends
it; the applicant reads the letter in the status lookup."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from gongkai.agencies.models import Agency, Membership
from gongkai.applications import services
from gongkai.applications.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-pass-123"


@pytest.fixture
def county(transactional_db):
    cache.clear()
    gov = Agency.objects.create(name="延津县人民政府", slug="gov", code="YJXZF", level="government")
    bureau = Agency.objects.create(name="延津县应急管理局", slug="bureau", code="YJYJ", parent=gov,
                                   phone="0373-7622345")
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

    # 5. the 登记员 decides 部分公开; the 审核人 approves the reply; the 登记员 sends it
    dengji.goto(f"{base}/staff/{app.pk}/")
    act(dengji, "decide", outcome="partially_granted")
    assert "答复待审核" in dengji.inner_text("h1")
    body = dengji.input_value("[name='edit_reply-body']")
    assert "第三十七条" in body
    act(dengji, "edit_reply", body=body.replace("（请填写不予公开部分及理由）", "其中涉及企业商业秘密的内容不予公开"))
    shenhe.goto(f"{base}/staff/{app.pk}/")
    act(shenhe, "approve_reply")
    dengji.goto(f"{base}/staff/{app.pk}/")
    act(dengji, "send_reply")
    assert "已答复" in dengji.inner_text("h1")
    app.refresh_from_db()
    assert (app.outcome, app.decided_on) == ("partially_granted", today)

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
