"""Application models, one module per entity."""

from .application import CHANNELS, ID_TYPES, Application, ReceiptCounter
from .attachment import Attachment
from .event import Event
from .letter import Letter, LetterCounter, LetterImmutable
from .notification import MessageTemplate, Notification
from .released import ReleasedFile, ReleasedImmutable

__all__ = [
    "CHANNELS",
    "ID_TYPES",
    "Application",
    "Attachment",
    "Event",
    "Letter",
    "LetterCounter",
    "LetterImmutable",
    "MessageTemplate",
    "Notification",
    "ReceiptCounter",
    "ReleasedFile",
    "ReleasedImmutable",
]
