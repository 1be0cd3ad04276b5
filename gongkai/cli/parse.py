"""``gongkai parse FILE...``: read published annual reports (PDF, HTML,
DOCX, text, markdown; scanned PDFs and page images through OCR) into the
exchange model.

Without options a Chinese summary; ``--json`` one exchange JSON object per
line (JSON Lines) in input order; ``--explain`` every value with where it
came from. Exit 0 when every file was read, 2 when one could not be.
"""

from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser(
        "parse",
        help="读取已发布的年度报告（PDF/HTML/DOCX/TXT/MD，扫描件和页面图片经 OCR），输出交换格式",
        description="读取已发布的政府信息公开工作年度报告；没有文字层的 PDF 页和 PNG/JPEG/TIFF 页面图片自动经 OCR 识别。"
        "退出码：0 全部读出；2 有文件无法读取（加密、空文件、不是年度报告，或 --no-ocr 时的扫描件）。",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="报告文件")
    p.add_argument("--pages", action="store_true", help="给出的多个页面图片按顺序是同一份报告的各页")
    p.add_argument("--no-ocr", action="store_true", help="不做 OCR：扫描件和图片报“需要 OCR”")
    p.add_argument("--json", action="store_true", help="每个文件输出一行交换 JSON（JSON Lines）")
    p.add_argument("--explain", action="store_true", help="列出每个数值的来源（页、行、单元格和原文）")
    p.set_defaults(handler=run)


KIND_ZH = {
    "encrypted": "PDF 已加密",
    "image_only": "扫描件/图片，需要 OCR",
    "empty": "空文件",
    "not_report": "不是年度报告",
    "unreadable": "无法读取",
    "unsupported": "不支持的格式",
    "timeout": "读取超时",
    "crashed": "读取进程异常退出",
}


def run(args) -> int:
    from gongkai.model import ReportError
    from gongkai.reader import ReaderError, read, read_pages

    failed = 0
    ocr = not getattr(args, "no_ocr", False)
    if getattr(args, "pages", False) and len(args.files) > 1:
        jobs = [(args.files[0] + (f" 等 {len(args.files)} 页" if len(args.files) > 1 else ""), lambda: read_pages(args.files, ocr=ocr))]
    else:
        jobs = [(path, lambda path=path: read(path, ocr=ocr)) for path in args.files]
    for path, job in jobs:
        try:
            report = job()
        except ReaderError as err:
            failed += 1
            print(f"错误：{path}：{KIND_ZH.get(err.kind, '无法读取')}：{err}", file=sys.stderr)
            continue
        except ReportError as err:
            failed += 1
            print(f"错误：{path}：{err}", file=sys.stderr)
            continue
        if args.json:
            print(json.dumps(report.to_dict(), ensure_ascii=False, separators=(",", ":")))
            if args.explain:
                _explain(report, sys.stderr, path)
        else:
            _summary(report, path)
            if args.explain:
                _explain(report, sys.stdout, path)
        sys.stdout.flush()
    return 2 if failed else 0


def _fmt(v) -> str:
    return "空" if v is None else str(v)


def _summary(report, path: str) -> None:
    from gongkai import standard

    out = print
    out(f"== {path}")
    out(f"  机关：{report.agency}")
    out(f"  年度：{report.year}")
    out(f"  格式：{report.template} 年版")
    if report.published_on:
        d = report.published_on
        out(f"  发布日期：{d.year}年{d.month}月{d.day}日")
    if report.section_order is not None:
        names = [standard.SECTION_BY_KEY[k].title for k in report.section_order]
        out(f"  章节：{'、'.join(names) or '无'}")
    if report.active is not None:
        a = report.active
        out("  表二 主动公开：")
        for key, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
            d = getattr(a, key)
            out(f"    {label}：制发 {_fmt(d.made)}，废止 {_fmt(d.repealed)}，现行有效 {_fmt(d.in_force)}")
        out(f"    行政许可 {_fmt(a.licensing)}，行政处罚 {_fmt(a.punishment)}，行政强制 {_fmt(a.coercion)}，收费 {_fmt(a.fees_10k_yuan)} 万元")
    elif report.active_2019 is not None:
        out("  表二 主动公开（2019 年版）：")
        for b in standard.TABLE2_2019_BLOCKS:
            for rk, rl in b.rows:
                vals = report.active_2019.get(rk, {})
                out(f"    {rl}：" + "，".join(f"{cl} {_fmt(vals.get(ck))}" for ck, cl in b.columns))
    out("  表三 申请（自然人/商业企业/科研机构/社会公益组织/法律服务机构/其他/总计）：")
    req = report.requests
    rows = list(standard.TABLE3_ROWS)
    for r in rows:
        v = req.row(r.key)
        if v is None:
            continue
        out(f"    {r.number:<7} {' '.join(_fmt(x) for x in v)}")
    op = req.other_processed
    if op is not None and all(req.row(k) is None for k in standard.OTHER_SUBROWS):
        out(f"    {'三（六）':<7} {' '.join(_fmt(x) for x in op)}（其他处理，一行）")
    out("  表四 复议诉讼（维持/纠正/其他/未审结/总计）：")
    for g in standard.APPEAL_GROUPS:
        v = getattr(report.appeals, g.key)
        name = (g.parent + "·" if g.parent else "") + g.label
        out(f"    {name}：{' '.join(_fmt(x) for x in v) if v is not None else '未找到'}")
    if report.notes:
        out("  读取说明：")
        for n in report.notes:
            out(f"    - {n}")


def _explain(report, stream, path: str) -> None:
    print(f"== {path} 数值来源", file=stream)
    for cell, prov in (report.provenance or {}).items():
        where = []
        if prov.page:
            where.append(f"第{prov.page}页")
        if prov.line:
            where.append(f"第{prov.line}行")
        value = _value_at(report, cell)
        parts = [f"  {cell} = {_fmt(value)}", "".join(where) or "-", prov.cell or ""]
        if prov.text:
            parts.append(f"原文：{prov.text}")
        if prov.box is not None:
            x0, y0, x1, y1 = prov.box
            parts.append(f"扫描框：({x0},{y0})–({x1},{y1}) 像素")
        if prov.confidence is not None:
            parts.append(f"置信度：{prov.confidence:.2f}")
        if prov.note:
            parts.append(f"说明：{prov.note}")
        print("  |  ".join(p for p in parts if p), file=stream)


def _value_at(report, path: str):
    cur = report.to_dict()
    for part in path.split("."):
        if isinstance(cur, dict):
            cur = cur.get(part)
        elif isinstance(cur, list):
            try:
                cur = cur[int(part)]
            except (ValueError, IndexError):
                return None
        else:
            return None
    return cur
