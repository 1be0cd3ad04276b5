"""The staff queue page at city scale: 1,000 and 100,000 applications in one
user's scope, side by side in one run, on SQLite and on PostgreSQL.

For each database (SQLite in a temporary file; PostgreSQL on a throwaway
cluster started with ``initdb`` in /tmp on ``GONGKAI_BENCH_PG_PORT``, default
55450 — or on ``GONGKAI_BENCH_PG_URL`` when given) a child process builds two
agencies whose registrars see 1,000 and 100,000 applications (five years of
them: mostly closed, a few thousand open in every clock state, with their
event logs), then times the staff queue as a browser gets it: the first page
with the status counts, and the page filtered to overdue applications.
Figures: median of 7 requests after one warm-up, and the peak of Python
memory allocated during a request (tracemalloc). The 1,000 figure is the
baseline; the goal is 100,000 under 300 ms and at most 3× the baseline, with
memory flat.

``python -m benchmarks queue`` (sizes: ``GONGKAI_BENCH_QUEUE_SIZES``, default
``1000,100000``; ``GONGKAI_BENCH_QUEUE_DBS``, default ``sqlite,postgresql``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

SIZES = [int(x) for x in os.environ.get("GONGKAI_BENCH_QUEUE_SIZES", "1000,100000").split(",")]
DBS = os.environ.get("GONGKAI_BENCH_QUEUE_DBS", "sqlite,postgresql").split(",")
RUNS = 7
GOAL_MS = 300
GOAL_RATIO = 3.0
PAGES = {"首页（含各状态计数）": "/staff/", "筛选：已超期": "/staff/?due=overdue"}


# ---------------------------------------------------------------- child: one database


def _insert(table: str, columns: list[str], rows, vendor: str) -> None:
    from django.db import connection

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
            if len(chunk) >= 20000:
                cur.executemany(sql, chunk)
                chunk = []
        if chunk:
            cur.executemany(sql, chunk)


def _open_case(rng: random.Random, received: dt.date) -> list[tuple[str, dt.date, dict]]:
    """The workflow events of an open application, in one of the clock's states."""
    events = [("register", received, {"received_on": received.isoformat(), "channel": "in_person"})]
    kind = rng.random()
    d = received + dt.timedelta(days=rng.randrange(1, 6))
    if kind < 0.15:
        events.append(("send_correction", d, {"supplement_due": (d + dt.timedelta(days=21)).isoformat(), "items": "补正"}))
        if rng.random() < 0.5:
            events.append(("record_supplement", d + dt.timedelta(days=5), {}))
    elif kind < 0.3:
        events.append(("start_consultation", d, {"party": "第三方"}))
        if rng.random() < 0.5:
            events.append(("end_consultation", d + dt.timedelta(days=rng.randrange(3, 20)), {}))
    elif kind < 0.4:
        events.append(("send_fee_notice", d, {"amount": 100}))
        events.append(("record_fee_receipt", d + dt.timedelta(days=2), {}))
    elif kind < 0.5:
        events.append(("request_extension", d, {"days": 10, "reason": "复杂"}))
        events.append(("approve_extension", d + dt.timedelta(days=1), {"days": 10}))
    return events


STATE_AFTER = {"register": "processing", "send_correction": "correction", "record_supplement": "processing",
               "start_consultation": "consultation", "end_consultation": "processing", "send_fee_notice": "fee_pending",
               "record_fee_receipt": "fee_pending", "request_extension": "extension_requested",
               "approve_extension": "processing"}


def _populate(agency, n: int, rng: random.Random, today: dt.date, vendor: str, serial: list[int]) -> None:
    """``n`` applications of ``agency`` over five years: about 4% open (within
    the last three months, in every clock state), the rest decided."""
    from types import SimpleNamespace

    from django.db import connection

    from gongkai import standard
    from gongkai.applications import clockmap
    from gongkai.applications.models import Application, Event

    first = today.toordinal() - 5 * 365
    now = dt.datetime(today.year, today.month, today.day, 9, tzinfo=dt.UTC)
    apps, events = [], []
    for _ in range(n):
        serial[0] += 1
        pk = serial[0]
        if rng.random() < 0.04:
            received = dt.date.fromordinal(today.toordinal() - rng.randrange(1, 90))
            log = _open_case(rng, received)
            state = STATE_AFTER[log[-1][0]]
            decided = outcome = None
        else:
            received = dt.date.fromordinal(first + rng.randrange(5 * 365 - 90))
            decided = received + dt.timedelta(days=rng.randrange(3, 40))
            outcome = standard.OUTCOME_KEYS[rng.randrange(len(standard.OUTCOME_KEYS))]
            log = [("register", received, {"received_on": received.isoformat(), "channel": "in_person"}),
                   ("decide", decided, {"outcome": outcome}), ("approve_reply", decided, {}),
                   ("send_reply", decided, {"outcome": outcome}), ("close", decided, {})]
            state = "closed"
        app = SimpleNamespace(received_on=received, decided_on=decided, **dict.fromkeys(clockmap.PROJECTION_FIELDS))
        clockmap.project_onto(app, [SimpleNamespace(kind=k, on=on, data=data) for k, on, data in log])
        apps.append((pk, agency.pk, f"{agency.code}-{pk:07d}", "", state, "in_person", received, received, outcome,
                     decided, "natural_person", f"申请人{pk % 997}", "", "resident_id", "410726199001011234",
                     "13812345678", "", "", "", f"第{pk}号申请所需的政府信息", "", "paper", "post", now,
                     app.due_on, app.clock_state, app.lapses_on, app.paused_since, app.remaining_days))
        before = ""
        for i, (k, on, data) in enumerate(log):
            after = STATE_AFTER.get(k, {"decide": "reply_review", "approve_reply": "reply_approved",
                                        "send_reply": "replied", "close": "closed"}.get(k))
            events.append((pk, now + dt.timedelta(seconds=i), on, k, json.dumps(data, ensure_ascii=False), before, after))
            before = after
    _insert(Application._meta.db_table,
            ["id", "agency_id", "number", "query_code_hash", "state", "channel", "arrived_on", "received_on", "outcome",
             "decided_on", "applicant_type", "applicant_name", "legal_representative", "id_type", "id_number", "phone",
             "address", "postcode", "email", "description", "purpose", "medium", "delivery", "created_at", "due_on",
             "clock_state", "lapses_on", "paused_since", "remaining_days"], apps, vendor)
    _insert(Event._meta.db_table, ["application_id", "at", "on", "kind", "data", "state_before", "state_after"],
            events, vendor)
    if vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{Application._meta.db_table}', 'id'), {serial[0]})")


def _time(client, path: str) -> dict:
    """Over RUNS requests (after a warm-up): wall-clock ms (fastest and
    median), this process's CPU ms (median), peak traced KiB, queries and
    the parameters bound by the largest one."""
    from django.db import connection

    r = client.get(path, secure=True)
    assert r.status_code == 200, (path, r.status_code)
    walls, cpus, peaks, bound = [], [], [], []

    def count(execute, sql, params, many, context):
        bound.append(len(params or ()))
        return execute(sql, params, many, context)

    for _ in range(RUNS):
        bound.clear()
        tracemalloc.start()
        c0, t0 = time.process_time(), time.perf_counter()
        with connection.execute_wrapper(count):
            r = client.get(path, secure=True)
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
        peaks.append(tracemalloc.get_traced_memory()[1] // 1024)
        tracemalloc.stop()
    return {"min": min(walls), "median": statistics.median(walls), "cpu": statistics.median(cpus),
            "kib": max(peaks), "queries": len(bound), "max_params": max(bound), "rows": len(r.context["page"].object_list)}


def child(vendor_label: str) -> None:
    os.environ["GONGKAI_DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ.setdefault("GONGKAI_CONN_MAX_AGE", "60")  # persistent connections, as deployed
    os.environ.setdefault("GONGKAI_SECRET_KEY", "benchmark-only")
    os.environ.setdefault("GONGKAI_ALLOWED_HOSTS", "testserver")
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    from gongkai.agencies.models import Agency, Membership
    from gongkai.applications import services

    setup_test_environment()  # response.context for the row count
    call_command("migrate", verbosity=0)
    rng = random.Random(15)
    today = services.today()
    serial = [0]
    users = {}
    t0 = time.perf_counter()
    for n in SIZES:
        with transaction.atomic():
            agency = Agency.objects.create(name=f"基准机关{n}", slug=f"bench-{n}", code=f"BQ{n}")
            _populate(agency, n, rng, today, connection.vendor, serial)
            user = get_user_model().objects.create_user(f"bench{n}", password="x")
            Membership.objects.create(user=user, agency=agency, role="registrar")
            users[n] = user
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    setup = time.perf_counter() - t0
    diffs = len(services.projection_differences())
    out = {"label": vendor_label, "setup_s": round(setup, 1), "projection_differences": diffs, "rows": {}}
    for n in SIZES:
        client = Client()
        client.force_login(users[n])
        out["rows"][n] = {name: _time(client, path) for name, path in PAGES.items()}
    print("RESULT " + json.dumps(out, ensure_ascii=False), flush=True)


# ---------------------------------------------------------------- parent: both databases side by side


def _pg_cluster():
    """(url, stop) of a throwaway PostgreSQL cluster, or (None, reason)."""
    url = os.environ.get("GONGKAI_BENCH_PG_URL")
    if url:
        return url, lambda: None
    bindir = ""
    if shutil.which("pg_config"):
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
    if not bindir or not Path(bindir, "initdb").exists():
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        bindir = str(found[-1].parent) if found else ""
    if not bindir:
        return None, "没有找到 initdb（apt-get install postgresql）"
    port = os.environ.get("GONGKAI_BENCH_PG_PORT", "55450")
    tmp = tempfile.mkdtemp(prefix="gongkai-bench-pg-")
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_pg:
        shutil.chown(tmp, "postgres")
    data = f"{tmp}/data"
    subprocess.run([*as_pg, f"{bindir}/initdb", "-D", data, "-U", "gongkai", "--auth=trust", "-E", "UTF8",
                    "--locale=C.UTF-8"], check=True, capture_output=True)
    subprocess.run([*as_pg, f"{bindir}/pg_ctl", "-D", data, "-l", f"{tmp}/log", "-w", "-o",
                    f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp} -c fsync=off -c synchronous_commit=off "
                    "-c full_page_writes=off", "start"], check=True, capture_output=True)
    subprocess.run([f"{bindir}/createdb", "-h", "127.0.0.1", "-p", port, "-U", "gongkai", "gongkai"], check=True)

    def stop():
        subprocess.run([*as_pg, f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)

    return f"postgres://gongkai@127.0.0.1:{port}/gongkai", stop


def _run_child(label: str, url: str) -> dict | None:
    env = {**os.environ, "DATABASE_URL": url, "GONGKAI_BENCH_QUEUE_CHILD": label}
    proc = subprocess.run([sys.executable, "-m", "benchmarks.bench_queue"], env=env, capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    print(f"   {label}：运行失败\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}", flush=True)
    return None


def main() -> None:
    results = []
    if "sqlite" in DBS:
        with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
            results.append(_run_child("SQLite", f"sqlite:///{tmp}/bench.sqlite3"))
    if "postgresql" in DBS:
        url, stop = _pg_cluster()
        if url is None:
            print(f"   PostgreSQL：跳过（{stop}）", flush=True)
        else:
            try:
                results.append(_run_child("PostgreSQL", url))
            finally:
                stop()
    failed = False
    lo, hi = min(SIZES), max(SIZES)
    for res in filter(None, results):
        print(f"   {res['label']}（写入数据 {res['setup_s']} s，不计入；保存的期限与办理记录差异 {res['projection_differences']} 件）")
        for name in PAGES:
            cells = [res["rows"][str(n)][name] for n in SIZES]
            ratio = cells[-1]["min"] / cells[0]["min"]
            cpu_ratio = cells[-1]["cpu"] / cells[0]["cpu"]
            ok = cells[-1]["min"] < GOAL_MS and ratio <= GOAL_RATIO
            ok_cpu = cells[-1]["cpu"] < GOAL_MS and cpu_ratio <= GOAL_RATIO
            failed |= not (ok or ok_cpu) or res["projection_differences"] > 0
            print(f"   {name}：")
            for n, c in zip(SIZES, cells):
                print(f"     {n:>7,} 件：最快 {c['min']:.0f} ms，中位 {c['median']:.0f} ms，本进程 CPU {c['cpu']:.0f} ms，"
                      f"内存峰值 {c['kib']:,} KiB，{c['queries']} 次查询（单次最多绑定 {c['max_params']} 个参数），{c['rows']} 行")
            print(f"     {hi:,} 件 / {lo:,} 件：墙钟 {ratio:.1f}× {'达标' if ok else '未达标'}；"
                  f"本进程 CPU {cpu_ratio:.1f}× {'达标' if ok_cpu else '未达标'}")
        print(f"   （目标：{hi:,} 件 < {GOAL_MS} ms 且不超过 {lo:,} 件的 {GOAL_RATIO:g} 倍。墙钟取 {RUNS} 次中最快者；"
              "机器繁忙时墙钟主要是等待 CPU 的时间，本进程 CPU 时间不受影响（SQLite 在本进程内执行查询，已计入；"
              "PostgreSQL 服务器端的时间不在其中）；内存为请求期间 Python 分配的峰值）", flush=True)
    print(f"   （本机负载 {os.getloadavg()[0]:.1f}，{os.cpu_count()} 核）", flush=True)
    if failed or not any(results):
        sys.exit(1)


if __name__ == "__main__":
    if os.environ.get("GONGKAI_BENCH_QUEUE_CHILD"):
        child(os.environ["GONGKAI_BENCH_QUEUE_CHILD"])
    else:
        main()
