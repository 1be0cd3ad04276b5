"""``gongkai demo``: agencies, users and a caseload in every state, none in 2023."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import authenticate

from gongkai.agencies import auth
from gongkai.agencies.models import Agency
from gongkai.applications import workflow
from gongkai.applications.models import Application
from gongkai.cli import demo

pytestmark = pytest.mark.django_db


def test_demo_populate():
    counts = demo.populate(today=date(2026, 11, 20))
    bureau = Agency.objects.get(name="延津县应急管理局")
    assert bureau.parent.name == "延津县人民政府" and bureau.parent.level == "government"
    apps = Application.objects.filter(agency=bureau)
    assert not apps.filter(received_on__year=2023).exists() and not apps.filter(arrived_on__year=2023).exists()
    assert set(apps.values_list("arrived_on__year", flat=True)) == {2024, 2025, 2026}
    assert set(apps.values_list("state", flat=True)) == set(workflow.STATES)
    assert apps.exclude(outcome=None).values("outcome").distinct().count() >= 10
    assert apps.values("applicant_type").distinct().count() >= 3
    assert apps.values("channel").distinct().count() >= 4
    assert counts["applications"] == Application.objects.count()
    for username, password, *_ in demo.USERS:
        assert authenticate(username=username, password=password) is not None, username
    jianguan = authenticate(username="jianguan", password="gongkai-jianguan-2026")
    assert auth.can_view(jianguan, bureau) and not auth.can_act(jianguan, bureau)
    # every decided application is consistent with its events
    for app in apps.exclude(outcome=None):
        assert app.decided_on is not None and app.received_on is not None
        assert app.events.filter(kind__in=("send_reply", "withdraw")).exists()


def test_demo_cli_if_empty(tmp_path, monkeypatch, capsys):
    """The command itself, on a fresh SQLite file (also in PostgreSQL runs)."""
    import subprocess
    import sys

    db = tmp_path / "demo.sqlite3"
    env = {**__import__("os").environ, "DATABASE_URL": f"sqlite:///{db}"}
    first = subprocess.run([sys.executable, "-m", "gongkai.cli", "demo"], env=env, capture_output=True, text=True,
                           timeout=300)
    assert first.returncode == 0, first.stderr
    assert "dengji" in first.stdout and "gongkai-dengji-2026" in first.stdout
    second = subprocess.run([sys.executable, "-m", "gongkai.cli", "demo", "--if-empty"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and "未做任何改动" in second.stdout
    third = subprocess.run([sys.executable, "-m", "gongkai.cli", "demo"], env=env, capture_output=True, text=True,
                           timeout=120)
    assert third.returncode == 2 and "已存在" in third.stderr and "Traceback" not in third.stderr
