"""Receipt numbers are allocated without duplicates under concurrency."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application

from .conftest import new_app


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_numbers():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("内存 SQLite 的共享缓存锁不等待；文件 SQLite 的并发由 benchmarks/bench_portal_load.py 检验")
    agency = Agency.objects.create(name="并发测试局", slug="conc", code="BF")
    errors: list[BaseException] = []
    n_threads, per_thread = 8, 5

    def worker():
        try:
            for _ in range(per_thread):
                new_app(agency)
        except BaseException as err:
            errors.append(err)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = list(Application.objects.filter(agency=agency).values_list("number", flat=True))
    assert len(numbers) == n_threads * per_thread
    assert sorted(numbers) == [f"BF-2026-{i:04d}" for i in range(1, n_threads * per_thread + 1)]


@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_get_distinct_reference_numbers():
    """发文字号 are assigned when letters are sent, one counter row per agency
    and year updated in the sending transaction: no number twice, none skipped."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("内存 SQLite 的共享缓存锁不等待；PostgreSQL 上检验")
    from datetime import date

    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Membership
    from gongkai.applications.models import Letter

    from .conftest import apply

    agency = Agency.objects.create(name="并发发文局", slug="conc-l", code="BFL", letter_prefix="并发依复",
                                   fee_payment_method="到办公室缴纳")
    reg = get_user_model().objects.create_user("conc-reg")
    Membership.objects.create(user=reg, agency=agency, role="registrar")
    apps = []
    for _ in range(16):
        app, _code = new_app(agency)
        apply(app, "confirm_receipt", reg, on=date(2026, 9, 28))
        apps.append(app)
    errors: list[BaseException] = []

    def worker(chunk):
        try:
            for app in chunk:
                apply(app, "send_correction", reg, on=date(2026, 9, 29), items="请写明年度",
                      supplement_due=date(2026, 10, 20))
        except BaseException as err:
            errors.append(err)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(apps[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    refs = sorted(Letter.objects.filter(application__agency=agency).values_list("reference", flat=True),
                  key=lambda r: int(r.split("〕")[1][:-1]))
    assert refs == [f"并发依复〔2026〕{i}号" for i in range(1, 17)]
