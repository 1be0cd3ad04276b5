"""``gongkai demo [--if-empty]``: a demo county with a year-round caseload.

Creates (and migrates) the database if needed, then 延津县人民政府 and its
department 延津县应急管理局, the demo users (passwords below and in the
README), and applications received 2024–2026 — none in 2023 — in every
workflow state, with a spread of outcomes, applicant types and channels,
all made through the same workflow service as the web pages. Finally the
other records (proactive disclosure, appeals, annual reports) through
``gongkai.reports.demo.populate`` when that module exists.
"""

from __future__ import annotations

import importlib
import importlib.util
import random
import sys
from datetime import date, datetime, time, timedelta

from gongkai.cli import CommandError, setup_django

USERS = (  # username, password, agency, role, description
    ("admin", "gongkai-admin-2026", None, None, "超级管理员"),
    ("dengji", "gongkai-dengji-2026", "延津县应急管理局", "registrar", "延津县应急管理局 登记员"),
    ("shenhe", "gongkai-shenhe-2026", "延津县应急管理局", "reviewer", "延津县应急管理局 审核人"),
    ("jianguan", "gongkai-jianguan-2026", "延津县人民政府", "registrar", "延津县人民政府 工作人员（监督本县部门，只读）"),
    ("bangongshi", "gongkai-bangongshi-2026", "延津县人民政府", "reviewer", "延津县人民政府 审核人"),
)

DESCRIPTIONS = (
    "延津县{y}年安全生产执法检查计划",
    "延津县{y}年生产安全事故统计数据",
    "延津县某化工企业危险化学品经营许可证及其审批材料",
    "延津县防汛抗旱应急预案（{y}年修订版）",
    "延津县应急物资储备库物资清单",
    "{y}年度本局对辖区非煤矿山企业的行政处罚决定书",
    "延津县某镇烟花爆竹批发企业安全评价报告",
    "本局{y}年部门预算及“三公”经费支出情况",
    "延津县地震应急避难场所名单及位置",
    "{y}年某小区燃气爆炸事故调查报告",
    "本局关于工贸企业粉尘涉爆专项整治的通知",
    "延津县自然灾害救助资金发放明细",
    "本局执法人员名单及执法证件编号",
    "某加油站安全生产许可证延续审批的全部材料",
    "延津县森林防火责任人名单",
)
NAMES = ("王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴芳", "徐强", "孙丽")
ORGS = {
    "commercial": ("延津县宏达化工有限公司", "新乡市安泰物流有限公司", "延津县金穗面业有限公司"),
    "research": ("河南省安全科学研究院",),
    "public_interest": ("新乡市绿色环保志愿者协会",),
    "legal_service": ("河南正义律师事务所", "新乡市明德律师事务所"),
    "other_org": ("延津县城关镇某村民委员会",),
}
CHANNELS = ("online", "online", "online", "in_person", "registered_mail", "ordinary_mail", "fax")
OUTCOME_WEIGHTS = {
    "granted": 30, "partially_granted": 10, "unavailable_not_held": 10, "withheld_process_info": 4,
    "withheld_third_party": 3, "withheld_internal_affairs": 2, "withheld_enforcement_files": 2,
    "not_processed_petition": 3, "not_processed_duplicate": 2, "not_processed_publication": 1,
    "unavailable_needs_creation": 3, "unavailable_unclear": 2, "other_no_supplement": 2, "other_fee_unpaid": 1,
    "withheld_state_secret": 1, "not_processed_confirmation": 1,
}


def register(sub) -> None:
    p = sub.add_parser("demo", help="建立演示机关、用户和申请（2024–2026年）",
                       description="创建并迁移数据库（如需要），载入延津县人民政府、延津县应急管理局、演示用户和申请。")
    p.add_argument("--if-empty", action="store_true", help="机关已存在时什么也不做")
    p.set_defaults(handler=run)


def run(args) -> int:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        from pathlib import Path

        Path(str(name)).parent.mkdir(parents=True, exist_ok=True)
    setup_django()
    from django.core.management import call_command

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except Exception as err:
        raise CommandError(f"无法迁移数据库：{err}") from err
    from gongkai.agencies.models import Agency

    if Agency.objects.filter(name="延津县应急管理局").exists():
        if args.if_empty:
            print("演示数据已存在，未做任何改动。")
            return 0
        raise CommandError("演示机关“延津县应急管理局”已存在；用 --if-empty 跳过，或换一个新数据库")
    counts = populate()
    print(f"已创建：机关 2 个，用户 {len(USERS)} 个，申请 {counts['applications']} 件"
          f"（{', '.join(f'{y}年{n}件' for y, n in sorted(counts['by_year'].items()))}）。")
    if importlib.util.find_spec("gongkai.reports.demo") is not None:
        importlib.import_module("gongkai.reports.demo").populate(sys.stdout)
    print("\n演示账号（用户名 / 密码）：")
    for username, password, _agency, _role, desc in USERS:
        print(f"  {username:<10} {password:<24} {desc}")
    return 0


def populate(today: date | None = None, seed: int = 2026) -> dict:
    """Create the demo agencies, users and applications; returns counts."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from gongkai.agencies.models import Agency, Membership
    from gongkai.applications import services

    today = today or services.today()
    User = get_user_model()
    with transaction.atomic():
        gov = Agency.objects.create(
            name="延津县人民政府", slug="yanjin-xian", code="YJXZF", level="government",
            ogi_office="延津县人民政府办公室", address="河南省新乡市延津县人民路1号", postcode="453200",
            phone="0373-7611234", office_hours="工作日 8:30–12:00，14:30–17:30",
            reconsideration_government="新乡市人民政府", letter_prefix="延政依复",
            fee_payment_method="到延津县人民政府政务服务中心窗口缴纳，或转账至延津县财政局非税收入专户（演示账号）",
        )
        bureau = Agency.objects.create(
            name="延津县应急管理局", slug="yanjin-yingji", code="YJYJ", level="department", parent=gov,
            ogi_office="延津县应急管理局办公室", address="河南省新乡市延津县文岩路88号", postcode="453200",
            phone="0373-7622345", office_hours="工作日 8:30–12:00，14:30–17:30",
            letter_prefix="延应急依复",
            fee_payment_method="到延津县应急管理局办公室缴纳，或转账至延津县财政局非税收入专户（演示账号）",
        )
        agencies = {a.name: a for a in (gov, bureau)}
        users = {}
        for username, password, agency, role, _desc in USERS:
            if agency is None:
                u = User.objects.create_superuser(username, f"{username}@example.org", password)
            else:
                u = User.objects.create_user(username, f"{username}@example.org", password)
                Membership.objects.create(user=u, agency=agencies[agency], role=role)
            users[username] = u
        gov_reviewer = users["bangongshi"]
    rng = random.Random(seed)
    by_year: dict[int, int] = {}
    plan = _plan(rng, today)
    for arrived, target in plan:
        _make(rng, bureau, arrived, target, users["dengji"], users["shenhe"], today)
        by_year[arrived.year] = by_year.get(arrived.year, 0) + 1
    # a few for the county government itself
    for arrived, target in ((date(2025, 3, 12), "granted"), (date(2026, 6, 2), "unavailable_not_held"),
                            (today - timedelta(days=3), "processing")):
        _make(rng, gov, arrived, target, users["jianguan"], gov_reviewer, today)
        by_year[arrived.year] = by_year.get(arrived.year, 0) + 1
    return {"applications": sum(by_year.values()), "by_year": by_year}


def _plan(rng, today: date) -> list[tuple[date, str]]:
    """(arrival date, target) pairs: decided ones in 2024–2026, open ones recent."""
    keys = list(OUTCOME_WEIGHTS)
    weights = [OUTCOME_WEIGHTS[k] for k in keys]
    plan = []
    for year, n in ((2024, 14), (2025, 22), (2026, 18)):
        for _ in range(n):
            start = date(year, 1, 3)
            end = min(date(year, 12, 20), today - timedelta(days=45))
            arrived = start + timedelta(days=rng.randrange(max(1, (end - start).days)))
            plan.append((arrived, rng.choices(keys, weights)[0]))
    plan.append((date(2024, 12, 23), "granted"))  # decided in January: carried over into 2025
    plan.append((date(2025, 12, 22), "partially_granted"))  # carried over into 2026
    plan.append((date(2025, 5, 6), "withdrawn"))
    plan.append((date(2026, 4, 8), "withdrawn"))
    # open cases in every state, received recently (some overdue, some due soon)
    open_targets = ("registered", "processing", "processing", "correction", "consultation", "extension_requested",
                    "fee_pending", "reply_review", "reply_approved", "overdue", "due_soon", "replied")
    for i, target in enumerate(open_targets):
        back = {"overdue": 40, "due_soon": 30, "replied": 20}.get(target, 2 + i)
        plan.append((today - timedelta(days=back), target))
    plan.sort()
    return plan


def _workday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _make(rng, agency, arrived: date, target: str, registrar, reviewer, today: date) -> None:
    from django.utils import timezone

    from gongkai import standard
    from gongkai.applications import services

    arrived = min(_workday(arrived), today)
    applicant_type = rng.choices(standard.APPLICANT_TYPES, (70, 10, 3, 4, 9, 4))[0]
    if applicant_type == "natural_person":
        name = rng.choice(NAMES)
        id_type, id_number = "resident_id", f"4107{rng.randrange(10**13, 10**14)}"
    else:
        name = rng.choice(ORGS[applicant_type])
        id_type, id_number = "credit_code", f"91410726MA{rng.randrange(10**7, 10**8)}X"
    channel = rng.choice(CHANNELS)
    fields = {
        "applicant_type": applicant_type, "applicant_name": name, "id_type": id_type, "id_number": id_number,
        "phone": f"13{rng.randrange(10**8, 10**9)}", "address": f"河南省新乡市延津县{rng.choice('东西南北')}街{rng.randrange(1, 200)}号",
        "postcode": "453200", "email": f"applicant{rng.randrange(1000)}@example.org",
        "description": rng.choice(DESCRIPTIONS).format(y=arrived.year - 1),
        "medium": rng.choice(("paper", "email", "paper", "disc")), "delivery": rng.choice(("post", "email", "pickup")),
    }
    signed = channel in ("in_person", "registered_mail")
    received = arrived if channel == "in_person" else min(arrived + timedelta(days=1), today) if signed else None
    user = None if channel == "online" else registrar
    app, _code = services.create(agency, fields, channel=channel, arrived_on=arrived, user=user,
                                 received_on=received if user else None, today_=today,
                                 at=min(timezone.now(), timezone.make_aware(datetime.combine(arrived, time(8, 30)))))
    if target == "registered":
        return
    day = received or min(arrived + timedelta(days=1), today)
    minutes = iter(range(0, 10_000, 7))

    def step(event, who=registrar, advance=1, **data):
        nonlocal day
        if advance:
            day = min(_workday(day + timedelta(days=advance)), today)
        if "on" not in data:
            data["on"] = day
        stamp = timezone.make_aware(datetime.combine(day, time(9, 0)) + timedelta(minutes=next(minutes)))
        services.apply(app, event, who, data, today_=today, at=min(stamp, timezone.now()))

    if app.state == "registered":
        step("confirm_receipt", advance=0)
    if target == "processing":
        return
    if target == "withdrawn":
        step("withdraw", advance=rng.randrange(2, 8), note="申请人书面撤回申请")
        return
    needs_correction = target in ("other_no_supplement", "unavailable_unclear", "correction") or rng.random() < 0.12
    if needs_correction:
        step("send_correction", advance=rng.randrange(1, 5), items="请明确所需信息的文件名称或文号、形成时间",
             supplement_due=day + timedelta(days=21))
        if target == "correction":
            return
        if target == "other_no_supplement":
            day = min(day + timedelta(days=25), today)
            step("decide", advance=0, outcome=target)
            return _finish(step, reviewer, rng, target, app)
        step("record_supplement", advance=rng.randrange(3, 10), note="申请人补正了文件名称")
    if target == "consultation" or target == "withheld_third_party" or (target == "granted" and rng.random() < 0.1):
        step("start_consultation", advance=2, party="延津县宏达化工有限公司")
        if target == "consultation":
            return
        step("end_consultation", advance=rng.randrange(5, 15), note="第三方书面答复不同意公开"
             if target == "withheld_third_party" else "第三方逾期未答复")
    if target == "fee_pending" or target == "other_fee_unpaid":
        step("send_fee_notice", advance=3, amount=300, basis="按件计收：本月第11件起每件100元")
        step("record_fee_receipt", advance=2)  # the applicant received the notice by post
        if target == "fee_pending":
            return
        day = min(day + timedelta(days=40), today)
        step("decide", advance=0, outcome=target)
        return _finish(step, reviewer, rng, target, app)
    if target in ("extension_requested", "due_soon") or rng.random() < 0.15:
        step("request_extension", advance=rng.randrange(5, 12), days=15 if target != "due_soon" else 5,
             reason="申请内容涉及多个年度的档案，需要调取核查")
        if target == "extension_requested":
            return
        step("approve_extension", who=reviewer, advance=1)
    if target in ("overdue", "due_soon"):
        return
    outcome = target if target in OUTCOME_WEIGHTS else rng.choice(("granted", "partially_granted",
                                                                    "unavailable_not_held"))
    step("decide", advance=rng.randrange(3, 10), outcome=outcome)
    if target == "reply_review":
        return
    _finish(step, reviewer, rng, target, app)


# What the demo registrar writes where a reply template leaves blanks.
FILL_INS = {
    "（请填写不予公开部分及理由）": "其中涉及企业商业秘密和个人信息的内容，公开会对第三方合法权益造成损害（《条例》第十五条）",
    "（请填写处理情况）": "您已撤回申请，本机关终止处理",
}


def _fill_in(body: str) -> str:
    import re

    body = re.sub(r"如属其他机关负责公开，请向（请填写[^）]*）提出申请。", "", body)
    for blank, text in FILL_INS.items():
        body = body.replace(blank, text)
    return body


def _finish(step, reviewer, rng, target, app=None):
    draft = app.letters.filter(kind="reply", sent_on__isnull=True).first() if app is not None else None
    if draft is not None and _fill_in(draft.body) != draft.body:
        step("edit_reply", advance=0, body=_fill_in(draft.body))
    step("approve_reply", who=reviewer, advance=1)
    if target == "reply_approved":
        return
    step("send_reply", advance=1)
    if target == "replied" or rng.random() < 0.2:
        return
    step("close", advance=rng.randrange(0, 3))
