"""In a real browser under the Content-Security-Policy: the Chinese agency
administration page (first agency, first administrator who then logs in),
the language menu that submits itself (site.js, no inline handler), the
styled 404 page and the marked required fields of the application form."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("GONGKAI_SCREENSHOTS", "/tmp/gongkai-shots"))


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"trust-{name}.png"), full_page=True)


def test_first_agency_and_administrator_in_the_browser(live_server, new_page):
    get_user_model().objects.create_superuser("root", "root@example.org", "root-pass-2026")
    base = live_server.url
    page = new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "root-pass-2026")
    page.click("button[type=submit]")
    page.click("text=机关和人员管理")
    page.fill("#id_name", "延津县教育局")
    page.fill("#id_slug", "yanjin-jyj")
    page.fill("#id_code", "YJJY")
    shot(page, "agency-new")
    page.click("text=创建机关")
    page.wait_for_selector("h1:has-text('延津县教育局')")
    page.fill("#id_username", "jiaoyu")
    page.fill("#id_full_name", "李四")
    page.fill("#id_email", "li@example.org")
    page.select_option("#id_role", "admin")
    page.click("button:has-text('添加')")
    password = page.inner_text("#new-password")
    shot(page, "agency-member-added")
    assert re.fullmatch(r"[A-Za-z0-9]{14}", password)

    other = new_page()
    other.goto(f"{base}/accounts/login/")
    other.fill("#id_username", "jiaoyu")
    other.fill("#id_password", password)
    other.click("button[type=submit]")
    other.wait_for_url(f"{base}/staff/")
    assert other.is_visible("text=机关和人员管理")
    # the language menu submits itself through site.js (no inline handler under the CSP)
    other.select_option("select[name=language]", "en")
    other.wait_for_selector("html[lang=en]")
    other.select_option("select[name=language]", "zh-hans")
    other.wait_for_selector("html[lang=zh-CN]")
    other.goto(f"{base}/no-such-page/")
    assert other.is_visible("h1:has-text('页面不存在')")
    shot(other, "404")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_required_fields_are_marked(live_server, new_page):
    from gongkai.agencies.models import Agency

    Agency.objects.create(name="延津县应急管理局", slug="bureau", code="YJYJ")
    page = new_page()
    page.goto(f"{live_server.url}/agencies/bureau/apply/")
    star = page.evaluate("getComputedStyle(document.querySelector('label[for=id_applicant_name]'), '::after').content")
    assert "*" in star
    none = page.evaluate("getComputedStyle(document.querySelector('label[for=id_purpose]'), '::after').content")
    assert "*" not in none
    assert page.locator("select#id_id_type option").first.inner_text() in ("— 请选择 —", "居民身份证")
    shot(page, "apply-required")
