"""Browser tests of supervision (audit and dashboard): Playwright's sync API driving Debian's Chromium."""

from __future__ import annotations

import os

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
