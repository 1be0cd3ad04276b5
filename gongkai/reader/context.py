"""The reader's working state for one document: the notes (every decision
the text did not make for us) and the provenance of every value."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.model import Provenance
from gongkai.reader.types import Document, Piece


@dataclass
class Ctx:
    doc: Document
    notes: list[str] = field(default_factory=list)
    prov: dict[str, Provenance] = field(default_factory=dict)
    last_piece: int = -1  # index of the document's last piece of text (a page cut short ends there)

    def note(self, msg: str) -> None:
        if msg not in self.notes:
            self.notes.append(msg)

    def provenance(self, path: str, piece: Piece | None, cell: str, token: str | None = None, note: str | None = None):
        text = piece.raw if piece is not None else None
        if text and len(text) > 160:
            text = text[:160] + "…"
        if token is not None and text is not None:
            text = f"{token} ← {text}"
        fixed = getattr(piece.line, "ocr", None) if piece is not None else None
        if fixed and note is None:
            note = "本行经识别纠正：" + "、".join(f"“{a}”→“{b}”" for a, b in fixed[:12]) + ("等" if len(fixed) > 12 else "")
        self.prov[path] = Provenance(
            page=piece.line.page if piece else None,
            line=piece.line.lineno if piece else None,
            cell=cell,
            text=text,
            note=note,
        )

