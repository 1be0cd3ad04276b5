"""Page images: loading with bounded memory, greyscale that drops a red
seal, deskew (the rotation found by projection profiles and corrected before
layout), binarisation."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np

from gongkai.reader.errors import ReaderError

# A4 at 300 dpi is 2480 × 3508 = 8.7 million pixels; larger pages (400 dpi
# scans, posters) are scaled down to this before anything else.
MAX_PIXELS = 9_000_000
# what PIL may decode at all before scaling (a 600-dpi A3 is 70 Mpx)
MAX_DECODE_PIXELS = 120_000_000
MIN_SIDE = 300  # smaller than this is not a readable page
MAX_SKEW = 3.0  # degrees searched either way


@dataclass
class PageImage:
    gray: np.ndarray  # uint8, deskewed, ink dark on white
    dpi: float  # effective resolution after any scaling
    angle: float = 0.0  # the rotation found (degrees, counter-clockwise positive)
    scaled: float = 1.0  # factor applied to fit MAX_PIXELS


def images_from_bytes(data: bytes, name: str = "") -> list:
    """The frames of a PNG/JPEG/TIFF file as PIL images (not yet decoded)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_DECODE_PIXELS
    try:
        img = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise ReaderError(f"{name or '图片'}像素过多，超出可处理的范围", "unsupported") from None
    except Exception as err:
        raise ReaderError(f"{name or '图片'}不是可识别的图片：{err}", "unreadable") from None
    frames = []
    n = getattr(img, "n_frames", 1)
    for i in range(n):
        if n > 1:
            img.seek(i)
        frames.append(img.copy() if n > 1 else img)
    return frames


def prepare(img, dpi: float | None = None) -> PageImage:
    """A PIL image (any mode) → deskewed greyscale page, scaled to at most
    MAX_PIXELS."""
    from PIL import Image

    w, h = img.size
    if min(w, h) < MIN_SIDE:
        raise ReaderError(f"图片太小（{w}×{h} 像素），无法识别文字", "unreadable")
    if dpi is None:
        info = img.info.get("dpi")
        dpi = float(info[0]) if info and info[0] and 50 <= float(info[0]) <= 1200 else None
    if dpi is None:  # assume a portrait A4 page (210 mm wide)
        dpi = max(72.0, min(w, h) / (210 / 25.4))
    scale = 1.0
    if w * h > MAX_PIXELS:
        scale = math.sqrt(MAX_PIXELS / (w * h))
        if img.format == "JPEG":  # decode at reduced size straight away
            img.draft("RGB", (int(w * scale) + 1, int(h * scale) + 1))
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        bg = Image.new("RGB", img.size, "white")
        bg.paste(img.convert("RGBA"), mask=img.convert("RGBA").getchannel("A"))
        img = bg
    if img.mode in ("RGB", "CMYK", "YCbCr", "P"):
        rgb = np.asarray(img.convert("RGB"), dtype=np.uint8)
        gray = np.asarray(img.convert("L"), dtype=np.uint8).copy()
        # red ink (a seal) is dropped: where red stands well above green and
        # blue, the page is as light as its red channel; black print under
        # the seal is dark in every channel and stays
        r = rgb[..., 0].astype(np.int16)
        reddish = r - np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16) > 50
        gray[reddish] = np.maximum(gray[reddish], rgb[..., 0][reddish])
        del rgb, r, reddish
    else:
        gray = np.asarray(img.convert("L"), dtype=np.uint8)
    import cv2

    if scale < 1.0 or gray.shape[1] != w:
        tw, th = int(w * scale), int(h * scale)
        if (gray.shape[1], gray.shape[0]) != (tw, th):
            gray = cv2.resize(gray, (tw, th), interpolation=cv2.INTER_AREA)
        dpi = dpi * scale
    gray = np.ascontiguousarray(gray)
    angle = skew_angle(gray)
    if abs(angle) >= 0.05:
        gray = rotate(gray, angle)
    return PageImage(gray=gray, dpi=dpi, angle=angle, scaled=scale)


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0 (Otsu, after a light blur against JPEG noise)."""
    import cv2

    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    _t, bw = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return bw


def skew_angle(gray: np.ndarray) -> float:
    """The rotation of the page's text lines and rulings, in degrees
    (counter-clockwise positive), by maximising the sharpness of the
    horizontal projection profile over ±MAX_SKEW; 0 for a blank page."""
    import cv2

    h, w = gray.shape
    f = min(1.0, 1000 / max(w, 1))
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA) if f < 1 else gray
    bw = binarize(small)
    if bw.mean() < 0.2 or bw.mean() > 200:  # blank, or nearly all ink
        return 0.0
    ys, xs = np.nonzero(bw)
    if len(xs) < 50:
        return 0.0
    cx, cy = small.shape[1] / 2, small.shape[0] / 2
    xs_c = xs.astype(np.float32) - cx
    ys_c = ys.astype(np.float32) - cy
    n_bins = small.shape[0] * 2

    def score(a: float) -> float:
        t = math.radians(a)
        # y of each ink pixel after rotating by a (image y grows downward)
        yr = ys_c * math.cos(t) + xs_c * math.sin(t)
        hist = np.bincount(np.clip((yr + cy).astype(np.int32), 0, n_bins - 1), minlength=n_bins)
        return float((hist.astype(np.float64) ** 2).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-6, 0.25), key=score)
    fine = max(np.arange(best - 0.25, best + 0.25 + 1e-6, 0.05), key=score)
    return float(round(fine, 2))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """The page turned by ``-angle`` degrees about its centre (undoing a
    skew of ``angle``), white filling the corners."""
    import cv2

    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255)
