"""Simplified Chinese by default, English on request: labels, actions, dates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import login

pytestmark = pytest.mark.django_db


def _detail(client, app, language=None):
    if language:
        client.cookies["django_language"] = language
    return client.get(reverse("applications:detail", args=[app.pk])).content.decode()


def test_chinese_by_default(client, world, received_app):
    html = _detail(login(client, world["registrar"]), received_app)
    assert 'lang="zh-CN"' in html
    assert "发出补正告知" in html
    assert "2026年9月28日" in html


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(client, world, received_app):
    login(client, world["registrar"])
    url = reverse("applications:detail", args=[received_app.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-CN"' in html and "发出补正告知" in html
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()


def test_english_uses_imperative_actions_and_english_dates(client, world, received_app):
    html = _detail(login(client, world["registrar"]), received_app, "en")
    assert 'lang="en"' in html
    assert "Send a supplement notice" in html  # the action, not the past-tense event label
    assert "28 September 2026" in html or "Sept. 28, 2026" in html or "September 28, 2026" in html
