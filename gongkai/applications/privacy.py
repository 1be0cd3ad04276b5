"""Masking of personal data for lists and logs (pure functions)."""

from __future__ import annotations


def mask_id(value: str | None) -> str:
    """``410726199001011234`` → ``4107**********1234``."""
    v = (value or "").strip()
    if len(v) <= 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def mask_phone(value: str | None) -> str:
    """``13812345678`` → ``138****5678``."""
    v = (value or "").strip()
    if len(v) <= 7:
        return "*" * len(v)
    return v[:3] + "*" * (len(v) - 7) + v[-4:]


def mask_address(value: str | None) -> str:
    """Keep the first six characters (province/county), hide the rest."""
    v = (value or "").strip()
    return v[:6] + "****" if len(v) > 6 else "****" if v else ""


