"""The supervisor's dashboard: report status per agency, findings, figures
from the application records, SVG charts with data tables, XLSX of every figure."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from gongkai.reports.models import AnnualReport, ReportVersion
from gongkai.supervision import dashboard as dash

pytestmark = pytest.mark.django_db
openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture
def county(make_agency, make_user, make_app, gold_dir):
    from gongkai.applications import services
    from gongkai.applications.models import Application, Event
    from gongkai.model import load_report

    def app(agency, state, *, events=(), **kw):
        a = make_app(agency, **kw)
        Application.objects.filter(pk=a.pk).update(state=state)
        for kind, on, data in events:
            Event.objects.create(application=a, at=timezone.now(), on=on, kind=kind, data=data,
                                 state_before="processing", state_after=state)
        services.refresh_clock(a)  # the stored clock projection, as services.apply keeps it
        return a

    gov = make_agency("某县人民政府", level="government")
    on_time, late, missing = (make_agency(n, parent=gov) for n in ("某县甲局", "某县乙局", "某县丙局"))
    make_agency("外县丁局")  # not under 某县: never shown
    good = load_report(gold_dir / "pingtan_2021.json").to_dict()
    bad = load_report(gold_dir / "hongze_district_gov_2023.json").to_dict()
    for agency, when, data in ((on_time, dt.datetime(2025, 1, 20, 9), good), (late, dt.datetime(2025, 2, 10, 9), bad)):
        rep = AnnualReport.objects.create(agency=agency, year=2024)
        ReportVersion.objects.create(report=rep, number=1, exchange=data,
                                     published_at=timezone.make_aware(when))
    # 2024: 甲局 received 3 (one decided in 8 working days), 乙局 received 1; one overdue now, one paused
    app(on_time, "closed", received_on=dt.date(2024, 3, 1), decided_on=dt.date(2024, 3, 13), outcome="granted")
    app(on_time, "closed", received_on=dt.date(2024, 5, 6), decided_on=dt.date(2024, 5, 10),
        outcome="unavailable_not_held")
    app(on_time, "closed", received_on=dt.date(2023, 5, 6), decided_on=dt.date(2023, 5, 10), outcome="granted")
    app(late, "processing", received_on=dt.date(2024, 12, 2))  # overdue long since
    app(late, "correction", received_on=dt.date(2024, 12, 20),  # waiting on the applicant
        events=[("send_correction", dt.date(2024, 12, 23), {"supplement_due": "2025-03-20"})])
    return gov, on_time, late, missing, make_user(gov, roles=("registrar",))


def test_status_findings_and_figures(county):
    gov, _on_time, _late, _missing, _user = county
    d = dash.build(gov, 2024, today=dt.date(2025, 3, 1))
    rows = {r.agency.name: r for r in d.rows}
    assert list(rows) == ["某县人民政府", "某县丙局", "某县乙局", "某县甲局"]
    assert rows["某县甲局"].status == "on_time" and rows["某县乙局"].status == "late"
    assert rows["某县丙局"].status == "missing"  # departments were due on 31 January
    assert rows["某县人民政府"].status == "not_due"  # governments by 31 March
    assert rows["某县乙局"].errors == 2 and {f.rule for f in rows["某县乙局"].findings} >= {"T4.SUM"}
    assert ("T4.SUM", "表四各组：总计 = 维持 + 纠正 + 其他 + 尚未审结", 2, 1) in d.findings_by_rule()
    jia = rows["某县甲局"]
    assert (jia.received, jia.decided, jia.overdue, jia.paused) == (2, 2, 0, 0)
    assert jia.avg_days == 6.0  # (8 + 4) / 2 working days
    assert (rows["某县乙局"].received, rows["某县乙局"].overdue, rows["某县乙局"].paused) == (2, 1, 1)
    assert dict(d.outcome_mix())["（一）予以公开"] == 1 and dict(d.outcome_mix())["（四）无法提供"] == 1
    assert d.trend()[-2:] == [(2023, 1, 1), (2024, 4, 2)]


def test_page_has_svg_charts_with_data_tables_and_no_external_resources(client, county):
    gov, *_rest, user = county
    client.force_login(user)
    page = client.get(f"/supervision/{gov.slug}/?year=2024").content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="gk-chart"') >= 5
    assert page.count("<details><summary>数据表</summary>") >= 5
    assert all(s in page for s in ("逾期发布", "按时发布", "未发布", "未到期限"))
    assert "外县丁局" not in page
    assert "cdn" not in page.lower() and 'src="http' not in page and "href=\"http" not in page


def test_xlsx_has_every_figure(client, county):
    gov, *_rest, user = county
    client.force_login(user)
    r = client.get(f"/supervision/{gov.slug}/dashboard.xlsx?year=2024")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["报告状态", "报告状态汇总", "发现（按规则）", "发现（按机关）", "申请办理", "办理结果构成",
                             "年度趋势", "年度趋势（按机关）"]
    apps = {row[0]: row for row in wb["申请办理"].iter_rows(values_only=True)}
    assert apps["某县甲局"][1:3] == (2, 2) and apps["合计"][1] == 4
