"""Importing the monthly figures: preview first, apply on confirmation.

``preview`` compares the parsed file (``importer.parse``) with what is
recorded and returns the changed cells only (old → new; a blank cell in the
file leaves the figure unchanged). The changes are sealed in a signed token
(``django.core.signing``: agency, user, the file's SHA-256 and every change
with its old value), which the confirmation posts back; ``apply`` applies
exactly the sealed changes, and refuses when a sealed old value no longer
matches the register (someone changed it in between) — a confirmation can
never apply something other than what was previewed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core import signing
from django.db import transaction

from . import importer
from .models import MonthlyFigures

SALT = "gongkai.disclosure.import"
MAX_AGE = 3600  # seconds a preview stays valid


class ImportRefused(Exception):
    """The confirmation cannot be applied; the message is Chinese."""


@dataclass(frozen=True)
class Change:
    year: int
    month: int
    field: str
    old: str | None  # None: the month has no record yet
    new: str

    @property
    def label(self) -> str:
        return importer.FIGURE_LABELS[self.field]


def _text(value) -> str | None:
    if value is None:
        return None
    return f"{Decimal(value):.2f}" if isinstance(value, Decimal) else str(int(value))


def _current(agency, keys) -> dict[tuple[int, int], dict]:
    out = {}
    years = {y for y, _m in keys}
    for mf in MonthlyFigures.objects.filter(agency=agency, year__in=years):
        out[(mf.year, mf.month)] = {k: getattr(mf, k) for k in importer.FIGURES}
    return out


def preview(agency, user, data: bytes, filename: str) -> tuple[list[Change], int, str]:
    """(changes, unchanged cell count, token). Raises ``importer.ImportError_``."""
    rows = importer.parse(data, filename)
    current = _current(agency, [(r.year, r.month) for r in rows])
    changes, unchanged = [], 0
    for r in rows:
        known = current.get((r.year, r.month))
        for field, new in r.figures().items():
            if new is None:
                unchanged += 1
                continue
            old = known[field] if known else None
            if old is not None and Decimal(old) == Decimal(new):
                unchanged += 1
                continue
            changes.append(Change(r.year, r.month, field, _text(old), _text(new)))
    token = signing.dumps({
        "agency": agency.pk, "user": user.pk, "sha256": hashlib.sha256(data).hexdigest(),
        "changes": [[c.year, c.month, c.field, c.old, c.new] for c in changes],
    }, salt=SALT, compress=True)
    return changes, unchanged, token


def sealed(token: str, agency, user) -> tuple[list[Change], str]:
    """The changes a preview token carries, checked against agency and user."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise ImportRefused("导入预览已过期（超过1小时），请重新上传文件") from None
    except signing.BadSignature:
        raise ImportRefused("导入确认无效，请重新上传文件") from None
    if payload.get("agency") != agency.pk or payload.get("user") != user.pk:
        raise ImportRefused("导入确认无效，请重新上传文件")
    return [Change(*c) for c in payload["changes"]], payload["sha256"]


def apply(token: str, agency, user) -> list[Change]:
    """Apply the previewed changes, all or nothing."""
    changes, _sha = sealed(token, agency, user)
    with transaction.atomic():
        rows = {}
        for c in changes:
            key = (c.year, c.month)
            if key not in rows:
                rows[key] = (MonthlyFigures.objects.select_for_update()
                             .filter(agency=agency, year=c.year, month=c.month).first())
            mf = rows[key]
            now = _text(getattr(mf, c.field)) if mf is not None else None
            if now != c.old:
                raise ImportRefused(f"{c.year}年{c.month}月的“{c.label}”在预览之后已被修改（现为{now or '未填'}），"
                                    "未导入任何数据，请重新上传文件")
        for c in changes:
            key = (c.year, c.month)
            mf = rows[key] or MonthlyFigures(agency=agency, year=c.year, month=c.month)
            setattr(mf, c.field, Decimal(c.new) if c.field == "fees_yuan" else int(c.new))
            rows[key] = mf
        for mf in {id(m): m for m in rows.values() if m is not None}.values():
            mf.full_clean(exclude=["agency"])
            mf.save()
    return changes
