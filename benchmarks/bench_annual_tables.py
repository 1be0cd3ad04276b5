"""Annual tables of 10,000 agencies with 1,000,000 applications, by SQL aggregation.

Builds a temporary database (a SQLite file; or, when ``DATABASE_URL`` points
at PostgreSQL, a temporary database on that server, dropped afterwards),
bulk-inserts the records, then times only the aggregation:

* tables 2, 3 and 4 of every agency for one year (goal: under 10 s);
* one agency's whole report (goal: under 50 ms; median of 50);

and checks a sample of agencies against the pure function ``gongkai.annual``.
Sizes: ``GONGKAI_BENCH_AGENCIES`` (10000), ``GONGKAI_BENCH_APPLICATIONS`` (1000000).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

N_AGENCIES = int(os.environ.get("GONGKAI_BENCH_AGENCIES", "10000"))
N_APPLICATIONS = int(os.environ.get("GONGKAI_BENCH_APPLICATIONS", "1000000"))
YEAR = 2025


def _setup_database() -> tuple[str, callable]:
    """Point Django at a fresh temporary database; return (label, cleanup)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        name = f"gongkai_bench_{os.getpid()}"
        base = url.rsplit("/", 1)[0]
        admin = psycopg.connect(url, autocommit=True)
        admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = f"{base}/{name}"

        def cleanup():
            from django.db import connections

            connections.close_all()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.close()

        return "PostgreSQL", cleanup
    tmp = tempfile.TemporaryDirectory(prefix="gongkai-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
    return "SQLite", tmp.cleanup


def _insert(model, columns: list[str], rows, vendor: str, batch: int = 20000) -> None:
    from django.db import connection

    table = model._meta.db_table
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cur:
        if vendor == "postgresql":
            with cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                cur.executemany(sql, chunk)
                chunk = []
        if chunk:
            cur.executemany(sql, chunk)


def _populate(rng: random.Random, vendor: str) -> None:
    from django.db import transaction

    from gongkai import annual, standard
    from gongkai.agencies.models import Agency
    from gongkai.appeals.models import AppealCase
    from gongkai.applications.models import Application
    from gongkai.disclosure.models import Document, MonthlyFigures

    with transaction.atomic():
        Agency.objects.bulk_create(
            [Agency(name=f"基准机关{i:05d}", slug=f"bench-{i}", code=f"B{i:05d}") for i in range(N_AGENCIES)],
            batch_size=5000,
        )
    ids = list(Agency.objects.order_by("pk").values_list("pk", flat=True))
    start = dt.date(YEAR - 2, 1, 1).toordinal()
    span = 3 * 365
    outcomes = standard.OUTCOME_KEYS
    types = standard.APPLICANT_TYPES

    def applications():
        for i in range(N_APPLICATIONS):
            received = dt.date.fromordinal(start + rng.randrange(span))
            decided = outcome = None
            if rng.random() < 0.9:
                decided = received + dt.timedelta(days=rng.randrange(0, 60))
                outcome = outcomes[rng.randrange(len(outcomes))]
            yield (ids[rng.randrange(len(ids))], f"B-{i:07d}", "", "closed" if decided else "processing", "online",
                   received, received, outcome, decided, types[rng.randrange(6)], "申请人", "", "resident_id", "1",
                   "1", "", "", "", "信息", "", "paper", "post", dt.datetime(YEAR, 1, 1, tzinfo=dt.UTC),
                   "closed" if decided else "running")

    cols = ["agency_id", "number", "query_code_hash", "state", "channel", "arrived_on", "received_on", "outcome",
            "decided_on", "applicant_type", "applicant_name", "legal_representative", "id_type", "id_number",
            "phone", "address", "postcode", "email", "description", "purpose", "medium", "delivery", "created_at",
            "clock_state"]
    with transaction.atomic():
        _insert(Application, cols, applications(), vendor)
    with transaction.atomic():
        docs = []
        for _ in range(N_AGENCIES * 5):
            made = dt.date.fromordinal(start + rng.randrange(span))
            rep = made + dt.timedelta(days=rng.randrange(1, 900)) if rng.random() < 0.3 else None
            docs.append(Document(agency_id=rng.choice(ids), kind=rng.choice(standard.DOCUMENT_KINDS), title="文件",
                                 made_on=made, repealed_on=rep))
        Document.objects.bulk_create(docs, batch_size=10000)
        cases = []
        for _ in range(N_AGENCIES * 2):
            filed = dt.date.fromordinal(start + rng.randrange(span))
            closed = filed + dt.timedelta(days=rng.randrange(10, 300)) if rng.random() < 0.8 else None
            cases.append(AppealCase(agency_id=rng.choice(ids), kind=rng.choice(annual.APPEAL_KINDS), filed_on=filed,
                                    closed_on=closed,
                                    outcome=rng.choice(annual.APPEAL_CLOSED_OUTCOMES) if closed else "pending"))
        AppealCase.objects.bulk_create(cases, batch_size=10000)
        MonthlyFigures.objects.bulk_create(
            [MonthlyFigures(agency_id=a, year=YEAR, month=m, licensing=rng.randrange(5), punishment=rng.randrange(5),
                            coercion=rng.randrange(2), fees_yuan=Decimal(rng.randrange(0, 5000)))
             for a in ids for m in range(1, 13)],
            batch_size=10000,
        )
    if vendor == "postgresql":
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("ANALYZE")


def main() -> None:
    label, cleanup = _setup_database()
    try:
        import django
        from django.core.management import call_command

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")
        django.setup()
        from django.db import connection

        call_command("migrate", verbosity=0)
        rng = random.Random(2025)
        t0 = time.perf_counter()
        _populate(rng, connection.vendor)
        print(f"   {label}: {N_AGENCIES} 个机关、{N_APPLICATIONS} 件申请已写入（{time.perf_counter() - t0:.1f} s，不计入）",
              flush=True)
        _measure(rng)
    finally:
        cleanup()


def _measure(rng: random.Random) -> None:
    from gongkai import annual
    from gongkai.agencies.models import Agency
    from gongkai.reports import compute

    for _run in range(2):  # the first run also warms the caches
        t0 = time.perf_counter()
        tables = compute.tables_many(None, YEAR)
        elapsed = time.perf_counter() - t0
    counted = sum(t3["new_received"][6] for _a, t3, _t4 in tables.values())
    print(f"   全部机关表二、三、四（{YEAR}年，{len(tables)} 个机关，本年新收 {counted} 件）：{elapsed:.2f} s"
          f"（目标 < 10 s）", flush=True)

    agencies = list(Agency.objects.order_by("?")[:50])
    times = []
    for ag in agencies:
        t0 = time.perf_counter()
        compute.compute_report(ag, YEAR)
        times.append((time.perf_counter() - t0) * 1000)
    print(f"   单个机关年度报告：中位数 {statistics.median(times):.1f} ms，最大 {max(times):.1f} ms（目标 < 50 ms）",
          flush=True)

    agree = 0
    for ag in agencies[:10]:
        sql = compute.compute_report(ag, YEAR)
        pure = annual.build_report(ag.name, YEAR, compute.records(ag), agency_level=ag.level)
        agree += sql.model_dump(include={"active", "requests", "appeals"}) == pure.model_dump(
            include={"active", "requests", "appeals"})
        _active, t3, _t4 = tables[ag.pk]
        agree -= t3 != {k: sql.requests.row(k) for k in t3}
    print(f"   抽查 10 个机关：SQL 与纯函数一致 {agree}/10", flush=True)
    if agree != 10:
        sys.exit(1)


if __name__ == "__main__":
    main()
