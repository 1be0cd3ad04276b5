"""The generated scan corpus: gold reports rendered to PDF with
``gongkai.render``, rasterised (pypdfium2) at a given dpi and damaged the way
scans are — turned up to ±1.5°, a slight perspective (the page not flat on
the glass), greyscale, JPEG artefacts, and a red round seal stamped over part
of table 3. Deterministic for a seed; nothing is stored, every page is made
from the gold report when needed.

``scan_pages(report, dpi, seed)`` → page images (PIL, RGB or L);
``as_pdf(pages, dpi)`` → an image-only PDF of them; ``score(gold, got)`` →
cells right / wrong / null."""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from gongkai.model import Report, load_report

REPO = Path(__file__).resolve().parents[2]
GOLD_DIR = REPO.parent / "shared" / "corpus" / "gold"
CASES_DIR = REPO / "tests" / "reader_cases"
SEAL_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"


@dataclass
class Damage:
    angle: float  # degrees, counter-clockwise
    perspective: float  # share of the width the top edge is pulled in (each side)
    grey: bool
    jpeg: int | None  # JPEG quality, None for PNG
    seal: bool = True

    def __str__(self) -> str:
        return f"{self.angle:+.2f}° persp {self.perspective * 100:.1f}% {'grey' if self.grey else 'colour'} {'jpeg' + str(self.jpeg) if self.jpeg else 'png'}"


def damage_for(seed: int) -> Damage:
    rng = random.Random(seed)
    return Damage(
        angle=round(rng.uniform(-1.5, 1.5), 2),
        perspective=round(rng.uniform(0.0, 0.006), 4),
        grey=rng.random() < 0.5,
        jpeg=rng.choice([None, 60, 70, 80]),
    )


@lru_cache(maxsize=32)
def rendered_pdf(report_json: str) -> bytes:
    from gongkai.model import report_from_json
    from gongkai.render import render

    return render(report_from_json(report_json.encode()), "pdf")


def _table3_spot(pdf_page) -> tuple[float, float] | None:
    """Where table 3's values are on a page (as shares of width, height):
    around the row 本年新收… a little below, over the numbers; None if the
    page has no table 3."""
    tp = pdf_page.get_textpage()
    text = tp.get_text_range()
    i = text.find("本年新收")
    if i < 0:
        return None
    _w, h = pdf_page.get_size()
    _x0, y0, _x1, _y1 = tp.get_charbox(i)
    return 0.68, 1 - y0 / h + 0.12


def scan_pages(report: Report, dpi: int, seed: int, damage: Damage | None = None) -> list:
    """The report printed and scanned at ``dpi`` (PIL images, one a page)."""
    import pypdfium2 as pdfium

    dmg = damage or damage_for(seed)
    pdf = pdfium.PdfDocument(rendered_pdf(report.model_dump_json()))
    pages = []
    rng = random.Random(seed * 7919 + dpi)
    for pno in range(len(pdf)):
        page = pdf[pno]
        spot = _table3_spot(page) if dmg.seal else None
        img = page.render(scale=dpi / 72).to_pil().convert("RGB")
        page.close()
        if spot is not None:
            img = stamp_seal(img, spot, dpi, rng)
        img = warp(img, dmg.angle + rng.uniform(-0.2, 0.2), dmg.perspective, rng)
        if dmg.grey:
            img = img.convert("L")
        if dmg.jpeg:
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=dmg.jpeg)
            from PIL import Image

            img = Image.open(io.BytesIO(buf.getvalue()))
            img.load()
        img.info["dpi"] = (dpi, dpi)
        pages.append(img)
    pdf.close()
    return pages


def stamp_seal(img, spot: tuple[float, float], dpi: int, rng: random.Random):
    """A red round seal (ring, star, agency name along the top), inked
    unevenly, multiplied onto the page."""
    from PIL import Image, ImageDraw, ImageFont

    r = int(0.8 * dpi)  # a 4 cm seal
    size = 2 * r + 8
    mask = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(mask)
    c = size // 2
    ring = max(3, dpi // 45)
    d.ellipse([c - r, c - r, c + r, c + r], outline=255, width=ring)
    # five-pointed star
    pts = []
    for k in range(10):
        rad = r * (0.3 if k % 2 == 0 else 0.12)
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((c + rad * math.cos(a), c + rad * math.sin(a)))
    d.polygon(pts, fill=255)
    try:
        font = ImageFont.truetype(SEAL_FONT, int(0.2 * dpi))
    except OSError:
        font = ImageFont.load_default()
    text = "某某县人民政府办公室"
    for k, ch in enumerate(text):
        a = math.radians(-150 + k * 120 / (len(text) - 1))
        glyph = Image.new("L", (int(0.3 * dpi), int(0.3 * dpi)), 0)
        ImageDraw.Draw(glyph).text((int(0.05 * dpi), 0), ch, fill=255, font=font)
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        gx = c + (r - 0.28 * dpi) * math.cos(a) - glyph.width / 2
        gy = c + (r - 0.28 * dpi) * math.sin(a) - glyph.height / 2
        mask.paste(255, (int(gx), int(gy)), glyph)
    # uneven ink: some of the seal faint
    noise = np.asarray(mask, dtype=np.float32) / 255
    field = np.random.default_rng(rng.randrange(1 << 30)).uniform(0.55, 1.0, (size // 16 + 1, size // 16 + 1)).astype(np.float32)
    import cv2

    field = cv2.resize(field, (size, size), interpolation=cv2.INTER_CUBIC)
    alpha = np.clip(noise * field * 0.85, 0, 1)
    page = np.asarray(img, dtype=np.float32)
    w, h = img.size
    cx, cy = int(spot[0] * w), int(spot[1] * h)
    x0, y0 = cx - c, cy - c
    xs0, ys0 = max(0, x0), max(0, y0)
    xs1, ys1 = min(w, x0 + size), min(h, y0 + size)
    a = alpha[ys0 - y0 : ys1 - y0, xs0 - x0 : xs1 - x0, None]
    red = np.array([205, 35, 45], dtype=np.float32) / 255
    region = page[ys0:ys1, xs0:xs1]
    page[ys0:ys1, xs0:xs1] = region * (1 - a + a * red)  # multiply: print under the seal stays dark
    from PIL import Image as _I

    return _I.fromarray(np.clip(page, 0, 255).astype(np.uint8))


def warp(img, angle: float, perspective: float, rng: random.Random):
    """Rotation by ``angle`` about the centre and the top edge pulled in by
    ``perspective`` of the width on each side, white outside the paper."""
    import cv2
    from PIL import Image

    arr = np.asarray(img)
    h, w = arr.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    p = perspective * w
    dst = np.float32([[p, rng.uniform(0, p)], [w - p, rng.uniform(0, p)], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(src, dst)
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rot3 = np.vstack([rot, [0, 0, 1]])
    full = rot3 @ m
    out = cv2.warpPerspective(arr, full, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(255, 255, 255))
    return Image.fromarray(out)


def as_pdf(pages: list, dpi: int) -> bytes:
    """An image-only PDF of the pages (as a scanner's PDF is)."""
    buf = io.BytesIO()
    first = pages[0]
    first.save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return buf.getvalue()


def as_files(pages: list) -> list[tuple[bytes, str]]:
    """The pages as image files (JPEG where damaged that way, else PNG)."""
    out = []
    for i, img in enumerate(pages, 1):
        buf = io.BytesIO()
        fmt = "JPEG" if img.format == "JPEG" else "PNG"
        img.save(buf, fmt, quality=95, dpi=img.info.get("dpi", (200, 200)))
        out.append((buf.getvalue(), f"page{i}.{'jpg' if fmt == 'JPEG' else 'png'}"))
    return out


# ---------------------------------------------------------------- gold reports


def gold_reports() -> dict[str, Report]:
    return {p.stem: load_report(p) for p in sorted(GOLD_DIR.glob("*.json"))}


def generated_reports(n: int = 6) -> dict[str, Report]:
    """Reports of the reader's generated corpus (``tests/reader_cases``):
    both templates, county departments to provincial offices."""
    import json

    cases = json.loads((CASES_DIR / "cases.json").read_text())
    seen, out = set(), {}
    for c in cases:
        stem = c["file"].rsplit(".", 1)[0]
        base = stem.split("_")[:4]
        key = "_".join(base)
        gold = CASES_DIR / f"{stem}.gold.json"
        if key in seen or not gold.exists():
            continue
        seen.add(key)
        out[stem] = load_report(gold)
        if len(out) >= n:
            break
    return out


# ---------------------------------------------------------------- scoring


@dataclass
class Score:
    right: int = 0
    wrong: int = 0
    null: int = 0
    filled: int = 0  # a blank (null) gold cell given a value: wrong too
    wrongs: list | None = None

    def add(self, other: Score) -> None:
        self.right += other.right
        self.wrong += other.wrong
        self.null += other.null
        self.filled += other.filled
        self.wrongs = (self.wrongs or []) + (other.wrongs or [])

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.null

    @property
    def exact(self) -> float:
        return self.right / self.total if self.total else 1.0


def score(gold: Report, got: Report | None) -> Score:
    from gongkai.reader.scan.confirm import value_paths

    want = value_paths(gold)
    have = value_paths(got) if got is not None else {}
    s = Score(wrongs=[])
    for path, v in want.items():
        h = have.get(path)
        if v is None:
            if h is not None and path in have and not path.startswith("requests.other_processed"):
                s.filled += 1
                s.wrongs.append(f"{path}: 应为空，读出 {h}")
            continue
        if h is None:
            s.null += 1
        elif h == v:
            s.right += 1
        else:
            s.wrong += 1
            s.wrongs.append(f"{path}: 应为 {v}，读出 {h}")
    return s
