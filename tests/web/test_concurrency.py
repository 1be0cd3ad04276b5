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
