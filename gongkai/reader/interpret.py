"""The orchestrator: one pipeline for every format, from a ``Document`` to a
``Report``. Each stage is its own module (see ``types`` for what passes
between them):

1. ``normalize``  lines → pieces of normalized text, section headings found;
2. ``title``      agency, year, publication date;
3. ``regions``    pieces → the report's parts (sections, table regions);
4. ``table2`` / ``table3`` / ``table4``  table regions → rows and their
   candidate readings (cells placed by ``grid``; digits split by ``split``);
5. ``solve``     readings settled by the report's equations;
6. ``narrative``  the text sections.

Every value keeps its provenance; every decision the text did not make for
us is a note; a value is given only when every reading agrees on it."""

from __future__ import annotations

import re

from gongkai.model import Provenance, Report, fill_other_processed
from gongkai.reader import labels as L
from gongkai.reader.context import Ctx
from gongkai.reader.errors import ReaderError
from gongkai.reader.narrative import read_narrative
from gongkai.reader.normalize import note_fixes, pieces_and_headings
from gongkai.reader.regions import find_regions
from gongkai.reader.table2 import read_table2
from gongkai.reader.table3 import read_table3
from gongkai.reader.table4 import read_table4
from gongkai.reader.title import published, title
from gongkai.reader.types import Document

_GOVERNMENT = re.compile(r"(人民政府|管委会|管理委员会|街道办事处|行政公署)$")


def interpret(doc: Document, *, name: str = "") -> Report:
    ctx = Ctx(doc)
    if doc.meta.get("cut"):
        ctx.note("文件在末尾被截断（最后一个字符不完整）：读出截断前的内容，其后的格为空")
    fixes: list[tuple[str, str, str]] = []
    pieces, marks = pieces_and_headings(doc, fixes)
    if not any(p.text.strip() for p in pieces):
        raise ReaderError("文件中没有文字内容", "empty")
    ctx.last_piece = max(p.index for p in pieces if p.text.strip())
    agency, year = title(doc, pieces, ctx)
    note_fixes(fixes, ctx)
    regions = find_regions(pieces, marks, ctx)
    has_tables = any(regions.get(k) for k in ("active", "requests", "appeals"))
    t3_hits = sum(1 for _ in L.T3_LABEL.finditer("".join(p.text for p in regions.get("requests"))))
    if year is None or (not has_tables and len(marks) < 3) or (agency is None and t3_hits < 5 and len(marks) < 3):
        raise ReaderError(
            f"{name or '该文件'}不是政府信息公开工作年度报告（未找到“××机关××××年政府信息公开工作年度报告”标题或报告的表格）",
            "not_report",
        )
    if agency is None:
        agency = "（未识别）"
        ctx.note("未能从标题识别机关名称")
    data: dict = {"agency": agency, "year": year}
    date = published(doc, pieces)
    if date:
        data["published_on"] = date
    data["agency_level"] = "government" if _GOVERNMENT.search(agency) else "department"

    evidence = "\n".join(p.text for p in regions.head + [p for k in ("overview", "problems", "other") for p in regions.get(k)])
    data["template"], data["active"], data["active_2019"] = read_table2(regions.get("active"), ctx, evidence)
    data["requests"], _single_other = read_table3(regions.get("requests"), ctx)
    data["appeals"], tail = read_table4(regions.get("appeals"), ctx)
    data["sections"], data["section_order"] = read_narrative(regions, tail, ctx)
    report = Report.model_validate(data)  # the reader builds valid data; a failure here is a reader bug
    fill_other_processed(report)
    if report.requests.other_processed is not None and "requests.other_processed.0" not in ctx.prov:
        for i in range(7):
            ctx.prov[f"requests.other_processed.{i}"] = Provenance(cell=f"表三 三（六） 第{i + 1}列", note="三（六）1–3 之和")
    report.provenance = ctx.prov
    report.notes = ctx.notes
    return report
