"""Generality: a report laid out the ways real reports come (tab-separated
PDF text, crawled text with cells run together, one value per line,
space-aligned PDF text, markdown tables, HTML tables, the 2019 table 2) reads
back to every cell. Run over the five gold reports and hypothesis-generated
consistent reports with large values.

Where cells are run together without separators a value may be unsettled;
then it must be null with a note — never a wrong number."""

from __future__ import annotations

import html as htmlmod
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import standard
from gongkai.model import Report, load_report
from gongkai.reader import read_bytes, read_text

from .strategies import consistent_reports

GOLD = ["000_04d0c90127c5455c", "hongze_district_gov_2023", "pingtan_2021", "pingtan_2022", "shanghai_stcsm_2024"]
LAYOUTS = ("tabs", "concat", "lines", "spaces", "md", "html")


# ---------------------------------------------------------------- the generator


def fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def title(r: Report) -> str:
    return standard.report_title(r.agency, r.year)


def t2_blocks(r: Report):
    """(block heading, column labels, [(row label, values)])."""
    if r.template == "2019":
        for b in standard.TABLE2_2019_BLOCKS:
            yield b.item, [l for _k, l in b.columns], [
                (rl, [r.active_2019[rk][ck] for ck, _cl in b.columns]) for rk, rl in b.rows
            ]
        return
    a = r.active
    for b in standard.TABLE2_BLOCKS:
        rows = []
        for rk, rl in b.rows:
            if rk in standard.DOCUMENT_KINDS:
                d = getattr(a, rk)
                rows.append((rl, [d.made, d.repealed, d.in_force]))
            else:
                rows.append((rl, [getattr(a, rk)]))
        yield b.item, [l for _k, l in b.columns], rows


def t3_rows(r: Report):
    """(group label or '', row label, values) in print order."""
    req = r.requests
    single = req.other_processed is not None and all(req.row(k) is None for k in standard.OTHER_SUBROWS)
    seen_groups = set()
    for row in standard.TABLE3_ROWS:
        if row.key in standard.OTHER_SUBROWS and single:
            if "single" not in seen_groups:
                seen_groups.add("single")
                yield "", standard.OTHER_PROCESSED.label, req.other_processed
            continue
        group = ""
        if row.group and row.group not in seen_groups:
            seen_groups.add(row.group)
            group = row.group
        yield group, row.label, req.row(row.key)


def t4_values(r: Report) -> list:
    out = []
    for g in standard.APPEAL_GROUPS:
        out += getattr(r.appeals, g.key)
    return out


T4_HEADER = [
    "行政复议\t\t\t\t\t行政诉讼",
    "\t\t\t\t\t未经复议直接起诉\t\t\t\t\t复议后起诉",
    "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3),
]
T3_HEADER = [
    standard.BALANCE_NOTE + "\t\t申请人情况",
    "\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
    "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
]


def sections_text(r: Report, key: str) -> str:
    return getattr(r.sections, key) if r.sections and getattr(r.sections, key) else "无。"


def layout_tabs(r: Report, sep: str = "\t") -> str:
    out = [title(r), "", standard.heading("overview"), sections_text(r, "overview"), standard.heading("active")]
    for item, cols, rows in t2_blocks(r):
        out.append(item)
        out.append(sep.join(["信息内容", *cols]))
        for label, vals in rows:
            out.append(sep.join([label, *map(fmt, vals)]))
    out.append(standard.heading("requests"))
    out += [h.replace("\t", sep) for h in T3_HEADER]
    for group, label, vals in t3_rows(r):
        cells = [group, label] if (group or label[0].isdigit()) else [label, ""]
        out.append(sep.join([*cells, *map(fmt, vals)]))
    out.append(standard.heading("appeals"))
    out += [h.replace("\t", sep) for h in T4_HEADER]
    out.append(sep.join(map(fmt, t4_values(r))))
    out += [standard.heading("problems"), sections_text(r, "problems"), standard.heading("other"), sections_text(r, "other")]
    return "\n".join(out) + "\n"


def layout_spaces(r: Report) -> str:
    return layout_tabs(r, sep="    ")


def layout_concat(r: Report) -> str:
    """Crawled page text: breadcrumbs, then the body as one line, cells run together."""
    body = [f"当前位置： 首页 > 政务公开 > 年报 {title(r)} 来源：本站 微信 微博 QQ空间", standard.heading("overview"),
            sections_text(r, "overview"), standard.heading("active")]
    for item, cols, rows in t2_blocks(r):
        body.append(item + "信息内容" + "".join(cols))
        for label, vals in rows:
            body.append(label + "".join(map(fmt, vals)))
    body.append(standard.heading("requests") + standard.BALANCE_NOTE + "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他")
    for group, label, vals in t3_rows(r):
        body.append(group + label + "".join(map(fmt, vals)))
    body.append(standard.heading("appeals") + "行政复议行政诉讼"
                + "结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉" + "结果维持结果纠正其他结果尚未审结总计" * 2)
    body.append("".join(map(fmt, t4_values(r))))
    body += [standard.heading("problems"), sections_text(r, "problems"), standard.heading("other"), sections_text(r, "other"), "附件下载"]
    head = [f"标题: {title(r)}", "发布时间: 2024-01-20 10:00", "==================== 正文 ===================="]
    return "\n".join(head) + "\n" + "".join(body) + "\n"


def layout_lines(r: Report) -> str:
    out = [title(r), standard.heading("overview"), sections_text(r, "overview"), standard.heading("active")]
    for item, cols, rows in t2_blocks(r):
        out += [item, "信息内容", *cols]
        for label, vals in rows:
            out.append(label)
            out += [fmt(v) for v in vals]
    out.append(standard.heading("requests"))
    out += ["申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    for group, label, vals in t3_rows(r):
        if group:
            out.append(group)
        out.append(label)
        out += [fmt(v) for v in vals]
    out.append(standard.heading("appeals"))
    out += ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"] + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    out += [fmt(v) for v in t4_values(r)]
    out += [standard.heading("problems"), sections_text(r, "problems"), standard.heading("other"), sections_text(r, "other")]
    return "\n".join(out) + "\n"


def layout_md(r: Report) -> str:
    def row(cells):
        return "| " + " | ".join(cells) + " |"

    out = [f"# {title(r)}", "", f"## {standard.heading('overview')}", sections_text(r, "overview"), f"## {standard.heading('active')}"]
    for item, cols, rows in t2_blocks(r):
        out += ["", item, "", row(["信息内容", *cols]), row(["---"] * (len(cols) + 1))]
        out += [row([label, *map(fmt, vals)]) for label, vals in rows]
    out += ["", f"## {standard.heading('requests')}", "",
            row(["（本列数据的勾稽关系）", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]), row(["---"] * 9)]
    for group, label, vals in t3_rows(r):
        out.append(row([group, label, *map(fmt, vals)]))
    out += ["", f"## {standard.heading('appeals')}", "", row(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3), row(["---"] * 15)]
    out.append(row(list(map(fmt, t4_values(r)))))
    out += ["", f"## {standard.heading('problems')}", sections_text(r, "problems"), f"## {standard.heading('other')}", sections_text(r, "other")]
    return "\n".join(out) + "\n"


def layout_html(r: Report) -> str:
    e = htmlmod.escape

    def tr(cells):
        return "<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>"

    out = [f"<html><head><title>{e(title(r))}</title></head><body>", '<div class="crumb">首页 &gt; 政务公开</div>', f"<h1>{e(title(r))}</h1>"]
    out += [f"<p>{e(standard.heading('overview'))}</p>", f"<p>{e(sections_text(r, 'overview'))}</p>", f"<p>{e(standard.heading('active'))}</p><table>"]
    for item, cols, rows in t2_blocks(r):
        out.append(f'<tr><td colspan="{len(cols) + 1}">{e(item)}</td></tr>')
        out.append(tr(["信息内容", *cols]))
        out += [tr([label, *map(fmt, vals)]) for label, vals in rows]
    out.append(f"</table><p>{e(standard.heading('requests'))}</p><table>")
    out.append(tr([standard.BALANCE_NOTE, "", "申请人情况"]))
    out.append(tr(["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]))
    for group, label, vals in t3_rows(r):
        cells = ([group] if group else []) + [label]
        out.append(tr([*cells, *map(fmt, vals)]))
    out.append(f"</table><p>{e(standard.heading('appeals'))}</p><table>")
    out.append(tr(["行政复议", "行政诉讼"]))
    out.append(tr(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3))
    out.append(tr(list(map(fmt, t4_values(r)))))
    out.append(f"</table><p>{e(standard.heading('problems'))}</p><p>{e(sections_text(r, 'problems'))}</p>")
    out.append(f"<p>{e(standard.heading('other'))}</p><p>{e(sections_text(r, 'other'))}</p><div>分享到：微信 微博</div></body></html>")
    return "\n".join(out)


LAYOUT_FUNCS = {
    "tabs": layout_tabs, "spaces": layout_spaces, "concat": layout_concat,
    "lines": layout_lines, "md": layout_md, "html": layout_html,
}
SUFFIX = {"md": ".md", "html": ".html"}


def read_layout(r: Report, layout: str) -> Report:
    text = LAYOUT_FUNCS[layout](r)
    return read_bytes(text.encode("utf-8"), name="report" + SUFFIX.get(layout, ".txt"))


# ---------------------------------------------------------------- comparing


def cells(r: Report) -> dict[str, object]:
    out: dict[str, object] = {}
    if r.template == "2021" and r.active is not None:
        for kind in standard.DOCUMENT_KINDS:
            for col in standard.DOCUMENT_COLUMNS:
                out[f"active.{kind}.{col}"] = getattr(getattr(r.active, kind), col)
        for kind in (*standard.DECISION_KINDS, "fees_10k_yuan"):
            out[f"active.{kind}"] = getattr(r.active, kind)
    if r.active_2019:
        for rk, vals in r.active_2019.items():
            for ck, v in vals.items():
                out[f"active_2019.{rk}.{ck}"] = v
    for key in standard.ALL_TABLE3_KEYS:
        row = r.requests.row(key)
        for i in range(7):
            out[f"requests.{key}.{i}"] = None if row is None else row[i]
    for g in standard.APPEAL_GROUPS:
        row = getattr(r.appeals, g.key)
        for i in range(5):
            out[f"appeals.{g.key}.{i}"] = None if row is None else row[i]
    return out


def compare(src: Report, got: Report, *, allow_unsettled: bool = False) -> list[str]:
    want, have = cells(src), cells(got)
    bad = []
    for path, v in want.items():
        h = have.get(path)
        if v is None:
            continue
        if h == v:
            continue
        if allow_unsettled and h is None and got.notes:
            continue  # not settled by the text: null, and a note says so
        bad.append(f"{path}: 应为 {v}，读出 {h}")
    if got.agency != src.agency or got.year != src.year or got.template != src.template:
        bad.append(f"标题：{got.agency} {got.year} {got.template}")
    return bad


# ---------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def gold_reports(gold_dir):
    return {name: load_report(gold_dir / f"{name}.json") for name in GOLD}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", GOLD)
def test_gold_in_every_layout(gold_reports, name, layout):
    src = gold_reports[name]
    got = read_layout(src, layout)
    # Run together, hongze's table 4 (which breaks T4.SUM as printed) cannot
    # be split by the identities, and pingtan 2022's 8855698 (制发/废止/现行有效)
    # has three plausible readings (the real page settles it by its narrative,
    # which this layout lacks): those stay null, with a note.
    unsettled = {"hongze_district_gov_2023": "表四", "pingtan_2022": "表二"}.get(name) if layout == "concat" else None
    assert compare(src, got, allow_unsettled=bool(unsettled)) == []
    if unsettled:
        assert any(unsettled in n for n in got.notes)
    assert got.section_order == [s.key for s in standard.SECTIONS]
    assert got.sections.other == sections_text(src, "other")


def plausible(r: Report) -> Report:
    """Table 2 of real reports: 制发 ≥ 废止 and 现行有效 ≥ both (the rule the
    reader uses for a run-together 制发/废止/现行有效 it cannot settle)."""
    for kind in standard.DOCUMENT_KINDS:
        d = getattr(r.active, kind)
        d.repealed = min(d.repealed, d.made)
        d.in_force = max(d.in_force, d.made)
    return r


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=consistent_reports(max_count=10**6), layout=st.sampled_from(LAYOUTS))
def test_generated_large_values(report, layout):
    src = plausible(report)
    got = read_layout(src, layout)
    assert compare(src, got, allow_unsettled=layout == "concat") == []


@settings(max_examples=25, deadline=None)
@given(report=consistent_reports(max_count=30), layout=st.sampled_from(LAYOUTS))
def test_generated_small_values(report, layout):
    """Small numbers run together are the hard case for the splitter."""
    src = plausible(report)
    got = read_layout(src, layout)
    assert compare(src, got, allow_unsettled=layout == "concat") == []


@st.composite
def reports_2019(draw):
    base = draw(consistent_reports(max_count=200, split_other=False))
    count = st.integers(0, 5000)
    a19 = {}
    for b in standard.TABLE2_2019_BLOCKS:
        for rk, _rl in b.rows:
            a19[rk] = {}
            for ck, _cl in b.columns:
                if ck == "change":
                    a19[rk][ck] = draw(st.integers(-300, 300))
                elif ck == "amount_10k_yuan":
                    a19[rk][ck] = draw(st.decimals(min_value=0, max_value=10**5, places=2, allow_nan=False))
                else:
                    a19[rk][ck] = draw(count)
    data = base.to_dict()
    data.update({"template": "2019", "active": None, "active_2019": a19})
    data["active_2019"] = a19
    return Report.model_validate(data)


@settings(max_examples=20, deadline=None)
@given(report=reports_2019(), layout=st.sampled_from(("tabs", "spaces", "lines", "md", "html")))
def test_template_2019(report, layout):
    got = read_layout(report, layout)
    assert got.template == "2019" and got.active is None
    assert set(got.active_2019) == {rk for b in standard.TABLE2_2019_BLOCKS for rk, _l in b.rows}
    assert compare(report, got) == []
    for k in standard.OTHER_SUBROWS:
        assert got.requests.row(k) is None
    assert got.requests.other_processed == report.requests.other_processed


def test_read_text_equals_read_bytes(gold_reports):
    src = gold_reports["pingtan_2022"]
    text = layout_tabs(src)
    assert read_text(text).to_dict() == read_bytes(text.encode(), name="a.txt").to_dict()
