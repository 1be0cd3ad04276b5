"""Staff of one agency cannot see or change another's register, cases or reports."""

import datetime as dt

import pytest

from gongkai.appeals.models import AppealCase
from gongkai.disclosure.models import DisclosureItem, Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(make_agency, make_user):
    a, b = make_agency(), make_agency()
    item = DisclosureItem.objects.create(agency=b, title="乙局的信息", category=2, formed_on=dt.date(2025, 1, 2),
                                         published_on=dt.date(2025, 1, 3))
    doc = Document.objects.create(agency=b, kind="normative_documents", title="乙局文件", made_on=dt.date(2025, 1, 2))
    case = AppealCase.objects.create(agency=b, kind="reconsideration", filed_on=dt.date(2025, 1, 2))
    return a, b, make_user(a), item, doc, case


def test_cannot_see_another_agencys_records(client, two):
    a, b, user_a, item, doc, case = two
    client.force_login(user_a)
    for url in (f"/staff/disclosure/{b.slug}/", f"/staff/appeals/{b.slug}/", f"/reports/{b.slug}/2025/",
                f"/staff/disclosure/{b.slug}/items/{item.pk}/", f"/staff/appeals/{b.slug}/{case.pk}/",
                f"/reports/{b.slug}/2025/draft.docx"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/staff/disclosure/{a.slug}/").status_code == 200
    # nor reach B's records through A's pages
    assert client.get(f"/staff/disclosure/{a.slug}/items/{item.pk}/").status_code == 404
    assert client.get(f"/staff/disclosure/{a.slug}/documents/{doc.pk}/").status_code == 404
    assert client.get(f"/staff/appeals/{a.slug}/{case.pk}/").status_code == 404
    assert "乙局的信息" not in client.get(f"/staff/disclosure/{a.slug}/?year=2025").content.decode()


def test_cannot_change_another_agencys_records(client, two):
    _a, b, user_a, item, _doc, _case = two
    client.force_login(user_a)
    r = client.post(f"/staff/disclosure/{b.slug}/items/{item.pk}/", {
        "title": "改了", "category": 2, "formed_on": "2025-01-02", "published_on": "2025-01-03"})
    assert r.status_code == 404
    r = client.post(f"/staff/appeals/{b.slug}/new/", {"kind": "reconsideration", "filed_on": "2025-02-01",
                                                      "outcome": "pending"})
    assert r.status_code == 404
    r = client.post(f"/reports/{b.slug}/2025/save/", {"overview": "改写", "action": "publish"})
    assert r.status_code == 404
    item.refresh_from_db()
    assert item.title == "乙局的信息"
    assert AppealCase.objects.filter(agency=b).count() == 1
    from gongkai.reports.models import AnnualReport

    assert not AnnualReport.objects.filter(agency=b).exists()


def test_supervisor_sees_department_read_only(client, make_agency, make_user):
    gov = make_agency(level="government")
    dept = make_agency(parent=gov)
    supervisor = make_user(gov)
    client.force_login(supervisor)
    assert client.get(f"/staff/disclosure/{dept.slug}/").status_code == 200
    assert client.get(f"/reports/{dept.slug}/2025/").status_code == 200
    r = client.post(f"/staff/disclosure/{dept.slug}/items/new/", {
        "title": "x", "category": 2, "formed_on": "2025-01-02", "published_on": "2025-01-03"})
    assert r.status_code == 403
    assert client.post(f"/reports/{dept.slug}/2025/save/", {"overview": "x"}).status_code == 403
    assert not DisclosureItem.objects.filter(agency=dept).exists()


def test_anonymous_is_sent_to_login(client, agency):
    r = client.get(f"/reports/{agency.slug}/2025/")
    assert r.status_code == 302 and "login" in r["Location"]


def test_registrar_may_edit_but_not_publish(client, agency, make_user):
    registrar = make_user(agency, roles=("registrar",))
    client.force_login(registrar)
    data = {"overview": "概况", "problems": "问题", "other": "其他", "action": "publish", "confirmed": "1"}
    assert client.post(f"/reports/{agency.slug}/2025/save/", data).status_code == 403
    from gongkai.reports.models import AnnualReport

    assert AnnualReport.objects.get(agency=agency, year=2025).versions.count() == 0


# ---------------------------------------------------------------- supervision (audit and dashboard)


@pytest.fixture
def audited(make_agency, make_user, settings, tmp_path):
    """Government B has an audited report and a batch; A is another government."""
    from gongkai.supervision.models import AuditBatch, AuditedReport, BatchItem

    settings.GONGKAI_AUDIT_DIR = tmp_path
    a, b = make_agency(level="government"), make_agency(level="government")
    dept_b = make_agency(parent=b)
    report = AuditedReport.objects.create(
        owner=b, sha256="0" * 64, original_name="乙报告.txt", stored_path="x.txt", read_ok=True, agency_name="乙机关",
        year=2024, exchange={"agency": "乙机关", "year": 2024}, current={"agency": "乙机关", "year": 2024})
    (tmp_path / "x.txt").write_text("乙", encoding="utf-8")
    batch = AuditBatch.objects.create(owner=b, name="乙的上传")
    BatchItem.objects.create(batch=batch, position=0, name="乙报告.txt", source="x", report=report)
    return a, b, dept_b, report, batch, make_user(a), make_user(b), make_user(dept_b)


def _supervision_urls(b, report, batch):
    return [f"/supervision/{b.slug}/", f"/supervision/{b.slug}/dashboard.xlsx?year=2024",
            f"/supervision/{b.slug}/audit/", f"/supervision/{b.slug}/audit/batches/{batch.pk}/",
            f"/supervision/{b.slug}/audit/batches/{batch.pk}/status.json",
            f"/supervision/{b.slug}/audit/reports/{report.pk}/", f"/supervision/{b.slug}/audit/reports/{report.pk}/original",
            f"/supervision/{b.slug}/audit/agency/?name=乙机关", f"/supervision/{b.slug}/audit/year/2024/",
            f"/supervision/{b.slug}/audit/year/2024/reports.xlsx"]


def test_supervision_pages_of_another_government_are_404(client, audited):
    a, b, _dept_b, report, batch, user_a, user_b, user_dept = audited
    for user in (user_a, user_dept):  # another government; a department under B
        client.force_login(user)
        for url in _supervision_urls(b, report, batch):
            assert client.get(url).status_code == 404, (user, url)
        r = client.post(f"/supervision/{b.slug}/audit/reports/{report.pk}/correct/",
                        {"path": "x", "value": "1", "reason": "r"})
        assert r.status_code == 404
        assert client.post(f"/supervision/{b.slug}/audit/upload/").status_code == 404
    client.force_login(user_a)
    # nor B's records through A's own pages
    assert client.get(f"/supervision/{a.slug}/audit/reports/{report.pk}/").status_code == 404
    assert client.get(f"/supervision/{a.slug}/audit/batches/{batch.pk}/status.json").status_code == 404
    assert "乙报告" not in client.get(f"/supervision/{a.slug}/audit/").content.decode()
    assert client.get(f"/supervision/{a.slug}/audit/year/2024/reports.xlsx").content.find("乙机关".encode()) == -1
    client.force_login(user_b)
    for url in _supervision_urls(b, report, batch):
        assert client.get(url).status_code == 200, url


def test_supervisor_sees_departments_read_only(client, audited):
    """B's member sees B's department's pages but cannot upload or correct for it."""
    _a, b, dept_b, _report, _batch, _ua, user_b, _ud = audited
    client.force_login(user_b)
    assert client.get(f"/supervision/{dept_b.slug}/audit/").status_code == 200
    assert client.post(f"/supervision/{dept_b.slug}/audit/upload/").status_code == 403
    page = client.get(f"/supervision/{b.slug}/?year=2024").content.decode()
    assert dept_b.name in page
