"""Demo records of 延津县应急管理局 for the annual report (``gongkai demo``).

* 2023 — exactly the records behind the agency's real 2023 report (corpus
  ``000_04d0c90127c5455c``): 6 licensing and 11 penalty decisions, nothing
  else; its narrative is the published one; published (version 1).
* 2024 and 2025 — richer records in which every row of tables 2–4 has
  something to count: disclosure items (one published late), documents made
  and repealed, monthly decisions and fees, appeal cases of the three kinds
  with every outcome (some open over a year end). The applications come from
  the platform's demo; where a table-3 outcome row of 2024 or 2025 would be
  empty, ``populate`` adds one application with that outcome directly
  through the applications models (marked "演示补充" in the description), and
  one application carried over from 2024 into 2025 and one still open at the
  end of 2025. 2024 is published; 2025 stays a draft to edit and publish.

``populate(stdout)`` is idempotent: a second call adds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai import standard

AGENCY = "延津县应急管理局"
DATA = Path(__file__).resolve().parent / "data"
D = dt.date
DEMO_MARK = "演示补充"

# 2023: the figures of the published report, spread over the months.
LICENSING_2023 = {3: 1, 5: 2, 8: 1, 10: 2}  # = 6
PUNISHMENT_2023 = {2: 1, 4: 2, 6: 3, 7: 1, 9: 2, 11: 2}  # = 11


def _agency():
    from gongkai.agencies.models import Agency

    agency = Agency.objects.filter(name=AGENCY).first()
    if agency is None:
        code = "YJYJ" if not Agency.objects.filter(code="YJYJ").exists() else "YJYJDEMO"
        agency = Agency.objects.create(
            name=AGENCY, slug="yanjin-yjj" if not Agency.objects.filter(slug="yanjin-yjj").exists() else "yanjin-yjj-demo",
            code=code, level="department", ogi_office="延津县应急管理局办公室",
            address="河南省新乡市延津县", office_hours="工作日 8:30—12:00，15:00—18:00",
        )
    return agency


def _publish_at(obj, day: dt.date, note: str = ""):
    from . import services

    return services.publish(obj, None, note=note, today=day,
                            at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))))


# ---------------------------------------------------------------- 2023


def _populate_2023(agency, out) -> None:
    from gongkai.disclosure.models import MonthlyFigures

    from .models import AnnualReport

    obj, _ = AnnualReport.objects.get_or_create(agency=agency, year=2023)
    if obj.versions.exists():
        out.write("  2023年度报告已存在，跳过\n")
        return
    for month in range(1, 13):
        MonthlyFigures.objects.update_or_create(
            agency=agency, year=2023, month=month,
            defaults={"licensing": LICENSING_2023.get(month, 0), "punishment": PUNISHMENT_2023.get(month, 0),
                      "coercion": 0, "fees_yuan": Decimal(0)},
        )
    seed = json.loads((DATA / "yanjin_2023.json").read_text(encoding="utf-8"))
    obj.overview, obj.problems, obj.other = seed["overview"], seed["problems"], seed["other"]
    obj.save()
    _publish_at(obj, D(2024, 1, 26))
    out.write("  2023年度：许可6件、处罚11件，年度报告已发布\n")


# ---------------------------------------------------------------- 2024, 2025

ITEMS = {
    2024: [
        ("延津县应急管理局机构职能及联系方式", 2, D(2024, 1, 5), D(2024, 1, 10)),
        ("延津县安全生产“十四五”规划中期调整", 3, D(2024, 2, 20), D(2024, 3, 1)),
        ("2023年度安全生产统计数据", 4, D(2024, 1, 25), D(2024, 2, 5)),
        ("危险化学品经营许可办理指南", 5, D(2024, 3, 4), D(2024, 3, 8)),
        ("2024年第一季度行政处罚决定公示", 6, D(2024, 4, 1), D(2024, 4, 7)),
        ("2024年部门预算", 7, D(2024, 2, 1), D(2024, 2, 29)),
        ("2024年防汛应急预案", 12, D(2024, 5, 6), D(2024, 5, 9)),
        ("2024年安全生产监督检查情况", 13, D(2024, 6, 3), D(2024, 8, 30)),  # late
        ("2024年第三季度行政处罚决定公示", 6, D(2024, 10, 8), D(2024, 10, 12)),
    ],
    2025: [
        ("延津县应急管理局机构职能及联系方式（更新）", 2, D(2025, 1, 6), D(2025, 1, 9)),
        ("2024年度安全生产统计数据", 4, D(2025, 1, 20), D(2025, 2, 10)),
        ("烟花爆竹经营（零售）许可办理指南", 5, D(2025, 1, 2), D(2025, 1, 6)),
        ("2025年上半年行政处罚决定公示", 6, D(2025, 7, 1), D(2025, 7, 4)),
        ("2024年部门决算", 7, D(2025, 7, 10), D(2025, 7, 18)),
        ("2025年森林防灭火应急预案", 12, D(2025, 3, 3), D(2025, 3, 5)),
        ("2025年汛期预警信息", 12, D(2025, 7, 20), D(2025, 7, 20)),
        ("2025年工贸企业安全生产专项检查情况", 13, D(2025, 9, 1), D(2025, 11, 20)),  # late
    ],
}
DOCUMENTS = [  # none before 2024: the 2023 report has none in force
    ("normative_documents", "延津县应急管理行政处罚裁量基准", "延应急〔2024〕2号", D(2024, 3, 1), None),
    ("normative_documents", "延津县安全生产举报奖励办法", "延应急〔2024〕4号", D(2024, 6, 1), D(2024, 9, 30)),
    ("normative_documents", "延津县安全生产举报奖励办法（修订）", "延应急〔2024〕6号", D(2024, 9, 30), None),
    ("normative_documents", "延津县应急物资储备管理办法", "延应急〔2024〕7号", D(2024, 11, 15), D(2025, 12, 1)),
    ("normative_documents", "延津县自然灾害救助工作规程", "延应急〔2025〕4号", D(2025, 5, 20), None),
    ("regulations", "延津县危险化学品安全管理若干规定（演示）", "演示〔2024〕1号", D(2024, 4, 1), D(2025, 10, 31)),
    ("regulations", "延津县烟花爆竹安全管理规定（演示）", "演示〔2025〕1号", D(2025, 10, 31), None),
]
# (kind, case number, filed, closed, outcome)
APPEALS = [
    ("reconsideration", "延政复〔2024〕11号", D(2024, 3, 5), D(2024, 5, 6), "upheld"),
    ("reconsideration", "延政复〔2024〕23号", D(2024, 6, 3), D(2024, 8, 1), "corrected"),
    ("reconsideration", "延政复〔2024〕40号", D(2024, 11, 20), D(2025, 1, 20), "other"),
    ("reconsideration", "延政复〔2025〕8号", D(2025, 2, 10), D(2025, 4, 10), "upheld"),
    ("reconsideration", "延政复〔2025〕19号", D(2025, 5, 12), D(2025, 7, 2), "corrected"),
    ("reconsideration", "延政复〔2025〕45号", D(2025, 12, 1), None, "pending"),
    ("litigation_direct", "（2024）豫0726行初12号", D(2024, 4, 2), D(2024, 9, 10), "upheld"),
    ("litigation_direct", "（2024）豫0726行初30号", D(2024, 10, 8), D(2025, 3, 18), "corrected"),
    ("litigation_direct", "（2025）豫0726行初5号", D(2025, 2, 1), D(2025, 6, 30), "other"),
    ("litigation_direct", "（2025）豫0726行初41号", D(2025, 10, 9), None, "pending"),
    ("litigation_after_reconsideration", "（2024）豫0726行初21号", D(2024, 6, 10), D(2024, 10, 15), "other"),
    ("litigation_after_reconsideration", "（2024）豫0726行初38号", D(2024, 9, 2), D(2025, 2, 26), "upheld"),
    ("litigation_after_reconsideration", "（2025）豫0726行初17号", D(2025, 4, 7), D(2025, 9, 12), "corrected"),
    ("litigation_after_reconsideration", "（2025）豫0726行初44号", D(2025, 11, 3), None, "pending"),
]
MONTHLY = {  # year -> (licensing, punishment, coercion, fees in 元) for months 1..12
    2024: [(1, 2, 0, 0), (2, 1, 0, 0), (1, 3, 1, 0), (0, 2, 0, 1200), (2, 1, 0, 0), (1, 4, 1, 0),
           (1, 2, 0, 0), (0, 1, 0, 350.5), (2, 3, 0, 0), (1, 2, 1, 0), (1, 1, 0, 0), (2, 2, 0, 800)],
    2025: [(2, 1, 0, 0), (1, 2, 0, 0), (1, 1, 0, 600), (2, 3, 1, 0), (1, 2, 0, 0), (0, 1, 0, 0),
           (2, 2, 1, 450), (1, 1, 0, 0), (1, 3, 0, 0), (2, 2, 0, 1000), (1, 1, 1, 0), (1, 2, 0, 0)],
}


def _records(agency, out) -> None:
    from gongkai.appeals.models import AppealCase
    from gongkai.disclosure.models import DisclosureItem, Document, MonthlyFigures

    if Document.objects.filter(agency=agency).exists() or AppealCase.objects.filter(agency=agency).exists():
        out.write("  2024—2025年度登记记录已存在，跳过\n")
        return
    for items in ITEMS.values():
        for title, cat, formed, published in items:
            DisclosureItem.objects.create(agency=agency, title=title, category=cat, formed_on=formed,
                                          published_on=published, url="")
    for kind, title, number, made, repealed in DOCUMENTS:
        Document.objects.create(agency=agency, kind=kind, title=title, number=number, made_on=made,
                                repealed_on=repealed)
    for year, months in MONTHLY.items():
        for month, (lic, pun, coe, fee) in enumerate(months, start=1):
            MonthlyFigures.objects.update_or_create(
                agency=agency, year=year, month=month,
                defaults={"licensing": lic, "punishment": pun, "coercion": coe, "fees_yuan": Decimal(str(fee))},
            )
    for kind, number, filed, closed, outcome in APPEALS:
        AppealCase.objects.create(agency=agency, kind=kind, case_number=number, filed_on=filed,
                                  closed_on=closed, outcome=outcome)
    out.write(f"  2024—2025年度：主动公开{sum(len(v) for v in ITEMS.values())}条、文件{len(DOCUMENTS)}件、"
              f"复议诉讼案件{len(APPEALS)}件、各月决定和收费\n")


def _new_application(agency, applicant_type, received, decided, outcome, note):
    from gongkai.applications import services as app_services
    from gongkai.applications.models import Application

    number = app_services.allocate_number(agency, received.year)
    return Application.objects.create(
        agency=agency, number=number,
        query_code_hash=app_services.hash_code(number, app_services.new_query_code()),
        state="closed" if decided else "processing", channel="in_person",
        arrived_on=received, received_on=received, decided_on=decided, outcome=outcome,
        applicant_type=applicant_type,
        applicant_name="演示申请人" if applicant_type == "natural_person" else "演示单位",
        id_type="resident_id" if applicant_type == "natural_person" else "credit_code",
        id_number="410726199001010000" if applicant_type == "natural_person" else "91410726MA00000000",
        phone="0373-0000000", description=f"{DEMO_MARK}：{note}",
    )


def _top_up_applications(agency, out) -> None:
    """Make every outcome row of 2024 and 2025 count something."""
    from gongkai.applications.models import Application

    from . import compute

    added = 0
    types = standard.APPLICANT_TYPES
    for year in (2024, 2025):
        t3 = compute.table3_many(agency, year).get(agency.pk)
        for i, key in enumerate(standard.OUTCOME_KEYS):
            if t3 is not None and t3[key][6] > 0:
                continue
            received = D(year, 1 + i % 11, 3 + i)
            decided = received + dt.timedelta(days=12)
            _new_application(agency, types[i % len(types)], received, decided, key,
                             standard.TABLE3_ROW_BY_KEY[key].label)
            added += 1
    marked = Application.objects.filter(agency=agency, description__startswith=DEMO_MARK)
    if not marked.filter(received_on=D(2024, 12, 23)).exists():
        _new_application(agency, "commercial", D(2024, 12, 23), D(2025, 1, 14), "granted", "跨年度办理")
        added += 1
    if not marked.filter(received_on=D(2025, 12, 22)).exists():
        _new_application(agency, "research", D(2025, 12, 22), None, None, "结转下年度继续办理")
        added += 1
    if added:
        out.write(f"  补充演示申请{added}件（使2024、2025年度每个办理结果都有数据）\n")


def _narrative(report) -> dict[str, str]:
    r, a = report.requests, report.active
    y = report.year
    return {
        "overview": (
            f"（一）主动公开：{y}年度，我局主动公开行政许可决定{a.licensing}件、行政处罚决定{a.punishment}件，"
            "及时发布防汛、森林防灭火等应急预案和预警信息。\n"
            f"（二）依申请公开：{y}年度，我局收到{r.new_received[6]}件政府信息公开申请，"
            f"上年结转{r.carried_over[6]}件，办结{r.total_processed[6]}件，结转下年度继续办理{r.carried_forward[6]}件。\n"
            "（三）政府信息管理：严格执行公开前保密审查，及时清理规范性文件。\n"
            "（四）政府信息公开平台建设：依托县政府门户网站和“延津应急”新媒体平台发布信息。\n"
            "（五）监督保障：将政务公开纳入年度考核。"
        ),
        "problems": "政务公开队伍力量仍较薄弱，依申请公开答复的规范化水平有待提升。下一步将加强业务培训，完善答复书范本。",
        "other": "本年度依据《政府信息公开信息处理费管理办法》未收取信息处理费。",
    }


def _reports(agency, out) -> None:
    from . import services
    from .models import AnnualReport

    for year, publish_on in ((2024, D(2025, 1, 24)), (2025, None)):
        obj, _ = AnnualReport.objects.get_or_create(agency=agency, year=year)
        if not obj.overview:
            text = _narrative(services.live_report(obj))
            obj.overview, obj.problems, obj.other = text["overview"], text["problems"], text["other"]
            obj.save()
        if publish_on and not obj.versions.exists():
            _publish_at(obj, publish_on)
            out.write(f"  {year}年度报告已发布\n")
        elif not publish_on:
            out.write(f"  {year}年度报告为草稿，可在 /reports/{agency.slug}/{year}/ 编辑发布\n")


def populate(stdout) -> None:
    """Load the annual-report demo records (see the module docstring)."""
    stdout.write(f"年度报告演示数据：{AGENCY}\n")
    with transaction.atomic():
        agency = _agency()
        _populate_2023(agency, stdout)
        _records(agency, stdout)
        _top_up_applications(agency, stdout)
        _reports(agency, stdout)
