"""The administrators' calendar page: load or correct a year, validated like
``gongkai calendar load``, then every open application's stored deadline
recomputed."""

from __future__ import annotations

import json
from datetime import date

import pytest

from gongkai.applications import services
from gongkai.clock import calendar

from .conftest import UserFactory, login


@pytest.fixture(autouse=True)
def admin_dir(tmp_path, monkeypatch):
    d = tmp_path / "calendar"
    monkeypatch.setenv("GONGKAI_CALENDAR_DIR", str(d))
    calendar.official.cache_clear()
    yield d
    calendar.official.cache_clear()


@pytest.fixture
def superuser(db):
    u = UserFactory(username="root")
    u.is_superuser = True
    u.is_staff = True
    u.save()
    return u


def corrected_2026(**over) -> str:
    data = json.loads((calendar.DATA_DIR / "cn-2026.json").read_text(encoding="utf-8"))
    data["holidays"].append({"name": "测试假日", "start": "2026-10-30", "end": "2026-10-30"})
    data.update(over)
    return json.dumps(data, ensure_ascii=False)


def test_only_platform_administrators(client, world):
    login(client, world["admin"])  # an agency's administrator, not the platform's
    assert client.get("/staff/calendar/").status_code == 403


def test_page_lists_official_and_provisional_years(client, superuser):
    login(client, superuser)
    page = client.get("/staff/calendar/").content.decode()
    assert 'id="year-2026"' in page and "国办发明电〔2025〕7号" in page
    assert "国办发明电〔2019〕3号" in page  # the 2019 note on 劳动节
    row_2027 = page.split('id="year-2027"')[1].split("</tr>")[0]
    assert "暂定" in row_2027


def test_a_correction_recomputes_open_applications(client, superuser, received_app, admin_dir):
    assert received_app.due_on == date(2026, 10, 30)
    login(client, superuser)
    r = client.post("/staff/calendar/", {"text": corrected_2026()}, follow=True)
    page = r.content.decode()
    assert "已载入2026年节假日安排" in page and "1 件有变化" in page
    assert (admin_dir / "cn-2026.json").is_file()
    received_app.refresh_from_db()
    assert received_app.due_on == date(2026, 11, 2)  # 10-30 is now a holiday
    assert services.projection_differences() == []


@pytest.mark.parametrize("text, message", [
    (corrected_2026(title="国务院办公厅关于2025年部分节假日安排的通知"), "写的是2025年"),
    (json.dumps({"year": 2027, "source": "国办发明电〔2026〕1号",
                 "holidays": [{"name": "国庆节", "start": "2027-10-01", "end": "2027-10-07"}]}), "缺少元旦"),
    ("{not json", "不是有效的 JSON"),
    ("", "请选择日历文件"),
])
def test_an_invalid_file_is_refused_and_nothing_changes(client, superuser, received_app, admin_dir, text, message):
    login(client, superuser)
    page = client.post("/staff/calendar/", {"text": text}, follow=True).content.decode()
    assert "未能载入" in page and message in page
    assert not admin_dir.exists() or not any(admin_dir.iterdir())
    received_app.refresh_from_db()
    assert received_app.due_on == date(2026, 10, 30)


def test_upload_as_a_file(client, superuser, admin_dir):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, superuser)
    upload = SimpleUploadedFile("cn-2026.json", corrected_2026().encode("utf-8"), content_type="application/json")
    client.post("/staff/calendar/", {"file": upload})
    assert not calendar.official().is_working_day(date(2026, 10, 30))
