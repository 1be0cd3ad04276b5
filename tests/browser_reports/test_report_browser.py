"""End to end: staff open the 2025 report, edit a narrative section, publish;
the public page shows it, and its DOCX downloads and opens."""

import io
import os
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Gongkai-浏览器-2025"
SHOTS = Path(os.environ.get("GONGKAI_SCREENSHOTS", "/tmp/gongkai-shots"))


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


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
    page.wait_for_selector("#findings [data-rule='S.SECTIONS']", state="detached")  # no eval: the page's CSP forbids it

    page.click("#publish")
    # the confirmation says what publishing does and lists the findings it is published with
    page.wait_for_selector("#confirm-what")
    _shot(page, "report-1-confirm-publish")
    assert "将发布第1版" in page.inner_text("#confirm-what")
    assert ReportVersion.objects.filter(report__agency=agency, report__year=2025).count() == 0
    page.click("#confirm")
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


def test_correction_and_register_import_ask_first(live_server, page, django_user_model):
    """Correcting a published report and importing the monthly figures both
    show what will change before anything is stored."""
    from openpyxl import load_workbook

    from gongkai.agencies.models import Agency, Membership
    from gongkai.disclosure.models import MonthlyFigures
    from gongkai.reports import demo
    from gongkai.reports.models import ReportVersion

    demo.populate(io.StringIO())
    agency = Agency.objects.get(name=demo.AGENCY)
    user = django_user_model.objects.create_user(username="shenhe", password=PASSWORD)
    for role in ("registrar", "reviewer"):
        Membership.objects.create(user=user, agency=agency, role=role)
    page.goto(f"{live_server.url}/accounts/login/?next=/reports/{agency.slug}/2024/")
    page.fill("input[name=username]", "shenhe")
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"**/reports/{agency.slug}/2024/")
    versions = ReportVersion.objects.filter(report__agency=agency, report__year=2024).count()
    assert versions >= 1  # the demo published 2024
    page.fill("#id_note", "更正第三部分的一处笔误")
    page.click("#publish")
    page.wait_for_selector("#confirm-what")
    what = page.inner_text("#confirm-what")
    assert f"将发布第{versions + 1}版，替换公开页面上的第{versions}版" in what and "更正第三部分的一处笔误" in what
    _shot(page, "report-2-confirm-correction")
    page.click("text=返回修改")
    page.wait_for_url(f"**/reports/{agency.slug}/2024/")
    assert ReportVersion.objects.filter(report__agency=agency, report__year=2024).count() == versions

    # the register: the template carries the figures; the import previews the changed cells only
    page.goto(f"{live_server.url}/staff/disclosure/{agency.slug}/?year=2025")
    with page.expect_download() as info:
        page.click("text=下载导入模板（XLSX，已填入现有数据）")
    assert info.value.suggested_filename.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    march = MonthlyFigures.objects.get(agency=agency, year=2025, month=3)
    assert wb.active["C4"].value == march.licensing
    wb.active["C4"] = march.licensing + 5
    path = Path(info.value.path()).parent / "edited.xlsx"
    wb.save(path)
    page.set_input_files("input[type=file][name=file]", str(path))
    page.click("text=预览导入")
    page.wait_for_selector("#changes")
    _shot(page, "register-1-import-preview")
    rows = page.locator("#changes tr")
    assert rows.count() == 2 and f"{march.licensing}" in rows.nth(1).inner_text()
    march.refresh_from_db()
    assert march.licensing == wb.active["C4"].value - 5  # nothing stored yet
    page.click("#confirm")
    page.wait_for_url("**/staff/disclosure/**")
    assert "已导入：1 个单元格有变化" in page.inner_text(".messages")
    march.refresh_from_db()
    assert march.licensing == wb.active["C4"].value
