"""`gongkai deadline` and `gongkai calendar`."""

import json

import pytest

from gongkai.cli import main
from gongkai.clock import calendar


@pytest.fixture(autouse=True)
def admin_dir(tmp_path, monkeypatch):
    d = tmp_path / "calendar"
    monkeypatch.setenv("GONGKAI_CALENDAR_DIR", str(d))
    calendar.official.cache_clear()
    yield d
    calendar.official.cache_clear()


def test_deadline_prints_iso_date_first(capsys):
    assert main(["deadline", "2026-09-28"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[0] == "2026-10-30"
    assert "国庆节假期不计" in out[1] and "第20个工作日为10月30日" in out[1]


def test_deadline_days_and_chinese_date(capsys):
    assert main(["deadline", "2026年9月28日", "--days", "7"]) == 0
    assert capsys.readouterr().out.split()[0] == "2026-10-13"


def test_deadline_json(capsys):
    assert main(["deadline", "2026-12-20", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["due"] == "2027-01-18"  # 9 in December, 1-1 off (estimate), then 11
    assert data["provisional_years"] == [2027]
    assert data["warnings"]


@pytest.mark.parametrize("bad", ["2026-02-30", "tomorrow", "2026-9"])
def test_deadline_bad_date(capsys, bad):
    assert main(["deadline", bad]) == 2
    err = capsys.readouterr().err
    assert "无法识别的日期" in err and "Traceback" not in err


def test_calendar_show_official_and_provisional(capsys):
    assert main(["calendar", "show", "2026"]) == 0
    out = capsys.readouterr().out
    assert "正式日历" in out and "国办发明电" in out and "10月10日（星期六）调休上班" in out
    assert main(["calendar", "show", "2027"]) == 0
    out = capsys.readouterr().out
    assert "暂定日历" in out


HOLIDAYS_2027 = [  # a complete year (test data): the seven statutory holidays
    {"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"},
    {"name": "春节", "start": "2027-02-05", "end": "2027-02-11"},
    {"name": "清明节", "start": "2027-04-03", "end": "2027-04-05"},
    {"name": "劳动节", "start": "2027-05-01", "end": "2027-05-05"},
    {"name": "端午节", "start": "2027-06-09", "end": "2027-06-11"},
    {"name": "中秋节", "start": "2027-09-15", "end": "2027-09-17"},
    {"name": "国庆节", "start": "2027-10-01", "end": "2027-10-07"},
]


def year_2027(**over) -> dict:
    return {"year": 2027, "source": "国办发明电〔2026〕99号", "title": "国务院办公厅关于2027年部分节假日安排的通知",
            "holidays": HOLIDAYS_2027, "workdays": [{"date": "2027-10-09", "name": "国庆节"}], **over}


def test_calendar_load_then_show(tmp_path, admin_dir, capsys):
    f = tmp_path / "2027.json"
    f.write_text(json.dumps(year_2027()), encoding="utf-8")
    assert main(["calendar", "load", str(f)]) == 0
    assert "已载入 2027 年" in capsys.readouterr().out
    assert (admin_dir / "cn-2027.json").is_file()
    assert main(["calendar", "show", "2027"]) == 0
    out = capsys.readouterr().out
    assert "正式日历" in out and "10月9日（星期六）调休上班" in out
    assert main(["deadline", "2027-09-30", "--days", "1"]) == 0
    assert capsys.readouterr().out.split()[0] == "2027-10-08"


def test_calendar_load_bad_file(tmp_path, admin_dir, capsys):
    f = tmp_path / "bad.json"
    f.write_text(json.dumps({"year": 2027, "source": "x", "holidays": [{"name": "国庆节", "start": "2027-10-01"}],
                             "workdays": ["2027-10-08"]}), encoding="utf-8")
    assert main(["calendar", "load", str(f)]) == 2
    err = capsys.readouterr().err
    assert "日历文件无效" in err and "本来就是工作日" in err
    assert not (admin_dir / "cn-2027.json").exists()
    assert main(["calendar", "load", str(tmp_path / "missing.json")]) == 2
    assert "找不到文件" in capsys.readouterr().err


@pytest.mark.parametrize("over, message", [
    ({"holidays": [h for h in HOLIDAYS_2027 if h["name"] not in ("清明节", "端午节")]}, "缺少清明节、端午节"),
    ({"holidays": [h for h in HOLIDAYS_2027 if h["name"] != "中秋节"]}, "缺少中秋节"),
    ({"title": "国务院办公厅关于2026年部分节假日安排的通知"}, "写的是2026年"),
    ({"source": "国办发明电〔2024〕7号"}, "是2024年的文件"),
])
def test_calendar_load_refuses_an_incomplete_or_misdated_year(tmp_path, admin_dir, capsys, over, message):
    f = tmp_path / "2027.json"
    f.write_text(json.dumps(year_2027(**over)), encoding="utf-8")
    assert main(["calendar", "load", str(f)]) == 2
    assert message in capsys.readouterr().err
    assert not (admin_dir / "cn-2027.json").exists()


def test_holidays_joined_in_one_period_count_for_both(tmp_path, admin_dir):
    joined = [h for h in HOLIDAYS_2027 if h["name"] not in ("中秋节", "国庆节")]
    joined.append({"name": "中秋节、国庆节", "start": "2027-10-01", "end": "2027-10-08"})
    assert calendar.parse_schedule(year_2027(holidays=joined, workdays=[])).year == 2027


def test_the_2019_file_names_the_notice_that_moved_labour_day():
    s = calendar.load_schedule_file(calendar.DATA_DIR / "cn-2019.json")
    assert "国办发明电〔2019〕3号" in s.note


@pytest.mark.parametrize("bad", ["abc", "1800"])
def test_calendar_show_bad_year(capsys, bad):
    assert main(["calendar", "show", bad]) == 2
    err = capsys.readouterr().err
    assert "年份" in err and "Traceback" not in err


def test_calendar_without_action_shows_usage(capsys):
    assert main(["calendar"]) == 2
