"""Print many HTML documents to PDF with real tools, fast enough for a test:
Debian's Chromium through Playwright (one browser, ``page.pdf()`` per document,
the flags of tests/conftest.py) and LibreOffice (one ``soffice --convert-to pdf``
for a whole batch)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_pdfs(htmls: list[bytes]) -> list[bytes]:
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for html in htmls:
            page.set_content(html.decode("utf-8", errors="replace"))
            out.append(page.pdf(format="A4", print_background=False))
        browser.close()
    return out


def libreoffice_pdfs(htmls: list[bytes]) -> list[bytes]:
    with tempfile.TemporaryDirectory() as d:
        names = []
        for i, html in enumerate(htmls):
            p = Path(d) / f"r{i:04d}.html"
            p.write_bytes(html)
            names.append(p)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{d}/profile", "--headless", "--convert-to",
                        "pdf:writer_web_pdf_Export", "--outdir", d, *map(str, names)],
                       check=True, capture_output=True, timeout=600)
        return [p.with_suffix(".pdf").read_bytes() for p in names]
