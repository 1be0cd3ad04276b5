"""``gongkai deadline DATE [--days N] [--json]``: the due date of a reply,
counted in official working days, with the explanation in Chinese."""

from __future__ import annotations

import json
from datetime import date

from gongkai.cli import CommandError


def register(sub) -> None:
    p = sub.add_parser(
        "deadline",
        help="按官方工作日历计算答复期限",
        description="收到申请之日不计，从次日起算，第 N 个工作日为答复期限（默认 20 个工作日）。",
    )
    p.add_argument("date", metavar="DATE", help="收到申请的日期，如 2026-09-28")
    p.add_argument("--days", type=int, default=20, metavar="N", help="工作日数（默认 20）")
    p.add_argument("--json", action="store_true", help="输出机器可读的 JSON")
    p.set_defaults(handler=run)


def _parse_date(text: str) -> date:
    t = text.strip()
    for sep in ("年", "月", "/", "."):
        t = t.replace(sep, "-")
    t = t.replace("日", "")
    try:
        parts = [int(x) for x in t.split("-")]
        if len(parts) != 3:
            raise ValueError
        return date(*parts)
    except (ValueError, TypeError):
        raise CommandError(f"无法识别的日期“{text}”，请写成 2026-09-28 或 2026年9月28日") from None


def run(args) -> int:
    from gongkai.clock import calendar, deadline

    received = _parse_date(args.date)
    if args.days < 1 or args.days > 400:
        raise CommandError(f"工作日数应在 1 至 400 之间，实际为 {args.days}")
    try:
        cal = calendar.official()
    except calendar.CalendarError as err:
        raise CommandError(f"日历文件有误：{err}") from None
    result = deadline.compute([deadline.Event("received", received)], cal=cal, reply_days=args.days)
    due = result.current_due
    if args.json:
        out = {
            "received_on": received.isoformat(),
            "days": args.days,
            "due": due.isoformat(),
            "due_text": calendar.cn_date(due),
            "provisional_years": result.provisional_years,
            "warnings": result.warnings,
            "explanation": result.explanation[0],
            "days_off": [
                {"date": d.isoformat(), "description": cal.describe_day(d, year=True)}
                for d in _days_off(cal, received, due)
            ],
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"{due.isoformat()}  {calendar.cn_date(due)}（{calendar.weekday_name(due)}）")
    print(result.explanation[0])
    for w in result.warnings:
        print(f"注意：{w}")
    return 0


def _days_off(cal, a: date, b: date):
    from datetime import timedelta

    d = a + timedelta(days=1)
    while d <= b:
        if not cal.is_working_day(d) or cal.is_makeup_day(d):
            if cal.holiday_name(d) or cal.is_makeup_day(d):
                yield d
        d += timedelta(days=1)
