"""The proactive-disclosure register, appeal cases, the monthly import, the supervisor view."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.appeals.models import AppealCase
from gongkai.disclosure import importer
from gongkai.disclosure.models import DisclosureItem, Document, MonthlyFigures
from gongkai.disclosure.workdays import working_days_between

pytestmark = pytest.mark.django_db


def test_late_publication_uses_official_working_days(agency):
    # workflow.md's worked example: 2026-09-28 -> 20th working day 2026-10-30 (国庆, 调休);
    # plain weekdays would count 24 and wrongly flag it
    formed = dt.date(2026, 9, 28)
    on_time = DisclosureItem.objects.create(agency=agency, title="按时", category=6, formed_on=formed,
                                            published_on=dt.date(2026, 10, 30))
    late = DisclosureItem.objects.create(agency=agency, title="超期", category=6, formed_on=formed,
                                         published_on=dt.date(2026, 11, 2))
    assert working_days_between(formed, dt.date(2026, 10, 30)) == 20
    assert not on_time.late and late.late


def test_register_page_flags_late_and_derives_in_force(staff_client, agency):
    DisclosureItem.objects.create(agency=agency, title="迟到的信息", category=13, formed_on=dt.date(2025, 3, 3),
                                  published_on=dt.date(2025, 6, 3))
    Document.objects.create(agency=agency, kind="normative_documents", title="有效文件", made_on=dt.date(2024, 1, 5))
    Document.objects.create(agency=agency, kind="normative_documents", title="废止文件", made_on=dt.date(2024, 1, 5),
                            repealed_on=dt.date(2025, 2, 1))
    page = staff_client.get(f"/staff/disclosure/{agency.slug}/?year=2025").content.decode()
    assert "1 条超过20个工作日公开" in page and "超期" in page
    assert "已废止" in page and "现行有效" in page


def test_entering_items_and_documents(staff_client, agency):
    r = staff_client.post(f"/staff/disclosure/{agency.slug}/items/new/", {
        "title": "2025年防汛预案", "category": 12, "formed_on": "2025-05-06", "published_on": "2025-05-08"})
    assert r.status_code == 302
    assert DisclosureItem.objects.get(agency=agency).get_category_display().startswith("（十二）")
    r = staff_client.post(f"/staff/disclosure/{agency.slug}/documents/new/", {
        "kind": "regulations", "title": "某规章", "made_on": "2025-03-01", "repealed_on": "2025-01-01"})
    assert r.status_code == 200 and "废止日期不能早于制发日期" in r.content.decode()
    assert not Document.objects.exists()


def test_monthly_figures_form(staff_client, agency):
    data = {}
    for m in range(1, 13):
        data |= {f"m{m}-licensing": m, f"m{m}-punishment": 1, f"m{m}-coercion": 0, f"m{m}-fees_yuan": "10.50"}
    assert staff_client.post(f"/staff/disclosure/{agency.slug}/figures/2025/", data).status_code == 302
    assert MonthlyFigures.objects.filter(agency=agency, year=2025).count() == 12
    from gongkai.reports import compute

    rep = compute.compute_report(agency, 2025)
    assert rep.active.licensing == 78 and rep.active.punishment == 12 and rep.active.fees_10k_yuan == Decimal("0.0126")


def _xlsx_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _import(client, agency, name, data, **extra):
    return client.post(f"/staff/disclosure/{agency.slug}/import/?year=2025",
                       {"file": SimpleUploadedFile(name, data), **extra})


def _confirm(client, agency, page: str):
    import re

    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    return client.post(f"/staff/disclosure/{agency.slug}/import/?year=2025", {"token": token}, follow=True)


def test_generic_template_is_blank_and_parses(staff_client):
    r = staff_client.get("/staff/disclosure/template.xlsx?year=2025")
    assert r.status_code == 200
    rows = importer.parse(r.content, "t.xlsx")
    assert [x.month for x in rows] == list(range(1, 13)) and all(x.year == 2025 for x in rows)
    assert all(x.figures() == dict.fromkeys(importer.FIGURES) for x in rows)  # blank: nothing would change


def test_template_is_prefilled_and_import_previews_then_applies(staff_client, agency):
    """Issue 11 item 3: the template carries the current figures; an import
    lists the changed cells (old → new) and stores nothing until confirmed."""
    for m in range(1, 13):
        MonthlyFigures.objects.create(agency=agency, year=2025, month=m, licensing=m, punishment=1, coercion=0,
                                      fees_yuan=Decimal("10.50"))
    from openpyxl import load_workbook

    r = staff_client.get(f"/staff/disclosure/{agency.slug}/template.xlsx?year=2025")
    wb = load_workbook(io.BytesIO(r.content))
    assert [c.value for c in wb.active[4]] == [2025, 3, 3, 1, 0, 10.5]  # March as recorded
    wb.active["C4"] = 7  # March licensing 3 -> 7
    wb.active["F4"] = 1234.5
    page = _import(staff_client, agency, "m.xlsx", _xlsx_bytes(wb)).content.decode()
    assert 'id="changes"' in page
    rows = page[page.index('id="changes"'):page.index("</table>", page.index('id="changes"'))]
    assert rows.count("<tr>") == 3  # header + the two changed cells, unchanged cells not listed
    assert "2025年3月" in rows and "<td>3</td><td><strong>7</strong>" in rows
    assert "<td>10.50</td><td><strong>1234.50</strong>" in rows
    assert "另有 46 个单元格为空白或与现有数据相同" in page
    march = MonthlyFigures.objects.get(agency=agency, year=2025, month=3)
    assert march.licensing == 3  # nothing applied before the confirmation
    done = _confirm(staff_client, agency, page).content.decode()
    assert "已导入：2 个单元格有变化" in done
    march.refresh_from_db()
    assert march.licensing == 7 and march.fees_yuan == Decimal("1234.50")
    assert [m.licensing for m in MonthlyFigures.objects.filter(agency=agency, year=2025)] == \
        [1, 2, 7, 4, 5, 6, 7, 8, 9, 10, 11, 12]


def test_blank_cells_leave_figures_unchanged(staff_client, agency):
    """The eleven-months-reset-to-0 case: a file that fills March only."""
    for m in range(1, 13):
        MonthlyFigures.objects.create(agency=agency, year=2025, month=m, licensing=5, punishment=5, coercion=5,
                                      fees_yuan=Decimal(5))
    csv_text = "年度,月份,行政许可,行政处罚,行政强制,行政事业性收费（元）\n" + "".join(
        f"2025,{m},{'9' if m == 3 else ''},,,\n" for m in range(1, 13))
    page = _import(staff_client, agency, "m.csv", csv_text.encode()).content.decode()
    assert "导入将修改以下 1 个单元格" in page
    _confirm(staff_client, agency, page)
    figures = MonthlyFigures.objects.filter(agency=agency, year=2025)
    assert [f.licensing for f in figures] == [5, 5, 9] + [5] * 9
    assert all(f.punishment == 5 and f.coercion == 5 and f.fees_yuan == 5 for f in figures)


def test_confirmation_applies_only_what_was_previewed(staff_client, agency, make_agency, make_user):
    import re

    from django.test import Client

    csv_text = "年度,月份,行政许可,行政处罚,行政强制,行政事业性收费（元）\n2025,1,4,,,\n"
    page = _import(staff_client, agency, "m.csv", csv_text.encode()).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    url = f"/staff/disclosure/{agency.slug}/import/?year=2025"
    # a token edited to carry other figures is refused
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert "导入确认无效" in staff_client.post(url, {"token": forged}, follow=True).content.decode()
    # another user of the agency cannot confirm someone else's preview
    other = Client()
    other.force_login(make_user(agency))
    assert "导入确认无效" in other.post(url, {"token": token}, follow=True).content.decode()
    # nor can it be applied to another agency
    b = make_agency()
    staff_client.force_login(make_user(b))
    r = staff_client.post(f"/staff/disclosure/{b.slug}/import/?year=2025", {"token": token}, follow=True)
    assert "导入确认无效" in r.content.decode()
    assert not MonthlyFigures.objects.exists()


def test_confirmation_refused_when_the_register_changed_since(staff_client, agency):
    MonthlyFigures.objects.create(agency=agency, year=2025, month=1, licensing=1)
    csv_text = "年度,月份,行政许可,行政处罚,行政强制,行政事业性收费（元）\n2025,1,4,,,\n2025,2,6,,,\n"
    page = _import(staff_client, agency, "m.csv", csv_text.encode()).content.decode()
    MonthlyFigures.objects.filter(month=1).update(licensing=2)  # someone saved January in between
    r = _confirm(staff_client, agency, page).content.decode()
    assert "2025年1月的“行政许可”在预览之后已被修改" in r
    assert MonthlyFigures.objects.get(month=1).licensing == 2 and not MonthlyFigures.objects.filter(month=2).exists()


def test_bad_row_is_named_and_nothing_is_imported(staff_client, agency):
    csv_text = "年度,月份,行政许可,行政处罚,行政强制,行政事业性收费（元）\n2025,1,3,1,0,0\n2025,13,1,1,0,0\n2025,2,-1,0,0,abc\n"
    r = staff_client.post(f"/staff/disclosure/{agency.slug}/import/",
                          {"file": SimpleUploadedFile("m.csv", csv_text.encode("utf-8"))}, follow=True)
    page = r.content.decode()
    assert "第3行：“月份”应为1至12的整数" in page
    assert "第4行：“行政许可”应为0至10000000的整数" in page and "第4行：“行政事业性收费（元）”" in page
    assert "未导入任何数据" in page
    assert not MonthlyFigures.objects.exists()  # row 2 was fine but is not half-imported


def test_importer_rejects_duplicates_and_bad_header():
    with pytest.raises(importer.ImportError_) as err:
        importer.parse("年度,月份,行政许可,行政处罚,行政强制,行政事业性收费（元）\n2025,1,1,1,1,1\n2025,1,2,2,2,2\n".encode(), "a.csv")
    assert "第3行：2025年1月与第2行重复" in err.value.errors
    with pytest.raises(importer.ImportError_) as err:
        importer.parse(b"a,b\n1,2\n", "a.csv")
    assert err.value.errors[0].startswith("第1行：表头应为")
    with pytest.raises(importer.ImportError_):
        importer.parse(b"x", "a.txt")
    gbk = "年度,月份,行政许可,行政处罚,行政强制,行政事业性收费（元）\n2025,5,1,2,3,4.5\n".encode("gb18030")
    assert importer.parse(gbk, "a.csv")[0].fees_yuan == Decimal("4.5")


def test_appeal_case_entry_and_validation(staff_client, agency, make_app, make_agency):
    app = make_app(agency, "natural_person", dt.date(2025, 1, 2), dt.date(2025, 1, 20), "withheld_third_party")
    other_app = make_app(make_agency(), "natural_person", dt.date(2025, 1, 2))
    base = {"kind": "reconsideration", "case_number": "复〔2025〕1号", "filed_on": "2025-02-01"}
    r = staff_client.post(f"/staff/appeals/{agency.slug}/new/", {**base, "closed_on": "2025-03-01", "outcome": "pending"})
    assert "已审结的案件须选择结果" in r.content.decode()
    r = staff_client.post(f"/staff/appeals/{agency.slug}/new/",
                          {**base, "application_number": other_app.number, "outcome": "pending"})
    assert r.status_code == 200 and not AppealCase.objects.exists()  # another agency's application is not found
    assert f"本机关没有受理编号为“{other_app.number}”的申请" in r.content.decode()
    r = staff_client.post(f"/staff/appeals/{agency.slug}/new/", {
        **base, "application_number": f" {app.number.lower()} ", "closed_on": "2025-03-01", "outcome": "corrected"})
    assert r.status_code == 302
    case = AppealCase.objects.get()
    assert case.application == app
    page = staff_client.get(f"/staff/appeals/{agency.slug}/?year=2025").content.decode()
    assert "复〔2025〕1号" in page and "结果纠正" in page


def test_appeal_application_field_is_a_receipt_number_not_a_dropdown(staff_client, agency, make_app):
    """Issue 11 item 6: the 相关申请 is typed (suggestions from the agency's
    own numbers), not a <select> of every application; the case shows on the
    application's page."""
    apps = [make_app(agency, "natural_person", dt.date(2025, 1, 2)) for _ in range(30)]
    page = staff_client.get(f"/staff/appeals/{agency.slug}/new/").content.decode()
    assert 'name="application_number"' in page and "<select name=\"application\"" not in page
    assert apps[0].number not in page  # no list of every application in the page
    hits = staff_client.get(f"/staff/appeals/{agency.slug}/application-numbers/?q={apps[3].number}").json()
    assert [h["number"] for h in hits["results"]] == [apps[3].number]
    staff_client.post(f"/staff/appeals/{agency.slug}/new/", {
        "kind": "litigation_direct", "case_number": "（2025）豫0726行初9号", "filed_on": "2025-03-01",
        "outcome": "pending", "application_number": apps[3].number})
    detail = staff_client.get(f"/staff/{apps[3].pk}/").content.decode()
    assert "（2025）豫0726行初9号" in detail and "行政诉讼（未经复议直接起诉）" in detail
    edit = staff_client.get(f"/staff/appeals/{agency.slug}/{AppealCase.objects.get().pk}/").content.decode()
    assert f'value="{apps[3].number}"' in edit


def test_appeals_list_honours_the_year(staff_client, agency):
    AppealCase.objects.create(agency=agency, kind="reconsideration", case_number="旧案", filed_on=dt.date(2023, 2, 1),
                              closed_on=dt.date(2023, 5, 1), outcome="upheld")
    AppealCase.objects.create(agency=agency, kind="reconsideration", case_number="跨年案", filed_on=dt.date(2024, 11, 1),
                              closed_on=dt.date(2025, 2, 1), outcome="corrected")
    AppealCase.objects.create(agency=agency, kind="reconsideration", case_number="新案", filed_on=dt.date(2026, 1, 5))
    cases = lambda y: staff_client.get(f"/staff/appeals/{agency.slug}/?year={y}").content.decode().split('id="cases"')[1]  # noqa: E731
    assert "旧案" in cases(2023) and "跨年案" not in cases(2023)
    assert "跨年案" in cases(2024) and "跨年案" in cases(2025) and "旧案" not in cases(2025)
    assert "新案" in cases(2026) and "新案" not in cases(2025) and "跨年案" not in cases(2026)


def test_reports_index_status_matches_the_edit_page(staff_client, agency, make_app):
    """A year whose tables hold records is shown as 草稿 (as its edit page says),
    a published one with its version."""
    from django.utils import timezone

    from gongkai.reports.models import AnnualReport, ReportVersion

    y = timezone.localdate().year  # the page lists this year and the three before
    make_app(agency, "natural_person", dt.date(y, 1, 2))
    obj = AnnualReport.objects.create(agency=agency, year=y - 2)
    ReportVersion.objects.create(report=obj, number=1, exchange={}, published_at=timezone.now())
    ReportVersion.objects.create(report=obj, number=2, exchange={}, published_at=timezone.now())
    AnnualReport.objects.create(agency=agency, year=y - 1, overview="写了一段")
    page = staff_client.get("/reports/").content.decode()
    cell = lambda year: page.split(f'href="/reports/{agency.slug}/{year}/">')[1].split("<")[0]  # noqa: E731
    assert (cell(y), cell(y - 1), cell(y - 2), cell(y - 3)) == ("草稿", "草稿", "已发布第2版", "未开始")
    assert "草稿（尚未发布）" in staff_client.get(f"/reports/{agency.slug}/{y}/").content.decode()


def test_supervisor_lists_departments_and_adopts_their_sums(client, make_agency, make_user, make_app):
    gov = make_agency(level="government")
    d1, d2 = make_agency(parent=gov), make_agency(parent=gov)
    MonthlyFigures.objects.create(agency=d1, year=2025, month=1, licensing=3, punishment=2, coercion=1)
    MonthlyFigures.objects.create(agency=d2, year=2025, month=5, licensing=4, punishment=0, coercion=0)
    make_app(d2, "natural_person", dt.date(2025, 2, 1))
    client.force_login(make_user(gov))
    page = client.get(f"/reports/{gov.slug}/2025/departments/").content.decode()
    assert d1.name in page and d2.name in page
    assert 'id="sum-licensing">7<' in page
    assert "S.SECTIONS" in page  # each department's findings are listed
    client.post(f"/reports/{gov.slug}/2025/departments/", {"action": "adopt"})
    from gongkai.reports import services
    from gongkai.reports.models import AnnualReport

    obj = AnnualReport.objects.get(agency=gov, year=2025)
    rep = services.live_report(obj)
    assert (rep.active.licensing, rep.active.punishment, rep.active.coercion) == (7, 2, 1)
    client.post(f"/reports/{gov.slug}/2025/departments/", {"action": "clear"})
    assert services.live_report(AnnualReport.objects.get(pk=obj.pk)).active.licensing == 0
    # a department member cannot open the government's supervisor page
    client.force_login(make_user(d1))
    assert client.get(f"/reports/{gov.slug}/2025/departments/").status_code == 404


def test_departments_page_reads_a_fixed_number_of_queries(client, make_agency, make_user, make_app):
    """Issue 15: no N+1 — the page reads as many queries for 8 departments as
    for 2, and each row equals what the per-department functions give."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.reports import services
    from gongkai.reports.models import AnnualReport

    gov = make_agency(level="government")
    client.force_login(make_user(gov))

    def add_departments(n):
        for _ in range(n):
            d = make_agency(parent=gov)
            MonthlyFigures.objects.create(agency=d, year=2025, month=1, licensing=1, punishment=2, coercion=0)
            make_app(d, "natural_person", dt.date(2025, 2, 1), dt.date(2025, 2, 9), "granted")
            make_app(d, "commercial", dt.date(2024, 6, 1), dt.date(2024, 6, 9), "granted")
            AnnualReport.objects.create(agency=d, year=2025, overview="概况。")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/reports/{gov.slug}/2025/departments/").status_code == 200
        return len(ctx.captured_queries)

    add_departments(2)
    two = queries()
    add_departments(6)
    assert queries() == two
    for row in services.departments_overview(gov, 2025):
        obj = AnnualReport.objects.get(agency=row.agency, year=2025)
        alone = services.live_report(obj)
        assert row.report.model_dump() == alone.model_dump()
        expected = services.findings(alone, services.previous_report(row.agency, 2025)[0])
        assert [(f.rule, f.message) for f in row.findings] == [(f.rule, f.message) for f in expected]


def test_reports_index_reads_a_fixed_number_of_queries(client, make_agency, make_user, make_app):
    """/reports/ for a supervisor: the same queries for 6 departments as for 2,
    and each cell as the per-agency function says."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.reports import services

    gov = make_agency(level="government")
    client.force_login(make_user(gov))
    year = dt.date.today().year

    def add(n):
        for i in range(n):
            d = make_agency(parent=gov)
            if i % 2:
                make_app(d, "natural_person", dt.date(year - 1, 3, 1))

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/reports/").status_code == 200
        return len(ctx.captured_queries)

    add(2)
    two = queries()
    add(4)
    assert queries() == two
    rows = client.get("/reports/").context["rows"]
    for agency, cells in rows:
        recorded = services.years_with_records(agency, [y for y, _s in cells])
        assert [y for y, s in cells if s == "草稿"] == sorted(recorded, reverse=True)
