"""The statutory clock (no Django): the official working-day calendar,
reply deadlines with pauses and one extension, and information-processing
fees. ``from gongkai.clock import calendar, deadline, fees``."""

from gongkai.clock import calendar, deadline, fees

__all__ = ["calendar", "deadline", "fees"]
