"""Shared fixtures. Core tests (tests/core) never touch the database."""

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = CORPUS / "gold"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_sessionstart(session):
    """Under CI=true the corpus is part of the suite: a missing ../shared stops
    the run before any test, rather than letting corpus tests skip or
    parametrize over nothing (test_render_roundtrip globs the gold files)."""
    if in_ci() and not (CORPUS.is_dir() and GOLD.is_dir()):
        pytest.exit(f"CI=true，但语料目录不存在：{CORPUS}（测试需要 ../shared/corpus 与 ../shared/corpus/gold）", returncode=3)


def _shared_dir(path: Path) -> Path:
    if not path.is_dir():
        if in_ci():
            pytest.fail(f"CI=true，但 {path} 不存在", pytrace=False)
        pytest.skip(f"{path} 不存在")
    return path


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return _shared_dir(CORPUS)


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return _shared_dir(GOLD)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright's sync API, one per test module:
    two sync_playwright() loops cannot be open at once, so no fixture may
    keep one for the whole session."""
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        pytest.skip("没有安装 Debian 的 chromium（apt-get install chromium）")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A Chinese-speaking page that keeps downloads, closed after the test."""
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
