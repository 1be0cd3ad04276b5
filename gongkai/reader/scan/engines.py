"""OCR engines behind one interface: ``engine.words(gray, dpi)`` → words
with a box and a confidence (0–1).

- ``tesseract``: Tesseract 5 with Simplified Chinese (Debian
  ``tesseract-ocr`` + ``tesseract-ocr-chi-sim``), called once per page through
  its command line with TSV output.
- ``rapidocr``: RapidOCR (PP-OCRv4 ONNX models inside the
  ``rapidocr-onnxruntime`` wheel), measured against Tesseract in
  ``benchmarks/bench_ocr.py``; optional.

Neither downloads anything at run time."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import numpy as np

from gongkai.reader.errors import ReaderError


@dataclass
class Word:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1
    conf: float  # 0–1
    line: tuple = ()  # the engine's own line id, where it gives one
    alt: tuple | None = None  # (digits, confidence): a second, digits-only reading

    @property
    def cx(self) -> float:
        return (self.box[0] + self.box[2]) / 2

    @property
    def cy(self) -> float:
        return (self.box[1] + self.box[3]) / 2


class Tesseract:
    name = "tesseract"
    LANG = "chi_sim"

    def __init__(self, psm: int = 6):
        self.psm = psm
        self.exe = shutil.which("tesseract")

    def available(self) -> bool:
        if not self.exe:
            return False
        try:
            out = subprocess.run([self.exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            return False
        return self.LANG in out.split()

    def words(self, gray: np.ndarray, dpi: float, lang: str | None = None, config: tuple = ()) -> list[Word]:
        import cv2

        if not self.exe:
            raise ReaderError("未安装 Tesseract（tesseract-ocr 与 tesseract-ocr-chi-sim），无法识别扫描件", "unsupported")
        _ok, png = cv2.imencode(".png", gray)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        cmd = [self.exe, "stdin", "stdout", "-l", lang or self.LANG, "--psm", str(self.psm), "--dpi", str(round(dpi)),
               "-c", "tessedit_do_invert=0"]
        for c in config:
            cmd += ["-c", c]
        cmd.append("tsv")
        try:
            proc = subprocess.run(cmd, input=png.tobytes(), capture_output=True, timeout=300, env=env)
        except subprocess.TimeoutExpired:
            raise ReaderError("文字识别超时（单页超过 300 秒）", "unreadable") from None
        if proc.returncode != 0:
            msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ReaderError(f"Tesseract 识别失败：{msg[-1] if msg else proc.returncode}", "unreadable")
        return parse_tsv(proc.stdout.decode("utf-8", "replace"))

    def recognize(self, page: np.ndarray, strips: list[np.ndarray], dpi: float):
        """Free text of ``page`` as words, and each strip (one text line of a
        table cell) as its words: the strips are stacked into one tall image,
        a line each with white space between, and read in one pass."""
        free = self._page(page, dpi) if page is not None else []
        read = self._strips(strips, dpi)
        # numbers get a second reading with a digits-only model: chi_sim
        # reads a lone 1 as 工 or drops it; where the two readings agree the
        # value is sure, where they differ it is not (confidence halved)
        def numeric(i: int) -> bool:
            return bool(_DIGITISH.fullmatch("".join(w.text for w in read[i]))) and strips[i].shape[1] < 12 * strips[i].shape[0]

        # a short strip read as something else (a seal's remains over a 0):
        # its digits reading is kept aside, for the cell only if the table's
        # equations confirm it (page._unreadable_to_blank, confirm)
        todo = [i for i in range(len(read)) if numeric(i) or (read[i] and strips[i].shape[1] < 4 * strips[i].shape[0])]
        if todo:
            again = self._strips([strips[i] for i in todo], dpi, "eng", ("tessedit_char_whitelist=0123456789.",))
            for i, ws in zip(todo, again):
                first = "".join(w.text for w in read[i])
                second = "".join(w.text for w in ws)
                if not second:
                    continue
                if not numeric(i):
                    read[i][0].alt = (second, min(w.conf for w in ws))
                    continue
                c1 = min((w.conf for w in read[i]), default=0.0)
                c2 = min(w.conf for w in ws)
                if first.translate(_LOOKALIKE) == second:
                    conf = max(c1, c2, AGREED)
                elif not first:  # chi_sim saw nothing (a lone thin 1): one reading, not sure
                    conf = min(c2, ONE_READING)
                else:
                    conf = min(c1, c2, 0.99) / 2
                box = (min(w.box[0] for w in ws), min(w.box[1] for w in ws), max(w.box[2] for w in ws), max(w.box[3] for w in ws))
                read[i] = [Word(second, box, conf, ("digits",))]
        return free, read

    def _page(self, page: np.ndarray, dpi: float) -> list[Word]:
        """The free text of a page, enlarged to 200 dpi where scanned finer."""
        import cv2

        f = 200 / dpi
        if f < 1.05:
            return self.words(page, dpi)
        big = cv2.resize(page, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
        return [Word(w.text, tuple(int(v / f) for v in w.box), w.conf, w.line) for w in self.words(big, dpi * f)]

    MAX_CANVAS = 24000  # pixels high: Tesseract refuses images over 32767

    def _strips(self, strips: list[np.ndarray], dpi: float, lang: str | None = None, config: tuple = ()) -> list[list[Word]]:
        if not strips:
            return []
        import bisect

        import cv2

        # Tesseract reads best at about 300 dpi: small print is enlarged
        f = max(1.0, 300 / dpi)
        if f > 1.05:
            strips = [cv2.resize(s, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC) for s in strips]
            dpi = dpi * f
        pad = max(10, int(dpi / 10))
        out: list[list[Word]] = [[] for _ in strips]
        start = 0
        while start < len(strips):
            # the strips stacked, one a line, white space between, as tall as Tesseract takes
            spans = []
            y = pad
            end = start
            while end < len(strips) and (end == start or y + strips[end].shape[0] + pad < self.MAX_CANVAS):
                spans.append((y, y + strips[end].shape[0]))
                y += strips[end].shape[0] + max(pad, strips[end].shape[0])
                end += 1
            chunk = strips[start:end]
            width = max(s.shape[1] for s in chunk) + 2 * pad
            canvas = np.full((y + pad, width), 255, dtype=np.uint8)
            for s, (y0, y1) in zip(chunk, spans):
                canvas[y0:y1, pad : pad + s.shape[1]] = s
            starts = [a for a, _b in spans]
            for w in self.words(canvas, dpi, lang, config):
                i = bisect.bisect_right(starts, w.cy) - 1
                if i < 0:
                    continue
                y0, y1 = spans[i]
                if w.cy > y1 + pad:
                    continue
                x0, wy0, x1, wy1 = w.box
                box = (int((x0 - pad) / f), int((wy0 - y0) / f), int((x1 - pad) / f), int((wy1 - y0) / f))
                out[start + i].append(Word(w.text, box, w.conf, w.line))
            start = end
        return out


# what chi_sim makes of a number: digits and their look-alikes only (or nothing)
# (and stray marks beside them: a rule's remains read as ] or |)
_LOOK = "0-9OoIl|丨工〇口\\]\\[!J」「"
_JUNK = "()!:;'‘’\\\\/"  # stray marks beside a number (a rule's or a seal's remains)
_DIGITISH = re.compile(rf"[{_JUNK}]{{0,2}}[{_LOOK}][{_LOOK},，.]*[{_JUNK}]{{0,2}}|")
_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "〇": "0", "口": "0", "I": "1", "l": "1", "|": "1", "丨": "1", "工": "1", "]": "1", "[": "1",
                            "!": "1", "J": "1", "」": "1", "「": "1", ",": None, "，": None,
                            "(": None, ")": None, ":": None, ";": None, "'": None, "‘": None, "’": None, "\\": None, "/": None})
# two recognisers (chi_sim and the digits-only model) agreeing on a number:
# trusted (not below LOW_CONFIDENCE) but not sure (below SURE), so an
# equation that fails still puts it in doubt (scan.confirm)
AGREED = 0.8
ONE_READING = 0.55  # below LOW_CONFIDENCE: kept only where an equation confirms it


def parse_tsv(tsv: str) -> list[Word]:
    out = []
    rows = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(rows, None)
    if not header:
        return out
    for r in rows:
        if len(r) < 12 or r[0] != "5":
            continue
        text = r[11].strip()
        if not text:
            continue
        x, y, w, h = (int(v) for v in r[6:10])
        conf = max(0.0, float(r[10])) / 100
        out.append(Word(text, (x, y, x + w, y + h), conf, (int(r[2]), int(r[3]), int(r[4]))))
    return out


class RapidOCR:
    name = "rapidocr"

    def __init__(self):
        self._engine = None

    def available(self) -> bool:
        try:
            import rapidocr_onnxruntime  # noqa: F401
        except Exception:
            return False
        return True

    def _load(self):
        if self._engine is None:
            from rapidocr_onnxruntime import RapidOCR as _R

            # one core, no angle classifier (the page is deskewed already)
            self._engine = _R(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False)
        return self._engine

    def words(self, gray: np.ndarray, dpi: float) -> list[Word]:
        import cv2

        eng = self._load()
        rgb = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
        res, _elapse = eng(rgb, use_cls=False)
        out = []
        for k, (pts, text, score) in enumerate(res or []):
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            box = (int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys)))
            out.append(Word(str(text).strip(), box, float(score), (k,)))
        return [w for w in out if w.text]

    def recognize(self, page: np.ndarray, strips: list[np.ndarray], dpi: float):
        """Free text by detection + recognition on ``page``; each strip (one
        text line of a table cell) by recognition alone, in batches."""
        import cv2

        free = self.words(page, dpi) if page is not None else []
        if not strips:
            return free, []
        eng = self._load()
        res, _el = eng.text_rec([cv2.cvtColor(s, cv2.COLOR_GRAY2BGR) for s in strips])
        out = []
        for s, (text, score) in zip(strips, res):
            text = str(text).strip()
            out.append([Word(text, (0, 0, s.shape[1], s.shape[0]), float(score))] if text else [])
        return free, out


ENGINES = {"tesseract": Tesseract, "rapidocr": RapidOCR}
DEFAULT_ENGINE = "tesseract"


def get_engine(name: str | None = None):
    name = name or os.environ.get("GONGKAI_OCR_ENGINE") or DEFAULT_ENGINE
    if name not in ENGINES:
        raise ReaderError(f"未知的 OCR 引擎 {name!r}，可选：{'、'.join(ENGINES)}", "unsupported")
    return _cached(name)


_CACHE: dict[str, object] = {}


def _cached(name: str):
    if name not in _CACHE:
        _CACHE[name] = ENGINES[name]()
    return _CACHE[name]
