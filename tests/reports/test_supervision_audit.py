"""Audit in the web UI: upload (files or a ZIP, bounded), reading in the task
runner with progress, stored reports matched to agencies, corrections,
comparisons across years and agencies, XLSX exports."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.site.tasking import run_pending_tasks
from gongkai.supervision import services
from gongkai.supervision.models import AuditBatch, AuditedReport, BatchItem, Correction, CorrectionImmutable

pytestmark = pytest.mark.django_db(transaction=True)

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(autouse=True)
def audit_dir(settings, tmp_path):
    settings.GONGKAI_AUDIT_DIR = tmp_path / "audit"
    settings.GONGKAI_AUDIT_TIMEOUT = 60
    return settings.GONGKAI_AUDIT_DIR


@pytest.fixture
def gov(make_agency):
    g = make_agency("延津县人民政府", level="government")
    make_agency("延津县应急管理局", parent=g)
    make_agency("平潭综合实验区管委会")  # exists, but not under 延津: never matched by its audits
    return g


@pytest.fixture
def supervisor(make_user, gov):
    return make_user(gov, roles=("reviewer",))


def _zip(corpus_dir, extra=None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in ("000_04d0c90127c5455c.txt", "hongze_district_gov_2023.pdf", "pingtan_2021_page.txt",
                     "pingtan_2022_page.txt"):
            zf.write(corpus_dir / name, f"reports/{name}")
        zf.writestr("reports/letter.txt", "领导：您好。此致敬礼。".encode())
        zf.writestr("__MACOSX/._x.txt", b"junk")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def _upload(client, gov, files):
    return client.post(f"/supervision/{gov.slug}/audit/upload/", {"files": files})


def test_zip_is_read_in_the_background_with_progress_and_stored(client, gov, supervisor, corpus_dir):
    client.force_login(supervisor)
    r = _upload(client, gov, [SimpleUploadedFile("报告.zip", _zip(corpus_dir), "application/zip")])
    batch = AuditBatch.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/supervision/{gov.slug}/audit/batches/{batch.pk}/"
    status = client.get(f"/supervision/{gov.slug}/audit/batches/{batch.pk}/status.json").json()
    assert status["state"] == "queued" and status["done"] == 0 and status["total"] == 5  # nothing read in the request
    assert AuditedReport.objects.count() == 0
    run_pending_tasks()
    status = client.get(f"/supervision/{gov.slug}/audit/batches/{batch.pk}/status.json").json()
    assert status["state"] == "done" and status["done"] == 5 and status["current"] == ""
    stored = {r.original_name: r for r in AuditedReport.objects.all()}
    assert len(stored) == 5
    yj = stored["000_04d0c90127c5455c.txt"]
    assert yj.read_ok and yj.agency.name == "延津县应急管理局" and yj.year == 2023 and yj.errors == 0
    assert yj.exchange["provenance"] and len(yj.sha256) == 64
    assert (services.audit_dir() / yj.stored_path).read_bytes() == (corpus_dir / "000_04d0c90127c5455c.txt").read_bytes()
    hz = stored["hongze_district_gov_2023.pdf"]
    assert hz.errors == 2 and hz.agency is None and hz.agency_name == "淮安市洪泽区人民政府"
    assert stored["pingtan_2022_page.txt"].agency is None  # another government's agency is not matched
    bad = stored["letter.txt"]
    assert not bad.read_ok and "不是" in bad.error
    page = client.get(f"/supervision/{gov.slug}/audit/batches/{batch.pk}/").content.decode()
    assert "已完成" in page and "letter.txt" in page and "无法读取" in page


def test_same_file_again_is_not_duplicated(client, gov, supervisor, corpus_dir):
    client.force_login(supervisor)
    data = (corpus_dir / "pingtan_2022_page.txt").read_bytes()
    _upload(client, gov, [SimpleUploadedFile("a.txt", data)])
    run_pending_tasks()
    _upload(client, gov, [SimpleUploadedFile("改名.txt", data), SimpleUploadedFile("报告.zip", _zip(corpus_dir))])
    run_pending_tasks()
    assert AuditedReport.objects.filter(sha256=AuditedReport.objects.get(original_name="a.txt").sha256).count() == 1
    assert AuditedReport.objects.count() == 5
    last = AuditBatch.objects.order_by("-pk").first()
    states = dict(last.items.values_list("name", "state"))
    assert states["改名.txt"] == "duplicate" and states["pingtan_2022_page.txt"] == "duplicate"


@pytest.mark.parametrize("files,message", [
    (lambda: [SimpleUploadedFile("x.exe", b"MZ")], "不是可核查的文件"),
    (lambda: [SimpleUploadedFile("x.zip", b"not a zip")], "不是有效的 ZIP"),
    (lambda: [SimpleUploadedFile("x.zip", _many(7))], "最多核查 5 个文件"),
    (lambda: [SimpleUploadedFile("big.txt", b"x" * 2 * 1024 * 1024)], "超过单个文件 1 MB"),
])
def test_upload_bounds_refuse_with_a_message_and_store_nothing(client, gov, supervisor, settings, files, message,
                                                                audit_dir):
    settings.GONGKAI_AUDIT_MAX_FILES = 5
    settings.GONGKAI_AUDIT_MAX_FILE_MB = 1
    client.force_login(supervisor)
    r = client.post(f"/supervision/{gov.slug}/audit/upload/", {"files": files()}, follow=True)
    assert message in r.content.decode()
    assert AuditBatch.objects.count() == 0 and BatchItem.objects.count() == 0
    assert not list(audit_dir.rglob("*.*")) if audit_dir.exists() else True


def _many(n) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(n):
            zf.writestr(f"{i}.txt", "x")
    return buf.getvalue()


def test_zip_bomb_entry_is_stopped_at_the_cap_while_inflating(client, gov, supervisor, settings):
    """A ZIP whose directory lies about an entry's size: the cap is enforced
    on the bytes actually inflated, and the batch goes on."""
    settings.GONGKAI_AUDIT_MAX_FILE_MB = 1
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.txt", b"0" * (3 * 1024 * 1024))
    data = bytearray(buf.getvalue())
    # patch the declared uncompressed size (central directory) down to 10 bytes
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (10).to_bytes(4, "little")
    client.force_login(supervisor)
    _upload(client, gov, [SimpleUploadedFile("b.zip", bytes(data))])
    run_pending_tasks()
    batch = AuditBatch.objects.get()
    assert batch.state == "done" and batch.done == 1
    assert batch.items.get().state == "unreadable" and AuditedReport.objects.count() == 0


@pytest.fixture
def hongze(client, gov, supervisor, corpus_dir):
    client.force_login(supervisor)
    _upload(client, gov, [SimpleUploadedFile("hongze.pdf", (corpus_dir / "hongze_district_gov_2023.pdf").read_bytes())])
    run_pending_tasks()
    return AuditedReport.objects.get()


def test_report_page_marks_findings_on_cells_with_sources(client, gov, hongze):
    page = client.get(f"/supervision/{gov.slug}/audit/reports/{hongze.pk}/").content.decode()
    assert 'data-path="appeals.reconsideration.4" data-finding="error"' in page
    assert "T4.SUM" in page and re.search(r"出处：第\d+页，第\d+行", page)
    assert "淮安市洪泽区人民政府" in page and hongze.sha256 in page
    assert client.get(f"/supervision/{gov.slug}/audit/reports/{hongze.pk}/original").status_code == 200


def test_correction_is_recorded_keeps_the_read_value_and_reruns_the_rules(client, gov, supervisor, hongze):
    url = f"/supervision/{gov.slug}/audit/reports/{hongze.pk}/correct/"
    r = client.post(url, {"path": "appeals.reconsideration.4", "value": "11", "reason": ""}, follow=True)
    assert "请填写更正理由" in r.content.decode() and Correction.objects.count() == 0
    r = client.post(url, {"path": "appeals.reconsideration.4", "value": "-3", "reason": "x"}, follow=True)
    assert "整数" in r.content.decode()
    r = client.post(url, {"path": "appeals.reconsideration.4", "value": "11", "reason": "对照原件，总计应为11"},
                    follow=True)
    assert "已更正" in r.content.decode()
    hongze.refresh_from_db()
    c = Correction.objects.get()
    assert (c.old, c.new, c.read_value, c.by, c.reason) == ("0", "11", "0", supervisor, "对照原件，总计应为11")
    assert hongze.exchange["appeals"]["reconsideration"][4] == 0  # the reader's value is kept
    assert hongze.current["appeals"]["reconsideration"][4] == 11
    assert hongze.errors == 1  # the rules ran again: only 复议后起诉 is still wrong
    page = r.content.decode()
    assert "对照原件，总计应为11" in page and 'data-corrected="1"' in page
    with pytest.raises(CorrectionImmutable):
        c.save()


def _read_two_years(client, gov, supervisor, corpus_dir):
    client.force_login(supervisor)
    _upload(client, gov, [SimpleUploadedFile(n, (corpus_dir / n).read_bytes())
                          for n in ("pingtan_2021_page.txt", "pingtan_2022_page.txt", "000_04d0c90127c5455c.txt")])
    run_pending_tasks()


def test_one_agency_across_years_with_cross_year_rules_and_xlsx(client, gov, supervisor, corpus_dir):
    _read_two_years(client, gov, supervisor, corpus_dir)
    r22 = AuditedReport.objects.get(year=2022)
    services.correct(r22, "requests.carried_over.0", "5", "测试跨年规则", supervisor)
    url = f"/supervision/{gov.slug}/audit/agency/?name=平潭综合实验区管委会"
    page = client.get(url).content.decode()
    assert "2021—2022" in page and "X.CARRY" in page and "2022年 二、上年结转 = 5" in page
    wb = openpyxl.load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content))
    rows = list(wb["逐年数值"].iter_rows(values_only=True))
    assert rows[0] == ("项目", "2021年", "2022年")
    assert any(r[0].startswith("表三 “一、本年新收") and r[0].endswith("总计列") and r[1:] == (70, 74) for r in rows)
    assert any(r[1] == "X.CARRY" for r in wb["核查发现"].iter_rows(values_only=True))


def test_all_agencies_of_a_year_side_by_side_and_xlsx(client, gov, supervisor, corpus_dir):
    _read_two_years(client, gov, supervisor, corpus_dir)
    page = client.get(f"/supervision/{gov.slug}/audit/year/2022/").content.decode()
    assert "平潭综合实验区管委会" in page and "延津县应急管理局" not in page
    wb = openpyxl.load_workbook(io.BytesIO(client.get(f"/supervision/{gov.slug}/audit/year/2023/reports.xlsx").content))
    rows = list(wb["各机关数值"].iter_rows(values_only=True))
    assert rows[0][:4] == ("机关", "文件", "错误", "警告") and rows[1][0] == "延津县应急管理局"


def test_reading_child_time_limit_applies_to_web_batches(client, gov, supervisor, settings, tmp_path, monkeypatch):
    """One file that hangs ends as unreadable (timeout); the batch finishes."""
    from tests.core.test_audit import _SLOW_READER

    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_SLOW_READER, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(site))
    monkeypatch.setenv("GONGKAI_TEST_SLOW", str(tmp_path / "pid"))
    settings.GONGKAI_AUDIT_TIMEOUT = 2
    from gongkai.reader import guard

    guard._local.__dict__.clear()
    client.force_login(supervisor)
    _upload(client, gov, [SimpleUploadedFile("slow.txt", "一".encode())])
    run_pending_tasks()
    obj = AuditedReport.objects.get()
    assert not obj.read_ok and "超过 2 秒" in obj.error
    guard._local.__dict__.clear()
    shutil.rmtree(site)

