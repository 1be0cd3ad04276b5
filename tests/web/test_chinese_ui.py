"""No English in the Chinese UI (issue 11, item 21): blank choices, the
language menu, admin headings, API errors, error pages, password reset in
the site's look; readable colours; required fields marked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from .conftest import login

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]
ENGLISH = ("Select an option", "Django administration", "Unauthorized", "Not Found", "Server Error",
           "Tasks Database Backend", "Page not found", "Forbidden")


def _no_english(html: str):
    for word in ENGLISH:
        assert word not in html, word


def test_apply_form_blank_choice_and_required_marks(client, world):
    html = client.get(reverse("portal:apply", args=["bureau"])).content.decode()
    _no_english(html)
    assert "— 请选择 —" in html
    assert re.search(r'<label[^>]*class="[^"]*required[^"]*"[^>]*for="id_applicant_name"', html) or \
        re.search(r'<label[^>]*for="id_applicant_name"[^>]*class="[^"]*required', html)
    assert not re.search(r'<label[^>]*for="id_purpose"[^>]*class="[^"]*required', html)
    assert "为必填项" in html


def test_language_menu_names_each_language_in_itself(client, world):
    html = client.get("/").content.decode()
    options = re.findall(r'<option value="(zh-hans|en)"[^>]*>([^<]+)<', html)
    assert dict(options) == {"zh-hans": "简体中文", "en": "English"}
    assert "英语" not in html


def test_admin_headings_are_chinese(client, world):
    root = get_user_model().objects.create_superuser("root", "r@example.org", "x-pass-12345")
    login(client, root)
    html = client.get("/admin/").content.decode()
    _no_english(html)
    for heading in ("依申请公开", "机关和工作人员", "后台任务", "公开 · 系统管理"):
        assert heading in html, heading


@pytest.mark.parametrize("url", ["/no-such-page/", "/staff/999999/"])
def test_404_is_styled_chinese(client, world, url):
    login(client, world["registrar"])
    r = client.get(url)
    html = r.content.decode()
    assert r.status_code == 404 and "页面不存在" in html and 'class="site"' in html
    _no_english(html)


def test_403_is_styled_chinese(client, world):
    login(client, world["registrar"])
    r = client.get(reverse("agencies:index"))
    html = r.content.decode()
    assert r.status_code == 403 and "无权访问" in html and 'class="site"' in html
    _no_english(html)


def test_400_and_500_templates_are_chinese(client):
    r = client.get("/", {"q": "\x00"})
    assert r.status_code == 400 and "请求有误" in r.content.decode()
    html = render_to_string("500.html")
    assert "服务器出错" in html
    assert "{%" not in html


def test_password_reset_pages_in_the_sites_look(client):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        html = client.get(reverse(name)).content.decode()
        assert 'class="site"' in html, name  # our base.html, not the Django admin's pages
        assert 'id="site-name"' not in html, name
        _no_english(html)


# ------------------------------------------------------------ contrast (WCAG 2.x, normal text ≥ 4.5:1)


def _lum(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    out = []
    for i in (0, 2, 4):
        c = int(h[i:i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_lum(a), _lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rule(css: str, selector: str, prop: str) -> str:
    m = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert m, selector
    v = re.search(rf"(?:^|;|\s){prop}\s*:\s*(#[0-9a-fA-F]{{3,6}})", m.group(1))
    assert v, (selector, prop)
    return v.group(1)


def test_contrast_of_footer_and_warning_text():
    base = (REPO / "gongkai/templates/base.html").read_text(encoding="utf-8")
    report = (REPO / "gongkai/reports/templates/reports/_style.html").read_text(encoding="utf-8")
    page = _rule(base, "body", "background")
    pairs = {
        "footer on the page": (_rule(base, "footer", "color"), page),
        ".warn on white": (_rule(base, ".warn", "color"), "#fff"),
        ".muted on the page": (_rule(base, ".muted", "color"), page),
        "warning flag on a warning cell": (_rule(report, ".gk-flag-warning", "color"),
                                           _rule(report, '.gk-table td[data-finding="warning"]', "background")),
        "warning finding on white": (_rule(report, ".finding.warning", "color"), "#fff"),
    }
    low = {k: round(_contrast(*v), 2) for k, v in pairs.items() if _contrast(*v) < 4.5}
    assert low == {}
