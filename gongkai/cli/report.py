"""``gongkai report``: an agency's annual report for a year, from the database.

The latest published version when there is one (frozen), otherwise the draft
computed from the records (``--live`` always computes). ``--json`` prints the
exchange JSON; ``--to docx|pdf|html -o FILE`` renders it. Without either, a
short summary with the rules' findings. Exit 1 when the report has an
error-severity finding.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gongkai.cli import CommandError, setup_django

FORMATS = ("docx", "pdf", "html")


def register(sub) -> None:
    p = sub.add_parser("report", help="从数据库生成某机关某年度的政府信息公开工作年度报告")
    p.add_argument("--agency", required=True, metavar="机关名称", help="机关全称，如 延津县应急管理局")
    p.add_argument("--year", required=True, type=int, metavar="年度")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="输出交换格式 JSON（gongkai.annual-report/1）")
    g.add_argument("--to", choices=FORMATS, help="输出文件格式：docx、pdf 或 html")
    p.add_argument("-o", "--output", metavar="文件", help="与 --to 同用：输出文件路径")
    p.add_argument("--live", action="store_true", help="总是按当前记录重新计算（不用已发布版本）")
    p.set_defaults(handler=run)


def run(args) -> int:
    if args.to and not args.output:
        raise CommandError("使用 --to 时须用 -o 指定输出文件")
    if args.output and not args.to:
        raise CommandError("-o 须与 --to 同用")
    if not 2000 <= args.year <= 2100:
        raise CommandError(f"年度 {args.year} 不在 2000—2100 之间")
    setup_django()
    from django.db import DatabaseError

    from gongkai.agencies.models import Agency
    from gongkai.reports import services
    from gongkai.reports.models import AnnualReport

    try:
        agency = Agency.objects.filter(name=args.agency).first()
    except DatabaseError as err:
        raise CommandError(f"无法读取数据库（请检查 DATABASE_URL 并先运行迁移）：{err}") from None
    if agency is None:
        raise CommandError(f"没有名为“{args.agency}”的机关")
    obj = AnnualReport.objects.filter(agency=agency, year=args.year).first()
    report = None
    source = "计算"
    if obj is not None and not args.live:
        report = services.published_report(obj)
        if report is not None:
            source = f"已发布第{obj.latest_version.number}版"
    if report is None:
        from gongkai.reports import compute

        report = compute.compute_report(
            agency, args.year,
            sections=obj.sections() if obj else None,
            decisions_override=obj.decisions_override if obj else None,
        )
    previous, _src = services.previous_report(agency, args.year)
    found = services.findings(report, previous)
    errors = [f for f in found if f.severity == "error"]

    if args.json:
        sys.stdout.write(report.to_json(with_source=False) + "\n")
    elif args.to:
        from gongkai.render import render

        data = render(report, args.to)
        out = Path(args.output)
        try:
            if isinstance(data, str):
                out.write_text(data, encoding="utf-8")
            else:
                out.write_bytes(data)
        except OSError as err:
            raise CommandError(f"无法写入 {out}：{err.strerror}") from None
        print(f"已写入 {out}（{source}）", file=sys.stderr)
    else:
        _summary(report, source, found)
    for f in found:
        if args.json or args.to:
            if f.severity == "error":
                print(f"错误 {f.rule} {f.message}", file=sys.stderr)
    return 1 if errors else 0


def _summary(report, source: str, found) -> None:
    from gongkai import standard

    a = report.active
    r = report.requests
    print(f"{standard.report_title(report.agency, report.year)}（{source}）")
    print(f"  规章 制发{a.regulations.made} 废止{a.regulations.repealed} 现行有效{a.regulations.in_force}；"
          f"行政规范性文件 制发{a.normative_documents.made} 废止{a.normative_documents.repealed} "
          f"现行有效{a.normative_documents.in_force}")
    print(f"  行政许可{a.licensing} 行政处罚{a.punishment} 行政强制{a.coercion} 收费{a.fees_10k_yuan}万元")
    print(f"  新收申请{r.new_received[6]} 上年结转{r.carried_over[6]} 办结{r.total_processed[6]} "
          f"结转下年{r.carried_forward[6]}")
    for g in standard.APPEAL_GROUPS:
        print(f"  {g.parent or ''}{g.label}：{' '.join(str(v) for v in getattr(report.appeals, g.key))}")
    if not found:
        print("  核查：未发现问题")
    for f in found:
        print(f"  {f}")
