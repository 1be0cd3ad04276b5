import datetime as dt
import io
import zipfile

import pytest
from django.test import Client

from gongkai.reports import services
from gongkai.reports.models import AnnualReport, ReportVersion

pytestmark = pytest.mark.django_db

TEXT = {"overview": "（一）主动公开：本年度主动公开信息若干。", "problems": "人员不足。", "other": "未收取信息处理费。"}


def test_publish_refused_while_sections_are_empty(staff_client, agency):
    r = staff_client.post(f"/reports/{agency.slug}/2025/save/", {"overview": "只写了概况", "action": "publish"})
    page = r.content.decode()
    assert 'id="blocking"' in page and "S.SECTIONS" in page and 'id="confirm"' not in page
    r = staff_client.post(f"/reports/{agency.slug}/2025/save/", {"action": "publish", "confirmed": "1"}, follow=True)
    assert "未能发布" in r.content.decode()
    assert not ReportVersion.objects.exists()
    assert AnnualReport.objects.get(agency=agency, year=2025).overview == "只写了概况"  # the draft is kept


def test_publish_freeze_and_correct(staff_client, agency, make_app):
    client = Client()
    make_app(agency, "natural_person", dt.date(2025, 3, 1), dt.date(2025, 3, 9), "granted")
    r = staff_client.post(f"/reports/{agency.slug}/2025/save/", {**TEXT, "action": "publish", "confirmed": "1"})
    assert r.status_code == 302 and r["Location"] == f"/reports/public/{agency.slug}/2025/"
    v1 = ReportVersion.objects.get()
    assert v1.number == 1 and v1.exchange["requests"]["granted"][6] == 1
    # the public page needs no login and shows the frozen report
    page = client.get(f"/reports/public/{agency.slug}/2025/").content.decode()
    assert "本年度主动公开信息若干" in page and "第1版" in page
    # records change after publishing: the published version does not
    make_app(agency, "commercial", dt.date(2025, 4, 1), dt.date(2025, 4, 9), "granted")
    v1.refresh_from_db()
    assert v1.exchange["requests"]["granted"][6] == 1
    # a correction needs a note and becomes version 2; version 1 stays
    r = staff_client.post(f"/reports/{agency.slug}/2025/save/",
                          {**TEXT, "overview": "更正后的概况。", "action": "publish", "confirmed": "1"}, follow=True)
    assert "更正说明" in r.content.decode() and ReportVersion.objects.count() == 1
    staff_client.post(f"/reports/{agency.slug}/2025/save/",
                      {**TEXT, "overview": "更正后的概况。", "action": "publish", "note": "补录一件申请", "confirmed": "1"})
    assert ReportVersion.objects.count() == 2
    latest = client.get(f"/reports/public/{agency.slug}/2025/").content.decode()
    assert "更正后的概况" in latest and "补录一件申请" in latest
    old = client.get(f"/reports/public/{agency.slug}/2025/v1/").content.decode()
    assert "本年度主动公开信息若干" in old
    v2 = ReportVersion.objects.get(number=2)
    assert v2.exchange["requests"]["granted"][6] == 2


def test_publishing_asks_first_and_lists_the_warnings(staff_client, agency):
    """Issue 11 item 4: publishing (and correcting) first says what will happen
    and lists the findings it is published with; nothing is published until
    confirmed."""
    from gongkai.model import Report

    prev = Report(agency=agency.name, year=2024)
    prev.requests.carried_forward = [1, 0, 0, 0, 0, 0, 1]  # a cross-year error: shown, not blocking
    obj = services.get_report(agency, 2025)
    obj.previous_import = prev.to_dict()
    obj.save()
    r = staff_client.post(f"/reports/{agency.slug}/2025/save/", {**TEXT, "action": "publish"})
    page = r.content.decode()
    assert r.status_code == 200 and not ReportVersion.objects.exists()
    assert "将发布第1版" in page and 'id="warnings"' in page and "X.CARRY" in page and 'id="confirm"' in page
    assert AnnualReport.objects.get(agency=agency, year=2025).problems == "人员不足。"  # the draft is saved
    r = staff_client.post(f"/reports/{agency.slug}/2025/save/", {"action": "publish", "confirmed": "1"})
    assert r.status_code == 302 and ReportVersion.objects.count() == 1
    # a correction: says which version it replaces, shows the note, refuses without one
    page = staff_client.post(f"/reports/{agency.slug}/2025/save/",
                             {**TEXT, "action": "publish", "note": "补录一件申请"}).content.decode()
    assert "将发布第2版，替换公开页面上的第1版" in page and "补录一件申请" in page and 'id="confirm"' in page
    page = staff_client.post(f"/reports/{agency.slug}/2025/save/", {**TEXT, "action": "publish"}).content.decode()
    assert "更正已发布的报告须填写更正说明" in page and 'id="confirm"' not in page
    assert ReportVersion.objects.count() == 1


def test_public_downloads(staff_client, agency):
    client = Client()
    staff_client.post(f"/reports/{agency.slug}/2025/save/", {**TEXT, "action": "publish", "confirmed": "1"})
    r = client.get(f"/reports/public/{agency.slug}/2025/report.docx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = zipfile.ZipFile(io.BytesIO(r.content)).read("word/document.xml").decode()
    assert "人员不足" in doc
    r = client.get(f"/reports/public/{agency.slug}/2025/report.pdf")
    assert r.status_code == 200 and r.content[:5] == b"%PDF-"
    assert client.get(f"/reports/public/{agency.slug}/2025/report.exe").status_code == 404
    assert client.get(f"/reports/public/{agency.slug}/2024/").status_code == 404  # never published
    assert agency.name in client.get("/reports/public/").content.decode()


def test_findings_show_beside_cells(staff_client, agency):
    # last year's report imported with a carried_forward that this year's records do not carry over
    from gongkai.model import Report

    prev = Report(agency=agency.name, year=2024)
    prev.requests.carried_forward = [1, 0, 0, 0, 0, 0, 1]
    obj = services.get_report(agency, 2025)
    obj.previous_import = prev.to_dict()
    obj.save()
    page = staff_client.get(f"/reports/{agency.slug}/2025/").content.decode()
    assert 'data-path="requests.carried_over.0" data-finding="error"' in page
    assert "X.CARRY" in page
    assert "S.SECTIONS" in page  # empty narrative


def test_autosave_returns_live_findings(staff_client, agency):
    r = staff_client.post(f"/reports/{agency.slug}/2025/save/", TEXT, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    data = r.json()
    assert data["blocking"] == 0 and "S.SECTIONS" not in data["findings_html"]
    assert AnnualReport.objects.get(agency=agency, year=2025).problems == "人员不足。"
    r = staff_client.post(f"/reports/{agency.slug}/2025/save/", {**TEXT, "other": ""},
                          HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert r.json()["blocking"] == 1 and "S.SECTIONS" in r.json()["findings_html"]


def test_import_previous_exchange_json(staff_client, agency):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.model import Report

    prev = Report(agency=agency.name, year=2024)
    f = SimpleUploadedFile("prev.json", prev.to_json().encode(), content_type="application/json")
    staff_client.post(f"/reports/{agency.slug}/2025/previous/", {"file": f})
    assert AnnualReport.objects.get(agency=agency, year=2025).previous_import["year"] == 2024
    wrong = SimpleUploadedFile("prev.json", Report(agency="x", year=2020).to_json().encode())
    r = staff_client.post(f"/reports/{agency.slug}/2025/previous/", {"file": wrong}, follow=True)
    assert "应为2024年度" in r.content.decode()


def test_import_previous_from_published_text_file(staff_client, make_agency, make_user, corpus_dir):
    """Last year's report read from the published file by gongkai.reader."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    yanjin = make_agency(name="延津县应急管理局")
    staff_client.force_login(make_user(yanjin))
    data = (corpus_dir / "000_04d0c90127c5455c.txt").read_bytes()
    r = staff_client.post(f"/reports/{yanjin.slug}/2024/previous/",
                          {"file": SimpleUploadedFile("000_04d0c90127c5455c.txt", data)}, follow=True)
    assert "已导入上年度报告" in r.content.decode()
    prev = AnnualReport.objects.get(agency=yanjin, year=2024).previous_import
    assert prev["year"] == 2023 and prev["active"]["licensing"] == 6 and prev["active"]["punishment"] == 11
    assert services.previous_report(yanjin, 2024)[1] == "imported"


def test_import_previous_errors_name_the_upload_not_a_temp_file(staff_client, agency):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = staff_client.post(f"/reports/{agency.slug}/2025/previous/",
                          {"file": SimpleUploadedFile("2024年报告.txt", "你好".encode())}, follow=True)
    page = r.content.decode()
    assert "无法读取上年度报告：“2024年报告.txt”不是政府信息公开工作年度报告" in page
    assert "tmp" not in page.split('class="messages"')[1].split("</ul>")[0]


def test_published_files_are_stored_and_served_without_rendering(staff_client, agency, make_app, monkeypatch):
    """Issue 15: the DOCX and PDF are rendered once, at publishing; a download
    serves the stored file — with the renderer broken, it still works."""
    import gongkai.render

    make_app(agency, "natural_person", dt.date(2025, 3, 1), dt.date(2025, 3, 9), "granted")
    staff_client.post(f"/reports/{agency.slug}/2025/save/", {**TEXT, "action": "publish", "confirmed": "1"})
    version = ReportVersion.objects.get()
    stored = {fmt: getattr(version, fmt).read() for fmt in ("docx", "pdf")}
    assert stored["pdf"].startswith(b"%PDF") and zipfile.is_zipfile(io.BytesIO(stored["docx"]))

    def broken(*args, **kwargs):
        raise AssertionError("a published version must not be rendered again")

    monkeypatch.setattr(gongkai.render, "render", broken)
    client = Client()
    for fmt in ("pdf", "docx"):
        r = client.get(f"/reports/public/{agency.slug}/2025/report.{fmt}")
        assert r.status_code == 200
        assert r.content == stored[fmt]
        assert f"{agency.slug}-2025-v1.{fmt}" in r["Content-Disposition"]
    # a draft, by contrast, is rendered on demand (and here the renderer is broken)
    with pytest.raises(AssertionError, match="rendered again"):
        staff_client.get(f"/reports/{agency.slug}/2025/draft.pdf")


def test_draft_renders_are_cached_by_content(staff_client, agency, monkeypatch):
    import gongkai.render

    calls = []
    real = gongkai.render.render

    def counting(report, fmt, **kw):
        calls.append(fmt)
        return real(report, fmt, **kw)

    monkeypatch.setattr(gongkai.render, "render", counting)
    staff_client.post(f"/reports/{agency.slug}/2025/save/", TEXT)
    first = staff_client.get(f"/reports/{agency.slug}/2025/draft.docx").content
    again = staff_client.get(f"/reports/{agency.slug}/2025/draft.docx").content
    assert first == again and calls == ["docx"]  # unchanged draft: rendered once
    staff_client.post(f"/reports/{agency.slug}/2025/save/", {**TEXT, "problems": "改过的问题。"})
    staff_client.get(f"/reports/{agency.slug}/2025/draft.docx")
    assert calls == ["docx", "docx"]  # the content changed: rendered again
