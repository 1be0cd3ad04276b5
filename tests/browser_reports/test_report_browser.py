"""End to end: staff open the 2025 report, edit a narrative section, publish;
the public page shows it, and its DOCX downloads and opens."""

import io
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Gongkai-浏览器-2025"


def test_edit_publish_and_download(live_server, page, django_user_model):
    from gongkai.agencies.models import Agency, Membership
    from gongkai.reports import demo
    from gongkai.reports.models import ReportVersion

    demo.populate(io.StringIO())
    agency = Agency.objects.get(name=demo.AGENCY)
    user = django_user_model.objects.create_user(username="shenhe", password=PASSWORD)
    for role in ("registrar", "reviewer"):
        Membership.objects.create(user=user, agency=agency, role=role)

    page.goto(f"{live_server.url}/accounts/login/?next=/reports/{agency.slug}/2025/")
    page.fill("input[name=username]", "shenhe")
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"**/reports/{agency.slug}/2025/")
    assert "延津县应急管理局2025年政府信息公开工作年度报告" in page.content()
    assert page.locator('td[data-path="requests.new_received.6"]').inner_text().strip() != ""

    marker = "（浏览器测试）我局全年持续推进政务公开标准化规范化建设。"
    page.fill("#id_problems", marker)
    # the draft autosaves and the rules rerun live: emptying a section shows S.SECTIONS at once
    page.fill("#id_other", "")
    page.wait_for_selector("#findings [data-rule='S.SECTIONS']")
    page.fill("#id_other", "本年度未收取信息处理费。")
    page.wait_for_function("!document.querySelector(\"#findings [data-rule='S.SECTIONS']\")")

    page.click("#publish")
    page.wait_for_url(f"**/reports/public/{agency.slug}/2025/")
    assert marker in page.content()
    assert ReportVersion.objects.filter(report__agency=agency, report__year=2025).count() == 1

    # the public page works without logging in
    anon = page.context.browser.new_context()
    public = anon.new_page()
    public.goto(f"{live_server.url}/reports/public/{agency.slug}/2025/")
    assert marker in public.content()
    with public.expect_download() as info:
        public.click("#download-docx")
    download = info.value
    data = Path(download.path()).read_bytes()
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "浏览器测试" in document
    assert download.suggested_filename.endswith(".docx")
    anon.close()
