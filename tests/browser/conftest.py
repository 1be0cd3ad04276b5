"""Browser tests: Playwright's sync API driving Debian's Chromium against
pytest-django's live server."""

from __future__ import annotations

import os

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop


@pytest.fixture
def new_page(browser):
    contexts = []

    def make():
        ctx = browser.new_context(locale="zh-CN", accept_downloads=True)
        ctx.set_default_timeout(20000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
