"""``gongkai calendar load FILE`` / ``gongkai calendar show YEAR``: the
official holiday schedule of a year (国务院办公厅关于部分节假日安排的通知)."""

from __future__ import annotations

from gongkai.cli import CommandError


def register(sub) -> None:
    p = sub.add_parser("calendar", help="载入或查看官方节假日安排（工作日历）")
    cmds = p.add_subparsers(dest="calendar_command", metavar="操作")
    load = cmds.add_parser("load", help="校验并载入（或更正）某年的节假日安排文件")
    load.add_argument("file", metavar="FILE", help="JSON 文件（格式 gongkai.calendar/1）")
    load.add_argument("--dir", metavar="DIR", help="写入的目录（默认 GONGKAI_CALENDAR_DIR 或 var/calendar/）")
    load.set_defaults(handler=run_load)
    show = cmds.add_parser("show", help="列出某年的节假日和调休上班日")
    show.add_argument("year", metavar="YEAR", help="年份，如 2026")
    show.set_defaults(handler=run_show)
    p.set_defaults(handler=lambda args: _usage(p))


def _usage(p) -> int:
    p.print_help()
    return 2


def _year(text: str) -> int:
    try:
        y = int(text)
    except ValueError:
        raise CommandError(f"年份应为四位数字，实际为“{text}”") from None
    if not 1950 <= y <= 2199:
        raise CommandError(f"年份超出范围：{y}")
    return y


def run_load(args) -> int:
    from gongkai.clock import calendar

    try:
        schedule = calendar.load_schedule_file(args.file)
    except calendar.CalendarError as err:
        raise CommandError(f"日历文件无效：{err}") from None
    try:
        path = calendar.install_schedule(schedule, args.dir)
    except OSError as err:
        raise CommandError(f"无法写入日历目录：{err}") from None
    days_off = sum(1 for d in schedule.holidays if d.weekday() < 5)
    state = "正式" if schedule.official else "暂定（official: false）"
    print(
        f"已载入 {schedule.year} 年节假日安排（{state}，来源：{schedule.source}）："
        f"{len(schedule.periods())} 个假期、占用 {days_off} 个工作日，调休上班 {len(schedule.workdays)} 天；写入 {path}"
    )
    return 0


def run_show(args) -> int:
    from gongkai.clock import calendar

    try:
        cal = calendar.official()
    except calendar.CalendarError as err:
        raise CommandError(f"日历文件有误：{err}") from None
    year = _year(args.year)
    s = cal.schedule(year)
    if cal.is_provisional(year):
        print(f"{year}年：暂定日历——尚无国务院公布的节假日安排。")
        print("按周六、周日休息和 holidays 软件包估算的法定节假日计算，不含调休上班日；触及该年的期限都会带提示。")
        print("安排公布后请用“gongkai calendar load FILE”载入。")
    else:
        title = f"《{s.title}》" if s.title else ""
        print(f"{year}年：正式日历，依据{title}（{s.source}）")
        if s.note:
            print(f"说明：{s.note}")
        print(f"来源文件：{s.origin}")
    print("放假：")
    for name, a, b in s.periods():
        n = (b - a).days + 1
        print(f"  {name}：{calendar.cn_range(a, b)}，共{n}天")
    print("调休上班：" if s.workdays else "调休上班：无")
    for d, name in sorted(s.workdays.items()):
        print(f"  {cal.describe_day(d).split('（暂定')[0]}" + (f"（{name}）" if name else ""))
    working = sum(1 for o in range(_ord(year, 1, 1), _ord(year, 12, 31) + 1) if cal.is_working_day(_date(o)))
    print(f"全年工作日：{working}天")
    return 0


def _ord(y, m, d):
    from datetime import date

    return date(y, m, d).toordinal()


def _date(o):
    from datetime import date

    return date.fromordinal(o)
