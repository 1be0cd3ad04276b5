"""``gongkai render REPORT.json --to html|docx|pdf|md|txt -o OUT``.

Renders an exchange JSON (``gongkai.annual-report/1``) in the national layout.
Without ``-o`` the text formats (html, md, txt) go to standard output; docx
and pdf need ``-o`` (or ``-o -`` to write the bytes to a pipe). ``REPORT.json``
may be ``-`` for standard input. A bad file exits 2 with a Chinese message
naming the field.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gongkai.cli import CommandError

FORMATS = ("html", "docx", "pdf", "md", "txt")


def register(sub) -> None:
    p = sub.add_parser(
        "render",
        help="把年度报告交换 JSON 按全国统一格式输出为 HTML、DOCX、PDF、Markdown 或纯文本",
        description="按全国统一格式输出年度报告。退出码：0 完成；2 输入无法读取或用法错误。",
    )
    p.add_argument("report", metavar="REPORT.json", help="交换格式 JSON 文件（- 表示标准输入）")
    p.add_argument("--to", required=True, choices=FORMATS, help="输出格式")
    p.add_argument("-o", "--output", metavar="文件", help="输出文件（html、md、txt 缺省输出到标准输出）")
    p.add_argument("--fragment", action="store_true", help="仅输出可嵌入网页的 HTML 片段（与 --to html 同用）")
    p.set_defaults(handler=run)


def _load(path: str):
    from gongkai.model import ReportError, load_report, report_from_json

    try:
        if path == "-":
            return report_from_json(sys.stdin.buffer.read())
        return load_report(path)
    except ReportError as err:
        where = "标准输入" if path == "-" else path
        raise CommandError(f"{where}：{err}") from None


def run(args) -> int:
    from gongkai.render import BINARY_FORMATS, render

    if args.fragment and args.to != "html":
        raise CommandError("--fragment 只能与 --to html 同用")
    if args.to in BINARY_FORMATS and not args.output:
        raise CommandError(f"输出 {args.to} 时须用 -o 指定输出文件（或 -o - 写到标准输出）")
    report = _load(args.report)
    data = render(report, args.to, fragment=args.fragment)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if not args.output or args.output == "-":
        if args.to in BINARY_FORMATS and sys.stdout.isatty():
            raise CommandError(f"不向终端输出二进制的 {args.to}，请用 -o 指定文件")
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return 0
    out = Path(args.output)
    try:
        out.write_bytes(raw)
    except OSError as err:
        raise CommandError(f"无法写入 {out}：{err.strerror}") from None
    print(f"已输出 {out}（{args.to}，{len(raw)} 字节）", file=sys.stderr)
    return 0
