"""The supervisor's dashboard of a county: a government with 40 departments
and 100,000 applications over five years (goal: the page renders in under
500 ms). The baseline, measured in the same run on the same data, is the
older supervisor page (``/reports/<government>/<year>/departments/``).

Builds a temporary database (SQLite file, or a temporary database on the
PostgreSQL server of ``DATABASE_URL``, dropped afterwards), as
``bench_annual_tables`` does. Sizes: ``GONGKAI_BENCH_DEPARTMENTS`` (40),
``GONGKAI_BENCH_APPLICATIONS`` (100000).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import time
from pathlib import Path

from benchmarks.bench_annual_tables import _insert, _setup_database

N_DEPTS = int(os.environ.get("GONGKAI_BENCH_DEPARTMENTS", "40"))
N_APPS = int(os.environ.get("GONGKAI_BENCH_APPLICATIONS", "100000"))
YEAR = 2025
TODAY = dt.date(2026, 3, 1)
GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "gold"


def _populate(rng: random.Random, vendor: str):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from gongkai import standard
    from gongkai.agencies.models import Agency, Membership
    from gongkai.applications.models import Application
    from gongkai.reports.models import AnnualReport, ReportVersion

    gov = Agency.objects.create(name="基准县人民政府", slug="bench-gov", code="BGOV", level="government")
    Agency.objects.bulk_create([Agency(name=f"基准县第{i:02d}局", slug=f"bench-{i}", code=f"BD{i:03d}", parent=gov)
                                for i in range(N_DEPTS)])
    ids = [gov.pk, *Agency.objects.filter(parent=gov).values_list("pk", flat=True)]
    start = dt.date(YEAR - 4, 1, 1).toordinal()
    span = (TODAY - dt.date(YEAR - 4, 1, 1)).days
    outcomes = standard.OUTCOME_KEYS

    def rows():
        for i in range(N_APPS):
            received = dt.date.fromordinal(start + rng.randrange(span))
            age = (TODAY - received).days
            state, decided, outcome = "closed", None, None
            if age > 60 or rng.random() < 0.7:
                decided = min(received + dt.timedelta(days=rng.randrange(1, 40)), TODAY)
                outcome = outcomes[rng.randrange(len(outcomes))]
            else:
                state = rng.choice(("processing", "processing", "correction", "consultation", "fee_pending"))
            row = [ids[rng.randrange(len(ids))], f"BA-{i:07d}", "", state, "online", received, received, outcome,
                   decided, "natural_person", "申请人", "", "resident_id", "1", "1", "", "", "", "信息", "", "paper",
                   "post", dt.datetime(YEAR, 1, 1, tzinfo=dt.UTC)]
            # the stored clock projection (due_on, clock_state), as the workflow writes it
            paused = state in ("correction", "consultation", "fee_pending")
            clock = "closed" if decided else ("paused" if paused else "running")
            row += [None if decided else received + dt.timedelta(days=28), clock]
            yield row

    cols = ["agency_id", "number", "query_code_hash", "state", "channel", "arrived_on", "received_on", "outcome",
            "decided_on", "applicant_type", "applicant_name", "legal_representative", "id_type", "id_number",
            "phone", "address", "postcode", "email", "description", "purpose", "medium", "delivery", "created_at",
            "due_on", "clock_state"]
    with transaction.atomic():
        _insert(Application, cols, rows(), vendor)
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]
    with transaction.atomic():
        for n, agency in enumerate(Agency.objects.filter(parent=gov).order_by("pk")):
            if n % 4 == 3:
                continue  # a quarter have not published
            rep = AnnualReport.objects.create(agency=agency, year=YEAR)
            data = dict(golds[n % len(golds)], year=YEAR, agency=agency.name)
            when = dt.datetime(YEAR + 1, 1, 10 + n % 40 if n % 40 < 20 else 20, 9, tzinfo=dt.UTC)
            ReportVersion.objects.create(report=rep, number=1, exchange=data, published_at=when)
    user = get_user_model().objects.create_user(username="bench-supervisor", password="x")
    Membership.objects.create(user=user, agency=gov, role="reviewer")
    if vendor == "postgresql":
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return gov, user


def _time(client, url: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        resp = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 200, (url, resp.status_code)
    return times


def main() -> None:
    label, cleanup = _setup_database()
    try:
        import django
        from django.core.management import call_command

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")
        django.setup()
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        gov, user = _populate(random.Random(2026), connection.vendor)
        print(f"   {label}：1 个人民政府、{N_DEPTS} 个部门、{N_APPS} 件申请已写入（{time.perf_counter() - t0:.1f} s，不计入）；"
              "超期按存储的期限（SQL 比较）", flush=True)
        client = Client()
        client.force_login(user)
        from unittest import mock

        from gongkai.supervision import dashboard

        real_build = dashboard.build
        with mock.patch.object(dashboard, "build", lambda *a, **k: real_build(*a, **{**k, "today": TODAY})):
            url = f"/supervision/{gov.slug}/?year={YEAR}"
            _time(client, url, 2)  # warm the caches (calendar, templates)
            times = _time(client, url, 20)
        page = client.get(url).content.decode()
        n_charts = page.count('class="gk-chart"')
        print(f"   监督概览页（{N_DEPTS + 1} 个机关，{n_charts} 张图）：中位数 "
              f"{statistics.median(times):.0f} ms，最大 {max(times):.0f} ms（目标 < 500 ms）", flush=True)
        xlsx = _time(client, f"/supervision/{gov.slug}/dashboard.xlsx?year={YEAR}", 5)
        print(f"   机器负载（1/5/15 分钟平均）：{' / '.join(f'{x:.1f}' for x in os.getloadavg())}，{os.cpu_count()} 核", flush=True)
        print(f"   全部图表数据 XLSX：中位数 {statistics.median(xlsx):.0f} ms", flush=True)
        base = _time(client, f"/reports/{gov.slug}/{YEAR}/departments/", 3)
        print(f"   基线：原所属部门年度报告页（逐部门按记录计算）：中位数 {statistics.median(base):.0f} ms", flush=True)
    finally:
        cleanup()


if __name__ == "__main__":
    main()
