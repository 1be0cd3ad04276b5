"""OCR output of a scanned report (PaddleOCR / Tesseract / Umi-OCR text):
cells apart by runs of spaces or one per line, table borders printed as
``|``/``丨`` (some dropped, some doubled), ``O``/``o`` for 0 and
``l``/``I``/``|`` for 1 inside numbers, full-width digits, ``，``/``.`` as a
stray thousands mark, label characters misread and quotes lost.

A deterministic generator lays out each gold report the way OCR prints it
with such errors injected; the reader must recover every cell the text
settles, and give null with a note where it does not — never a made-up
number."""

from __future__ import annotations

import random
import zlib
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import standard
from gongkai.model import Report, load_report
from gongkai.reader import read_bytes
from gongkai.reader.ocr import nearest_label, repair_labels, repair_numbers

from .strategies import consistent_reports
from .test_reader_layouts import GOLD, compare, fmt, plausible, reports_2019, sections_text, t2_blocks, t3_rows, t4_values, title

# misreadings seen in OCR of these reports: one character each, quotes lost
LABEL_MISREADS = {
    "予以公开": "子以公开",
    "结转下年度继续办理": "结专下年度继续办理",
    "申请数量": "申清数量",
    "危及“三安全一稳定”": "危及三安全一稳定",
    "行政许可": "行政许叮",
    "重复申请": "重复申谓",
    "不掌握相关": "不掌搌相关",
    "三类内部事务": "三类内部亊务",
}
HEADING_MISREADS = {
    "主动公开政府信息情况": "主动公升政府信息情况",
    "公开申请情况": "公开申清情况",
    "行政复议、": "行政复仪、",
    "改进情况": "改进清况",
}
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


class OcrPrinter:
    """Prints a report as OCR text; ``rate`` is how often an error is injected."""

    def __init__(self, seed: int, rate: float = 0.35, plain: bool = False):
        self.rng = random.Random(seed)
        self.rate = rate
        self.plain = plain  # every row on one line, cells two spaces apart
        self.injected: list[str] = []

    def hit(self) -> bool:
        return self.rng.random() < self.rate

    def sep(self) -> str:
        return self.rng.choice(["  ", "   ", "    ", "      ", " | ", " 丨 ", "  ||  ", "丨", " | |  "])

    def label(self, text: str) -> str:
        for right, wrong in LABEL_MISREADS.items():
            if right in text and self.hit():
                self.injected.append(f"{right}→{wrong}")
                text = text.replace(right, wrong)
        if text and not self.plain and self.rng.random() < 0.15:  # Tesseract chi_sim: a space between every character
            text = " ".join(text)
        return text

    def number(self, v, *, money: bool = False) -> str:
        s = fmt(v)
        if not s:
            return s
        if money:  # a fee: only a whole 0 misread as O
            return "O" if s == "0" and self.hit() else s
        if isinstance(v, int) and v >= 1000 and self.hit():
            mark = self.rng.choice([",", "，", "."])
            s = f"{v:,}".replace(",", mark)
            self.injected.append(s)
        if self.hit():
            look = {"0": self.rng.choice("Oo〇"), "1": self.rng.choice("lI")}
            t = "".join(look.get(ch, ch) if self.rng.random() < 0.7 else ch for ch in s)
            bars = [i for i in range(1, len(t) - 1) if t[i] == "1" and t[i - 1].isdigit() and t[i + 1].isdigit() and "1" not in (t[i - 1], t[i + 1])]
            if bars and self.rng.random() < 0.5:  # a 1 between two other digits read as a bar
                t = t[: bars[0]] + "|" + t[bars[0] + 1 :]
            if t != s:
                self.injected.append(f"{s}→{t}")
            s = t
        if self.hit():
            s = s.translate(FULLWIDTH)
        return s

    def row(self, cells: list[str]) -> list[str]:
        """One printed row: cells on one line apart by spaces/borders, or one cell per line."""
        cells = [c for c in cells if c != ""]
        if self.plain:
            return ["  ".join(cells)]
        roll = self.rng.random()
        if roll < 0.2:
            return cells
        if roll < 0.3 and len(cells) > 2 and not any(ch.isdigit() for ch in cells[0]):
            # the label's text box on a line of its own, the numbers on the next
            return [cells[0], "  ".join(cells[1:])]
        out = cells[0]
        for c in cells[1:]:
            out += self.sep() + c
        lead = self.rng.choice(["", "", "| ", "丨", "||"])
        trail = self.rng.choice(["", "", " |", "丨", " ||"]) if lead else ""
        return [lead + out + trail]

    def heading(self, key: str) -> str:
        text = standard.heading(key)
        for right, wrong in HEADING_MISREADS.items():
            if right in text and self.hit():
                self.injected.append(f"{right}→{wrong}")
                text = text.replace(right, wrong)
        return text

    def print(self, r: Report) -> str:
        out = [title(r), self.heading("overview"), sections_text(r, "overview"), self.heading("active")]
        for item, cols, rows in t2_blocks(r):
            out.append(item)
            out += self.row(["信息内容", *cols])
            for label, vals in rows:
                out += self.row([self.label(label), *(self.number(v, money=isinstance(v, Decimal)) for v in vals)])
        out.append(self.heading("requests"))
        out += self.row(["申请人情况"])
        out += self.row(["自然人", "法人或其他组织", "总计"])
        out += self.row(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])
        for group, label, vals in t3_rows(r):
            out += self.row([self.label(group), self.label(label), *(self.number(v) for v in vals)])
        out.append(self.heading("appeals"))
        out += self.row(["行政复议", "行政诉讼"])
        out += self.row(["未经复议直接起诉", "复议后起诉"])
        out += self.row(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3)
        out += self.row([self.number(v) for v in t4_values(r)])
        out += [self.heading("problems"), sections_text(r, "problems"), self.heading("other"), sections_text(r, "other")]
        return "\n".join(out) + "\n"


def read_ocr(text: str) -> Report:
    return read_bytes(text.encode("utf-8"), name="scan_ocr.txt")


@pytest.fixture(scope="module")
def gold_reports(gold_dir):
    return {name: load_report(gold_dir / f"{name}.json") for name in GOLD}


# ---------------------------------------------------------------- whole reports


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("name", GOLD)
def test_ocr_text_of_gold_reports_reads_back_exactly(gold_reports, name, seed):
    src = gold_reports[name]
    printer = OcrPrinter(seed=zlib.crc32(f"{name}/{seed}".encode()))
    text = printer.print(src)
    got = read_ocr(text)
    assert compare(src, got) == [], text
    if printer.injected:
        assert any(n.startswith("已纠正") or "千位分隔符" in n for n in got.notes)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=consistent_reports(max_count=10**5), seed=st.integers(0, 10**6))
def test_ocr_text_of_generated_reports_with_large_values(report, seed):
    """Large values: thousands marks (, ， .) and look-alikes in long numbers."""
    src = plausible(report)
    text = OcrPrinter(seed).print(src)
    assert compare(src, read_ocr(text)) == [], text


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports_2019(), seed=st.integers(0, 10**6))
def test_ocr_text_of_2019_template(report, seed):
    text = OcrPrinter(seed).print(report)
    got = read_ocr(text)
    assert got.template == "2019"
    assert compare(report, got) == [], text


def test_generator_injects_every_kind_of_error(gold_reports):
    """The generator itself: over the seeds it prints every error kind (so the
    test above exercises them)."""
    seen = set()
    for seed in range(8):
        for name in GOLD:
            text = OcrPrinter(seed=zlib.crc32(f"{name}/{seed}".encode())).print(gold_reports[name])
            for kind, probe in (("O", "O"), ("o", "o"), ("l", "l"), ("I", "I"), ("丨", "丨"), ("||", "||"), ("fw", "０"),
                                ("子以公开", "子以公开"), ("结专", "结专"), ("，", "，")):
                if probe in text:
                    seen.add(kind)
    assert seen >= {"O", "l", "丨", "||", "fw", "子以公开", "结专"}


def _tiny(**rows) -> Report:
    base = {k: [0] * 7 for k in standard.TABLE3_KEYS}
    base.update(rows)
    return Report.model_validate({
        "agency": "某市自然资源局", "year": 2023,
        "sections": {"overview": "概述。", "problems": "问题。", "other": "无。"},
        "active": {
            "regulations": {"made": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"made": 2, "repealed": 1, "in_force": 1282},
            "licensing": 10, "punishment": 1101, "coercion": 0, "fees_10k_yuan": "118.046",
        },
        "requests": base,
        "appeals": {"reconsideration": [1, 0, 0, 0, 1], "litigation_direct": [0] * 5, "litigation_after_reconsideration": [0] * 5},
    })


TINY = {
    "new_received": [110, 1, 0, 0, 0, 0, 111],
    "granted": [100, 1, 0, 0, 0, 0, 101],
    "unavailable_not_held": [10, 0, 0, 0, 0, 0, 10],
    "total_processed": [110, 1, 0, 0, 0, 0, 111],
}


def _clean_lines(r: Report) -> str:
    return OcrPrinter(seed=0, rate=0.0, plain=True).print(r)


# ---------------------------------------------------------------- each error kind


def test_letters_for_digits_inside_numeric_cells():
    src = _tiny(**TINY)
    text = _clean_lines(src)
    text = text.replace("（一）予以公开  100", "（一）予以公开  lOO").replace("  101\n", "  1O|\n")
    text = text.replace("行政许可  10", "行政许可  IO")
    got = read_ocr(text)
    assert got.requests.granted[0] == 100 and got.active.licensing == 10
    assert any("“lOO”→“100”" in n for n in got.notes)
    assert "“lOO”→“100”" in got.provenance["requests.granted.0"].note
    assert "lOO" in got.provenance["requests.granted.0"].text  # the line as printed
    assert got.provenance["requests.new_received.0"].note is None


def test_bar_between_digits_is_a_one_and_borders_are_gaps():
    src = _tiny(**TINY)
    text = _clean_lines(src).replace("一、本年新收政府信息公开申请数量  110  1  0  0  0  0  111",
                                     "一、本年新收政府信息公开申请数量丨1|0 || 1丨0  0 | 0丨0  1|1")
    got = read_ocr(text)
    assert got.requests.new_received == [110, 1, 0, 0, 0, 0, 111]


def test_thousands_marks_and_full_width_digits():
    src = _tiny(**TINY)
    text = _clean_lines(src)
    assert "现行有效件数" in text and "1282" in text
    text = text.replace("1282", "１，２８２").replace("1101", "1.101")
    got = read_ocr(text)
    assert got.active.normative_documents.in_force == 1282
    assert got.active.punishment == 1101
    assert got.active.fees_10k_yuan == Decimal("118.046")  # a decimal in a money cell is kept
    assert any("千位分隔符" in n for n in got.notes)


def test_misread_labels_matched_to_the_standard_set():
    src = _tiny(**TINY)
    text = _clean_lines(src).replace("予以公开", "子以公开").replace("本机关不掌握相关政府信息", "本机关不掌搌相关政府信息").replace("结转下年度", "结专下年度")
    got = read_ocr(text)
    assert compare(src, got) == []
    note = next(n for n in got.notes if n.startswith("已纠正表格标签"))
    assert "“子以公开”→“予以公开”" in note and "结专下年度继续办理" in note


@pytest.mark.parametrize("damaged", ["1@0", "□", "1□0"])
def test_unreadable_cell_is_null_with_a_note_never_a_guess(damaged):
    src = _tiny(**TINY)
    text = _clean_lines(src)
    assert "（一）予以公开  100  1" in text
    got = read_ocr(text.replace("（一）予以公开  100  1", f"（一）予以公开  {damaged}  1"))
    row = got.requests.granted
    assert row is None or row[0] is None
    assert row is None or all(v in (None, want) for v, want in zip(row, src.requests.granted))
    assert any("三（一）" in n for n in got.notes)
    others = compare(src, got, allow_unsettled=True)
    assert others == []


def test_labels_and_prose_are_never_touched():
    assert repair_numbers("ISO9001认证，共IO件。") == ("ISO9001认证，共IO件。", [])
    assert repair_numbers("Office  l  O")[0] == "Office  l  O"  # a word: not a numeric row
    assert repair_numbers("2.其他法律行政法规禁止公开  O  l  3")[0] == "2.其他法律行政法规禁止公开  0  1  3"
    assert repair_numbers("首页 | 政务公开 | 年报") == ("首页 | 政务公开 | 年报", [])
    assert repair_numbers("首页 | 政务公开 | 2023年报") == ("首页 | 政务公开 | 2023年报", [])
    assert repair_labels("全年共予以公开信息12条。") == ("全年共予以公开信息12条。", [])
    # exact labels, cut labels and labels fused with a neighbour stay as printed
    assert nearest_label("予以公开") is None
    assert nearest_label("本机关不掌握相关政府信") is None
    assert nearest_label("减处理决定数量") is None
    # two labels equally near: not decided
    assert nearest_label("行政许罚") is None
    assert nearest_label("子以公开") == "予以公开"


def test_fee_decimal_is_not_a_thousands_mark_in_markdown():
    """Findings run 16, Q: ``| 行政事业性收费 | 118.046 |  |`` is 118.046 万元."""
    src = _tiny(**TINY)
    text = _clean_lines(src).replace("行政事业性收费  118.046", "| 行政事业性收费 | 118.046 |  |  |")
    got = read_ocr(text)
    assert got.active.fees_10k_yuan == Decimal("118.046")
    assert compare(src, got) == []


def test_2019_header_fused_with_a_column_label_is_left_alone():
    """Findings run 16, R: ``本年增/减处理决定数量`` is two header cells run
    together, not a misread ``本年处理决定数量`` (rewriting it left a stray
    ``/`` in the 2019 rows)."""
    assert repair_labels("其他对外管理服务事项\t上一年项目数量\t本年增/减处理决定数量") == ("其他对外管理服务事项\t上一年项目数量\t本年增/减处理决定数量", [])
    assert repair_labels("其他对外管理服务事项  30  +1  109")[1] == []


def test_misread_headings_and_a_dash_for_one():
    src = _tiny(**TINY)
    text = _clean_lines(src)
    for right, wrong in HEADING_MISREADS.items():
        assert right in text
        text = text.replace(right, wrong)
    text = text.replace("危及“三安全一稳定”", '危及"三安全-稳定"')
    got = read_ocr(text)
    assert compare(src, got) == []
    assert got.section_order == [s.key for s in standard.SECTIONS]
    assert not any(n.startswith("未找到") for n in got.notes)
    note = next(n for n in got.notes if n.startswith("已纠正表格标签"))
    assert "“三安全-稳定”→“三安全一稳定”" in note and "“政府信息公开行政复仪”→“政府信息公开行政复议”" in note


def test_cjk_zero_and_a_misread_year_in_the_title():
    src = _tiny(**TINY)
    text = _clean_lines(src).replace("某市自然资源局2023年", "某市自然资源局2O23年")
    text = text.replace("（一）予以公开  100  1  0", "（一）予以公开  1〇〇  1  〇")
    got = read_ocr(text)
    assert got.year == 2023 and got.agency == "某市自然资源局"
    assert compare(src, got) == []
    assert repair_numbers("二〇二三年十二月") == ("二〇二三年十二月", [])  # a date in Chinese numerals is not a number cell


def test_short_label_repairs_only_in_plain_text():
    """A PDF text layer, HTML or DOCX spells labels as typed: one-character
    repairs of short labels are for plain text (OCR output) only; narrative
    words near a heading (具体情况) are never turned into one."""
    assert repair_labels("（一）子以公开", short=False) == ("（一）子以公开", [])
    assert repair_labels("（一）子以公开")[0] == "（一）予以公开"
    assert repair_labels("具体情况") == ("具体情况", [])
    # long labels two characters off are repaired everywhere
    assert repair_labels("本年新收政府信息公开申清数壘", short=False)[0] == "本年新收政府信息公开申请数量"
    html = "<html><body><p>某市自然资源局2023年政府信息公开工作年度报告</p>" + "".join(
        f"<p>{line}</p>" for line in _clean_lines(_tiny(**TINY)).splitlines()[1:]
    ) + "</body></html>"
    got = read_bytes(html.replace("予以公开", "子以公开").encode(), name="r.html")
    assert not any("子以公开" in n and "纠正" in n for n in got.notes)
    # a document showing OCR's letters inside numbers (a scanned PDF's text layer) gets them too
    ocr_like = html.replace("予以公开", "子以公开").replace("（一）子以公开  100", "（一）子以公开  1OO")
    got = read_bytes(ocr_like.encode(), name="r.html")
    assert got.requests.granted == [100, 1, 0, 0, 0, 0, 101]
    assert any("“子以公开”→“予以公开”" in n for n in got.notes)


def test_a_dash_cell_read_as_the_character_one_is_null():
    src = _tiny(**TINY)
    text = _clean_lines(src)
    assert "行政强制  0\n" in text
    got = read_ocr(text.replace("行政强制  0\n", "行政强制  一\n").replace("（一）予以公开  100  1  0", "（一）予以公开  100  1  一"))
    assert got.active.coercion is None
    assert got.requests.granted[2] is None and got.requests.granted[:2] == [100, 1]
    assert any("按空值处理" in n for n in got.notes)
    assert any(n.startswith("已纠正数字") and "“一”→“—”" in n for n in got.notes)
    assert repair_numbers("（一）予以公开  3")[0] == "（一）予以公开  3"


@pytest.mark.parametrize("printed", ["3，其他", "3,其他", "l.属于国家秘密", "(七) 总计", "2、重复申请"])
def test_sub_item_numbers_as_ocr_prints_them(printed):
    """The point of ``3.其他`` read as a comma, ``1.`` as ``l.``, brackets half-width."""
    src = _tiny(**TINY, other_other=[1, 0, 0, 0, 0, 0, 1])
    for key in ("new_received", "total_processed"):
        getattr(src.requests, key)[0] += 1
        getattr(src.requests, key)[6] += 1
    right = {"3，其他": "3.其他", "3,其他": "3.其他", "l.属于国家秘密": "1.属于国家秘密", "(七) 总计": "（七）总计", "2、重复申请": "2.重复申请"}[printed]
    text = _clean_lines(src)
    assert right in text
    got = read_ocr(text.replace(right, printed))
    assert compare(src, got) == []
