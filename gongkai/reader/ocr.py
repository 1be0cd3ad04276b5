"""Repairs for text that came out of OCR (PaddleOCR, Tesseract, Umi-OCR of a
scanned report): letters read for digits inside numeric cells (``4O`` → 40,
``l2`` → 12), thousands marks (``1,282``, ``1，282``, ``1.282``), table
borders printed as ``|``/``丨`` (dropped or doubled), and label characters
misread (``子以公开`` → 予以公开), matched by edit distance against the
labels of the national format in ``gongkai.standard``.

Every repair is returned so the interpreter can note it; a cell that is not
numeric is never touched, and no digit is ever made up: a letter becomes a
digit only inside a run that is otherwise digits, or as a whole cell on a
line that holds other numbers."""

from __future__ import annotations

import re
from functools import lru_cache

from gongkai import standard
from gongkai.reader.repairs import repair

# ---------------------------------------------------------------- numbers

_TO_DIGIT = str.maketrans({"O": "0", "o": "0", "〇": "0", "I": "1", "l": "1", "|": "1"})
_BORDER = "|丨"
# a number with digit look-alikes: digits, O/o/I/l, a | between digits, thousands marks
_NUMLIKE = re.compile(r"(?<![A-Za-z0-9])[0-9OoIl〇](?:[0-9OoIl〇]|\|(?=[0-9OoIl〇])"
                      r"|[.,，](?=(?:[0-9OoIl〇]|\|(?=[0-9OoIl〇])){3}(?![0-9OoIl〇|])))*(?![A-Za-z0-9])")
# a whole cell of look-alikes only (O, l, lO, OO): numeric where the line holds numbers
_LETTERS_ONLY = re.compile(r"(?<![^\s|丨\t+\-])[OoIl〇]{1,7}(?:[.,，][OoIl〇]{3})*(?![^\s|丨\t])")
# thousands marks: 1,282  1，282  1.282 (not in money cells, where . is a decimal point)
# (one .ddd group may be a decimal: left to the reader of an integer column)
_THOUSANDS = re.compile(r"(?<![\d.,，])([1-9]\d{0,2})((?:[,，]\d{3})+|(?:\.\d{3}){2,})(?![\d.,，])")
_DASH_ONE = re.compile(r"((?<=[\d/\\—–\-])\s+|(?<=\s)(?=一\s+[\d/\\—–\-])|(?<=[\u4e00-\u9fff)）])\s{2,})一(?=\s*$|\s+[\d/\\—–\-一])")
_BORDERS = re.compile(r"\s*[|丨]+\s*")
# site menus and breadcrumbs use | too: those bars stay (the title finder needs them)
_NAV = re.compile(r"首页|当前位置|您的位置|网站|门户|[>＞›»]")


@repair("ocr.lookalike_digits", "OCR: O/o/〇 read as 0, l/I/| as 1 inside numbers; thousands marks; table borders as | or 丨; a blank — read as 一")
def repair_numbers(cell: str) -> tuple[str, list[tuple[str, str]]]:
    """The cell with numeric look-alikes repaired, and each (before, after)."""
    fixes: list[tuple[str, str]] = []
    if "。" in cell or not (any(ch in cell for ch in "OoIl〇|丨,，.") or _DASH_ONE.search(cell)):
        return cell, fixes
    text = cell
    if any(b in text for b in _BORDER) and re.search(r"\d|(?<![A-Za-z])[OoIl〇]{1,7}(?![A-Za-z])", text) and not _NAV.search(text):
        # borders between cells (dropped or doubled): a cell gap. A | between
        # two digits is a misread 1, never a border.
        text = re.sub(r"(?<=\d)\|(?=\d)", "\x00", text)
        text = _BORDERS.sub("  ", text).replace("\x00", "|")
        text = text.strip()
    def fix_mixed(m: re.Match) -> str:
        run = m.group(0)
        if not re.search(r"\d", run) or not re.search(r"[OoIl〇|]", run):
            return run  # letters only (a word, a sub-item l.), or nothing to repair
        new = run.translate(_TO_DIGIT)
        fixes.append((run, new))
        return new

    text = _NUMLIKE.sub(fix_mixed, text)
    if any(ch in text for ch in "OoIl〇"):
        # a cell of look-alikes only (apart by spaces or borders): numeric
        # unless the line holds a word in Latin letters
        tokens = [t for t in re.split(r"[\s|丨]+", text) if t]
        look = r"[+\-]?[OoIl〇]{1,7}(?:[.,，][OoIl〇]{3})*"
        letters = [t for t in tokens if re.fullmatch(look, t)]
        words = any(re.search(r"[A-Za-z]", t) and not re.fullmatch(look, t) for t in tokens)
        if letters and not words:
            def fix_letters(m: re.Match) -> str:
                new = m.group(0).translate(_TO_DIGIT)
                fixes.append((m.group(0), new))
                return new

            text = _LETTERS_ONLY.sub(fix_letters, text)
    if "一" in text:
        # a dash cell (—, printed for none) read as the character 一: a cell
        # of its own next to a number or a null, or the last cell two spaces
        # after a label (行政强制  一); never 一 inside a label or a heading
        def dash(m: re.Match) -> str:
            fixes.append(("一", "—"))
            return m.group(1) + "—"

        text = _DASH_ONE.sub(dash, text)
    if True:  # , ， or two . marks are never a decimal point, not even in money cells
        def fix_thousands(m: re.Match) -> str:
            if m.group(2).startswith(",") and "，" not in m.group(2) and "." not in m.group(2):
                return m.group(0)  # an ordinary separator: read as it is
            new = m.group(1) + re.sub(r"[,，.]", "", m.group(2))
            fixes.append((m.group(0), new))
            return new

        text = _THOUSANDS.sub(fix_thousands, text)
    return text, fixes


# ---------------------------------------------------------------- labels


def _strip_number(label: str) -> str:
    return re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、])", "", label)


def _core(label: str) -> str:
    return "".join(re.findall(r"[\u4e00-\u9fff]", _strip_number(label)))


def _labels() -> list[str]:
    out = [r.label for r in standard.TABLE3_ROWS]
    out += list({r.group for r in standard.TABLE3_ROWS if r.group})
    out += [standard.OTHER_PROCESSED.label, standard.RESULTS_HEADER, standard.APPLICANT_HEADER, standard.ORG_HEADER]
    out += [c.label for c in standard.APPLICANT_COLUMNS]
    for b in standard.TABLE2_BLOCKS:
        out += [lab for _k, lab in b.rows] + [lab for _k, lab in b.columns]
    out += [g.label for g in standard.APPEAL_GROUPS] + [c.label for c in standard.APPEAL_COLUMNS] + ["行政诉讼"]
    out += [standard.heading(s.key) for s in standard.SECTIONS]
    for b in standard.TABLE2_2019_BLOCKS:
        out += [lab for _k, lab in b.rows] + [lab for _k, lab in b.columns]
    cores = []
    for lab in out:
        # the whole label, and its stretches between punctuation (OCR text
        # keeps the punctuation, so a run never spans it)
        for c in [_core(lab), *re.findall(r"[\u4e00-\u9fff]+", _strip_number(lab))]:
            if len(c) >= 4 and c not in cores:
                cores.append(c)
    return cores


LABEL_CORES: list[str] = _labels()
_BY_LEN: dict[int, list[str]] = {}
for _c in LABEL_CORES:
    _BY_LEN.setdefault(len(_c), []).append(_c)
_CORE_SET = set(LABEL_CORES)
# short cores one character away from common words of the narrative
# (具体情况, 工作情况 …): never a target of a one-character repair
_NOT_SHORT_TARGETS = {"总体情况"}
_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
_DASHED = re.compile(r"[\u4e00-\u9fff]{2,}(?:[-—－][\u4e00-\u9fff]{1,})+")


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        best = i
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev = cur
    return prev[-1]


@lru_cache(maxsize=50000)
def nearest_label(run: str) -> str | None:
    """The one label core within OCR reach of ``run``: one substituted
    character for short labels (4–6 characters), two edits for longer ones.
    None when no label or more than one is that close."""
    if run in _CORE_SET:
        return None
    n = len(run)
    limit = 1 if n <= 6 else 2
    best: list[str] = []
    best_d = limit + 1
    for ln in range(n - (limit if n > 6 else 0), n + (limit if n > 6 else 0) + 1):
        for c in _BY_LEN.get(ln, ()):
            if n <= 6 and c in _NOT_SHORT_TARGETS:
                continue
            if len(c) == n:  # OCR swaps characters: one in a short label, two in a long one
                d = sum(a != b for a, b in zip(run, c))
            elif n <= 6 or run in c or c in run:
                continue  # a label cut at a line break, or fused with a neighbour, is not a misreading
            else:  # one character dropped or added
                d = _distance(run, c, 1)
                d = d if d == 1 else limit + 1
            if d < best_d:
                best, best_d = [c], d
            elif d == best_d and d <= limit:
                best.append(c)
    if best_d <= limit and len(best) == 1 and best_d > 0:
        return best[0]
    return None


@lru_cache(maxsize=50000)
def _label_for(run: str) -> str | None:
    if any(c in run for c in LABEL_CORES if len(run) - 2 <= len(c) <= len(run)):
        return None  # the label is there, with a character or two around it
    return nearest_label(run)


@repair("ocr.label_typos", "OCR: misread label characters (子以公开 → 予以公开), by the nearest label of the national format")
def repair_labels(text: str, short: bool = True) -> tuple[str, list[tuple[str, str]]]:
    """Table text (a line without sentence punctuation) with label runs
    that are one OCR misreading away from a known label replaced by it.
    ``short``: also short labels (4–6 characters, one character off) — only
    for plain text, where OCR output comes; a PDF text layer, HTML or DOCX
    spells its labels as typed."""
    if "。" in text or len(re.sub(r"[\d\s]", "", text)) > 80:
        return text, []
    fixes: list[tuple[str, str]] = []

    def fix(m: re.Match) -> str:
        run = m.group(0)
        if not short and len(run) <= 6:
            return run
        new = _label_for(run)
        if new is None:
            return run
        fixes.append((run, new))
        return new

    if re.search(r"[\u4e00-\u9fff][-—－][\u4e00-\u9fff]", text):
        # 一 read as a dash (三安全-稳定): only where that makes a known label
        def dash(m: re.Match) -> str:
            run = m.group(0)
            new = re.sub(r"[-—－]", "一", run)
            if any(new in c for c in LABEL_CORES):
                fixes.append((run, new))
                return new
            return run

        text = _DASHED.sub(dash, text)
    return _RUN.sub(fix, text), fixes
