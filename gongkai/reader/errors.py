"""The one error the reader raises."""

from __future__ import annotations

from gongkai.model import ReportError

KINDS = ("encrypted", "image_only", "empty", "not_report", "unreadable", "unsupported")


class ReaderError(ReportError):
    """A file that cannot be read as an annual report. ``kind`` says why:
    encrypted / image_only / empty / not_report / unreadable / unsupported."""

    def __init__(self, message: str, kind: str = "unreadable"):
        super().__init__(message)
        assert kind in KINDS, kind
        self.kind = kind
