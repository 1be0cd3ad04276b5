"""End to end, as a county's 政务公开办 would: upload a ZIP of 20 published
reports (some with errors, one unreadable), watch the progress, open a report
with findings, correct a misread value with a reason, look at the dashboard's
charts and each department's status, and download the XLSX.

The task runner's worker runs in this process (``run_pending_tasks``) while
the browser polls the progress page served by the live server."""

from __future__ import annotations

import contextlib
import io
import os
import time
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Gongkai-监督-2026"
SHOTS = Path(os.environ.get("GONGKAI_SCREENSHOTS", "/tmp/gongkai-shots"))
CASES = Path(__file__).resolve().parent.parent / "reader_cases"


def _zip(corpus_dir) -> tuple[bytes, list[str]]:
    """20 files: the county's own department, a report with table-4 errors,
    generated reports (three with table-3 errors), one letter that is no report."""
    chosen = [corpus_dir / "000_04d0c90127c5455c.txt", corpus_dir / "hongze_district_gov_2023.pdf",
              corpus_dir / "pingtan_2021_page.txt", corpus_dir / "pingtan_2022_page.txt"]
    wrong = ("jiangsu_huaian_qingjiangpu_2022_pdflayout.txt", "tianjin_hexi_youyilu_2023_crawllines.txt",
             "zhejiang_ningbo_yinzhou_scjg_2024.html")
    chosen += [CASES / n for n in wrong]
    cases = sorted(p for p in CASES.iterdir() if p.suffix in (".txt", ".md", ".html") and p.name not in wrong
                   and p.name != "FINDINGS.md")
    chosen += cases[:12]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in chosen:
            zf.write(p, f"年度报告/{p.name}")
        zf.writestr("年度报告/致函.txt", "县政府办公室：\n现将有关情况函告如下。此致敬礼。".encode())
    names = [p.name for p in chosen] + ["致函.txt"]
    assert len(names) == 20
    return buf.getvalue(), names


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_supervisor_audits_a_zip_corrects_a_value_and_reads_the_dashboard(live_server, page, django_user_model,
                                                                          corpus_dir, tmp_path, settings, monkeypatch):
    from gongkai.agencies.models import Agency, Membership
    from gongkai.reports import demo
    from gongkai.site.tasking import run_pending_tasks
    from gongkai.supervision.models import AuditedReport, Correction

    settings.GONGKAI_AUDIT_DIR = tmp_path / "audit"
    demo.populate(io.StringIO())
    dept = Agency.objects.get(name=demo.AGENCY)
    gov = Agency.objects.create(name="延津县人民政府", slug="yanjin-gov", code="YJZF", level="government")
    dept.parent = gov
    dept.save()
    for n, name in enumerate(("延津县财政局", "延津县教育局")):
        Agency.objects.create(name=name, slug=f"yanjin-{n}", code=f"YJ{n}", parent=gov)
    user = django_user_model.objects.create_user(username="jianguan", password=PASSWORD)
    Membership.objects.create(user=user, agency=gov, role="reviewer")

    page.goto(f"{live_server.url}/accounts/login/?next=/supervision/")
    page.fill("input[name=username]", "jianguan")
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"**/supervision/{gov.slug}/")

    # upload the ZIP
    page.click("text=报告核查")
    page.wait_for_url(f"**/supervision/{gov.slug}/audit/")
    data, _names = _zip(corpus_dir)
    page.set_input_files("input[name=files]", files=[{"name": "延津县各部门2023年度报告.zip",
                                                       "mimeType": "application/zip", "buffer": data}])
    page.click("#upload-form button[type=submit]")
    page.wait_for_url("**/audit/batches/*/")
    assert page.locator("#total").inner_text() == "20"
    assert page.locator("#done").inner_text() == "0"
    _shot(page, "1-queued")

    # the worker reads while the page polls; every status the page saw is kept
    seen = []

    def on_response(r):
        if r.url.endswith("status.json") and r.ok:
            with contextlib.suppress(Exception):
                seen.append(r.json())

    page.on("response", on_response)
    # An idle machine reads the 20 files within one poll (1 s) and the page
    # would jump from 0 to 20: pace each read so the polls see the steps.
    from gongkai.reader import guard

    read_guarded = guard.read_guarded

    def paced(*args, **kwargs):
        time.sleep(0.25)
        return read_guarded(*args, **kwargs)

    monkeypatch.setattr(guard, "read_guarded", paced)
    run_pending_tasks()  # the worker (it installs signal handlers: main thread); the browser polls meanwhile
    page.wait_for_selector('#progress[data-state="done"]', timeout=60_000)
    page.wait_for_load_state()
    assert page.locator("#done").inner_text() == "20"
    assert any(0 < s["done"] < 20 and s["current"] for s in seen), seen  # progress was shown as it went
    _shot(page, "2-done")
    items = page.locator("#items tbody tr")
    assert items.count() == 20
    assert page.locator("#items .pill.err").count() == 4  # hongze, and three generated reports with errors
    assert "无法读取" in page.locator("#items tbody tr", has_text="致函.txt").inner_text()

    # reload: the progress survives
    page.reload()
    assert page.locator("#done").inner_text() == "20"

    # open the report with findings (hongze: table 4 totals)
    page.click("text=hongze_district_gov_2023.pdf")
    page.wait_for_url("**/audit/reports/*/")
    cell = page.locator('td[data-path="appeals.reconsideration.4"]')
    assert cell.get_attribute("data-finding") == "error"
    cell.click()
    assert "出处" in page.locator("#source").inner_text()
    assert page.locator("#correct-path").input_value() == "appeals.reconsideration.4"
    page.screenshot(path=str(SHOTS / "3-report.png"))  # the viewport: the source panel beside the cell
    page.fill("#correct-value", "11")
    page.fill("#correct-reason", "对照原件第3页，复议总计应为11")
    page.click("#correct-form button[type=submit]")
    page.wait_for_selector("text=已更正")
    assert "对照原件第3页" in page.locator("#corrections").inner_text()
    assert page.locator('td[data-path="appeals.reconsideration.4"]').get_attribute("data-corrected") == "1"
    obj = AuditedReport.objects.get(original_name="hongze_district_gov_2023.pdf")
    assert obj.exchange["appeals"]["reconsideration"][4] == 0 and obj.current["appeals"]["reconsideration"][4] == 11
    assert Correction.objects.get().by == user
    _shot(page, "4-corrected")

    # the year side by side, and one agency across years (cross-year rules)
    page.goto(f"{live_server.url}/supervision/{gov.slug}/audit/year/2023/")
    assert page.locator("#year-table tbody tr").count() == 6  # one row per agency: three copies of 望京 are one
    _shot(page, "6-year")
    page.goto(f"{live_server.url}/supervision/{gov.slug}/audit/")
    page.locator("#audited tr", has_text="pingtan_2022_page.txt").locator("text=逐年").click()
    page.wait_for_url("**/audit/agency/?name=*")
    assert "2021—2022" in page.content() and page.locator("#years-key thead th").count() == 3
    _shot(page, "7-years")

    # the dashboard: charts and each department's status
    page.goto(f"{live_server.url}/supervision/{gov.slug}/?year=2023")
    assert page.locator("svg.gk-chart").count() >= 5
    status = page.locator("#status-table tbody tr", has_text=demo.AGENCY).inner_text()
    assert "按时发布" in status or "逾期发布" in status or "已发布" in status
    assert "未发布" in page.locator("#status-table tbody tr", has_text="延津县财政局").inner_text()
    _shot(page, "5-dashboard")
    with page.expect_download() as info:
        page.click("#dashboard-xlsx")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert "报告状态" in wb.sheetnames and "申请办理" in wb.sheetnames
    rows = {r[0]: r for r in wb["报告状态"].iter_rows(values_only=True)}
    assert rows["延津县财政局"][2] == "未发布"

    # a year with the demo department's applications: figures and trend
    page.goto(f"{live_server.url}/supervision/{gov.slug}/?year=2025")
    row = page.locator("#status-table tbody tr", has_text=demo.AGENCY).locator("td")
    assert int(row.nth(5).inner_text()) > 0  # applications received in 2025
    _shot(page, "8-dashboard-2025")
