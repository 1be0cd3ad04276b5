"""The intermediate every front-end produces (kept for imports; the types
live in ``gongkai.reader.types``)."""

from gongkai.reader.types import Document, Line

__all__ = ["Document", "Line"]
