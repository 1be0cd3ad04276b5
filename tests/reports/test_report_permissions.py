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
    data = {"overview": "概况", "problems": "问题", "other": "其他", "action": "publish"}
    assert client.post(f"/reports/{agency.slug}/2025/save/", data).status_code == 403
    from gongkai.reports.models import AnnualReport

    assert AnnualReport.objects.get(agency=agency, year=2025).versions.count() == 0
