"""Generate the reader's acceptance corpus (issue #10): one set of cases per
category of what went wrong on unseen reports, each case with its quirk ids.

    .venv/bin/python -m tests.reader_gen.make_gen            # text cases (fast)
    .venv/bin/python -m tests.reader_gen.make_gen --pdf      # also the Chromium / LibreOffice PDFs

Every case starts from a random report (``reports.random_report``, both
templates) so the truth is known; the printed form is made by a layout and a
serializer (``docmodel``) or by ``gongkai.render`` and a real tool (Debian's
Chromium ``--headless --print-to-pdf``, LibreOffice ``--convert-to pdf``).
Beside each file ``<name>.gold.json`` holds what the reader must emit: the
printed values, ``null`` for a blank cell and for anything after a cut
(``<name>.truth.json`` then holds the whole report: giving a value the page
no longer prints is right only if it is the true one). ``cases.json`` lists
name, file, category, quirk ids, generator and seed. Quirk ids are shared
with the reader's registered repairs: see /work/wt/notes/reader-tests.md.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from gongkai import standard
from gongkai.model import Report

from .docmodel import Doc, build_doc, to_html, to_lines, to_md, to_tabs
from .reports import flat_dict, random_report, truth_cells

HERE = Path(__file__).resolve().parent
OUT = HERE / "cases"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # as tests/conftest.py

CASES: list[dict] = []


def emit(name: str, category: str, quirks: list[str], generator: str, seed: int, data: bytes | str, ext: str,
         expected: dict[str, object], truth: dict[str, object] | None = None, note: str = "") -> None:
    OUT.mkdir(exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    (OUT / f"{name}{ext}").write_bytes(raw)
    (OUT / f"{name}.gold.json").write_text(json.dumps(flat_dict(expected), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if truth is not None and truth != expected:
        (OUT / f"{name}.truth.json").write_text(json.dumps(flat_dict(truth), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    CASES.append({"name": name, "file": f"{name}{ext}", "category": category, "quirks": quirks,
                  "generator": generator, "seed": seed, "note": note})


# ---------------------------------------------------------------- 1. per-row markdown tables


def cat_per_row() -> None:
    for i, (tpl, profile) in enumerate([("2021", "busy"), ("2021", "small"), ("2021", "huge"), ("2021", "tiny"),
                                        ("2019", "busy"), ("2019", "small")]):
        seed = 1000 + i
        r = random_report(random.Random(seed), template=tpl, profile=profile)
        doc = build_doc(r, "per_row")
        emit(f"perrow_{i:02d}_{tpl}", "per_row_markdown", ["md.per_row_tables", "md.generic_header", "md.t4_subtables"],
             "per_row+md", seed, to_md(doc), ".md", truth_cells(r))


# ---------------------------------------------------------------- 2. dropped empty column


def placements(n_values: int, width: int) -> list[tuple[int, ...]]:
    return list(itertools.combinations(range(width), n_values))


def t3_consistent(req: dict[str, list]) -> bool:
    """T3.ROWTOTAL, T3.SUM, T3.BALANCE with blank = 0."""
    z = {k: [x or 0 for x in v] for k, v in req.items() if v is not None}
    for v in z.values():
        if sum(v[:6]) != v[6]:
            return False
    outcome = [k for k in standard.OUTCOME_KEYS if k in z]
    if "other_processed" in z and "other_other" not in z:
        outcome.append("other_processed")
    for c in range(7):
        if sum(z[k][c] for k in outcome) != z["total_processed"][c]:
            return False
        if z["new_received"][c] + z["carried_over"][c] != z["total_processed"][c] + z["carried_forward"][c]:
            return False
    return True


def dropped_rows_settled(req: dict, dropped: dict[str, list[int]]) -> bool:
    """Every placement of the printed values of the rows that lost their blank
    cells, other than the true one, breaks an identity."""
    options = {}
    for key, vals in dropped.items():
        options[key] = placements(len(vals), 7)
    n_ok = 0
    for combo in itertools.product(*options.values()):
        trial = dict(req)
        for (key, vals), pos in zip(dropped.items(), combo):
            row = [None] * 7
            for p, v in zip(pos, vals):
                row[p] = v
            trial[key] = row
        if t3_consistent(trial):
            n_ok += 1
            if n_ok > 1:
                return False
    return n_ok == 1


def cat_dropped_column() -> None:
    made = 0
    seed = 2000
    while made < 6:
        seed += 1
        rng = random.Random(seed)
        tpl = "2021" if made < 5 else "2019"
        r = random_report(rng, template=tpl, profile=rng.choice(["small", "busy"]))
        req = r.requests
        # blank (not 0) some zero cells of 1–3 outcome rows; the converter drops them
        keys = [k for k in standard.OUTCOME_KEYS if req.row(k) is not None and sum(req.row(k)[:6]) > 0 and req.row(k).count(0) >= 2]
        if len(keys) < 2:
            continue
        chosen = rng.sample(keys, rng.randint(1, min(3, len(keys))))
        dropped: dict[str, list[int]] = {}
        for k in chosen:
            row = list(req.row(k))
            zeros = [i for i in range(6) if row[i] == 0]
            for i in rng.sample(zeros, rng.randint(1, len(zeros))):
                row[i] = None
            setattr(req, k, row)
            dropped[k] = [v for v in row if v is not None]
        full = {k: req.row(k) for k in standard.ALL_TABLE3_KEYS}
        if not dropped_rows_settled(full, dropped):
            continue
        narrative_extra = ""
        if tpl == "2021":
            # 规章 made blank, printed `| 规章 | 12 | 140 |`; the narrative states the figures
            regs = r.active.regulations
            regs.made = None
            regs.repealed = regs.repealed or rng.randint(1, 20)
            regs.in_force = regs.in_force or rng.randint(30, 200)
            narrative_extra = f"本年度废止规章{regs.repealed}件，现行有效规章{regs.in_force}件。"
            r.sections.overview = r.sections.overview + "\n" + narrative_extra
        doc = build_doc(r, "flat")
        for t in doc.tables():
            for row in t.rows:
                row[:] = [c for c in row if not (c.path and c.text == "")]
        emit(f"dropcol_{made:02d}_{tpl}", "dropped_empty_column", ["md.dropped_empty_column"], "flat+md-dropblank",
             seed, to_md(doc), ".md", truth_cells(r), note=f"rows {', '.join(dropped)}; {narrative_extra}")
        made += 1


# ---------------------------------------------------------------- 3. fused table-2 digits, settled by the narrative


def splits3(digits: str) -> list[tuple[int, int, int]]:
    out = []
    for i in range(1, len(digits) - 1):
        for j in range(i + 1, len(digits)):
            parts = [digits[:i], digits[i:j], digits[j:]]
            if any(len(p) > 1 and p[0] == "0" for p in parts):
                continue
            out.append(tuple(int(p) for p in parts))
    return out


def cat_fused_t2() -> None:
    made = 0
    seed = 3000
    while made < 5:
        seed += 1
        rng = random.Random(seed)
        r = random_report(rng, template="2021", level=rng.choice(["city_dept", "county_gov", "dept"]), nd_sentence=False)
        regs = r.active.regulations
        regs.made = regs.repealed = regs.in_force = 0  # `规章000`: one reading only
        nd = r.active.normative_documents
        nd.made, nd.repealed = rng.randint(10, 60), rng.randint(2, 30)
        nd.in_force = nd.made + rng.randint(100, 700)
        digits = f"{nd.made}{nd.repealed}{nd.in_force}"
        # the narrative states 制发 and 现行有效 (as 平潭's does)
        readings = [s for s in splits3(digits) if s[0] == nd.made and s[2] == nd.in_force]
        alone = [s for s in splits3(digits) if s[0] <= s[2]]
        if len(readings) != 1 or len(alone) < 2:
            continue
        r.sections.overview += f"\n本年度制发行政规范性文件{nd.made}件，截至年底现行有效行政规范性文件{nd.in_force}件。"
        doc = build_doc(r, "flat", meta=["首页 > 政务公开 > 政府信息公开年报"])
        for t in doc.tables():
            t.caption = None
        text = []
        for kind, b in doc.blocks:
            if kind == "table":
                sep = "" if b.key == "active" else " "
                text += [sep.join(c.text for c in row if c.text) for row in b.rows]
            else:
                text.append(b)
        emit(f"fusedt2_{made:02d}", "fused_table2_digits", ["crawl.fused_t2_digits", "narrative.t2_figures"],
             "flat+crawl(table 2 run together)", seed, "\n".join(text) + "\n", ".txt", truth_cells(r),
             note=f"行政规范性文件{digits}: {len(alone)} readings alone, 1 with the narrative")
        made += 1


# ---------------------------------------------------------------- 5. one blank cell in a row


def cat_one_blank() -> None:
    for i in range(6):
        seed = 5000 + i
        rng = random.Random(seed)
        r = random_report(rng, template="2021" if i < 5 else "2019", profile=rng.choice(["tiny", "small", "busy"]))
        blanks = []
        if r.template == "2021":
            d = r.active.regulations
            d.in_force = None  # `| 规章 | 0 | 0 | |`
            blanks.append("active.regulations.in_force")
        for key in rng.sample([k for k in standard.OUTCOME_KEYS if r.requests.row(k) is not None], 2):
            row = list(r.requests.row(key))
            c = rng.randrange(7)
            row[c] = None
            setattr(r.requests, key, row)
            blanks.append(f"requests.{key}.{c}")
        g = rng.choice(standard.APPEAL_GROUPS).key
        row = list(getattr(r.appeals, g))
        c = rng.randrange(5)
        row[c] = None
        setattr(r.appeals, g, row)
        blanks.append(f"appeals.{g}.{c}")
        fmt = ["md", "tabs", "md", "html", "tabs", "md"][i]
        doc = build_doc(r, "flat" if fmt != "tabs" else "national")
        text = {"md": to_md, "tabs": to_tabs, "html": to_html}[fmt](doc)
        emit(f"oneblank_{i:02d}_{fmt}", "one_blank_cell", ["row.one_blank_cell"], f"{'flat' if fmt != 'tabs' else 'national'}+{fmt}",
             seed, text, {"md": ".md", "tabs": ".txt", "html": ".html"}[fmt], truth_cells(r), note="blank: " + ", ".join(blanks))


# ---------------------------------------------------------------- 6. title variants


def cat_titles() -> None:
    plan = [("guanyu", "office", "md"), ("guanyu", "dept", "tabs"), ("guanyu", "office", "html"),
            ("agency_after_year", "township", "md"), ("agency_after_year", "township", "tabs"),
            ("agency_after_year", "dept", "html"), ("bracket_year", "street", "tabs"), ("year_first", "county_gov", "md")]
    for i, (style, level, fmt) in enumerate(plan):
        seed = 6000 + i
        r = random_report(random.Random(seed), level=level)
        doc = build_doc(r, "flat" if fmt != "tabs" else "national", title_style=style)
        text = {"md": to_md, "tabs": to_tabs, "html": to_html}[fmt](doc)
        quirk = {"guanyu": ["title.guanyu_niandu", "title.wo_ban_not_agency"] if level == "office" else ["title.guanyu_niandu"],
                 "agency_after_year": ["title.agency_after_year"], "bracket_year": ["title.bracket_year"],
                 "year_first": ["title.year_first"]}[style]
        emit(f"title_{i:02d}_{style}_{fmt}", "title_variants", quirk, f"title:{style}+{fmt}", seed, text,
             {"md": ".md", "tabs": ".txt", "html": ".html"}[fmt], truth_cells(r))


# ---------------------------------------------------------------- 7. cut pages


MARK = re.compile("\x00(\\d+)\x01(.*?)\x02", re.S)


def tracked(doc: Doc, serialize) -> tuple[bytes, dict[str, tuple[int, int]]]:
    """Serialize with each number's byte span recorded."""
    paths = []
    for t in doc.tables():
        for row in t.rows:
            for c in row:
                if c.path and c.text:
                    c.text = f"\x00{len(paths)}\x01{c.text}\x02"
                    paths.append(c.path)
    marked = serialize(doc)
    out = bytearray()
    spans: dict[str, tuple[int, int]] = {}
    pos = 0
    for m in MARK.finditer(marked):
        out += marked[pos:m.start()].encode("utf-8")
        start = len(out)
        out += m.group(2).encode("utf-8")
        spans[paths[int(m.group(1))]] = (start, len(out))
        pos = m.end()
    out += marked[pos:].encode("utf-8")
    return bytes(out), spans


def cat_cut() -> None:
    fmts = [("lines", to_lines, ".txt"), ("tabs", to_tabs, ".txt"), ("md", to_md, ".md"), ("html", to_html, ".html")]
    for i in range(12):
        seed = 7000 + i
        rng = random.Random(seed)
        r = random_report(rng, template="2021" if i % 4 else "2019")
        name, ser, ext = fmts[i % 3] if i < 9 else fmts[3]
        doc = build_doc(r, "flat" if name == "md" else "national",
                        meta=["当前位置：首页 > 政务公开 > 政府信息公开年报"])
        data, spans = tracked(doc, ser)
        # cut inside the tables (table 2 start … end of table 4), at any byte
        first = min(s for s, _ in spans.values())
        last = max(e for _, e in spans.values())
        at = rng.randint(first + 1, last)
        if i in (2, 5):  # inside a multi-byte character
            while at < len(data) and data[at] < 0x80:
                at += 1
            at += 1
        cut = data[:at]
        truth = truth_cells(r)
        expected = dict(truth)
        for path in list(expected):
            if path in spans and not spans[path][1] < at:
                expected[path] = None  # after the cut, or touching it (maybe part of a longer number)
            elif "." in path and path.split(".")[0] in ("active", "active_2019", "requests", "appeals") and path not in spans:
                if expected[path] is not None and not path.startswith("requests.other_processed"):
                    expected[path] = None
        # other_processed from its three rows only where all three are printed
        for c in range(7):
            parts = [expected.get(f"requests.{k}.{c}") for k in standard.OTHER_SUBROWS]
            if r.template == "2021" and r.requests.other_no_supplement is not None:
                expected[f"requests.other_processed.{c}"] = None if None in parts else sum(parts)
        try:
            cut.decode("utf-8")
            mid_char = False
        except UnicodeDecodeError:
            mid_char = True
        quirks = ["crawl.cut"] + (["crawl.cut_mid_char"] if mid_char else [])
        emit(f"cut_{i:02d}_{name}", "cut_pages", quirks, f"{'flat' if name == 'md' else 'national'}+{name}+cut", seed, cut, ext,
             expected, truth, note=f"cut at byte {at} of {len(data)}")


# ---------------------------------------------------------------- 8. capture time vs 发布日期


def cat_capture_time() -> None:
    plans = [("采集时间：{cap} 10:22:31", "发布日期：{pub}", "lines"), ("发布时间：{pub}", "采集时间：{cap}", "tabs"),
             ("采集时间：{cap}", "公开日期：{pub}", "md"), ("来源：{agency}  发布日期：{pub}  采集时间：{cap} 08:00", None, "lines"),
             ("采集时间：{cap} 21:07:45", "发布时间：{pub} 09:30", "html"), ("信息来源：{agency} 公开日期：{pub}", "采集时间：{cap}", "html")]
    for i, (a, b, fmt) in enumerate(plans):
        seed = 8000 + i
        rng = random.Random(seed)
        r = random_report(rng, template="2021")
        pub = f"{r.year + 1}-01-{rng.randint(10, 28):02d}"
        cap = f"{r.year + 1 + rng.randint(0, 2)}-{rng.randint(3, 12):02d}-{rng.randint(10, 28):02d}"
        meta = [x.format(cap=cap, pub=pub, agency=r.agency) for x in (a, b) if x]
        if i == 0:
            meta = [meta[0], "当前位置：首页 > 政务公开 > 年报"]
            doc = build_doc(r, "national", meta=meta)
            doc.blocks.insert(3, ("meta", b.format(pub=pub)))  # 发布日期 under the title
        else:
            doc = build_doc(r, "flat" if fmt == "md" else "national", meta=meta)
        text = {"lines": to_lines, "tabs": to_tabs, "md": to_md, "html": to_html}[fmt](doc)
        r2 = r.model_copy(update={"published_on": dt.date.fromisoformat(pub)})
        emit(f"capture_{i:02d}_{fmt}", "capture_time", ["crawl.capture_time"], f"meta+{fmt}", seed, text,
             {"lines": ".txt", "tabs": ".txt", "md": ".md", "html": ".html"}[fmt], truth_cells(r2), note=f"发布 {pub}, 采集 {cap}")


# ---------------------------------------------------------------- 4. PDFs with blank and merged cells


def blank_some(r: Report, rng: random.Random, n: int) -> list[str]:
    """Blank ``n`` zero cells of table 3 (sparse rows) and the 规章 row."""
    out = []
    cand = [(k, c) for k in standard.ALL_TABLE3_KEYS if r.requests.row(k) is not None for c in range(6) if r.requests.row(k)[c] == 0]
    for k, c in rng.sample(cand, min(n, len(cand))):
        row = list(r.requests.row(k))
        row[c] = None
        setattr(r.requests, k, row)
        out.append(f"requests.{k}.{c}")
    if r.active is not None and r.active.regulations.made == 0:
        r.active.regulations.made = None
        r.active.regulations.repealed = None
        out.append("active.regulations.made/repealed")
    return out


def chromium_pdf(html: str) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        src, dst = Path(d) / "r.html", Path(d) / "r.pdf"
        src.write_text(html, encoding="utf-8")
        subprocess.run([CHROMIUM, "--headless", *CHROMIUM_ARGS, "--no-pdf-header-footer", f"--print-to-pdf={dst}", src.as_uri()],
                       check=True, capture_output=True, timeout=120)
        return dst.read_bytes()


def libreoffice_pdf(docx: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "r.docx"
        src.write_bytes(docx)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{d}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", d, str(src)], check=True, capture_output=True, timeout=180)
        return (Path(d) / "r.pdf").read_bytes()


def sparse_report(seed: int, template: str) -> tuple[Report, random.Random]:
    rng = random.Random(seed)
    r = random_report(rng, template=template, profile=rng.choice(["busy", "huge"]))
    return r, rng


def cat_pdfs() -> None:
    from gongkai.render import html as html_render
    from gongkai.render import render

    for i in range(3):
        seed = 4000 + i
        r, rng = sparse_report(seed, "2021" if i < 2 else "2019")
        blanks = blank_some(r, rng, rng.randint(8, 30))
        page = html_render.render_page(r, stylesheet=html_render.print_stylesheet(r))
        emit(f"chromium_{i:02d}_{r.template}", "pdf_blank_cells",
             ["pdf.chromium_print", "pdf.blank_cells", "pdf.merged_cells", "pdf.sparse_row"], "render.html+chromium --print-to-pdf",
             seed, chromium_pdf(page), ".pdf", truth_cells(r), note=f"{len(blanks)} blank cells")
    for i in range(3):
        seed = 4100 + i
        r, rng = sparse_report(seed, "2021" if i < 2 else "2019")
        blanks = blank_some(r, rng, rng.randint(8, 30))
        emit(f"libreoffice_{i:02d}_{r.template}", "pdf_blank_cells",
             ["pdf.libreoffice_export", "pdf.blank_cells", "pdf.merged_cells", "pdf.sparse_row"], "render.docx+soffice --convert-to pdf",
             seed, libreoffice_pdf(render(r, "docx")), ".pdf", truth_cells(r), note=f"{len(blanks)} blank cells")
    # published-style HTML (MsoNormal spans, rowspan/colspan, `/` and blank cells) printed by Chromium
    for src in ("shanghai_pudong_lujiazui_2024", "hubei_wuhan_jiangan_2019_2019tpl"):
        html_path = HERE.parent / "reader_cases" / f"{src}.html"
        gold = json.loads((HERE.parent / "reader_cases" / f"{src}.gold.json").read_text(encoding="utf-8"))
        name = f"chromium_rc_{src}"
        (OUT / f"{name}.pdf").write_bytes(chromium_pdf(html_path.read_text(encoding="utf-8")))
        (OUT / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        CASES.append({"name": name, "file": f"{name}.pdf", "category": "pdf_blank_cells",
                      "quirks": ["pdf.chromium_print", "pdf.merged_cells", "pdf.blank_cells"],
                      "generator": f"tests/reader_cases/{src}.html+chromium --print-to-pdf", "seed": 0,
                      "note": "gold as in tests/reader_cases"})
    # the text a crawler or pdftotext gives of two of them: sparse rows with multi-digit numbers (`181 15 2`)
    if shutil.which("pdftotext"):
        for src in ("chromium_00_2021", "libreoffice_00_2021"):
            pdf = OUT / f"{src}.pdf"
            for mode in ("-layout", "-raw"):
                txt = subprocess.run(["pdftotext", mode, str(pdf), "-"], check=True, capture_output=True).stdout
                gold = json.loads((OUT / f"{src}.gold.json").read_text(encoding="utf-8"))
                case = next(c for c in CASES if c["name"] == src)
                name = f"{src}_pdftotext{mode}"
                (OUT / f"{name}.txt").write_bytes(txt)
                (OUT / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
                CASES.append({"name": name, "file": f"{name}.txt", "category": "sparse_rows",
                              "quirks": ["text.sparse_row"] + (["text.layout_columns"] if mode == "-layout" else ["text.raw_order"]),
                              "generator": f"{case['generator']}+pdftotext {mode}", "seed": case["seed"], "note": case["note"],
                              # the text loses the blank positions (-raw entirely, -layout keeps them only in the
                              # spacing): a row like `181 15 2` may have several readings, so nulls are allowed;
                              # a wrong value is not (the PDFs themselves must be exact)
                              "never_wrong_only": True})


def main(argv: list[str]) -> int:
    pdf = "--pdf" in argv
    index = OUT / "cases.json"
    old = json.loads(index.read_text(encoding="utf-8")) if index.exists() else []
    cat_per_row()
    cat_dropped_column()
    cat_fused_t2()
    cat_one_blank()
    cat_titles()
    cat_cut()
    cat_capture_time()
    if pdf:
        cat_pdfs()
    else:  # keep the committed PDFs and their text
        CASES.extend(c for c in old if c["category"] in ("pdf_blank_cells", "sparse_rows"))
        for c in CASES:
            if c["category"] == "sparse_rows":
                c["never_wrong_only"] = True
    index.write_text(json.dumps(CASES, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    by = {}
    for c in CASES:
        by[c["category"]] = by.get(c["category"], 0) + 1
    print(f"{len(CASES)} cases: " + ", ".join(f"{k} {v}" for k, v in by.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
